package cn.gongkai.evaluator.catalog;

import cn.gongkai.evaluator.catalog.PointTable.Column;
import cn.gongkai.evaluator.check.RoundChecker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Indicator systems as Excel workbooks, the form evaluators work in: a sheet 评估点 with one row per point and a
 * sheet 填写说明 explaining the columns. Reading takes the whole file or nothing (see {@link PointTable}).
 */
public final class IndicatorSystemXlsx {

    static final String SHEET = "评估点";
    private static final String GUIDE = "填写说明";
    /** Drop-down lists reach this far down; rows past it can still be typed. */
    private static final int VALIDATED_ROWS = 2000;
    /** Every row is read this wide; a header wider than this is not an indicator system. */
    private static final int MAX_COLUMNS = 100;

    private IndicatorSystemXlsx() {
    }

    public static void write(IndicatorSystemDefinition system, OutputStream out) {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet(SHEET);
            CellStyle headerStyle = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            headerStyle.setFont(bold);
            headerStyle.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            headerStyle.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            CellStyle wrapped = workbook.createCellStyle();
            wrapped.setWrapText(true);
            wrapped.setVerticalAlignment(VerticalAlignment.TOP);
            CellStyle plain = workbook.createCellStyle();
            plain.setVerticalAlignment(VerticalAlignment.TOP);

            Column[] columns = Column.values();
            Row header = sheet.createRow(0);
            for (int c = 0; c < columns.length; c++) {
                Cell cell = header.createCell(c);
                cell.setCellValue(columns[c].header);
                cell.setCellStyle(headerStyle);
                sheet.setColumnWidth(c, width(columns[c]) * 256);
            }
            List<List<Object>> rows = PointTable.rows(system);
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < columns.length; c++) {
                    Object value = rows.get(r).get(c);
                    if (value == null) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (value instanceof BigDecimal number) {
                        cell.setCellValue(number.doubleValue());
                    } else {
                        cell.setCellValue((String) value);
                    }
                    cell.setCellStyle(width(columns[c]) > 30 ? wrapped : plain);
                }
            }
            sheet.createFreezePane(0, 1);
            dropDown(sheet, Column.RULE, IndicatorSystemValidator.SCORING_RULES.stream().sorted().toList());
            dropDown(sheet, Column.METHOD, List.of("AUTO", "ASSISTED", "MANUAL", "DEPARTMENT"));
            dropDown(sheet, Column.VETO, List.of("是", "否"));
            dropDown(sheet, Column.BONUS, List.of("是", "否"));
            guide(workbook.createSheet(GUIDE), headerStyle, wrapped);
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and validates against the checkers gongkai ships. */
    public static IndicatorSystemDefinition read(InputStream in, String code, int version, String name) {
        return read(in, code, version, name, RoundChecker.defaultCheckerTypes());
    }

    /**
     * The system the workbook describes, validated against {@code checkerTypes}.
     *
     * @throws IndicatorImportException with every problem, each at its row, when anything is wrong
     */
    public static IndicatorSystemDefinition read(InputStream in, String code, int version, String name,
                                                 Set<String> checkerTypes) {
        byte[] bytes = PointTable.bytes(in);
        List<String> header;
        int headerRow;
        List<PointTable.Row> rows = new ArrayList<>();
        try (Workbook workbook = open(bytes)) {
            Sheet sheet = workbook.getSheet(SHEET);
            if (sheet == null) {
                if (workbook.getNumberOfSheets() == 0) {
                    throw IndicatorImportException.ofFile("工作簿中没有工作表");
                }
                sheet = workbook.getSheetAt(0);
            }
            if (sheet.getPhysicalNumberOfRows() == 0) {
                throw IndicatorImportException.ofFile("工作表“" + sheet.getSheetName() + "”是空的：第一行应为表头："
                        + String.join("、", PointTable.HEADERS));
            }
            Cells cells = new Cells(sheet);
            int first = sheet.getFirstRowNum();
            headerRow = first + 1;
            int lastCell = sheet.getRow(first).getLastCellNum();
            if (lastCell > MAX_COLUMNS) {
                throw IndicatorImportException.ofFile("表头有 " + lastCell + " 列，远多于指标体系的 "
                        + Column.values().length + " 列：请只保留“评估点”表的各列");
            }
            int width = Math.max(lastCell, Column.values().length);
            header = cells.row(first, width);
            for (int r = first + 1; r <= sheet.getLastRowNum(); r++) {
                rows.add(new PointTable.Row(r + 1, cells.row(r, width)));
                if (rows.size() > PointTable.MAX_ROWS * 2) {
                    break; // enough to refuse the file; a sheet of a million blank-styled rows need not be walked
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IndicatorImportException refused) {
                throw refused;
            }
            throw IndicatorImportException.ofFile("无法读取工作表内容，文件可能已损坏：请在 Excel 中打开并另存为 xlsx 后重试");
        }
        var columns = PointTable.columns(header, headerRow);
        return PointTable.read(columns, rows, code, version, name, checkerTypes);
    }

    private static Workbook open(byte[] bytes) {
        try {
            return WorkbookFactory.create(new ByteArrayInputStream(bytes));
        } catch (EncryptedDocumentException e) {
            throw IndicatorImportException.ofFile("文件设置了打开密码，无法读取：请在 Excel 中取消密码后另存为 xlsx 再导入");
        } catch (IOException | RuntimeException e) {
            throw IndicatorImportException.ofFile("无法读取文件：它不是 Excel 工作簿（xlsx），或已损坏");
        }
    }

    /** Cell text as an evaluator sees it, with merged cells read as their top-left value on every row. */
    private static final class Cells {
        final Sheet sheet;
        final DataFormatter formatter = new DataFormatter();
        final Map<Long, Cell> merged = new HashMap<>();

        Cells(Sheet sheet) {
            this.sheet = sheet;
            for (CellRangeAddress range : sheet.getMergedRegions()) {
                Row top = sheet.getRow(range.getFirstRow());
                Cell corner = top == null ? null : top.getCell(range.getFirstColumn());
                // Only the columns of a row matter; a range spanning the whole sheet is not walked cell by cell.
                int lastRow = Math.min(range.getLastRow(), range.getFirstRow() + PointTable.MAX_ROWS * 2);
                int lastColumn = Math.min(range.getLastColumn(), 255);
                for (int r = range.getFirstRow(); r <= lastRow; r++) {
                    for (int c = range.getFirstColumn(); c <= lastColumn; c++) {
                        merged.put(key(r, c), corner);
                    }
                }
            }
        }

        List<String> row(int r, int width) {
            Row row = sheet.getRow(r);
            List<String> values = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                Cell cell = merged.containsKey(key(r, c)) ? merged.get(key(r, c)) : row == null ? null : row.getCell(c);
                values.add(text(cell));
            }
            return values;
        }

        String text(Cell cell) {
            if (cell == null) {
                return null;
            }
            CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType()
                    : cell.getCellType();
            return switch (type) {
                case NUMERIC -> DateUtil.isCellDateFormatted(cell) ? formatter.formatCellValue(cell)
                        : plain(cell.getNumericCellValue());
                case STRING -> cell.getStringCellValue();
                case BOOLEAN -> cell.getBooleanCellValue() ? "是" : "否";
                case ERROR -> FormulaError.forInt(cell.getErrorCellValue()).getString();
                default -> null;
            };
        }

        private static long key(int row, int column) {
            return ((long) row << 16) | column;
        }

        // A score of 2.5 is stored as the double 2.5; the shortest decimal that reads back as it is what was typed.
        private static String plain(double value) {
            BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
            return (decimal.scale() < 0 ? decimal.setScale(0) : decimal).toPlainString();
        }
    }

    private static int width(Column column) {
        return switch (column) {
            case TEXT, HOW_TO_FIX -> 60;
            case VETO_REASON -> 36;
            case RULE_PARAMS, PARAMS -> 30;
            case AREA_NAME, INDICATOR_NAME -> 18;
            case POINT_CODE, INDICATOR_CODE, CHECKER, APPLIES_TO -> 22;
            default -> 12;
        };
    }

    private static void dropDown(Sheet sheet, Column column, List<String> values) {
        DataValidationHelper helper = sheet.getDataValidationHelper();
        int c = column.ordinal();
        DataValidation validation = helper.createValidation(
                helper.createExplicitListConstraint(values.toArray(String[]::new)),
                new CellRangeAddressList(1, VALIDATED_ROWS, c, c));
        // A suggestion only: the Chinese spellings the importer accepts (人工, 扣分 …) must stay typeable.
        validation.setShowErrorBox(false);
        sheet.addValidationData(validation);
    }

    private static void guide(Sheet sheet, CellStyle headerStyle, CellStyle wrapped) {
        String[][] lines = {
            {"列", "填写说明"},
            {"区域代码、区域名称", "一级指标（区域），如 xxgk 信息公开。同一区域的各行代码和名称必须一致。"},
            {"指标代码、指标名称、指标满分", "二级指标。指标代码在整个指标体系中唯一；指标满分等于其下非加分评估点分值之和。"},
            {"评估点代码", "在整个指标体系中唯一，只用字母、数字、点、下划线和连字符。"},
            {"分值", "评估点满分。全部非加分评估点的分值合计必须为 100。"},
            {"计分规则", "BINARY（达标得满分，否则 0 分）、GRADED（分档）、PROPORTIONAL（按比例）、DEDUCTION（扣分）。"},
            {"计分参数", "JSON。GRADED：{\"levels\":[0,0.5,1],\"labels\":[\"未公开\",\"公开但不易找到\",\"公开且易找到\"]}；"
                    + "DEDUCTION：{\"perViolation\":0.5,\"cap\":2}（cap 不超过分值）；PROPORTIONAL：{\"zeroAt\":0.5,\"fullAt\":1}；"
                    + "BINARY 不填。"},
            {"评估方式", "AUTO（机器检查）、ASSISTED（机器初查、人工复核）、MANUAL（评估人员根据材料评分）、DEPARTMENT（主管部门评分）。"},
            {"检查器、检查参数", "仅 AUTO、ASSISTED 填写：检查器名称及其 JSON 参数，如 {\"maxDays\":14}。阈值写在参数中。"},
            {"单项否决、否决理由", "“是”或“否”；单项否决项必须写明否决理由。"},
            {"适用单位", "COUNTY_GOVERNMENT（区县政府）、DEPARTMENT（部门）、TOWNSHIP（镇街），多个用逗号分隔。"},
            {"加分项", "“是”的评估点不计入 100 分。"},
            {"导入规则", "导入前检查全部内容；任何一行有错误则整个文件都不导入，并逐行列出问题。"},
        };
        for (int r = 0; r < lines.length; r++) {
            Row row = sheet.createRow(r);
            for (int c = 0; c < 2; c++) {
                Cell cell = row.createCell(c);
                cell.setCellValue(lines[r][c]);
                cell.setCellStyle(r == 0 ? headerStyle : wrapped);
            }
        }
        sheet.setColumnWidth(0, 30 * 256);
        sheet.setColumnWidth(1, 90 * 256);
    }
}
