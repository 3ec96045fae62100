package cn.gongkai.evaluator.document;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.evaluator.document.AnnualReport.ReportRow;
import cn.gongkai.evaluator.document.AnnualReport.ReportTable;
import cn.gongkai.evaluator.document.AnnualReport.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Parses an annual report in the format of 国办公开办函〔2021〕30号 from an HTML page or from the text of an attachment.
 *
 * <p>Both inputs become lines: an HTML or DOCX table row is one line with its cells separated by tabs (blank cells
 * kept), a PDF line is split on spaces. A line whose last cells are figures is a table row; its label is everything
 * before them, plus the label-only lines just above it (PDF cells wrap). A row is recognised by the keyword of its
 * label that comes <em>last</em>: merged cells put 「三、本年度办理结果」「（三）不予公开」 in front of 「1.属于国家秘密」,
 * and the sub-row is the one meant.
 */
public final class AnnualReportParser {

    static final List<String> APPLICATION_COLUMNS = List.of(
            "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计");
    static final List<String> REVIEW_COLUMNS;

    /** Row key → keywords of its label. Group rows (三.三 …) are optional: the 2021 format prints no subtotal. */
    static final Map<String, List<String>> APPLICATION_ROWS = new LinkedHashMap<>();
    /** Row key → the label the format prints, for messages. */
    static final Map<String, String> ROW_LABELS = new LinkedHashMap<>();
    /** Groups of 本年度办理结果 with sub-rows, and how many. */
    static final Map<String, Integer> GROUPS = new LinkedHashMap<>();
    static final Set<String> OPTIONAL_ROWS = Set.of("三.三", "三.四", "三.五", "三.六");

    private static final Pattern HEADING = Pattern.compile("^\\s*([一二三四五六])\\s*[、.．,，]\\s*(.{1,60})$");
    private static final List<List<String>> SECTION_KEYWORDS = List.of(
            List.of("总体情况"),
            List.of("主动公开"),
            List.of("收到和处理", "依申请"),
            List.of("行政复议", "行政诉讼"),
            List.of("主要问题", "改进情况"),
            List.of("其他需要报告", "其他事项"));
    private static final String NUMERALS = "一二三四五六";
    private static final Pattern FIGURE = Pattern.compile("^[-+－]?[0-9０-９]+([.．][0-9０-９]+)?$");
    private static final Set<String> PLACEHOLDERS = Set.of("/", "／", "—", "-", "－", "--", "——", "无", "空", "*", "×");
    private static final Pattern OTHER_SUBROW = Pattern.compile("(^|[^\\p{IsHan}])(3\\s*[.、．]\\s*)?其他\\s*$");
    private static final Pattern ROW_MARKER = Pattern.compile(
            "^\\s*(（\\s*[一二三四五六七]\\s*）|\\(\\s*[一二三四五六七]\\s*\\)|[一二三四]\\s*、|[0-9０-９]{1,2}\\s*[.．、])");
    private static final Pattern GLUED_FIGURE = Pattern.compile("(?<=^[0-9０-９]{1,9})(?=[\\p{IsHan}（(])");

    static {
        List<String> review = new ArrayList<>();
        for (String group : List.of("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")) {
            for (String result : List.of("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")) {
                review.add(group + "·" + result);
            }
        }
        REVIEW_COLUMNS = List.copyOf(review);
        row("一", "一、本年新收政府信息公开申请数量", "本年新收");
        row("二", "二、上年结转政府信息公开申请数量", "上年结转");
        row("三.一", "（一）予以公开", "予以公开");
        row("三.二", "（二）部分公开", "部分公开");
        row("三.三", "（三）不予公开", "不予公开");
        row("三.三.1", "（三）不予公开 1.属于国家秘密", "国家秘密");
        row("三.三.2", "（三）不予公开 2.其他法律行政法规禁止公开", "禁止公开", "其他法律行政");
        row("三.三.3", "（三）不予公开 3.危及“三安全一稳定”", "三安全一稳定", "危及");
        row("三.三.4", "（三）不予公开 4.保护第三方合法权益", "第三方合法权益", "保护第三方");
        row("三.三.5", "（三）不予公开 5.属于三类内部事务信息", "内部事务", "三类内部");
        row("三.三.6", "（三）不予公开 6.属于四类过程性信息", "过程性", "四类过程");
        row("三.三.7", "（三）不予公开 7.属于行政执法案卷", "行政执法案卷");
        row("三.三.8", "（三）不予公开 8.属于行政查询事项", "行政查询事项");
        row("三.四", "（四）无法提供", "无法提供");
        row("三.四.1", "（四）无法提供 1.本机关不掌握相关政府信息", "不掌握", "本机关不");
        row("三.四.2", "（四）无法提供 2.没有现成信息需要另行制作", "另行制作", "没有现成");
        row("三.四.3", "（四）无法提供 3.补正后申请内容仍不明确", "仍不明确", "补正后申请");
        row("三.五", "（五）不予处理", "不予处理");
        row("三.五.1", "（五）不予处理 1.信访举报投诉类申请", "信访举报投诉", "信访");
        row("三.五.2", "（五）不予处理 2.重复申请", "重复申请");
        row("三.五.3", "（五）不予处理 3.要求提供公开出版物", "公开出版", "要求提供公开");
        row("三.五.4", "（五）不予处理 4.无正当理由大量反复申请", "大量反复", "理由大量");
        row("三.五.5", "（五）不予处理 5.要求行政机关确认或重新出具已获取信息", "重新出具", "确认或",
                "要求行政机关确");
        row("三.六", "（六）其他处理", "其他处理");
        row("三.六.1", "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "逾期不补正",
                "理由逾期");
        row("三.六.2", "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "缴纳费用", "收费通知", "逾期未按");
        row("三.六.3", "（六）其他处理 3.其他");
        row("三.七", "（七）总计", "总计");
        row("四", "四、结转下年度继续办理", "结转下年度");
        GROUPS.put("三.三", 8);
        GROUPS.put("三.四", 3);
        GROUPS.put("三.五", 5);
        GROUPS.put("三.六", 3);
    }

    private static void row(String key, String label, String... keywords) {
        APPLICATION_ROWS.put(key, List.of(keywords));
        ROW_LABELS.put(key, label);
    }

    private AnnualReportParser() {
    }

    /** Parses the report from the main content of an HTML page (tables included). */
    public static AnnualReport parse(Element html) {
        return parseLines(htmlLines(html));
    }

    /** Parses the report from the text of an attachment as {@link DocumentReader} returns it. */
    public static AnnualReport parse(String text) {
        return parseLines(tikaRows(text));
    }

    /**
     * Tika writes a table cell as a tab followed by the cell's paragraphs, one per line, and ends a row with an empty
     * line; this puts each row back on one line with its cells separated by tabs.
     */
    static List<String> tikaRows(String text) {
        List<String> lines = new ArrayList<>();
        List<StringBuilder> row = null;
        for (String line : text.lines().toList()) {
            if (row == null && !line.contains("\t")) {
                lines.add(line);
                continue;
            }
            if (row != null && line.isEmpty()) {
                lines.add(String.join("\t", row));
                row = null;
                continue;
            }
            if (row == null) {
                row = new ArrayList<>();
            }
            String[] parts = line.split("\t", -1);
            if (!parts[0].isBlank()) {
                if (row.isEmpty()) {
                    row.add(new StringBuilder());
                }
                row.getLast().append(parts[0].strip()); // a cell's second paragraph
            }
            for (int i = 1; i < parts.length; i++) {
                row.add(new StringBuilder(parts[i].strip()));
            }
        }
        if (row != null) {
            lines.add(String.join("\t", row));
        }
        return lines;
    }

    private record Line(int index, String text, List<String> cells, boolean tabbed) {
    }

    private static AnnualReport parseLines(List<String> raw) {
        List<Line> lines = new ArrayList<>();
        for (String s : raw) {
            String t = s.replace('\u00a0', ' ').replace('\u3000', ' ');
            if (t.isBlank()) {
                continue;
            }
            boolean tabbed = t.contains("\t");
            List<String> cells = new ArrayList<>();
            if (tabbed) {
                String trimmed = t.endsWith("\t") ? t.substring(0, t.length() - 1) : t; // Tika ends each cell with a tab
                for (String c : trimmed.split("\t", -1)) {
                    cells.add(c.strip());
                }
                while (!cells.isEmpty() && cells.getFirst().isEmpty()) {
                    cells.removeFirst();
                }
            } else {
                for (String c : t.strip().split("\\s+")) {
                    cells.add(c);
                }
            }
            lines.add(new Line(lines.size(), t.strip(), cells, tabbed));
        }
        List<String> problems = new ArrayList<>();

        Section[] first = new Section[6];
        for (Line line : lines) {
            if (line.tabbed()) {
                continue;
            }
            Matcher m = HEADING.matcher(line.text());
            if (!m.matches()) {
                continue;
            }
            int n = NUMERALS.indexOf(m.group(1));
            if (first[n] == null && SECTION_KEYWORDS.get(n).stream().anyMatch(m.group(2)::contains)) {
                first[n] = new Section(n + 1, line.text(), line.index());
            }
        }
        List<Section> sections = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if (first[i] == null) {
                missing.add(AnnualReport.SECTION_TITLES.get(i));
            } else {
                sections.add(first[i]);
            }
        }
        boolean inOrder = true;
        for (int i = 1; i < sections.size(); i++) {
            inOrder &= sections.get(i).line() > sections.get(i - 1).line();
        }
        sections.sort((a, b) -> Integer.compare(a.line(), b.line()));

        int[] end = new int[] {-1};
        ReportTable applications = applicationTable(lines, problems, end);
        ReportTable reviews = reviewTable(lines, end[0] + 1, problems);
        return new AnnualReport(sections, missing, inOrder, applications, reviews, problems);
    }

    private static ReportTable applicationTable(List<Line> lines, List<String> problems, int[] end) {
        int start = -1;
        for (Line line : lines) {
            if (line.text().contains("本年新收")) {
                start = line.index();
                break;
            }
        }
        if (start < 0) {
            problems.add("未找到表三（收到和处理政府信息公开申请情况）：没有「本年新收政府信息公开申请数量」一行");
            return null;
        }
        // A PDF table wraps a label over lines above and below its figures, and the text of merged cells (「三、本年度
        // 办理结果」「（三）不予公开」) lands between them or after the figures. The text between two rows of figures
        // belongs to the row above up to the first line that opens a label (「（二）」「三、」「2.」), the rest to the
        // row below. (A label opening on its figures' line, 「（五）不 0 0 …」, may be a merged group cell's text: the
        // sub-row's own label can still sit above it.)
        List<Line> table = new ArrayList<>();
        for (int i = start; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (!line.tabbed() && HEADING.matcher(line.text()).matches() && line.text().contains("行政复议")) {
                break; // section 四 begins: the table ended without its last row
            }
            table.add(line);
        }
        List<Integer> figureLines = new ArrayList<>();
        List<Figures> figures = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            Figures f = figuresOf(table.get(i), APPLICATION_COLUMNS.size());
            if (f != null) {
                figureLines.add(i);
                figures.add(f);
            }
        }
        List<ReportRow> rows = new ArrayList<>();
        StringBuilder before = new StringBuilder();
        for (int k = 0; k < figures.size(); k++) {
            int at = figureLines.get(k);
            int from = k == 0 ? 0 : figureLines.get(k - 1) + 1;
            if (k == 0) {
                for (int i = from; i < at; i++) {
                    before.append(String.join("", table.get(i).cells()));
                }
            }
            Figures f = figures.get(k);
            StringBuilder after = new StringBuilder(f.tail());
            int next = k + 1 < figures.size() ? figureLines.get(k + 1) : table.size();
            StringBuilder nextBefore = new StringBuilder();
            for (int i = at + 1; i < next; i++) {
                String text = String.join("", table.get(i).cells());
                if (nextBefore.isEmpty() && !ROW_MARKER.matcher(text).find()) {
                    after.append(text);
                } else {
                    nextBefore.append(text);
                }
            }
            // A wrapped PDF label breaks anywhere, even inside a word: its pieces join without a space.
            String label = (before + f.head() + after).strip();
            before = nextBefore;
            List<String> values = f.values();
            String key = classify(label);
            if (key == null) {
                problems.add("表三中有无法识别的一行：「" + label + "」");
                continue;
            }
            if (values.size() != APPLICATION_COLUMNS.size()) {
                problems.add("表三「" + ROW_LABELS.get(key) + "」一行只读到 " + values.size() + " 个数值，应为 "
                        + APPLICATION_COLUMNS.size() + " 个");
                continue;
            }
            String finalKey = key;
            if (rows.stream().anyMatch(r -> r.key().equals(finalKey))) {
                problems.add("表三「" + ROW_LABELS.get(key) + "」一行重复出现");
                continue;
            }
            rows.add(new ReportRow(key, label, values));
            end[0] = table.get(at).index();
            if (key.equals("四")) {
                break;
            }
        }
        for (String key : APPLICATION_ROWS.keySet()) {
            if (!OPTIONAL_ROWS.contains(key) && rows.stream().noneMatch(r -> r.key().equals(key))) {
                problems.add("表三缺少「" + ROW_LABELS.get(key) + "」一行");
            }
        }
        return new ReportTable("表三", APPLICATION_COLUMNS, rows);
    }

    private static ReportTable reviewTable(List<Line> lines, int from, List<String> problems) {
        int start = Math.max(0, from);
        for (Line line : lines) {
            if (!line.tabbed() && line.index() >= start && HEADING.matcher(line.text()).matches()
                    && line.text().startsWith("四") && line.text().contains("行政复议")) {
                start = line.index();
                break;
            }
        }
        for (int i = start; i < lines.size(); i++) {
            List<String> values = trailingFigures(lines.get(i), REVIEW_COLUMNS.size(), false);
            if (values != null && values.size() == REVIEW_COLUMNS.size()) {
                return new ReportTable("表四", REVIEW_COLUMNS,
                        List.of(new ReportRow("四", "政府信息公开行政复议、行政诉讼情况", values)));
            }
        }
        problems.add("未找到表四（行政复议、行政诉讼情况）的数据行：应有 15 个数值");
        return null;
    }

    /** A line of table 三 that holds a row's figures: the text before them, the figures, the text after them. */
    private record Figures(String head, List<String> values, String tail) {
    }

    /**
     * The row figures of a line, or null. A PDF line may carry text after the figures (a merged cell's wrapped text
     * placed at the same height): a run of exactly {@code columns} figures is the row wherever it stands.
     */
    private static Figures figuresOf(Line line, int columns) {
        List<String> cells = line.cells();
        if (!line.tabbed()) {
            cells = new ArrayList<>();
            for (String c : line.cells()) {
                // 「2（三）不」「2本年」: a figure glued to the text drawn right after it.
                cells.addAll(List.of(GLUED_FIGURE.split(c)));
            }
            int runEnd = -1;
            int run = 0;
            for (int i = 0; i < cells.size(); i++) {
                run = isValue(cells.get(i)) ? run + 1 : 0;
                if (run == columns && (i + 1 == cells.size() || !isValue(cells.get(i + 1)))) {
                    runEnd = i + 1;
                }
            }
            if (runEnd > 0 && runEnd < cells.size()) {
                List<String> values = cells.subList(runEnd - columns, runEnd);
                if (values.stream().anyMatch(c -> FIGURE.matcher(c).matches())) {
                    return new Figures(String.join("", cells.subList(0, runEnd - columns)), List.copyOf(values),
                            String.join("", cells.subList(runEnd, cells.size())));
                }
            }
        }
        Line split = new Line(line.index(), line.text(), cells, line.tabbed());
        List<String> values = trailingFigures(split, columns, true);
        if (values == null) {
            return null;
        }
        String head = line.tabbed() ? String.join(" ", cells.subList(0, cells.size() - values.size()))
                : String.join("", cells.subList(0, cells.size() - values.size()));
        return new Figures(head, values, "");
    }

    private static boolean isValue(String cell) {
        return FIGURE.matcher(cell).matches() || PLACEHOLDERS.contains(cell);
    }

    /**
     * The figures at the end of a line, at most {@code max} of them, or null when the line ends in none. A tabbed row
     * keeps blank cells (a blank where a figure belongs is an error to report, not to skip). A labelled row needs a
     * cell before its figures; table 四's row of figures has none.
     */
    private static List<String> trailingFigures(Line line, int max, boolean labelled) {
        List<String> cells = line.cells();
        int labelCells = labelled ? 1 : 0;
        if (line.tabbed()) {
            if (cells.size() < max + labelCells) {
                return null; // no room for a label: a header row of column names
            }
            List<String> tail = cells.subList(cells.size() - max, cells.size());
            boolean anyFigure = tail.stream().anyMatch(c -> FIGURE.matcher(c).matches());
            boolean allValues = tail.stream().allMatch(c -> c.isEmpty() || FIGURE.matcher(c).matches()
                    || PLACEHOLDERS.contains(c));
            return anyFigure && allValues ? List.copyOf(tail) : null;
        }
        // A PDF whose cells are drawn one by one puts a wrapped label's lines first and its figures on a line of
        // their own: such a line has no label cell.
        if (cells.stream().allMatch(c -> FIGURE.matcher(c).matches() || PLACEHOLDERS.contains(c))) {
            labelCells = 0;
        }
        int n = 0;
        for (int i = cells.size() - 1; i >= labelCells && n < max; i--) {
            String c = cells.get(i);
            if (FIGURE.matcher(c).matches() || PLACEHOLDERS.contains(c)) {
                n++;
            } else {
                break;
            }
        }
        if (n == 0) {
            return null;
        }
        List<String> tail = cells.subList(cells.size() - n, cells.size());
        return tail.stream().anyMatch(c -> FIGURE.matcher(c).matches()) ? List.copyOf(tail) : null;
    }

    /**
     * The row a label names, or null: the most specific row whose keyword it holds (a sub-row over its group, since
     * a merged group cell's text lands in its sub-rows' labels), and among rows as specific the keyword that comes
     * <em>last</em>: merged cells put 「三、本年度办理结果」「（三）不予公开」 in front of 「1.属于国家秘密」.
     */
    static String classify(String label) {
        String best = null;
        int bestTier = -1;
        int bestAt = -1;
        for (var row : APPLICATION_ROWS.entrySet()) {
            int tier = tier(row.getKey());
            for (String keyword : row.getValue()) {
                int at = label.lastIndexOf(keyword);
                if (at >= 0 && (tier > bestTier || tier == bestTier && at + keyword.length() > bestAt)) {
                    bestTier = tier;
                    bestAt = at + keyword.length();
                    best = row.getKey();
                }
            }
        }
        // 「3.其他」 under （六）其他处理 has no keyword of its own: it is the label that ends in 其他.
        Matcher other = OTHER_SUBROW.matcher(label);
        if (other.find() && !label.strip().endsWith("其他处理") && (bestTier < 2 || other.end() > bestAt)) {
            best = "三.六.3";
        }
        return best;
    }

    /** 2 for a sub-row, 0 for a group of sub-rows, 1 for the other rows. */
    private static int tier(String key) {
        if (key.chars().filter(ch -> ch == '.').count() == 2) {
            return 2;
        }
        return GROUPS.containsKey(key) ? 0 : 1;
    }

    /**
     * The lines of an HTML page: each table row one line with its cells separated by tabs, every other block one
     * line of its text. Scripts, styles and navigation are left out.
     */
    static List<String> htmlLines(Element root) {
        Element copy = PageChrome.content(root);
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof Element e) {
                    if (e.normalName().equals("tr")) {
                        flush();
                        List<String> cells = new ArrayList<>();
                        for (Element cell : e.children()) {
                            if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
                                cells.add(cell.text().replace('\t', ' ').strip());
                            }
                        }
                        lines.add(String.join("\t", cells));
                    } else if (e.isBlock() || e.normalName().equals("br")) {
                        flush();
                    }
                } else if (node instanceof TextNode t && insideNoRow(t)) {
                    current.append(t.text());
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock()) {
                    flush();
                }
            }

            private void flush() {
                if (!current.toString().isBlank()) {
                    lines.add(current.toString().strip());
                }
                current.setLength(0);
            }
        }, copy);
        if (!current.toString().isBlank()) {
            lines.add(current.toString().strip());
        }
        return lines;
    }

    private static boolean insideNoRow(TextNode t) {
        for (Node p = t.parentNode(); p != null; p = p.parentNode()) {
            if (p instanceof Element e && (e.normalName().equals("tr") || e.normalName().equals("table"))) {
                return false;
            }
        }
        return true;
    }
}
