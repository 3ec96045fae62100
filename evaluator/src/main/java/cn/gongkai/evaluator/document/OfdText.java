package cn.gongkai.evaluator.document;

import cn.gongkai.evaluator.document.DocumentText.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The text of an OFD document (GB/T 33190, the Chinese fixed-layout format many government offices publish in).
 * Tika has no parser for it. An OFD file is a zip: {@code OFD.xml} names the document root, whose {@code Pages} list
 * the page files, whose {@code TextObject}/{@code TextCode} elements carry the text with positions. Text is put back
 * into lines by position, as a PDF extractor would, so tables come out one row per line.
 *
 * <p>Not handled: text drawn as paths or images (scans), fonts with custom encodings, templates and annotations.
 */
final class OfdText {

    private static final long MAX_UNCOMPRESSED = 64L * 1024 * 1024;
    private static final int MAX_ENTRIES = 20_000;
    /** Text objects whose baselines differ by less than this (in mm) are on one line. */
    private static final double LINE_TOLERANCE = 1.5;

    private OfdText() {
    }

    static boolean isOfd(byte[] bytes) {
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4) {
            return false;
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            int n = 0;
            while ((entry = zip.getNextEntry()) != null && n++ < MAX_ENTRIES) {
                if (strip(entry.getName()).equalsIgnoreCase("OFD.xml")) {
                    return true;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    static DocumentText read(byte[] bytes, int writeLimit) {
        try {
            Map<String, byte[]> files = unzip(bytes);
            String root = firstText(files.get(key(files, "OFD.xml")), "DocRoot");
            if (root == null) {
                return corrupt("OFD.xml 中没有 DocRoot");
            }
            String rootPath = strip(root);
            byte[] document = files.get(key(files, rootPath));
            if (document == null) {
                return corrupt("缺少文档根文件 " + rootPath);
            }
            String base = rootPath.contains("/") ? rootPath.substring(0, rootPath.lastIndexOf('/') + 1) : "";
            StringBuilder text = new StringBuilder();
            boolean truncated = false;
            for (String page : attributes(document, "Page", "BaseLoc")) {
                String pagePath = page.startsWith("/") ? strip(page) : base + strip(page);
                byte[] content = files.get(key(files, pagePath));
                if (content == null) {
                    return corrupt("缺少页面文件 " + pagePath);
                }
                for (String line : lines(content)) {
                    if (text.length() + line.length() + 1 > writeLimit) {
                        truncated = true;
                        break;
                    }
                    text.append(line).append('\n');
                }
                if (truncated) {
                    break;
                }
                text.append('\n');
            }
            String result = text.toString();
            if (result.isBlank()) {
                return new DocumentText("application/ofd", "", false, Status.NO_TEXT,
                        "OFD 文档中没有可提取的文字（可能是扫描件，平台不做 OCR，需人工查看）");
            }
            return new DocumentText("application/ofd", result, truncated, Status.OK,
                    truncated ? "文字超过 " + writeLimit + " 字的上限，仅读取了前面部分" : null);
        } catch (TooLarge e) {
            return new DocumentText("application/ofd", "", false, Status.REFUSED,
                    "OFD 包解压后过大或文件过多（疑似压缩炸弹），已停止解析");
        } catch (IOException | XMLStreamException | RuntimeException e) {
            return corrupt(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : "：" + e.getMessage()));
        }
    }

    private static DocumentText corrupt(String why) {
        return new DocumentText("application/ofd", "", false, Status.CORRUPT, "OFD 文档损坏，无法解析：" + why);
    }

    private static final class TooLarge extends IOException {
    }

    private static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (files.size() >= MAX_ENTRIES) {
                    throw new TooLarge();
                }
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] data = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_UNCOMPRESSED - total + 1));
                total += data.length;
                if (total > MAX_UNCOMPRESSED) {
                    throw new TooLarge();
                }
                files.put(strip(entry.getName()), data);
            }
        }
        return files;
    }

    /** Zip entry names are matched without a leading slash and without regard to case, as readers of OFD do. */
    private static String key(Map<String, byte[]> files, String path) {
        if (files.containsKey(path)) {
            return path;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        return files.keySet().stream().filter(k -> k.toLowerCase(Locale.ROOT).equals(lower)).findFirst().orElse(path);
    }

    private static String strip(String path) {
        String p = path.strip().replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }

    private static XMLStreamReader xml(byte[] data) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        InputStream in = new ByteArrayInputStream(data);
        return factory.createXMLStreamReader(in);
    }

    private static String firstText(byte[] data, String localName) throws XMLStreamException {
        if (data == null) {
            return null;
        }
        XMLStreamReader r = xml(data);
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals(localName)) {
                return r.getElementText();
            }
        }
        return null;
    }

    private static List<String> attributes(byte[] data, String element, String attribute) throws XMLStreamException {
        List<String> values = new ArrayList<>();
        XMLStreamReader r = xml(data);
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals(element)) {
                String v = r.getAttributeValue(null, attribute);
                if (v != null) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    /** A TextCode: where it starts, where its last glyph ends (estimated), its font size, its text. */
    private record Glyphs(double x, double y, double end, double size, String text) {
    }

    /** Pieces closer than this many font sizes are one word: writers split 「2012年」 into 「20」「12」「年」. */
    private static final double SAME_WORD_GAP = 0.3;

    private static List<String> lines(byte[] content) throws XMLStreamException {
        List<Glyphs> glyphs = new ArrayList<>();
        XMLStreamReader r = xml(content);
        double bx = 0;
        double by = 0;
        double size = 3.5;
        while (r.hasNext()) {
            int event = r.next();
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (r.getLocalName().equals("TextObject")) {
                double[] boundary = numbers(r.getAttributeValue(null, "Boundary"));
                bx = boundary.length > 0 ? boundary[0] : 0;
                by = boundary.length > 1 ? boundary[1] : 0;
                double[] fontSize = numbers(r.getAttributeValue(null, "Size"));
                size = fontSize.length > 0 && fontSize[0] > 0 ? fontSize[0] : 3.5;
            } else if (r.getLocalName().equals("TextCode")) {
                double x = bx + first(r.getAttributeValue(null, "X"));
                double y = by + first(r.getAttributeValue(null, "Y"));
                List<Double> deltas = deltas(r.getAttributeValue(null, "DeltaX"));
                String text = r.getElementText();
                if (!text.isBlank()) {
                    glyphs.add(new Glyphs(x, y, x + width(text, deltas, size), size, text.strip()));
                }
            }
        }
        glyphs.sort(Comparator.comparingDouble(Glyphs::y).thenComparingDouble(Glyphs::x));
        List<String> lines = new ArrayList<>();
        List<Glyphs> line = new ArrayList<>();
        for (Glyphs g : glyphs) {
            if (!line.isEmpty() && Math.abs(g.y() - line.getFirst().y()) > LINE_TOLERANCE) {
                lines.add(join(line));
                line.clear();
            }
            line.add(g);
        }
        if (!line.isEmpty()) {
            lines.add(join(line));
        }
        return lines;
    }

    /**
     * A line's pieces in reading order. Pieces that touch are one word and join as they are; a space marks a real
     * gap (a table's next cell, a separate number).
     */
    private static String join(List<Glyphs> line) {
        StringBuilder s = new StringBuilder();
        Glyphs previous = null;
        for (Glyphs g : line.stream().sorted(Comparator.comparingDouble(Glyphs::x)).toList()) {
            if (previous != null && g.x() - previous.end() > SAME_WORD_GAP * Math.max(g.size(), previous.size())) {
                s.append(' ');
            }
            s.append(g.text());
            previous = g;
        }
        return s.toString();
    }

    /**
     * The advance of a TextCode: its DeltaX offsets (the glyphs after the first) plus the last glyph's width; without
     * DeltaX, a font size per CJK or full-width character and half of one per other character.
     */
    private static double width(String text, List<Double> deltas, double size) {
        int[] chars = text.codePoints().toArray();
        if (chars.length == 0) {
            return 0;
        }
        double advance = 0;
        for (int i = 0; i < chars.length - 1; i++) {
            advance += i < deltas.size() ? deltas.get(i) : glyphWidth(chars[i], size);
        }
        return advance + glyphWidth(chars[chars.length - 1], size);
    }

    private static double glyphWidth(int codePoint, double size) {
        return codePoint < 0x2E80 ? size / 2 : size;
    }

    /** DeltaX: numbers, where 「g 3 2.5」 stands for 2.5 three times. */
    private static List<Double> deltas(String value) {
        List<Double> deltas = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return deltas;
        }
        String[] parts = value.strip().split("\\s+");
        for (int i = 0; i < parts.length; i++) {
            try {
                if (parts[i].equals("g") && i + 2 < parts.length) {
                    int times = Integer.parseInt(parts[i + 1]);
                    double delta = Double.parseDouble(parts[i + 2]);
                    for (int k = 0; k < Math.min(times, 10_000); k++) {
                        deltas.add(delta);
                    }
                    i += 2;
                } else {
                    deltas.add(Double.parseDouble(parts[i]));
                }
            } catch (NumberFormatException e) {
                return deltas;
            }
        }
        return deltas;
    }

    private static double first(String value) {
        double[] n = numbers(value);
        return n.length == 0 ? 0 : n[0];
    }

    private static double[] numbers(String value) {
        if (value == null || value.isBlank()) {
            return new double[0];
        }
        String[] parts = value.strip().split("\\s+");
        double[] n = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                n[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                n[i] = 0;
            }
        }
        return n;
    }
}
