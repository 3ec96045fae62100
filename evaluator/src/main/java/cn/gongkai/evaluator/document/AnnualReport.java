package cn.gongkai.evaluator.document;

import java.util.List;
import java.util.Optional;

/**
 * An annual report on government information disclosure as parsed: its section headings, its table 三 (requests
 * received and handled) and table 四 (administrative review and litigation), and what could not be read.
 *
 * @param sections        the section headings found, each the first of its number, in document order
 * @param missingSections the titles of the six sections that were not found
 * @param sectionsInOrder true when the sections found appear in the order 一 … 六
 * @param applications    table 三, or null when no row of it was found
 * @param reviews         table 四, or null when its row of figures was not found
 * @param problems        what the parser could not make sense of, in Chinese
 */
public record AnnualReport(List<Section> sections, List<String> missingSections, boolean sectionsInOrder,
                           ReportTable applications, ReportTable reviews, List<String> problems) {

    /** The six sections the format (国办公开办函〔2021〕30号) prescribes, in order. */
    public static final List<String> SECTION_TITLES = List.of(
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项");

    public AnnualReport {
        sections = List.copyOf(sections);
        missingSections = List.copyOf(missingSections);
        problems = List.copyOf(problems);
    }

    /** A section heading: its number (1–6), the heading as written, and its line in the text. */
    public record Section(int number, String heading, int line) {
    }

    /** A table as read: its name, its value columns, and its rows in document order. */
    public record ReportTable(String name, List<String> columns, List<ReportRow> rows) {

        public ReportTable {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        public Optional<ReportRow> row(String key) {
            return rows.stream().filter(r -> r.key().equals(key)).findFirst();
        }
    }

    /**
     * One row of figures: a stable key (e.g. {@code 三.三.2} for 不予公开 sub-row 2), the label as printed, and the
     * cells as printed, one per column (an unreadable cell is kept as printed, for the identity check to report).
     */
    public record ReportRow(String key, String label, List<String> cells) {

        public ReportRow {
            cells = List.copyOf(cells);
        }
    }

    /** True when all six sections are present and in order. */
    public boolean sectionsComplete() {
        return missingSections.isEmpty() && sectionsInOrder;
    }
}
