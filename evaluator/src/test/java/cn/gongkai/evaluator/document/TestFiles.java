package cn.gongkai.evaluator.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Real documents generated at test time with POI, PDFBox and java.util.zip. */
final class TestFiles {

    private TestFiles() {
    }

    static byte[] docx(List<String> paragraphs) {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            paragraphs.forEach(p -> doc.createParagraph().createRun().setText(p));
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] xlsx(List<List<String>> rows) {
        return workbook(new XSSFWorkbook(), rows);
    }

    static byte[] xls(List<List<String>> rows) {
        return workbook(new HSSFWorkbook(), rows);
    }

    private static byte[] workbook(Workbook workbook, List<List<String>> rows) {
        try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("统计表");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An OOXML file encrypted the way Office does it today (agile encryption, password to open). */
    static byte[] encrypt(byte[] ooxml, String password) {
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor encryptor = info.getEncryptor();
            encryptor.confirmPassword(password);
            try (OutputStream os = encryptor.getDataStream(fs)) {
                os.write(ooxml);
            }
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An OLE2 container with the streams a Word-97 file (and a Kingsoft WPS file) has, but garbage inside. */
    static byte[] oleWithWordStreams() {
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[4096]), "WordDocument");
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[4096]), "1Table");
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An MS Works word-processor file (also named .wps, unrelated to Kingsoft WPS): OLE2 with MatOST and CONTENTS. */
    static byte[] msWorks() {
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[4096]), "MatOST");
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[4096]), "CONTENTS");
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] zip(Map<String, byte[]> entries) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Zips in zips, {@code depth} levels, each level with a text file naming it. */
    static byte[] nestedZip(int depth) {
        byte[] inner = null;
        for (int level = depth; level >= 1; level--) {
            Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
            entries.put("level-" + level + ".txt", ("第" + level + "层文件 level" + level + "marker")
                    .getBytes(StandardCharsets.UTF_8));
            if (inner != null) {
                entries.put("inner-" + (level + 1) + ".zip", inner);
            }
            inner = zip(entries);
        }
        return inner;
    }

    /** A small zip that expands to {@code megabytes} of text: the compression ratio only a zip bomb has. */
    static byte[] highlyCompressed(int megabytes) {
        byte[] text = new byte[megabytes * 1024 * 1024];
        java.util.Arrays.fill(text, (byte) 'a');
        return zip(Map.of("big.txt", text));
    }

    /** An OFD package (GB/T 33190) with one page whose text objects are placed as in a table. */
    static byte[] ofd(List<List<String>> lines) {
        StringBuilder objects = new StringBuilder();
        int id = 10;
        for (int l = 0; l < lines.size(); l++) {
            double y = 20 + l * 6;
            for (int c = 0; c < lines.get(l).size(); c++) {
                double x = 20 + c * 25;
                objects.append("<ofd:TextObject ID=\"").append(id++).append("\" Boundary=\"").append(x).append(' ')
                        .append(y).append(" 24 6\" Font=\"3\" Size=\"3.5\"><ofd:TextCode X=\"0\" Y=\"4\">")
                        .append(lines.get(l).get(c)).append("</ofd:TextCode></ofd:TextObject>");
            }
        }
        return ofdPage(objects.toString());
    }

    /** An OFD package with one page holding the given {@code TextObject} elements. */
    static byte[] ofdPage(String textObjects) {
        String page = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer ID=\"2\">"
                + textObjects + "</ofd:Layer></ofd:Content></ofd:Page>";
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("OFD.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\""
                + " Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo>"
                + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>").getBytes(StandardCharsets.UTF_8));
        entries.put("Doc_0/Document.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document"
                + " xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:CommonData><ofd:MaxUnitID>100</ofd:MaxUnitID>"
                + "</ofd:CommonData><ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages>"
                + "</ofd:Document>").getBytes(StandardCharsets.UTF_8));
        entries.put("Doc_0/Pages/Page_0/Content.xml", page.toString().getBytes(StandardCharsets.UTF_8));
        return zip(entries);
    }
}
