package cn.gongkai.crawler.sandbox;

import static cn.gongkai.crawler.sandbox.Pages.esc;

import cn.gongkai.crawler.sandbox.SiteGenerator.Article;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;

/**
 * The annual reports (政府信息公开工作年度报告) of the sandbox sites in the format of 国办公开办函〔2021〕30号: six sections,
 * table 三 (requests received and handled, 25 rows × 7 columns) and table 四 (administrative review and litigation).
 * Published as HTML tables on the report page, or as a PDF, DOCX or OFD attachment of it, as the site's ground truth says
 * ({@code annualReport}). The figures differ from site to site and satisfy every identity, unless the ground truth
 * plants a fault: ANNUAL_REPORT_IDENTITY (cells printed off by {@code add} without fixing any sum),
 * ANNUAL_REPORT_SECTION_MISSING (a section heading left out), ANNUAL_REPORT_UNREADABLE (an encrypted or a truncated
 * attachment).
 *
 * <p>This code writes the tables from its own labels, not from the evaluator's parser, so the sandbox tests the
 * parser rather than mirroring it.
 */
final class AnnualReports {

    static final String TITLE_SUFFIX = "政府信息公开工作年度报告";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    static final List<String> APPLICANTS = List.of("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
            "总计");
    private static final List<String> REVIEW_RESULTS = List.of("结果维持", "结果纠正", "其他结果", "尚未审结", "总计");
    private static final List<String> SECTIONS = List.of("一、总体情况", "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项");

    /** A row of table 三: its key (as the ground truth names cells), its group label if any, and its own label. */
    private record Row(String key, String group, String label) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("一", null, "一、本年新收政府信息公开申请数量"),
            new Row("二", null, "二、上年结转政府信息公开申请数量"),
            new Row("三.一", null, "（一）予以公开"),
            new Row("三.二", null, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            new Row("三.三.1", "（三）不予公开", "1.属于国家秘密"),
            new Row("三.三.2", "（三）不予公开", "2.其他法律行政法规禁止公开"),
            new Row("三.三.3", "（三）不予公开", "3.危及“三安全一稳定”"),
            new Row("三.三.4", "（三）不予公开", "4.保护第三方合法权益"),
            new Row("三.三.5", "（三）不予公开", "5.属于三类内部事务信息"),
            new Row("三.三.6", "（三）不予公开", "6.属于四类过程性信息"),
            new Row("三.三.7", "（三）不予公开", "7.属于行政执法案卷"),
            new Row("三.三.8", "（三）不予公开", "8.属于行政查询事项"),
            new Row("三.四.1", "（四）无法提供", "1.本机关不掌握相关政府信息"),
            new Row("三.四.2", "（四）无法提供", "2.没有现成信息需要另行制作"),
            new Row("三.四.3", "（四）无法提供", "3.补正后申请内容仍不明确"),
            new Row("三.五.1", "（五）不予处理", "1.信访举报投诉类申请"),
            new Row("三.五.2", "（五）不予处理", "2.重复申请"),
            new Row("三.五.3", "（五）不予处理", "3.要求提供公开出版物"),
            new Row("三.五.4", "（五）不予处理", "4.无正当理由大量反复申请"),
            new Row("三.五.5", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
            new Row("三.六.1", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            new Row("三.六.2", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            new Row("三.六.3", "（六）其他处理", "3.其他"),
            new Row("三.七", null, "（七）总计"),
            new Row("四", null, "四、结转下年度继续办理"));

    private AnnualReports() {
    }

    /** True for the article that is a site's annual report. */
    static boolean isReport(Article a) {
        return a.title().endsWith(TITLE_SUFFIX);
    }

    /**
     * The report page of the site (replacing the plain article page) and, for a PDF or DOCX report, the attachment,
     * by path.
     */
    static Map<String, byte[]> render(SiteProfile site, List<Article> articles) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Article a : articles) {
            if (!isReport(a)) {
                continue;
            }
            int year = a.published().getYear() - 1;
            String format = site.truth().annualReport();
            String main;
            if (format.equals("html")) {
                main = html(site, year);
            } else {
                String file = a.path().replace(".html", "." + format);
                byte[] bytes = switch (format) {
                    case "pdf" -> pdf(site, year);
                    case "ofd" -> ofd(site, year);
                    default -> docx(site, year);
                };
                out.put(file, unreadable(site, format, bytes));
                main = "<p>" + esc(site.name() + "现将" + year + "年政府信息公开工作年度报告予以公布，全文见附件。") + "</p>\n"
                        + "<p>附件：<a href=\"" + file + "\">" + esc(site.name() + year + "年" + TITLE_SUFFIX) + "."
                        + format + "</a></p>\n";
            }
            out.put(a.path(), Pages.bytes(site, page(site, a, main)));
        }
        return out;
    }

    private static String page(SiteProfile site, Article a, String content) {
        String published = a.published().format(MINUTE);
        String meta = Pages.siteMeta(site) + """
                <meta name="ColumnName" content="%s">
                <meta name="ArticleTitle" content="%s">
                <meta name="PubDate" content="%s">
                <meta name="ContentSource" content="%s">
                """.formatted(a.column().name(), esc(a.title()), published, esc(site.office()));
        String main = """
                <div class="main">
                  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="%s">%s</a></div>
                  <div class="article">
                    <h1>%s</h1>
                    <div class="info"><span>发布日期：%s</span> <span>来源：%s</span></div>
                    <div class="content">
                %s    </div>
                  </div>
                </div>
                """.formatted(a.column().path(), a.column().name(), esc(a.title()), published, esc(site.office()),
                content);
        return Pages.page(site, a.title() + "_" + site.name(), meta, main);
    }

    /** Table 三 as printed: each row's 7 cells, with the planted faults applied. */
    static Map<String, List<String>> table3(SiteProfile site) {
        int k = site.index();
        Map<String, long[]> values = new LinkedHashMap<>();
        values.put("三.一", new long[] {18 + k % 7, 2 + k % 3, 0, k % 2, 0, 1});
        values.put("三.二", new long[] {3 + k % 4, 1, 0, 0, 0, 0});
        for (int i = 1; i <= 8; i++) {
            values.put("三.三." + i, new long[] {(i * 3 + k) % 4 == 0 ? 1 : 0, 0, 0, 0, 0, 0});
        }
        values.put("三.四.1", new long[] {4 + k % 5, 1, 0, 0, 0, 0});
        values.put("三.四.2", new long[] {1 + k % 2, 0, 0, 0, 0, 0});
        values.put("三.四.3", new long[] {k % 3, 0, 0, 0, 0, 0});
        for (int i = 1; i <= 5; i++) {
            values.put("三.五." + i, new long[] {(i + k) % 3 == 0 ? 1 : 0, 0, 0, 0, 0, 0});
        }
        values.put("三.六.1", new long[] {1 + k % 2, 0, 0, 0, 0, 0});
        values.put("三.六.2", new long[] {0, 0, 0, 0, 0, 0});
        values.put("三.六.3", new long[] {k % 2, 0, 0, 0, 0, 0});
        long[] results = new long[6];
        values.values().forEach(v -> Arrays.setAll(results, c -> results[c] + v[c]));
        long[] carriedIn = {1 + k % 3, k % 2, 0, 0, 0, 0};
        long[] carriedOut = {2 + k % 2, 0, 0, 1, 0, 0};
        long[] received = new long[6];
        Arrays.setAll(received, c -> results[c] + carriedOut[c] - carriedIn[c]);
        values.put("一", received);
        values.put("二", carriedIn);
        values.put("三.七", results);
        values.put("四", carriedOut);
        Map<String, List<String>> printed = new LinkedHashMap<>();
        for (Row row : ROWS) {
            long[] v = values.get(row.key());
            List<String> cells = new ArrayList<>();
            for (long x : v) {
                cells.add(Long.toString(x));
            }
            cells.add(Long.toString(Arrays.stream(v).sum()));
            printed.put(row.key(), cells);
        }
        for (GroundTruth.Defect d : site.truth().defects("ANNUAL_REPORT_IDENTITY")) {
            if (!d.string("row").equals("表四")) {
                List<String> cells = printed.get(d.string("row"));
                int column = APPLICANTS.indexOf(d.string("column"));
                cells.set(column, Long.toString(Long.parseLong(cells.get(column)) + d.integer("add")));
            }
        }
        return printed;
    }

    /** Table 四: 行政复议, 行政诉讼 未经复议直接起诉, 复议后起诉, each 结果维持 纠正 其他 尚未审结 总计. */
    static List<String> table4(SiteProfile site) {
        int k = site.index();
        // 结果纠正 stays 0 on a clean site: a corrected decision is what REQUEST_CORRECTED plants.
        long[][] groups = {{1 + k % 2, 0, k % 2, 1, 0}, {k % 3 == 0 ? 1 : 0, 0, 0, 1, 0}, {0, 0, 0, k % 2, 0}};
        for (GroundTruth.Defect d : site.truth().defects("REQUEST_CORRECTED")) {
            groups[d.integer("group")][1] += d.integer("count");
        }
        List<String> cells = new ArrayList<>();
        for (long[] g : groups) {
            g[4] = g[0] + g[1] + g[2] + g[3];
            for (long x : g) {
                cells.add(Long.toString(x));
            }
        }
        for (GroundTruth.Defect d : site.truth().defects("ANNUAL_REPORT_IDENTITY")) {
            if (d.string("row").equals("表四")) {
                int column = d.integer("index");
                cells.set(column, Long.toString(Long.parseLong(cells.get(column)) + d.integer("add")));
            }
        }
        return cells;
    }

    /** The text of sections 一 … 六 without the tables; a missing section loses its heading, as when it is left out. */
    private static List<List<String>> sections(SiteProfile site, int year) {
        List<Integer> missing = site.truth().defects("ANNUAL_REPORT_SECTION_MISSING").stream()
                .map(d -> d.integer("section")).toList();
        List<List<String>> out = new ArrayList<>();
        List<String> body = List.of(
                year + "年，" + site.name() + "坚持以公开为常态、不公开为例外，持续深化主动公开，规范依申请公开办理。",
                "本年主动公开政府信息" + (300 + site.index() * 7) + "条，其中规范性文件" + (6 + site.index() % 4) + "件。",
                "本年依申请公开办理情况见下表。",
                "本年政府信息公开行政复议、行政诉讼情况见下表。",
                "部分栏目更新不够及时，政策解读形式较为单一。下一步将建立栏目更新台账，丰富图解、视频等解读形式。",
                "本年未收取信息处理费。");
        for (int s = 0; s < 6; s++) {
            List<String> lines = new ArrayList<>();
            if (!missing.contains(s + 1)) {
                lines.add(SECTIONS.get(s));
            }
            lines.add(body.get(s));
            out.add(lines);
        }
        return out;
    }

    private static String html(SiteProfile site, int year) {
        StringBuilder h = new StringBuilder("<p>" + esc("本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息"
                + "与政务公开办公室印发的年度报告格式要求编制。") + "</p>\n");
        List<List<String>> sections = sections(site, year);
        for (int s = 0; s < 6; s++) {
            List<String> lines = sections.get(s);
            for (String line : lines) {
                boolean heading = SECTIONS.contains(line);
                h.append(heading ? "<p><strong>" : "<p>").append(esc(line)).append(heading ? "</strong></p>\n"
                        : "</p>\n");
            }
            if (s == 2) {
                h.append(htmlTable3(site));
            } else if (s == 3) {
                h.append(htmlTable4(site));
            }
        }
        return h.toString();
    }

    private static String htmlTable3(SiteProfile site) {
        StringBuilder t = new StringBuilder("<table class=\"report\" border=\"1\">\n")
                .append("<tr><td rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>")
                .append("<td colspan=\"7\">申请人情况</td></tr>\n")
                .append("<tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td></tr>\n")
                .append("<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>\n");
        Map<String, List<String>> table = table3(site);
        String openGroup = null;
        for (Row row : ROWS) {
            t.append("<tr>");
            if (row.key().equals("三.一")) {
                t.append("<td rowspan=\"22\">三、本年度办理结果</td>");
            }
            if (row.group() == null) {
                t.append(row.key().startsWith("三.") ? "<td colspan=\"2\">" : "<td colspan=\"3\">")
                        .append(esc(row.label())).append("</td>");
            } else {
                if (!row.group().equals(openGroup)) {
                    long size = ROWS.stream().filter(r -> row.group().equals(r.group())).count();
                    t.append("<td rowspan=\"").append(size).append("\">").append(esc(row.group())).append("</td>");
                    openGroup = row.group();
                }
                t.append("<td>").append(esc(row.label())).append("</td>");
            }
            table.get(row.key()).forEach(v -> t.append("<td>").append(v).append("</td>"));
            t.append("</tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String htmlTable4(SiteProfile site) {
        StringBuilder t = new StringBuilder("<table class=\"report\" border=\"1\">\n")
                .append("<tr><td colspan=\"5\">行政复议</td><td colspan=\"10\">行政诉讼</td></tr>\n<tr>");
        REVIEW_RESULTS.forEach(r -> t.append("<td rowspan=\"2\">").append(r).append("</td>"));
        t.append("<td colspan=\"5\">未经复议直接起诉</td><td colspan=\"5\">复议后起诉</td></tr>\n<tr>");
        for (int i = 0; i < 2; i++) {
            REVIEW_RESULTS.forEach(r -> t.append("<td>").append(r).append("</td>"));
        }
        t.append("</tr>\n<tr>");
        table4(site).forEach(v -> t.append("<td>").append(v).append("</td>"));
        return t.append("</tr>\n</table>\n").toString();
    }

    /** The label cells of a table 三 row as a word processor lays them out: merged cells become empty cells. */
    private static List<String> labelCells(Row row, boolean firstOfGroup) {
        if (!row.key().startsWith("三.")) {
            return List.of(row.label(), "", "");
        }
        if (row.group() == null) {
            return List.of(row.key().equals("三.一") ? "三、本年度办理结果" : "", row.label(), "");
        }
        return List.of("", firstOfGroup ? row.group() : "", row.label());
    }

    private static byte[] docx(SiteProfile site, int year) {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText(site.name() + year + "年" + TITLE_SUFFIX);
            List<List<String>> sections = sections(site, year);
            for (int s = 0; s < 6; s++) {
                sections.get(s).forEach(line -> doc.createParagraph().createRun().setText(line));
                if (s == 2) {
                    List<List<String>> grid = new ArrayList<>();
                    grid.add(List.of("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况",
                            "", "", "", "", "", ""));
                    grid.add(List.of("", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"));
                    grid.add(List.of("", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""));
                    Map<String, List<String>> table = table3(site);
                    String group = null;
                    for (Row row : ROWS) {
                        List<String> cells = new ArrayList<>(labelCells(row, row.group() != null
                                && !row.group().equals(group)));
                        group = row.group() == null ? group : row.group();
                        cells.addAll(table.get(row.key()));
                        grid.add(cells);
                    }
                    table(doc, grid);
                } else if (s == 3) {
                    List<String> header = new ArrayList<>(List.of("行政复议", "", "", "", "", "行政诉讼"));
                    while (header.size() < 15) {
                        header.add("");
                    }
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        names.addAll(REVIEW_RESULTS);
                    }
                    table(doc, List.of(header, names, table4(site)));
                }
            }
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void table(XWPFDocument doc, List<List<String>> grid) {
        XWPFTable table = doc.createTable(grid.size(), grid.getFirst().size());
        for (int r = 0; r < grid.size(); r++) {
            for (int c = 0; c < grid.get(r).size(); c++) {
                table.getRow(r).getCell(c).setText(grid.get(r).get(c));
            }
        }
    }

    /**
     * The report as many offices' tools write PDFs: text placed at positions in the non-embedded Adobe CJK font
     * STSong-Light; a table row is its label at the left and its figures at fixed columns, and a label longer than
     * its cell wraps onto the line above the figures.
     */
    private static byte[] pdf(SiteProfile site, int year) {
        List<CjkPdf.Line> lines = new ArrayList<>();
        for (String[] line : lines(site, year)) {
            List<String> cells = Arrays.asList(line).subList(1, line.length);
            lines.add(line[0].equals("#figures") ? CjkPdf.figures(cells) : CjkPdf.row(line[0], cells));
        }
        return CjkPdf.write(lines);
    }

    /**
     * The report as OFD (GB/T 33190): a zip of XML whose page places each text object at a position in millimetres,
     * laid out like the PDF, one page of A4 width as long as the report needs.
     */
    private static byte[] ofd(SiteProfile site, int year) {
        StringBuilder page = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ofd:Page xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:Content><ofd:Layer ID=\"2\">");
        int id = 10;
        double y = 20;
        for (String[] line : lines(site, year)) {
            boolean figures = line[0].equals("#figures");
            for (int i = figures ? 1 : 0; i < line.length; i++) {
                if (line[i].isEmpty()) {
                    continue;
                }
                double x = figures ? 10 + (i - 1) * 12 : i == 0 ? 10 : 100 + (i - 1) * 15;
                page.append("<ofd:TextObject ID=\"").append(id++).append("\" Boundary=\"").append(x).append(' ')
                        .append(y).append(" 90 5\" Font=\"3\" Size=\"3.2\"><ofd:TextCode X=\"0\" Y=\"4\">")
                        .append(esc(line[i])).append("</ofd:TextCode></ofd:TextObject>");
            }
            y += 5;
        }
        page.append("</ofd:Layer></ofd:Content></ofd:Page>");
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("OFD.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\""
                + " Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo>"
                + "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>");
        entries.put("Doc_0/Document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document"
                + " xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:CommonData><ofd:MaxUnitID>" + (id + 1)
                + "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 " + (y + 20) + "</ofd:PhysicalBox>"
                + "</ofd:PageArea></ofd:CommonData><ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/>"
                + "</ofd:Pages></ofd:Document>");
        entries.put("Doc_0/Pages/Page_0/Content.xml", page.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The report as lines of text: {label} or {label, cells…}, or {"#figures", cells…} for table 四's figures. */
    private static List<String[]> lines(SiteProfile site, int year) {
        List<String[]> lines = new ArrayList<>(); // {label, cells…}
        lines.add(new String[] {site.name() + year + "年" + TITLE_SUFFIX});
        List<List<String>> sections = sections(site, year);
        for (int s = 0; s < 6; s++) {
            sections.get(s).forEach(line -> lines.add(new String[] {line}));
            if (s == 2) {
                lines.add(new String[] {"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"});
                lines.add(new String[] {"申请人情况"});
                List<String> header = new ArrayList<>(List.of(""));
                header.addAll(List.of("自然人", "商业企业", "科研机构", "社会公益", "法律服务", "其他", "总计"));
                lines.add(header.toArray(String[]::new));
                Map<String, List<String>> table = table3(site);
                String group = null;
                for (Row row : ROWS) {
                    String label = String.join("", labelCells(row, row.group() != null && !row.group().equals(group)));
                    group = row.group() == null ? group : row.group();
                    while (label.length() > 24) {
                        lines.add(new String[] {label.substring(0, 24)});
                        label = label.substring(24);
                    }
                    List<String> cells = new ArrayList<>(List.of(label));
                    cells.addAll(table.get(row.key()));
                    lines.add(cells.toArray(String[]::new));
                }
            } else if (s == 3) {
                lines.add(new String[] {"行政复议 行政诉讼"});
                List<String> figures = new ArrayList<>(List.of("#figures"));
                figures.addAll(table4(site));
                lines.add(figures.toArray(String[]::new));
            }
        }
        return lines;
    }

    /** The planted unreadable attachment: encrypted with a password to open, or cut off halfway through. */
    private static byte[] unreadable(SiteProfile site, String format, byte[] bytes) {
        var defect = site.truth().defect("ANNUAL_REPORT_UNREADABLE");
        if (defect.isEmpty()) {
            return bytes;
        }
        if (defect.get().string("problem").equals("corrupt")) {
            return Arrays.copyOf(bytes, bytes.length / 2);
        }
        return format.equals("pdf") ? encryptPdf(bytes) : encryptOoxml(bytes);
    }

    private static byte[] encryptPdf(byte[] pdf) {
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "open-secret",
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encrypted the way Office does it today (agile encryption, a password to open). */
    private static byte[] encryptOoxml(byte[] ooxml) {
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor encryptor = info.getEncryptor();
            encryptor.confirmPassword("open-secret");
            try (OutputStream os = encryptor.getDataStream(fs)) {
                os.write(ooxml);
            }
            fs.writeFilesystem(out);
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
