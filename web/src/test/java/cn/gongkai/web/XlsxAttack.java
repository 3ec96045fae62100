package cn.gongkai.web;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Workbooks shaped like the upload that took the server to 4 GB (issue 16 item 8): several sheets of many rows of
 * repetitive XML, compressed well but not so well that POI's zip-bomb ratio check (100:1) refuses them, so that only
 * a budget on what is read stops them. Written straight as a zip, because a workbook library would need the very
 * memory the attack is about.
 */
public final class XlsxAttack {

    private XlsxAttack() {
    }

    /**
     * Writes {@code sheets} sheets of {@code rows} rows each under {@code header}; every data row repeats the header's
     * width of short cells (the strings of {@code filler} by shared-string index, then a number that changes each row,
     * which keeps the compression ratio under POI's limit).
     */
    public static void write(Path file, List<String> header, List<String> filler, int sheets, int rows)
            throws IOException {
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             ZipOutputStream zip = new ZipOutputStream(raw)) {
            zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            entry(zip, "[Content_Types].xml", contentTypes(sheets));
            entry(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            StringBuilder workbook = new StringBuilder("""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>""");
            StringBuilder rels = new StringBuilder("""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
            for (int s = 1; s <= sheets; s++) {
                workbook.append("<sheet name=\"表").append(s).append("\" sheetId=\"").append(s).append("\" r:id=\"rId")
                        .append(s).append("\"/>");
                rels.append("<Relationship Id=\"rId").append(s).append("\" Type=\"http://schemas.openxmlformats.org/")
                        .append("officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet").append(s)
                        .append(".xml\"/>");
            }
            rels.append("<Relationship Id=\"rId").append(sheets + 1).append("\" Type=\"http://schemas.openxmlformats.org/")
                    .append("officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
            entry(zip, "xl/workbook.xml", workbook.append("</sheets></workbook>").toString());
            entry(zip, "xl/_rels/workbook.xml.rels", rels.append("</Relationships>").toString());
            StringBuilder strings = new StringBuilder("""
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
            for (String text : header) {
                strings.append("<si><t>").append(text).append("</t></si>");
            }
            for (String text : filler) {
                strings.append("<si><t>").append(text).append("</t></si>");
            }
            entry(zip, "xl/sharedStrings.xml", strings.append("</sst>").toString());
            for (int s = 1; s <= sheets; s++) {
                zip.putNextEntry(new ZipEntry("xl/worksheets/sheet" + s + ".xml"));
                Writer out = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
                out.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\""
                        + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
                out.write("<row r=\"1\">");
                for (int c = 0; c < header.size(); c++) {
                    out.write("<c r=\"" + column(c) + "1\" t=\"s\"><v>" + c + "</v></c>");
                }
                out.write("</row>");
                long noise = 0x9E3779B97F4A7C15L * s;
                for (int r = 2; r <= rows + 1; r++) {
                    // Cell and row references are optional; without them every row is alike but for its number.
                    out.write("<row>");
                    for (int c = 0; c < header.size() - 1; c++) {
                        out.write("<c t=\"s\"><v>" + (header.size() + (r + c) % filler.size()) + "</v></c>");
                    }
                    noise = noise * 6364136223846793005L + 1442695040888963407L;
                    out.write("<c><v>0." + (noise >>> 62) + "</v></c></row>");
                }
                out.write("</sheetData></worksheet>");
                out.flush();
                zip.closeEntry();
            }
        }
    }

    private static String column(int index) {
        return index < 26 ? String.valueOf((char) ('A' + index))
                : String.valueOf((char) ('A' + index / 26 - 1)) + (char) ('A' + index % 26);
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String contentTypes(int sheets) {
        StringBuilder types = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/sharedStrings.xml" \
                ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>""");
        for (int s = 1; s <= sheets; s++) {
            types.append("<Override PartName=\"/xl/worksheets/sheet").append(s).append(".xml\" ContentType=\"")
                    .append("application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }
        return types.append("</Types>").toString();
    }

    /** The peak resident memory of this process so far, in MB, from /proc (Linux); -1 elsewhere. */
    public static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
