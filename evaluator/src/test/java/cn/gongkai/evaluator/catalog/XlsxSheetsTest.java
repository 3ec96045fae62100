package cn.gongkai.evaluator.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The streaming reader against POI's object model on the same real files, and its limits on hostile ones. */
class XlsxSheetsTest {

    private static final XlsxSheets.Budget ROOMY = new XlsxSheets.Budget(1000, 20, 100_000, 1_000_000);

    private static byte[] sample() throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.createSheet("说明").createRow(0).createCell(0).setCellValue("不读这张表");
            Sheet sheet = workbook.createSheet("数据");
            Row header = sheet.createRow(2);
            header.createCell(0).setCellValue(" 单位代码 ");
            header.createCell(3).setCellValue(1001);
            Row values = sheet.createRow(5);
            values.createCell(0).setCellValue(0.3);
            values.createCell(1).setCellValue(true);
            values.createCell(2).setCellFormula("1/0");
            values.createCell(4).setCellFormula("\"a\"&\"b\"");
            XSSFRichTextString rich = new XSSFRichTextString("清河区");
            rich.applyFont(0, 1, workbook.createFont());
            values.createCell(5).setCellValue(rich);
            values.createCell(6).setCellValue(1.0E-5);
            values.createCell(7).setCellStyle(workbook.createCellStyle());
            workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** What the imports read through the object model before: the reference the stream must match. */
    private static List<List<String>> throughObjectModel(byte[] bytes) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            Sheet sheet = workbook.getSheet("数据");
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < row.getLastCellNum(); c++) {
                    cells.add(text(row.getCell(c)));
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    private static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> cell.getStringCellValue().strip();
            case NUMERIC -> NumberToTextConverter.toText(cell.getNumericCellValue());
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            default -> "";
        };
    }

    @Test
    void readsTheChosenSheetAsTheObjectModelDid() throws IOException {
        byte[] bytes = sample();
        try (XlsxSheets workbook = XlsxSheets.open(new ByteArrayInputStream(bytes))) {
            assertThat(workbook.names()).containsExactly("说明", "数据");
            XlsxSheets.Sheet sheet = workbook.read(1, ROOMY);
            assertThat(sheet.rows()).extracting(XlsxSheets.Row::number).containsExactly(3, 6);
            List<List<String>> texts = new ArrayList<>();
            for (XlsxSheets.Row row : sheet.rows()) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    cells.add(row.text(c));
                }
                texts.add(cells);
            }
            List<List<String>> expected = throughObjectModel(bytes).stream().map(row -> {
                List<String> padded = new ArrayList<>(row);
                while (padded.size() < 8) {
                    padded.add("");
                }
                return padded;
            }).toList();
            assertThat(texts).isEqualTo(expected);
            assertThat(texts.get(0)).startsWith("单位代码", "", "", "1001");
            assertThat(texts.get(1)).startsWith("0.3", "true", "", "", "ab", "清河区", "0.00001");
        }
    }

    @Test
    void refusesRowsCellsAndTextOverTheBudgetNamingTheSheet() throws IOException {
        byte[] bytes = sample();
        try (XlsxSheets workbook = XlsxSheets.open(new ByteArrayInputStream(bytes))) {
            assertThat(catchThrowableOfType(XlsxSheets.Refused.class,
                    () -> workbook.read(1, new XlsxSheets.Budget(2, 20, 100, 1000))))
                    .satisfies(e -> {
                        assertThat(e.problem()).isEqualTo(XlsxSheets.Problem.TOO_MANY_ROWS);
                        assertThat(e.getMessage()).isEqualTo("工作表“数据”超过 2 行");
                    });
            assertThat(catchThrowableOfType(XlsxSheets.Refused.class,
                    () -> workbook.read(1, new XlsxSheets.Budget(10, 20, 5, 1000))))
                    .hasMessage("工作表“数据”的单元格超过 5 个");
        }
        try (XlsxSheets workbook = XlsxSheets.open(new ByteArrayInputStream(bytes))) {
            assertThat(catchThrowableOfType(XlsxSheets.Refused.class,
                    () -> workbook.read(1, new XlsxSheets.Budget(10, 20, 100, 5))))
                    .hasMessageContaining("中的文字超过 5 个字符");
        }
    }

    @Test
    void refusesOversizedTokensAndDeepNestingWithoutReadingThemWhole() throws IOException {
        String longAttribute = "<row r=\"1\" x=\"" + "ab".repeat(600_000) + "\"><c t=\"inlineStr\"><is><t>a</t></is></c></row>";
        assertThat(catchThrowableOfType(XlsxSheets.Refused.class, () -> readSheet(withSheetData(longAttribute))))
                .satisfies(e -> assertThat(e.problem()).isEqualTo(XlsxSheets.Problem.TOO_LARGE))
                .hasMessageContaining("超过 1 MB 的单一内容");
        String deep = "<row r=\"1\">" + "<x>".repeat(100) + "</x>".repeat(100) + "</row>";
        assertThat(catchThrowableOfType(XlsxSheets.Refused.class, () -> readSheet(withSheetData(deep))))
                .hasMessageContaining("嵌套过深");
        String longCell = "<row r=\"1\"><c t=\"inlineStr\"><is><t>" + "字".repeat(40_000) + "</t></is></c></row>";
        assertThat(catchThrowableOfType(XlsxSheets.Refused.class, () -> readSheet(withSheetData(longCell))))
                .hasMessageContaining("超出 Excel 的上限");
    }

    @Test
    void tellsGarbageFromAWorkbook() {
        assertThat(catchThrowableOfType(XlsxSheets.Refused.class, () -> XlsxSheets.open(
                new ByteArrayInputStream("单位代码,得分\n".getBytes(StandardCharsets.UTF_8)))).problem())
                .isEqualTo(XlsxSheets.Problem.NOT_XLSX);
        assertThat(catchThrowableOfType(XlsxSheets.Refused.class,
                () -> XlsxSheets.open(new ByteArrayInputStream(new byte[0]))).problem())
                .isEqualTo(XlsxSheets.Problem.NOT_XLSX);
    }

    private static XlsxSheets.Sheet readSheet(byte[] bytes) {
        try (XlsxSheets workbook = XlsxSheets.open(new ByteArrayInputStream(bytes))) {
            return workbook.read(0, ROOMY);
        }
    }

    /** A real workbook whose first sheet's rows are replaced by {@code rows}. */
    private static byte[] withSheetData(String rows) throws IOException {
        byte[] template;
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.createSheet("表").createRow(0).createCell(0).setCellValue(1);
            workbook.write(out);
            template = out.toByteArray();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out);
             ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(template))) {
            // stored, not deflated: the point is the reader's limits, not POI's zip-bomb ratio check
            zip.setLevel(0);
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int start = xml.indexOf("<sheetData>") + "<sheetData>".length();
                    content = (xml.substring(0, start) + rows + xml.substring(xml.indexOf("</sheetData>")))
                            .getBytes(StandardCharsets.UTF_8);
                }
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
