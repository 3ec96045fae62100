package cn.gongkai.evaluator.document;

import cn.gongkai.crawler.sandbox.CjkPdf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * A realistic annual report with figures that satisfy every identity, which a test may then break, rendered as an
 * HTML page (merged cells as in published reports), a DOCX (POI) and a PDF (text at positions, Chinese in a CID font).
 */
final class ReportFixture {

    /** Sub-row values per row key, 6 applicant columns each; 总计 columns and sums are derived unless overridden. */
    private final Map<String, long[]> rows = new LinkedHashMap<>();
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final long[] reviews = {2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 0, 1, 0, 0, 1};
    private Set<Integer> omittedSections = Set.of();
    private String unitName = "示例市生态环境局";
    private int year = 2025;

    static ReportFixture correct() {
        return new ReportFixture();
    }

    private ReportFixture() {
        put("三.一", 20, 3, 0, 1, 0, 1);
        put("三.二", 4, 1, 0, 0, 0, 0);
        long[][] refused = {{1, 0, 0, 0, 0, 0}, {2, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, {1, 1, 0, 0, 0, 0},
                {0, 0, 0, 0, 0, 0}, {3, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0}};
        for (int i = 0; i < refused.length; i++) {
            put("三.三." + (i + 1), refused[i]);
        }
        put("三.四.1", 6, 1, 0, 0, 0, 0);
        put("三.四.2", 2, 0, 0, 0, 0, 0);
        put("三.四.3", 1, 0, 0, 0, 0, 0);
        put("三.五.1", 2, 0, 0, 0, 0, 0);
        put("三.五.2", 1, 0, 0, 0, 0, 0);
        put("三.五.3", 0, 0, 0, 0, 0, 0);
        put("三.五.4", 0, 0, 0, 0, 0, 0);
        put("三.五.5", 1, 0, 0, 0, 0, 0);
        put("三.六.1", 2, 0, 0, 0, 0, 0);
        put("三.六.2", 0, 0, 0, 0, 0, 0);
        put("三.六.3", 1, 0, 0, 0, 0, 0);
    }

    private void put(String key, long... values) {
        rows.put(key, values);
    }

    /** Prints {@code printed} in a cell without adjusting any sum: this is how a report gets an identity wrong. */
    ReportFixture withCell(String key, int column, String printed) {
        overrides.put(key + "#" + column, printed);
        return this;
    }

    ReportFixture withoutSections(Integer... numbers) {
        omittedSections = Set.of(numbers);
        return this;
    }

    ReportFixture unit(String name) {
        unitName = name;
        return this;
    }

    int year() {
        return year;
    }

    /** The 25 rows of table 三 in print order, each with its label and the 7 cells as printed. */
    List<Map.Entry<String, List<String>>> table3() {
        long[] results = new long[6];
        for (var e : rows.entrySet()) {
            for (int c = 0; c < 6; c++) {
                results[c] += e.getValue()[c];
            }
        }
        long[] carriedIn = {2, 1, 0, 0, 0, 0};
        long[] carriedOut = {3, 0, 0, 1, 0, 0};
        long[] received = new long[6];
        for (int c = 0; c < 6; c++) {
            received[c] = results[c] + carriedOut[c] - carriedIn[c];
        }
        Map<String, long[]> all = new LinkedHashMap<>();
        all.put("一", received);
        all.put("二", carriedIn);
        all.putAll(rows);
        all.put("三.七", results);
        all.put("四", carriedOut);
        List<Map.Entry<String, List<String>>> printed = new ArrayList<>();
        for (var e : all.entrySet()) {
            List<String> cells = new ArrayList<>();
            long total = 0;
            for (int c = 0; c < 6; c++) {
                cells.add(Long.toString(e.getValue()[c]));
                total += e.getValue()[c];
            }
            cells.add(Long.toString(total));
            for (int c = 0; c < 7; c++) {
                String o = overrides.get(e.getKey() + "#" + c);
                if (o != null) {
                    cells.set(c, o);
                }
            }
            printed.add(Map.entry(e.getKey(), cells));
        }
        return printed;
    }

    List<String> table4() {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < reviews.length; i++) {
            String o = overrides.get("表四#" + i);
            cells.add(o != null ? o : Long.toString(reviews[i]));
        }
        return cells;
    }

    private static final String[] GROUP_LABEL = {"", "", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"};

    private static String subLabel(String key) {
        String label = AnnualReportParser.ROW_LABELS.get(key);
        return key.chars().filter(ch -> ch == '.').count() == 2 ? label.substring(label.indexOf(' ') + 1) : label;
    }

    private String title() {
        return unitName + year + "年政府信息公开工作年度报告";
    }

    private List<String> intro(int section) {
        return switch (section) {
            case 1 -> List.of("一、总体情况", "本年度，我局坚持以公开为常态、不公开为例外，全面推进政务公开工作。",
                    "全年主动公开政府信息312条，其中政策文件27件。");
            case 2 -> List.of("二、主动公开政府信息情况", "第二十条第（一）项：规章本年制发0件，行政规范性文件本年制发3件。");
            case 3 -> List.of("三、收到和处理政府信息公开申请情况");
            case 4 -> List.of("四、政府信息公开行政复议、行政诉讼情况");
            case 5 -> List.of("五、存在的主要问题及改进情况", "政策解读形式较为单一，下一步将丰富图解、视频等解读形式。");
            case 6 -> List.of("六、其他需要报告的事项", "本年度未收取信息处理费。");
            default -> throw new IllegalArgumentException();
        };
    }

    String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(title()).append("</title></head><body><div class=\"nav\"><a href=\"/\">首页</a></div>")
                .append("<div class=\"article\"><h1>").append(title()).append("</h1>")
                .append("<p>本报告依据《中华人民共和国政府信息公开条例》编制。</p>");
        for (int s = 1; s <= 6; s++) {
            List<String> text = intro(s);
            if (!omittedSections.contains(s)) {
                h.append("<p><strong>").append(text.getFirst()).append("</strong></p>");
            }
            text.stream().skip(1).forEach(p -> h.append("<p>").append(p).append("</p>"));
            if (s == 3) {
                h.append(htmlTable3());
            } else if (s == 4) {
                h.append(htmlTable4());
            }
        }
        return h.append("</div><div class=\"footer\">网站标识码 3406000012</div></body></html>").toString();
    }

    private String htmlTable3() {
        StringBuilder t = new StringBuilder("<table border=\"1\"><tbody>")
                .append("<tr><td rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>")
                .append("<td colspan=\"7\">申请人情况</td></tr>")
                .append("<tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td></tr>")
                .append("<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>");
        for (var row : table3()) {
            String key = row.getKey();
            t.append("<tr>");
            if (key.equals("一") || key.equals("二") || key.equals("四")) {
                t.append("<td colspan=\"3\">").append(AnnualReportParser.ROW_LABELS.get(key)).append("</td>");
            } else if (key.equals("三.一")) {
                t.append("<td rowspan=\"22\">三、本年度办理结果</td><td colspan=\"2\">（一）予以公开</td>");
            } else if (key.equals("三.二")) {
                t.append("<td colspan=\"2\">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td>");
            } else if (key.equals("三.七")) {
                t.append("<td colspan=\"2\">（七）总计</td>");
            } else {
                String[] parts = key.split("\\.");
                int group = "一二三四五六".indexOf(parts[1]);
                if (parts[2].equals("1")) {
                    t.append("<td rowspan=\"").append(AnnualReportParser.GROUPS.get("三." + parts[1])).append("\">")
                            .append(GROUP_LABEL[group]).append("</td>");
                }
                t.append("<td>").append(subLabel(key)).append("</td>");
            }
            row.getValue().forEach(v -> t.append("<td>").append(v).append("</td>"));
            t.append("</tr>");
        }
        return t.append("</tbody></table>").toString();
    }

    private String htmlTable4() {
        StringBuilder t = new StringBuilder("<table border=\"1\">")
                .append("<tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>")
                .append("<tr><td rowspan=\"2\">结果维持</td><td rowspan=\"2\">结果纠正</td><td rowspan=\"2\">其他结果</td>")
                .append("<td rowspan=\"2\">尚未审结</td><td rowspan=\"2\">总计</td>")
                .append("<td colspan=\"5\">未经复议直接起诉</td><td colspan=\"5\">复议后起诉</td></tr><tr>");
        for (int i = 0; i < 2; i++) {
            for (String r : List.of("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")) {
                t.append("<td>").append(r).append("</td>");
            }
        }
        t.append("</tr><tr>");
        table4().forEach(v -> t.append("<td>").append(v).append("</td>"));
        return t.append("</tr></table>").toString();
    }

    /** The report as DOCX: merged cells come out as empty cells, as Word's vertically merged cells do. */
    byte[] docx() {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText(title());
            for (int s = 1; s <= 6; s++) {
                List<String> text = intro(s);
                if (!omittedSections.contains(s)) {
                    doc.createParagraph().createRun().setText(text.getFirst());
                }
                text.stream().skip(1).forEach(p -> doc.createParagraph().createRun().setText(p));
                if (s == 3) {
                    List<List<String>> grid = new ArrayList<>();
                    grid.add(List.of("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况", "", "", "", "", "", ""));
                    grid.add(List.of("", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"));
                    grid.add(List.of("", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""));
                    for (var row : table3()) {
                        List<String> cells = new ArrayList<>(labelCells(row.getKey()));
                        cells.addAll(row.getValue());
                        grid.add(cells);
                    }
                    table(doc, grid);
                } else if (s == 4) {
                    List<List<String>> grid = new ArrayList<>();
                    grid.add(List.of("行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""));
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        names.addAll(List.of("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"));
                    }
                    grid.add(names);
                    grid.add(table4());
                    table(doc, grid);
                }
            }
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> labelCells(String key) {
        if (key.equals("一") || key.equals("二") || key.equals("四")) {
            return List.of(AnnualReportParser.ROW_LABELS.get(key), "", "");
        }
        if (key.equals("三.一")) {
            return List.of("三、本年度办理结果", "（一）予以公开", "");
        }
        if (key.equals("三.二")) {
            return List.of("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "");
        }
        if (key.equals("三.七")) {
            return List.of("", "（七）总计", "");
        }
        String[] parts = key.split("\\.");
        String group = parts[2].equals("1") ? GROUP_LABEL["一二三四五六".indexOf(parts[1])] : "";
        return List.of("", group, subLabel(key));
    }

    private static void table(XWPFDocument doc, List<List<String>> grid) {
        XWPFTable table = doc.createTable(grid.size(), grid.getFirst().size());
        for (int r = 0; r < grid.size(); r++) {
            XWPFTableRow row = table.getRow(r);
            for (int c = 0; c < grid.get(r).size(); c++) {
                row.getCell(c).setText(grid.get(r).get(c));
            }
        }
    }

    /** The report as PDF text lines: labels longer than a table cell wrap onto the line above their figures. */
    byte[] pdf() {
        List<CjkPdf.Line> lines = new ArrayList<>();
        lines.add(CjkPdf.text(title()));
        for (int s = 1; s <= 6; s++) {
            List<String> text = intro(s);
            if (!omittedSections.contains(s)) {
                lines.add(CjkPdf.text(text.getFirst()));
            }
            text.stream().skip(1).forEach(p -> lines.add(CjkPdf.text(p)));
            if (s == 3) {
                lines.add(CjkPdf.text("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"));
                lines.add(CjkPdf.row("申请人情况", List.of()));
                lines.add(CjkPdf.row("", List.of("自然人", "商业企业", "科研机构", "社会公益", "法律服务", "其他", "总计")));
                for (var row : table3()) {
                    String label = String.join("", labelCells(row.getKey()));
                    if (label.length() > 24) {
                        lines.add(CjkPdf.row(label.substring(0, 24), List.of()));
                        label = label.substring(24);
                    }
                    lines.add(CjkPdf.row(label, row.getValue()));
                }
            } else if (s == 4) {
                lines.add(CjkPdf.text("行政复议 行政诉讼"));
                lines.add(CjkPdf.figures(table4()));
            }
        }
        return CjkPdf.write(lines);
    }

    private static final float LINE = 11;
    private static final float PAD = 3;

    /**
     * The report as a word processor exports it to PDF: table 三 drawn cell by cell in columns as narrow as the
     * official template's, so that long labels wrap onto two to four lines, every cell's text is vertically centred
     * in its row (the figures of a two-line label sit between its lines), and the merged cells 「三、本年度办理结果」 and
     * 「（三）不予公开」… are drawn, wrapped, at the middle of the rows they span.
     */
    byte[] pdfWithWrappedCells(boolean drawnLineByLine) {
        List<CjkPdf.Placed> pieces = new ArrayList<>();
        float[] y = {780};
        java.util.function.BiConsumer<Integer, String> text = (page, s) -> {
            pieces.add(new CjkPdf.Placed(page, 40, y[0], s));
            y[0] -= 14;
        };
        text.accept(0, title());
        for (int s = 1; s <= 3; s++) {
            List<String> lines = intro(s);
            lines.stream().skip(omittedSections.contains(s) ? 1 : 0).forEach(l -> text.accept(0, l));
        }
        // Columns: 三、 (2 characters wide), group (4), sub-row (10), then seven figure columns.
        float colA = 40;
        float colB = 62;
        float colC = 104;
        float figures = 204;
        float top = 770;
        List<String> header = wrap("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 18);
        for (int i = 0; i < header.size(); i++) {
            pieces.add(new CjkPdf.Placed(1, colA, top - (i + 1) * LINE, header.get(i)));
        }
        pieces.add(new CjkPdf.Placed(1, figures + 100, top - LINE, "申请人情况"));
        List<String> names = List.of("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计");
        for (int c = 0; c < names.size(); c++) {
            List<String> name = wrap(names.get(c), 5);
            for (int i = 0; i < name.size(); i++) {
                pieces.add(new CjkPdf.Placed(1, figures + c * 48, top - (header.size() + 1 + i) * LINE, name.get(i)));
            }
        }
        float tableTop = top - (header.size() + 3) * LINE - PAD;
        List<Map.Entry<String, List<String>>> rows = table3();
        float[] rowTop = new float[rows.size() + 1];
        List<List<String>> labels = new ArrayList<>();
        List<Float> labelX = new ArrayList<>();
        rowTop[0] = tableTop;
        for (int r = 0; r < rows.size(); r++) {
            String key = rows.get(r).getKey();
            List<String> label;
            if (key.equals("一") || key.equals("二") || key.equals("四")) {
                label = wrap(AnnualReportParser.ROW_LABELS.get(key), 18);
                labelX.add(colA);
            } else if (key.equals("三.一") || key.equals("三.二") || key.equals("三.七")) {
                label = wrap(String.join("", labelCells(key)).replace("三、本年度办理结果", ""), 15);
                labelX.add(colB);
            } else {
                label = wrap(subLabel(key), 10);
                labelX.add(colC);
            }
            labels.add(label);
            rowTop[r + 1] = rowTop[r] - label.size() * LINE - 2 * PAD;
        }
        for (int r = 0; r < rows.size(); r++) {
            String key = rows.get(r).getKey();
            if (key.equals("三.一")) {
                int last = indexOf(rows, "三.七");
                centred(pieces, colA, rowTop[r], rowTop[last + 1], wrap("三、本年度办理结果", 2));
            }
            if (key.matches("三\\.[三四五六]\\.1")) {
                String group = key.substring(0, 3);
                int last = indexOf(rows, group + "." + AnnualReportParser.GROUPS.get(group));
                centred(pieces, colB, rowTop[r], rowTop[last + 1], wrap(GROUP_LABEL["一二三四五六".indexOf(key.charAt(2))], 4));
            }
            centred(pieces, labelX.get(r), rowTop[r], rowTop[r + 1], labels.get(r));
            List<String> cells = rows.get(r).getValue();
            for (int c = 0; c < cells.size(); c++) {
                centred(pieces, figures + c * 48, rowTop[r], rowTop[r + 1], List.of(cells.get(c)));
            }
        }
        y[0] = 780;
        for (int s = 4; s <= 6; s++) {
            List<String> lines = intro(s);
            lines.stream().skip(omittedSections.contains(s) ? 1 : 0).forEach(l -> text.accept(2, l));
            if (s == 4) {
                text.accept(2, "行政复议 行政诉讼");
                List<String> cells = table4();
                for (int i = 0; i < cells.size(); i++) {
                    pieces.add(new CjkPdf.Placed(2, 40 + i * 34, y[0], cells.get(i)));
                }
                y[0] -= 14;
            }
        }
        if (drawnLineByLine) {
            // Print drivers and some converters draw a page top to bottom, left to right, not cell by cell.
            pieces.sort(java.util.Comparator.comparingInt(CjkPdf.Placed::page)
                    .thenComparing(p -> -p.y()).thenComparing(CjkPdf.Placed::x));
        }
        return CjkPdf.writePlaced(pieces);
    }

    private static int indexOf(List<Map.Entry<String, List<String>>> rows, String key) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).getKey().equals(key)) {
                return i;
            }
        }
        throw new IllegalArgumentException(key);
    }

    /** Lines of text centred vertically between a cell's top and bottom edges. */
    private static void centred(List<CjkPdf.Placed> pieces, float x, float top, float bottom, List<String> lines) {
        float middle = (top + bottom) / 2;
        float first = middle + lines.size() * LINE / 2 - LINE + 2;
        for (int i = 0; i < lines.size(); i++) {
            pieces.add(new CjkPdf.Placed(1, x, first - i * LINE, lines.get(i)));
        }
    }

    private static List<String> wrap(String s, int width) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < s.length(); i += width) {
            lines.add(s.substring(i, Math.min(s.length(), i + width)));
        }
        return lines;
    }
}
