package cn.gongkai.evaluator.document;

import cn.gongkai.evaluator.document.AnnualReport.ReportRow;
import cn.gongkai.evaluator.document.AnnualReport.ReportTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic a correct annual report satisfies (DOMAIN.md, 「本列数据的勾稽关系」): in table 三, for every column,
 * 一 + 二 = （七）总计 + 四, （七） = （一）+…+（六) with each of （三）…（六） the sum of its sub-rows (and equal to its own
 * subtotal row where a report prints one); in every row, 总计 = 自然人 + the five 法人或其他组织 columns; in table 四, each
 * group's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结; every cell a non-negative integer.
 */
public final class AnnualReportIdentities {

    private AnnualReportIdentities() {
    }

    /**
     * One identity: {@code expected} is the sum side, {@code actual} the printed side, so a report that fails says
     * "应为 expected，实际填报 actual".
     *
     * @param cells the cells involved with their values, as evaluators find them in the report
     */
    public record Identity(String table, String name, long expected, long actual, List<String> cells) {

        public Identity {
            cells = List.copyOf(cells);
        }

        public boolean holds() {
            return expected == actual;
        }

        /** The identity as one line of evidence, in Chinese. */
        public String describe() {
            return table + " " + name + "：应为 " + expected + "，实际填报 " + actual + "（" + String.join("，", cells) + "）";
        }
    }

    /** A cell that is not a non-negative integer, as printed. */
    public record InvalidCell(String table, String row, String column, String printed) {

        public String describe() {
            return table + "「" + row + "」行「" + column + "」列应为非负整数，实际为「" + printed + "」";
        }
    }

    /**
     * @param identities  every identity that could be computed, holding or not
     * @param invalid     cells that are not non-negative integers
     * @param notChecked  identities left out because a row or cell was missing or invalid, with why
     */
    public record Result(List<Identity> identities, List<InvalidCell> invalid, List<String> notChecked) {

        public Result {
            identities = List.copyOf(identities);
            invalid = List.copyOf(invalid);
            notChecked = List.copyOf(notChecked);
        }

        public List<Identity> broken() {
            return identities.stream().filter(i -> !i.holds()).toList();
        }

        /** True when every identity was computed and holds and every cell is valid. */
        public boolean allHold() {
            return broken().isEmpty() && invalid.isEmpty() && notChecked.isEmpty();
        }
    }

    public static Result check(AnnualReport report) {
        Builder b = new Builder();
        if (report.applications() == null) {
            b.notChecked.add("未读到表三，表三的勾稽关系未核对");
        } else {
            checkApplications(report.applications(), b);
        }
        if (report.reviews() == null) {
            b.notChecked.add("未读到表四，表四的勾稽关系未核对");
        } else {
            checkReviews(report.reviews(), b);
        }
        return new Result(b.identities, b.invalid, b.notChecked);
    }

    private static void checkApplications(ReportTable table, Builder b) {
        List<String> columns = table.columns();
        int total = columns.size() - 1;
        for (ReportRow row : table.rows()) {
            for (int c = 0; c < columns.size(); c++) {
                b.value(table, row, c); // records invalid cells once, in row order
            }
        }
        for (ReportRow row : table.rows()) {
            Term sum = Term.ZERO;
            for (int c = 0; c < total; c++) {
                sum = sum.plus(b.term(table, row.key(), c));
            }
            b.identity(table, "「" + label(row.key()) + "」行 总计 = 自然人 + 法人或其他组织各列", sum,
                    b.term(table, row.key(), total));
        }
        for (int c = 0; c < columns.size(); c++) {
            String column = columns.get(c);
            Term results = Term.ZERO;
            for (String result : List.of("三.一", "三.二", "三.三", "三.四", "三.五", "三.六")) {
                Integer subRows = AnnualReportParser.GROUPS.get(result);
                if (subRows == null) {
                    results = results.plus(b.term(table, result, c));
                    continue;
                }
                Term group = Term.ZERO;
                for (int i = 1; i <= subRows; i++) {
                    group = group.plus(b.term(table, result + "." + i, c));
                }
                results = results.plus(group);
                if (table.row(result).isPresent()) {
                    b.identity(table, label(result) + " = 其各小项之和（" + column + "列）", group,
                            b.term(table, result, c));
                }
            }
            b.identity(table, "（七）总计 = （一）至（六）之和（" + column + "列）", results, b.term(table, "三.七", c));
            b.identity(table, "本列勾稽关系 一 + 二 = （七）总计 + 四（" + column + "列）",
                    b.term(table, "一", c).plus(b.term(table, "二", c)),
                    b.term(table, "三.七", c).plus(b.term(table, "四", c)));
        }
    }

    private static void checkReviews(ReportTable table, Builder b) {
        ReportRow row = table.rows().getFirst();
        for (int c = 0; c < table.columns().size(); c++) {
            b.value(table, row, c);
        }
        for (int g = 0; g < 3; g++) {
            Term sum = Term.ZERO;
            for (int c = g * 5; c < g * 5 + 4; c++) {
                sum = sum.plus(b.term(table, row.key(), c));
            }
            String group = table.columns().get(g * 5).split("·")[0];
            b.identity(table, group + " 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", sum,
                    b.term(table, row.key(), g * 5 + 4));
        }
    }

    private static String label(String key) {
        return AnnualReportParser.ROW_LABELS.getOrDefault(key, key);
    }

    /** A sum and the cells it was made of; unknown when any cell was missing or invalid. */
    private record Term(Long value, List<String> cells, String missing) {

        static final Term ZERO = new Term(0L, List.of(), null);

        Term plus(Term other) {
            List<String> all = new ArrayList<>(cells);
            all.addAll(other.cells);
            String why = missing != null ? missing : other.missing;
            return new Term(why == null ? value + other.value : null, all, why);
        }
    }

    private static final class Builder {
        final List<Identity> identities = new ArrayList<>();
        final List<InvalidCell> invalid = new ArrayList<>();
        final List<String> notChecked = new ArrayList<>();

        Long value(ReportTable table, ReportRow row, int column) {
            String printed = row.cells().get(column);
            Long v = parse(printed);
            if (v == null && invalid.stream().noneMatch(i -> i.table().equals(table.name())
                    && i.row().equals(label(row.key())) && i.column().equals(table.columns().get(column)))) {
                invalid.add(new InvalidCell(table.name(), label(row.key()), table.columns().get(column), printed));
            }
            return v;
        }

        Term term(ReportTable table, String key, int column) {
            String name = table.name().equals("表三") ? "「" + label(key) + "」「" + table.columns().get(column) + "」"
                    : "「" + table.columns().get(column) + "」";
            var row = table.row(key);
            if (row.isEmpty()) {
                return new Term(null, List.of(name + "缺失"), "缺少「" + label(key) + "」一行");
            }
            String printed = row.get().cells().get(column);
            Long v = parse(printed);
            if (v == null) {
                return new Term(null, List.of(name + "=" + printed), name + "不是非负整数");
            }
            return new Term(v, List.of(name + "=" + v), null);
        }

        void identity(ReportTable table, String name, Term expected, Term actual) {
            Term all = expected.plus(actual);
            if (all.missing() != null) {
                notChecked.add(table.name() + " " + name + "：未核对，因为" + all.missing());
                return;
            }
            identities.add(new Identity(table.name(), name, expected.value(), actual.value(), all.cells()));
        }
    }

    /** A non-negative integer as printed (full-width digits allowed), or null. */
    static Long parse(String printed) {
        if (printed == null) {
            return null;
        }
        String s = printed.strip();
        StringBuilder digits = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch >= '０' && ch <= '９') {
                digits.append((char) ('0' + (ch - '０')));
            } else if (ch >= '0' && ch <= '9') {
                digits.append(ch);
            } else {
                return null;
            }
        }
        if (digits.isEmpty() || digits.length() > 12) {
            return null;
        }
        return Long.parseLong(digits.toString());
    }
}
