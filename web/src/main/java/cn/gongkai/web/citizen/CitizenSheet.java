package cn.gongkai.web.citizen;

import cn.gongkai.evaluator.catalog.CsvText;
import cn.gongkai.evaluator.catalog.XlsxSheets;
import cn.gongkai.web.input.TextInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The file citizens' scores come in, in one of two shapes told apart by the header:
 * <ul>
 * <li>per point: 单位代码, 评估点代码, 得分 (and optionally 单位名称, 评估点, 说明): one row per unit and PUBLIC point, the
 * score in the point's own marks;</li>
 * <li>satisfaction: 单位代码, 满意度 (and optionally 单位名称, 说明): one row per unit, a score from 0 to 100 (e.g. a
 * 测评票 or survey result) spread over the round's PUBLIC points that apply to the unit, each getting the same share
 * of its maximum, so the pool's total follows the satisfaction score.</li>
 * </ul>
 * Every row is checked against the round before anything is stored; a file with any bad cell changes nothing and its
 * sender learns of every one at once. Free of the database, so the rules can be tested on real files alone.
 */
final class CitizenSheet {

    static final String UNIT = "单位代码";
    static final String UNIT_NAME = "单位名称";
    static final String POINT = "评估点代码";
    static final String POINT_TEXT = "评估点";
    static final String SCORE = "得分";
    static final String SATISFACTION = "满意度";
    static final String NOTE = "说明";
    static final List<String> PER_POINT_HEADER = List.of(UNIT, UNIT_NAME, POINT, POINT_TEXT, SCORE, NOTE);
    static final List<String> SATISFACTION_HEADER = List.of(UNIT, UNIT_NAME, SATISFACTION, NOTE);
    static final int MAX_ROWS = 50_000;
    static final int MAX_BYTES = 10 * 1024 * 1024;
    private static final Set<String> KNOWN = Set.of(UNIT, UNIT_NAME, POINT, POINT_TEXT, SCORE, SATISFACTION, NOTE);
    private static final XlsxSheets.Budget BUDGET = new XlsxSheets.Budget(MAX_ROWS, 12, (MAX_ROWS + 1L) * 12,
            16_000_000);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    record Unit(long id, String code, String name, String type) {
    }

    /** A PUBLIC point of the round. */
    record Point(long id, String code, String text, BigDecimal maxScore, Set<String> appliesTo) {
        boolean appliesTo(Unit unit) {
            return appliesTo.contains(unit.type());
        }
    }

    /**
     * The round's units by code, its PUBLIC points by code, and the codes of its other points (named in a refusal:
     * "not a PUBLIC point" says more than "unknown point").
     */
    record Context(Map<String, Unit> units, Map<String, Point> publicPoints, Set<String> otherPoints) {
    }

    enum Shape {
        PER_POINT("逐项得分"), SATISFACTION("满意度");

        final String label;

        Shape(String label) {
            this.label = label;
        }
    }

    /** A score to store; {@code row} is the file's row it came from, {@code note} what the row said, if anything. */
    record Entry(int row, Unit unit, Point point, BigDecimal score, String note) {
    }

    record Result(Shape shape, List<Entry> entries, int rows) {
    }

    /** One row of the file as the sender sees it: its number and its cells' text. */
    record Line(int number, List<String> cells) {
        String get(int column) {
            return column >= 0 && column < cells.size() ? cells.get(column).strip() : "";
        }
    }

    private CitizenSheet() {
    }

    /** Reads an .xlsx (its first sheet) or a .csv (UTF-8 with or without BOM, or GB18030) upload into lines. */
    static List<Line> lines(String fileName, byte[] bytes) {
        String name = fileName == null ? "" : fileName.strip().toLowerCase(Locale.ROOT);
        if (bytes == null || bytes.length == 0) {
            throw CitizenImportException.ofFile("请选择要导入的 xlsx 或 CSV 文件");
        }
        if (bytes.length > MAX_BYTES) {
            throw CitizenImportException.ofFile("文件过大：不能超过 " + MAX_BYTES / 1024 / 1024 + " MB");
        }
        boolean zip = CsvText.startsWith(bytes, new byte[] {'P', 'K', 3, 4});
        boolean ole = CsvText.startsWith(bytes, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0});
        if (name.endsWith(".xlsx")) {
            if (!zip) {
                throw CitizenImportException.ofFile(ole ? "这是旧版 Excel（xls）文件：请在 Excel 中另存为 xlsx 后再导入"
                        : "文件不是有效的 xlsx 工作簿（可能已损坏，或扩展名与内容不符）");
            }
            return xlsx(bytes);
        }
        if (name.endsWith(".csv")) {
            if (zip || ole) {
                throw CitizenImportException.ofFile("这是 Excel 工作簿而不是 CSV 文件：请按 xlsx 导入（扩展名 .xlsx），或在 Excel 中另存为 CSV");
            }
            return csv(CsvText.decode(bytes).orElseThrow(() -> CitizenImportException.ofFile(
                    "无法识别文件的文字编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”")));
        }
        throw CitizenImportException.ofFile("只能导入 xlsx 或 CSV 文件（扩展名为 .xlsx 或 .csv）");
    }

    private static List<Line> xlsx(byte[] bytes) {
        XlsxSheets.Sheet sheet;
        try (XlsxSheets workbook = XlsxSheets.open(new ByteArrayInputStream(bytes))) {
            if (workbook.names().isEmpty()) {
                throw CitizenImportException.ofFile("文件中没有工作表");
            }
            sheet = workbook.read(0, BUDGET);
        } catch (XlsxSheets.Refused e) {
            throw switch (e.problem()) {
                case ENCRYPTED -> CitizenImportException.ofFile("文件已加密，请去掉密码后再导入");
                case OLD_EXCEL -> CitizenImportException.ofFile("请另存为 xlsx 格式（Excel 2007 及以上）后再导入");
                case NOT_XLSX -> CitizenImportException.ofFile("不是有效的 xlsx 文件");
                case TOO_MANY_ROWS -> CitizenImportException.ofFile("行数过多：" + e.getMessage() + "，一次最多导入 "
                        + MAX_ROWS + " 行");
                case TOO_LARGE -> CitizenImportException.ofFile("文件过大：" + e.getMessage());
            };
        }
        List<Line> lines = new ArrayList<>();
        for (XlsxSheets.Row row : sheet.rows()) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < row.cells().size(); c++) {
                cells.add(row.text(c));
            }
            lines.add(new Line(row.number(), cells));
        }
        return lines;
    }

    private static List<Line> csv(String text) {
        if (text.isBlank()) {
            throw CitizenImportException.ofFile("上传的文件是空的");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw CitizenImportException.ofFile("文件不是文本格式的 CSV（含有二进制内容）");
        }
        List<Line> lines = new ArrayList<>();
        long record = 0;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(CSVFormat.DEFAULT)
                .get()) {
            for (CSVRecord line : parser) {
                record = line.getRecordNumber();
                // Rows by record: a cell with a line break inside quotes is still one row, as Excel shows it.
                lines.add(new Line((int) record, line.toList()));
                if (lines.size() > MAX_ROWS + 1) {
                    throw CitizenImportException.ofFile("行数过多，一次最多导入 " + MAX_ROWS + " 行");
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw CitizenImportException.ofFile("CSV 格式错误，在第 " + (record + 1)
                    + " 行附近：可能有未配对的英文双引号。含逗号、引号或换行的单元格须用英文双引号括起");
        }
        return lines;
    }

    /** Every score the file gives, or an exception naming every bad cell. */
    static Result check(List<Line> lines, Context context) {
        List<Line> filled = lines.stream().filter(l -> l.cells().stream().anyMatch(c -> !c.isBlank())).toList();
        if (filled.isEmpty()) {
            throw CitizenImportException.ofFile("文件是空的：第一个工作表没有内容");
        }
        if (context.publicPoints().isEmpty()) {
            throw CitizenImportException.ofFile("本轮没有公众评价来源（PUBLIC）的评估点，无法导入公众评价；"
                    + "请先在本轮评分方案中把相应评估点划入公众评价来源");
        }
        Line header = filled.getFirst();
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<CitizenImportException.RowError> headerErrors = new ArrayList<>();
        for (int c = 0; c < header.cells().size(); c++) {
            String title = header.get(c);
            if (title.isEmpty()) {
                continue;
            }
            if (!KNOWN.contains(title)) {
                headerErrors.add(new CitizenImportException.RowError(header.number(), column(c, title),
                        "无法识别的列名「" + title + "」，可用的列为" + String.join("、", PER_POINT_HEADER) + "（逐项得分）或"
                                + String.join("、", SATISFACTION_HEADER) + "（满意度）"));
            } else if (columns.putIfAbsent(title, c) != null) {
                headerErrors.add(new CitizenImportException.RowError(header.number(), column(c, title),
                        "列名「" + title + "」重复出现"));
            }
        }
        if (!headerErrors.isEmpty()) {
            throw new CitizenImportException(headerErrors);
        }
        boolean perPoint = columns.containsKey(POINT) || columns.containsKey(SCORE);
        boolean satisfaction = columns.containsKey(SATISFACTION);
        if (perPoint && satisfaction) {
            throw new CitizenImportException(List.of(new CitizenImportException.RowError(header.number(), null,
                    "表头同时有「满意度」和「评估点代码」「得分」：一个文件只能是逐项得分或满意度中的一种")));
        }
        List<String> required = perPoint ? List.of(UNIT, POINT, SCORE) : List.of(UNIT, SATISFACTION);
        List<String> missing = required.stream().filter(r -> !columns.containsKey(r)).toList();
        if (!perPoint && !satisfaction || !missing.isEmpty()) {
            throw new CitizenImportException(List.of(new CitizenImportException.RowError(header.number(), null,
                    "表头缺少「" + String.join("」「", missing.isEmpty() ? required : missing) + "」列；逐项得分的表头为"
                            + String.join("、", PER_POINT_HEADER) + "，满意度的表头为"
                            + String.join("、", SATISFACTION_HEADER) + "（单位名称、评估点、说明可省略）")));
        }
        List<Line> body = filled.subList(1, filled.size());
        return perPoint ? new Result(Shape.PER_POINT, perPoint(body, columns, context), body.size())
                : new Result(Shape.SATISFACTION, satisfaction(body, columns, context), body.size());
    }

    private static List<Entry> perPoint(List<Line> body, Map<String, Integer> columns, Context context) {
        List<CitizenImportException.RowError> errors = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int unitColumn = columns.get(UNIT);
        int pointColumn = columns.get(POINT);
        int scoreColumn = columns.get(SCORE);
        int noteColumn = columns.getOrDefault(NOTE, -1);
        for (Line line : body) {
            int before = errors.size();
            Unit unit = unit(line, unitColumn, context, errors);
            String pointCode = line.get(pointColumn);
            Point point = null;
            if (pointCode.isEmpty()) {
                errors.add(error(line, pointColumn, POINT, "缺少评估点代码"));
            } else if (context.otherPoints().contains(pointCode)) {
                errors.add(error(line, pointColumn, POINT, "评估点「" + pointCode
                        + "」不属于公众评价来源（PUBLIC），不能由公众评价导入；本轮的公众评价评估点为"
                        + String.join("、", context.publicPoints().keySet())));
            } else if ((point = context.publicPoints().get(pointCode)) == null) {
                errors.add(error(line, pointColumn, POINT, "评估点代码「" + pointCode + "」不在本轮评估中"));
            }
            if (unit != null && point != null && !point.appliesTo(unit)) {
                errors.add(error(line, pointColumn, POINT, "评估点「" + pointCode + "」不适用于" + unit.name()));
            }
            BigDecimal score = number(line.get(scoreColumn));
            if (line.get(scoreColumn).isEmpty()) {
                errors.add(error(line, scoreColumn, SCORE, "缺少得分"));
            } else if (score == null) {
                errors.add(error(line, scoreColumn, SCORE, "得分「" + line.get(scoreColumn) + "」不是数字"));
            } else if (point != null && (score.signum() < 0 || score.compareTo(point.maxScore()) > 0)) {
                errors.add(error(line, scoreColumn, SCORE, "得分 " + score.toPlainString() + " 超出范围，应在 0 到 "
                        + point.maxScore().stripTrailingZeros().toPlainString() + " 之间"));
            } else if (score.stripTrailingZeros().scale() > 3) {
                errors.add(error(line, scoreColumn, SCORE, "得分最多保留三位小数"));
            }
            String note = note(line, noteColumn, errors);
            if (unit != null && point != null) {
                Integer first = seen.putIfAbsent(unit.code() + "\u0000" + point.code(), line.number());
                if (first != null) {
                    errors.add(new CitizenImportException.RowError(line.number(), null, "与第 " + first
                            + " 行重复（同一单位「" + unit.code() + "」、同一评估点「" + point.code() + "」）"));
                }
            }
            if (errors.size() == before) {
                entries.add(new Entry(line.number(), unit, point, score, note));
            }
        }
        return finish(errors, entries);
    }

    private static List<Entry> satisfaction(List<Line> body, Map<String, Integer> columns, Context context) {
        List<CitizenImportException.RowError> errors = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int unitColumn = columns.get(UNIT);
        int valueColumn = columns.get(SATISFACTION);
        int noteColumn = columns.getOrDefault(NOTE, -1);
        for (Line line : body) {
            int before = errors.size();
            Unit unit = unit(line, unitColumn, context, errors);
            List<Point> points = unit == null ? List.of()
                    : context.publicPoints().values().stream().filter(p -> p.appliesTo(unit)).toList();
            if (unit != null && points.isEmpty()) {
                errors.add(error(line, unitColumn, UNIT, "本轮没有适用于" + unit.name() + "的公众评价评估点"));
            }
            String text = line.get(valueColumn);
            BigDecimal value = number(text);
            if (text.isEmpty()) {
                errors.add(error(line, valueColumn, SATISFACTION, "缺少满意度"));
            } else if (value == null) {
                errors.add(error(line, valueColumn, SATISFACTION, "满意度「" + text + "」不是数字"));
            } else if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
                errors.add(error(line, valueColumn, SATISFACTION, "满意度 " + value.toPlainString()
                        + " 超出范围，应在 0 到 100 之间"));
            }
            String note = note(line, noteColumn, errors);
            if (unit != null) {
                Integer first = seen.putIfAbsent(unit.code(), line.number());
                if (first != null) {
                    errors.add(new CitizenImportException.RowError(line.number(), null, "与第 " + first
                            + " 行重复（同一单位「" + unit.code() + "」只能有一个满意度）"));
                }
            }
            if (errors.size() == before) {
                String why = "满意度 " + value.stripTrailingZeros().toPlainString() + " 分按满分比例折算"
                        + (note == null ? "" : "；" + note);
                for (Point point : points) {
                    entries.add(new Entry(line.number(), unit, point, share(value, point.maxScore()), why));
                }
            }
        }
        return finish(errors, entries);
    }

    /** {@code satisfaction}% of the point's maximum, to the three decimals a score keeps. */
    static BigDecimal share(BigDecimal satisfaction, BigDecimal maxScore) {
        return satisfaction.multiply(maxScore).divide(HUNDRED, 3, RoundingMode.HALF_UP);
    }

    private static Unit unit(Line line, int column, Context context, List<CitizenImportException.RowError> errors) {
        String code = line.get(column);
        if (code.isEmpty()) {
            errors.add(error(line, column, UNIT, "缺少单位代码"));
            return null;
        }
        Unit unit = context.units().get(code);
        if (unit == null) {
            errors.add(error(line, column, UNIT, "单位代码「" + code + "」不在本轮评估中"));
        }
        return unit;
    }

    private static String note(Line line, int column, List<CitizenImportException.RowError> errors) {
        String note = line.get(column);
        // As the manual-score sheet's 说明 and every reason people give: no control or direction-changing characters,
        // at most TextInput.REASON_MAX characters (the stored reason adds the file, row and digest to it).
        String problem = TextInput.nameProblem(note, NOTE, TextInput.REASON_MAX);
        if (problem != null) {
            errors.add(error(line, column, NOTE, problem));
        }
        return note.isEmpty() ? null : note;
    }

    private static List<Entry> finish(List<CitizenImportException.RowError> errors, List<Entry> entries) {
        if (!errors.isEmpty()) {
            throw new CitizenImportException(errors);
        }
        if (entries.isEmpty()) {
            throw CitizenImportException.ofFile("文件中没有填写任何得分（只有表头）");
        }
        return entries;
    }

    private static CitizenImportException.RowError error(Line line, int column, String title, String message) {
        return new CitizenImportException.RowError(line.number(), column(column, title), message);
    }

    /** "C 列（得分）": the column letter the spreadsheet shows, and the header that names it. */
    static String column(int index, String title) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters + " 列（" + title + "）";
    }

    /** A number typed as such reads through its shortest text: 0.3 is 0.3, not 0.29999999999999998889776975. */
    private static BigDecimal number(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
