package cn.gongkai.web.workbench;

import cn.gongkai.evaluator.catalog.CsvText;
import cn.gongkai.evaluator.catalog.XlsxSheets;
import cn.gongkai.web.input.TextInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The spreadsheet people fill in offline: one row per (unit, point). Reading checks every row against the round
 * before anything is stored, so a file with one bad row changes nothing and the sender learns of every bad row at once.
 * Kept free of the database so that the rules can be tested on real files alone.
 */
final class ManualScoreSheet {

    static final List<String> HEADER = List.of("单位代码", "单位名称", "评估点代码", "评估点", "满分", "得分", "说明");
    /**
     * An optional eighth column: 是 records a veto hit on a veto point (得分 0, 说明 required). Sheets without it, as
     * exported before it existed, read as before.
     */
    static final String VETO_COLUMN = "否决情形";
    static final String VETO_HIT = "是";
    static final int MAX_ROWS = 50_000;
    /**
     * What one import may read: the first sheet only, its first eight columns kept (the optional 否决情形 included),
     * and a bound on cells and text that a sheet of {@link #MAX_ROWS} rows with notes beside them stays well inside.
     */
    private static final XlsxSheets.Budget BUDGET = new XlsxSheets.Budget(MAX_ROWS, HEADER.size() + 1,
            (MAX_ROWS + 1L) * 20, 16_000_000);

    record Unit(long id, String code, String name, String type) {
    }

    record Point(long id, String code, String text, BigDecimal maxScore, String method, Set<String> appliesTo,
                 boolean veto) {
        Point(long id, String code, String text, BigDecimal maxScore, String method, Set<String> appliesTo) {
            this(id, code, text, maxScore, method, appliesTo, false);
        }

        boolean appliesTo(Unit unit) {
            return appliesTo.contains(unit.type());
        }
    }

    /** The round's units and points by code, and the methods the importing account may enter. */
    record Context(Map<String, Unit> units, Map<String, Point> points, Set<String> methods) {
    }

    /** A row to store; {@code row} is its spreadsheet row number. */
    record Entry(int row, Unit unit, Point point, BigDecimal score, String reason, boolean vetoHit) {
    }

    /** A line of an export: the current score may be empty. */
    record Line(Unit unit, Point point, BigDecimal score, String reason, boolean vetoHit) {
        Line(Unit unit, Point point, BigDecimal score, String reason) {
            this(unit, point, score, reason, false);
        }
    }

    private ManualScoreSheet() {
    }

    static String methodLabel(String method) {
        return switch (method) {
            case "MANUAL" -> "评估人员评分";
            case "DEPARTMENT" -> "主管部门评分";
            default -> method;
        };
    }

    /** Every filled-in row, or an exception naming every bad row; rows whose 得分 is empty are skipped. */
    static List<Entry> read(InputStream in, Context context) {
        XlsxSheets.Sheet sheet;
        try (XlsxSheets workbook = XlsxSheets.open(in)) {
            if (workbook.names().isEmpty()) {
                throw ManualScoreImportException.ofFile("文件中没有工作表");
            }
            sheet = workbook.read(0, BUDGET);
        } catch (XlsxSheets.Refused e) {
            throw switch (e.problem()) {
                case ENCRYPTED -> ManualScoreImportException.ofFile("文件已加密，请去掉密码后再导入");
                case OLD_EXCEL -> ManualScoreImportException.ofFile("请另存为 xlsx 格式（Excel 2007 及以上）后再导入");
                case NOT_XLSX -> ManualScoreImportException.ofFile("不是有效的 xlsx 文件，请使用导出的模板");
                case TOO_MANY_ROWS -> ManualScoreImportException.ofFile("行数过多：" + e.getMessage() + "，一次最多导入 "
                        + MAX_ROWS + " 行");
                case TOO_LARGE -> ManualScoreImportException.ofFile("文件过大：" + e.getMessage() + "；请使用导出的模板");
            };
        }
        return entries(sheet.rows(), context);
    }

    /**
     * The same sheet as a file named {@code fileName}: xlsx, or CSV (UTF-8 with or without BOM, or GB18030 as Excel on
     * Chinese Windows saves it) with the same columns. What {@code run-round --manual-scores} reads.
     */
    static List<Entry> read(String fileName, byte[] bytes, Context context) {
        String name = fileName == null ? "" : fileName.strip().toLowerCase(java.util.Locale.ROOT);
        if (bytes.length == 0) {
            throw ManualScoreImportException.ofFile("文件是空的");
        }
        boolean zip = CsvText.startsWith(bytes, new byte[] {'P', 'K', 3, 4});
        boolean ole = CsvText.startsWith(bytes, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0});
        if (name.endsWith(".xlsx")) {
            return read(new java.io.ByteArrayInputStream(bytes), context);
        }
        if (!name.endsWith(".csv")) {
            throw ManualScoreImportException.ofFile("只能导入 xlsx 或 CSV 文件（扩展名为 .xlsx 或 .csv）");
        }
        if (zip || ole) {
            throw ManualScoreImportException.ofFile("这是 Excel 工作簿而不是 CSV 文件：请把扩展名改为 .xlsx，或在 Excel 中另存为 CSV");
        }
        String text = CsvText.decode(bytes).orElseThrow(() -> ManualScoreImportException.ofFile(
                "无法识别文件的文字编码：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"));
        if (text.indexOf('\u0000') >= 0) {
            throw ManualScoreImportException.ofFile("文件不是文本格式的 CSV（含有二进制内容）");
        }
        List<XlsxSheets.Row> rows = new ArrayList<>();
        long record = 0;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(CSVFormat.DEFAULT)
                .get()) {
            for (CSVRecord line : parser) {
                record = line.getRecordNumber();
                if (rows.size() > MAX_ROWS) {
                    throw ManualScoreImportException.ofFile("行数过多，一次最多导入 " + MAX_ROWS + " 行");
                }
                // Every CSV cell is text as typed; the xlsx reader's cells are the same after text().
                rows.add(new XlsxSheets.Row((int) record, line.stream()
                        .map(cell -> new XlsxSheets.Cell(XlsxSheets.Kind.STRING, cell)).toList()));
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw ManualScoreImportException.ofFile("CSV 格式错误，在第 " + (record + 1)
                    + " 行附近：可能有未配对的英文双引号。含逗号、引号或换行的单元格须用英文双引号括起");
        }
        return entries(rows, context);
    }

    private static List<Entry> entries(List<XlsxSheets.Row> sheetRows, Context context) {
        if (sheetRows.isEmpty()) {
            throw ManualScoreImportException.ofFile("文件是空的：第一个工作表没有内容");
        }
        XlsxSheets.Row header = sheetRows.getFirst();
        List<String> found = new ArrayList<>();
        for (int c = 0; c < HEADER.size(); c++) {
            found.add(header.text(c));
        }
        if (!found.equals(HEADER)) {
            throw new ManualScoreImportException(List.of(new ManualScoreImportException.RowError(
                    header.number(), "表头应为「" + String.join("、", HEADER) + "」，实际为「"
                    + String.join("、", found) + "」；请使用导出的模板")));
        }
        boolean vetoColumn = VETO_COLUMN.equals(header.text(HEADER.size()));
        return rows(sheetRows.subList(1, sheetRows.size()), context, vetoColumn);
    }

    private static List<Entry> rows(List<XlsxSheets.Row> rows, Context context, boolean vetoColumn) {
        List<ManualScoreImportException.RowError> errors = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (XlsxSheets.Row row : rows) {
            int number = row.number();
            String unitCode = row.text(0);
            String pointCode = row.text(2);
            String scoreText = row.text(5);
            String reason = row.text(6);
            String vetoText = vetoColumn ? row.text(HEADER.size()) : "";
            if (scoreText.isEmpty()) {
                // Blank rows, and rows left unscored in an exported template, carry nothing to store.
                continue;
            }
            List<String> problems = new ArrayList<>();
            Unit unit = context.units().get(unitCode);
            Point point = context.points().get(pointCode);
            if (unitCode.isEmpty()) {
                problems.add("缺少单位代码");
            } else if (unit == null) {
                problems.add("单位代码「" + unitCode + "」不在本轮评估中");
            }
            if (pointCode.isEmpty()) {
                problems.add("缺少评估点代码");
            } else if (point == null) {
                problems.add("评估点代码「" + pointCode + "」不在本轮评估中");
            } else if (!context.methods().contains(point.method())) {
                problems.add("评估点「" + pointCode + "」由" + methodLabel(point.method()) + "，当前账号不能录入");
            }
            if (unit != null && point != null && !point.appliesTo(unit)) {
                problems.add("评估点「" + pointCode + "」不适用于" + unit.name());
            }
            BigDecimal score = number(scoreText);
            if (score == null) {
                problems.add("得分「" + scoreText + "」不是数字");
            } else if (point != null && (score.signum() < 0 || score.compareTo(point.maxScore()) > 0)) {
                problems.add("得分 " + score.toPlainString() + " 超出范围，应在 0 到 "
                        + point.maxScore().stripTrailingZeros().toPlainString() + " 之间");
            } else if (score.stripTrailingZeros().scale() > 3) {
                problems.add("得分最多保留三位小数");
            }
            // The limit of a reason typed on the grid, as of every reason people give (the column holds 2,000).
            String tooLong = TextInput.tooLong(reason, "说明", TextInput.REASON_MAX);
            if (tooLong != null) {
                problems.add(tooLong);
            }
            boolean vetoHit = VETO_HIT.equals(vetoText);
            if (!vetoText.isEmpty() && !vetoHit && !"否".equals(vetoText)) {
                problems.add("否决情形「" + vetoText + "」应填写「是」「否」或留空");
            } else if (vetoHit) {
                if (point != null && !point.veto()) {
                    problems.add("评估点「" + pointCode + "」不是否决项，不能认定否决情形");
                }
                if (score != null && score.signum() != 0) {
                    problems.add("认定否决情形时得分应为 0");
                }
                if (reason.isEmpty()) {
                    problems.add("认定否决情形须在「说明」中写明理由");
                }
            }
            if (unit != null && point != null) {
                Integer first = seen.putIfAbsent(unit.code() + "\u0000" + point.code(), number);
                if (first != null) {
                    problems.add("与第 " + first + " 行重复（同一单位、同一评估点）");
                }
            }
            if (problems.isEmpty()) {
                entries.add(new Entry(number, unit, point, score, reason.isEmpty() ? null : reason, vetoHit));
            } else {
                errors.add(new ManualScoreImportException.RowError(number, String.join("；", problems)));
            }
        }
        if (!errors.isEmpty()) {
            throw new ManualScoreImportException(errors);
        }
        if (entries.isEmpty()) {
            throw ManualScoreImportException.ofFile("文件中没有填写任何得分");
        }
        return entries;
    }

    static byte[] write(List<Line> lines) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("得分");
            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADER.size(); c++) {
                header.createCell(c).setCellValue(HEADER.get(c));
            }
            header.createCell(HEADER.size()).setCellValue(VETO_COLUMN);
            int r = 0;
            for (Line line : lines) {
                Row row = sheet.createRow(++r);
                row.createCell(0).setCellValue(line.unit().code());
                row.createCell(1).setCellValue(line.unit().name());
                row.createCell(2).setCellValue(line.point().code());
                row.createCell(3).setCellValue(line.point().text());
                row.createCell(4).setCellValue(line.point().maxScore().doubleValue());
                if (line.score() != null) {
                    row.createCell(5).setCellValue(line.score().doubleValue());
                }
                if (line.reason() != null) {
                    row.createCell(6).setCellValue(line.reason());
                }
                if (line.point().veto()) {
                    row.createCell(HEADER.size()).setCellValue(line.vetoHit() ? VETO_HIT : "否");
                }
            }
            sheet.setColumnWidth(1, 24 * 256);
            sheet.setColumnWidth(3, 60 * 256);
            sheet.setColumnWidth(6, 30 * 256);
            sheet.createFreezePane(0, 1);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number typed as such reads through its shortest text: 0.3 is 0.3, not 0.29999999999999998889776975. */
    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
