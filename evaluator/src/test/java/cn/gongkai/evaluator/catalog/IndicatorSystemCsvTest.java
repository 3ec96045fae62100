package cn.gongkai.evaluator.catalog;

import static cn.gongkai.evaluator.catalog.Systems.FIRST_CHECKERS;
import static cn.gongkai.evaluator.catalog.Systems.csv;
import static cn.gongkai.evaluator.catalog.Systems.defaultCatalog;
import static cn.gongkai.evaluator.catalog.Systems.small;
import static cn.gongkai.evaluator.catalog.Systems.xlsx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.gongkai.evaluator.catalog.IndicatorImportException.RowError;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorSystemCsvTest {

    @Test
    void theDefaultCatalogRoundTrips() {
        IndicatorSystemDefinition catalog = defaultCatalog();
        assertThat(read(csv(catalog), catalog)).isEqualTo(catalog);
    }

    @Test
    void isWrittenAsUtf8WithAByteOrderMarkForExcelAndAChineseHeader() {
        byte[] file = csv(defaultCatalog());
        assertThat(Arrays.copyOf(file, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(file, 3, file.length - 3, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertThat(lines.getFirst()).isEqualTo(String.join(",", PointTable.HEADERS));
        assertThat(lines).hasSize(140);
        assertThat(lines.get(1)).startsWith("xxgk,信息公开,xxgk-pt,政府信息公开平台与指南目录,4,xxgk-pt-01,");
        // JSON params are quoted, their quotes doubled.
        assertThat(text).contains("\"{\"\"columnTypes\"\":[\"\"NEWS\"\"],\"\"maxDays\"\":14}\"");
    }

    @Test
    void readsACsvThatExcelSavedInTheChineseCodePage() {
        String text = new String(csv(defaultCatalog()), StandardCharsets.UTF_8).substring(1); // without the BOM
        byte[] gb18030 = text.getBytes(Charset.forName("GB18030"));
        assertThat(gb18030).isNotEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(read(gb18030, defaultCatalog())).isEqualTo(defaultCatalog());
    }

    @Test
    void columnsMayComeInAnyOrder() {
        String text = new String(csv(small()), StandardCharsets.UTF_8).substring(1);
        // Swap the first two columns (区域代码, 区域名称) on every line; no cell here contains a comma before them.
        String swapped = text.lines().map(line -> {
            String[] cells = line.split(",", 3);
            return cells[1] + "," + cells[0] + "," + cells[2];
        }).reduce("", (a, b) -> a + b + "\r\n");
        assertThat(read(swapped.getBytes(StandardCharsets.UTF_8), small())).isEqualTo(small());
    }

    @Test
    void brokenFilesAreRefusedWithAReason() {
        assertThat(fileError(new byte[0])).isEqualTo("文件是空的");
        assertThat(fileError("\uFEFF  \r\n".getBytes(StandardCharsets.UTF_8))).isEqualTo("文件是空的");
        assertThat(fileError(xlsx(small())))
                .isEqualTo("这是 Excel 工作簿而不是 CSV 文件：请按 xlsx 导入，或在 Excel 中另存为 CSV");
        String unterminated = String.join(",", PointTable.HEADERS) + "\r\nxxgk,\"信息公开,xxgk-pt\r\n";
        assertThat(fileError(unterminated.getBytes(StandardCharsets.UTF_8))).startsWith("CSV 格式错误");
        assertThat(fileError((String.join(",", PointTable.HEADERS) + "\r\n").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("文件中没有任何评估点：表头下面应每行一个评估点");
        byte[] noHeader = "xxgk,信息公开,xxgk-pt\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(errors(noHeader)).extracting(RowError::rowNumber).containsOnly(1);
        assertThat(errors(noHeader)).extracting(RowError::message).contains("表头中有未知的列“xxgk”");
    }

    @Test
    void badRowsAreReportedByTheirRowNumber() {
        List<String> lines = new java.util.ArrayList<>(
                new String(csv(small()), StandardCharsets.UTF_8).substring(1).lines().toList());
        // Row 2 (p1): score "三十"; row 4 (p3): method AUTO → MANUAL while it still names its checker.
        lines.set(1, lines.get(1).replace(",p1,评估点内容,30,", ",p1,评估点内容,三十,"));
        lines.set(3, lines.get(3).replace(",AUTO,", ",MANUAL,"));
        byte[] file = String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
        assertThat(errors(file)).extracting(RowError::toString).containsExactly(
                "第 2 行：“分值”应为数字，实际为“三十”",
                "第 4 行：评估点 p3：评估方式为 MANUAL 的评估点由人工评分，不能指定检查器“homepage-update”",
                "第 4 行：评估点 p3：评估方式为 MANUAL 的评估点不应有检查参数");
    }

    /** Reads under the identity of {@code source}, which a file does not carry. */
    static IndicatorSystemDefinition read(byte[] file, IndicatorSystemDefinition source) {
        return IndicatorSystemCsv.read(new ByteArrayInputStream(file), source.code(), source.version(), source.name(),
                FIRST_CHECKERS);
    }

    private static List<RowError> errors(byte[] file) {
        IndicatorImportException refused = catchThrowableOfType(IndicatorImportException.class,
                () -> IndicatorSystemCsv.read(new ByteArrayInputStream(file), "t", 1, "测试", FIRST_CHECKERS));
        assertThat(refused).as("import refused").isNotNull();
        return refused.errors();
    }

    private static String fileError(byte[] file) {
        List<RowError> errors = errors(file);
        assertThat(errors).singleElement().extracting(RowError::rowNumber).isEqualTo(0);
        return errors.getFirst().message();
    }
}
