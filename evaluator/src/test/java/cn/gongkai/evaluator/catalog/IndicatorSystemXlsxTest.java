package cn.gongkai.evaluator.catalog;

import static cn.gongkai.evaluator.catalog.Systems.FIRST_CHECKERS;
import static cn.gongkai.evaluator.catalog.Systems.defaultCatalog;
import static cn.gongkai.evaluator.catalog.Systems.small;
import static cn.gongkai.evaluator.catalog.Systems.xlsx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.gongkai.evaluator.catalog.IndicatorImportException.RowError;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Point;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class IndicatorSystemXlsxTest {

    @Test
    void theDefaultCatalogRoundTrips() {
        IndicatorSystemDefinition catalog = defaultCatalog();
        assertThat(read(xlsx(catalog), "default", 1, catalog.name())).isEqualTo(catalog);
    }

    @Test
    void anImportTakesItsIdentityFromTheCaller() {
        IndicatorSystemDefinition catalog = defaultCatalog();
        assertThat(read(xlsx(catalog), "city-2026", 2, "某市2026年度指标体系"))
                .isEqualTo(new IndicatorSystemDefinition("city-2026", 2, "某市2026年度指标体系", catalog.areas()));
    }

    @Test
    void theWorkbookHasAChineseHeaderOneRowPerPointAndNumericScores() throws IOException {
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx(defaultCatalog())))) {
            assertThat(workbook.getSheetName(0)).isEqualTo("评估点");
            assertThat(workbook.getSheetName(1)).isEqualTo("填写说明");
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(139);
            Row header = sheet.getRow(0);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("区域代码");
            assertThat(List.of(header.getCell(2).getStringCellValue(), header.getCell(7).getStringCellValue(),
                    header.getCell(12).getStringCellValue())).containsExactly("指标代码", "分值", "检查参数");
            Row first = sheet.getRow(1);
            assertThat(first.getCell(0).getStringCellValue()).isEqualTo("xxgk");
            assertThat(first.getCell(7).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(first.getCell(7).getNumericCellValue()).isEqualTo(1.5);
            assertThat(first.getCell(11).getStringCellValue()).isEqualTo("disclosure-structure");
            assertThat(first.getCell(13).getStringCellValue()).isEqualTo("否");
        }
    }

    @Test
    void readsWhatEvaluatorsTypeChineseSpellingsMergedCellsAndReorderedColumns() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet("我的指标");
            List<String> header = new java.util.ArrayList<>(PointTable.HEADERS);
            java.util.Collections.reverse(header);
            cells(sheet.createRow(0), header.toArray());
            Object[][] rows = {
                // columns are reversed: 整改建议 … 区域代码
                {"更新首页", "否", "区县政府、部门", "首页两周未更新", "是", "{\"maxDays\": 14}", "homepage-update", "自动",
                    null, "二值", 60d, "首页两周内有更新", "p1", 100d, "网站更新", "w", "平台建设", "ptjs"},
                {"建立制度", "否", "镇街", null, "否", null, null, "人工", "{\"perViolation\":1,\"cap\":40}", "扣分",
                    "40", "制度健全", "p2", null, null, null, null, null},
                {null},
                {"表彰", "是", "COUNTY_GOVERNMENT", null, false, null, null, "部门", null, "BINARY", 1d, "获上级表彰",
                    "b1", 1d, "加分", "jf", "平台建设", "ptjs"},
            };
            for (int r = 0; r < rows.length; r++) {
                cells(sheet.createRow(r + 1), rows[r]);
            }
            // 区域代码, 区域名称, 指标代码, 指标名称 and 指标满分 merged down over the two rows of indicator w.
            for (int c = 13; c < 18; c++) {
                sheet.addMergedRegion(new CellRangeAddress(1, 2, c, c));
            }
            workbook.write(out);
        }
        IndicatorSystemDefinition system = read(out.toByteArray(), "t", 1, "测试");
        assertThat(system.areas()).singleElement().satisfies(area -> {
            assertThat(area.code()).isEqualTo("ptjs");
            assertThat(area.indicators()).extracting(i -> i.code()).containsExactly("w", "jf");
        });
        List<Point> points = Systems.points(system).toList();
        assertThat(points.get(0)).isEqualTo(new Point("p1", "首页两周内有更新", new BigDecimal("60"), "BINARY", Map.of(),
                "AUTO", "homepage-update", Map.of("maxDays", 14), true, "首页两周未更新",
                List.of("COUNTY_GOVERNMENT", "DEPARTMENT"), false, "更新首页"));
        assertThat(points.get(1)).isEqualTo(new Point("p2", "制度健全", new BigDecimal("40"), "DEDUCTION",
                Map.of("perViolation", 1, "cap", 40), "MANUAL", null, Map.of(), false, null, List.of("TOWNSHIP"), false,
                "建立制度"));
        assertThat(points.get(2).bonus()).isTrue();
        assertThat(points.get(2).method()).isEqualTo("DEPARTMENT");
    }

    @Test
    void filesThatAreNotReadableWorkbooksAreRefusedWithOneReason() throws Exception {
        assertThat(fileError(new byte[0])).isEqualTo("文件是空的");
        assertThat(fileError("区域代码,区域名称\nxxgk,信息公开\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("无法读取文件：它不是 Excel 工作簿（xlsx），或已损坏");
        byte[] truncated = java.util.Arrays.copyOf(xlsx(small()), 2000);
        assertThat(fileError(truncated)).contains("无法读取");
        assertThat(fileError(encrypted(xlsx(small()), "secret")))
                .isEqualTo("文件设置了打开密码，无法读取：请在 Excel 中取消密码后另存为 xlsx 再导入");
        assertThat(fileError(workbook(sheet -> { })))
                .isEqualTo("工作表“评估点”是空的：第一行应为表头：" + String.join("、", PointTable.HEADERS));
        assertThat(fileError(workbook(sheet -> cells(sheet.createRow(0), PointTable.HEADERS.toArray()))))
                .isEqualTo("文件中没有任何评估点：表头下面应每行一个评估点");
        assertThat(fileError(workbook(sheet -> sheet.createRow(0).createCell(5000).setCellValue("备注"))))
                .isEqualTo("表头有 5001 列，远多于指标体系的 18 列：请只保留“评估点”表的各列");
    }

    @Test
    void aWrongHeaderIsReportedAtTheHeaderRow() throws IOException {
        byte[] file = workbook(sheet -> {
            List<String> header = new java.util.ArrayList<>(PointTable.HEADERS);
            header.set(header.indexOf("分值"), "得分");
            header.remove("整改建议");
            header.add("计分规则");
            cells(sheet.createRow(0), header.toArray());
            cells(sheet.createRow(1), "xxgk", "信息公开");
        });
        List<RowError> errors = errors(file);
        assertThat(errors).extracting(RowError::rowNumber).containsOnly(1);
        assertThat(errors).extracting(RowError::message).containsExactly(
                "表头中有未知的列“得分”",
                "表头中“计分规则”列出现了不止一次",
                "表头缺少这些列：分值、整改建议。第一行应为表头：" + String.join("、", PointTable.HEADERS));
    }

    @Test
    void everyBadRowIsReportedAtOnceInChinese() throws IOException {
        byte[] file = edit(xlsx(defaultCatalog()), sheet -> {
            set(sheet, 2, "分值", "abc");
            set(sheet, 3, "计分规则", "FOO");
            set(sheet, 4, "指标名称", "别的名字");
            set(sheet, 6, "检查参数", "{maxDays:");
            set(sheet, 8, "单项否决", "也许");
            set(sheet, 9, "评估点代码", "xxgk-jg-01");
            set(sheet, 10, "检查器", "homepage-update");
            set(sheet, 11, "适用单位", "村委会");
        });
        IndicatorImportException refused = catchThrowableOfType(IndicatorImportException.class,
                () -> read(file, "default", 2, "改过的"));
        assertThat(refused.errors()).extracting(RowError::toString).containsExactly(
                "第 2 行：“分值”应为数字，实际为“abc”",
                "第 3 行：评估点 xxgk-pt-02：未知的计分规则“FOO”，应为 BINARY、GRADED、PROPORTIONAL 或 DEDUCTION",
                "第 4 行：指标 xxgk-pt 的名称“别的名字”与第 2 行的“政府信息公开平台与指南目录”不一致",
                "第 6 行：“检查参数”应为 JSON 对象，如 {\"maxDays\": 14}，实际为“{maxDays:”",
                "第 8 行：“单项否决”应填“是”或“否”，实际为“也许”",
                "第 9 行：评估点 xxgk-jg-01：评估点代码 xxgk-jg-01 重复：同一指标体系中的评估点代码必须唯一",
                "第 10 行：评估点 xxgk-jg-03：评估方式为 MANUAL 的评估点由人工评分，不能指定检查器“homepage-update”",
                "第 11 行：评估点 xxgk-jg-04：未知的单位类型“村委会”，应为 COUNTY_GOVERNMENT、DEPARTMENT 或 TOWNSHIP");
        assertThat(refused.getMessage()).startsWith("指标体系未导入，共 8 处问题：\n第 2 行：");
    }

    @Test
    void totalsThatDoNotAddUpAreReportedAtTheIndicatorAndForTheWholeFile() throws IOException {
        byte[] file = edit(xlsx(defaultCatalog()), sheet -> set(sheet, 2, "分值", 2.5));
        assertThat(errors(file)).extracting(RowError::toString).containsExactly(
                "整个文件：指标体系：非加分评估点的分值合计应为 100，实际为 101",
                "第 2 行：指标 xxgk-pt：非加分评估点的分值合计为 5，与指标满分 4 不一致");
    }

    @Test
    void theShortFormValidatesAgainstTheRegisteredCheckers() {
        IndicatorSystemDefinition system = small();
        assertThat(IndicatorSystemXlsx.read(new ByteArrayInputStream(xlsx(system)), "test", 1, "测试指标体系"))
                .isEqualTo(system);
    }

    static IndicatorSystemDefinition read(byte[] file, String code, int version, String name) {
        return IndicatorSystemXlsx.read(new ByteArrayInputStream(file), code, version, name, FIRST_CHECKERS);
    }

    private static List<RowError> errors(byte[] file) {
        IndicatorImportException refused = catchThrowableOfType(IndicatorImportException.class,
                () -> read(file, "t", 1, "测试"));
        assertThat(refused).as("import refused").isNotNull();
        return refused.errors();
    }

    private static String fileError(byte[] file) {
        List<RowError> errors = errors(file);
        assertThat(errors).singleElement().extracting(RowError::rowNumber).isEqualTo(0);
        return errors.getFirst().message();
    }

    static byte[] encrypted(byte[] xlsx, String password) throws Exception {
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword(password);
            try (OPCPackage opc = OPCPackage.open(new ByteArrayInputStream(xlsx));
                 OutputStream os = encryptor.getDataStream(fs)) {
                opc.save(os);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    interface SheetEdit {
        void apply(Sheet sheet) throws IOException;
    }

    private static byte[] workbook(SheetEdit edit) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            edit.apply(workbook.createSheet("评估点"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        }
    }

    static byte[] edit(byte[] xlsx, SheetEdit edit) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            edit.apply(workbook.getSheet("评估点"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** Sets a cell by its row number as Excel shows it and its column header. */
    static void set(Sheet sheet, int rowNumber, String header, Object value) {
        Row row = sheet.getRow(rowNumber - 1);
        Cell cell = row.getCell(PointTable.HEADERS.indexOf(header), Row.MissingCellPolicy.CREATE_NULL_AS_BLANK);
        if (value instanceof Double d) {
            cell.setCellValue(d);
        } else {
            cell.setCellValue((String) value);
        }
    }

    private static void cells(Row row, Object... values) {
        for (int c = 0; c < values.length; c++) {
            Object value = values[c];
            if (value == null) {
                continue;
            }
            Cell cell = row.createCell(c);
            switch (value) {
                case Double d -> cell.setCellValue(d);
                case Boolean b -> cell.setCellValue(b);
                default -> cell.setCellValue(value.toString());
            }
        }
    }
}
