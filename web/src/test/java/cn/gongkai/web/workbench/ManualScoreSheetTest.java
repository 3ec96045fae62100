package cn.gongkai.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;


import cn.gongkai.web.XlsxAttack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import rules on real xlsx files written with POI. */
class ManualScoreSheetTest {

    private static final ManualScoreSheet.Unit COUNTY = new ManualScoreSheet.Unit(1, "qinghe", "清河区人民政府",
            "COUNTY_GOVERNMENT");
    private static final ManualScoreSheet.Unit TOWN = new ManualScoreSheet.Unit(2, "1001", "东关街道", "TOWNSHIP");
    private static final ManualScoreSheet.Point GUIDE = new ManualScoreSheet.Point(10, "xxgk-pt-03", "指南及时更新",
            new BigDecimal("0.5"), "MANUAL", Set.of("COUNTY_GOVERNMENT", "TOWNSHIP"));
    private static final ManualScoreSheet.Point OPINION = new ManualScoreSheet.Point(11, "hygq-yq-01", "舆情回应",
            new BigDecimal("1"), "DEPARTMENT", Set.of("COUNTY_GOVERNMENT"));

    private static ManualScoreSheet.Context context(String... methods) {
        Map<String, ManualScoreSheet.Unit> units = new LinkedHashMap<>();
        units.put(COUNTY.code(), COUNTY);
        units.put(TOWN.code(), TOWN);
        Map<String, ManualScoreSheet.Point> points = new LinkedHashMap<>();
        points.put(GUIDE.code(), GUIDE);
        points.put(OPINION.code(), OPINION);
        return new ManualScoreSheet.Context(units, points, Set.of(methods));
    }

    /** A sheet with the template's header and the given rows; a Double cell is written as a number. */
    private static byte[] xlsx(List<String> header, List<Object[]> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = workbook.createSheet("得分");
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.size(); c++) {
                first.createCell(c).setCellValue(header.get(c));
            }
            int r = 0;
            for (Object[] values : rows) {
                Row row = sheet.createRow(++r);
                for (int c = 0; c < values.length; c++) {
                    if (values[c] instanceof Double d) {
                        row.createCell(c).setCellValue(d);
                    } else if (values[c] != null) {
                        row.createCell(c).setCellValue(values[c].toString());
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    private static Object[] row(Object unit, String point, Object score, String reason) {
        return new Object[] {unit, "名称", point, "评估点", 1.0, score, reason};
    }

    private static List<ManualScoreSheet.Entry> read(byte[] file, String... methods) {
        return ManualScoreSheet.read(new ByteArrayInputStream(file), context(methods));
    }

    private static List<String> errors(byte[] file, String... methods) {
        return catchThrowableOfType(ManualScoreImportException.class, () -> read(file, methods))
                .errors().stream().map(ManualScoreImportException.RowError::toString).toList();
    }

    @Test
    void readsFilledRowsAndSkipsUnscoredOnes() throws IOException {
        byte[] file = xlsx(ManualScoreSheet.HEADER, List.<Object[]>of(
                row("qinghe", "xxgk-pt-03", 0.3, "电话核实有效"),
                row(1001.0, "xxgk-pt-03", "0.25", null),   // a numeric unit code, a score typed as text
                row("qinghe", "hygq-yq-01", null, null),   // left unscored: skipped, even though not enterable
                new Object[0]));
        List<ManualScoreSheet.Entry> entries = read(file, "MANUAL");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).row()).isEqualTo(2);
        assertThat(entries.get(0).score()).isEqualByComparingTo("0.3");
        assertThat(entries.get(0).score().toPlainString()).isEqualTo("0.3");
        assertThat(entries.get(0).reason()).isEqualTo("电话核实有效");
        assertThat(entries.get(1).unit()).isEqualTo(TOWN);
        assertThat(entries.get(1).reason()).isNull();
    }

    @Test
    void reportsEveryBadRowWithItsNumber() throws IOException {
        byte[] file = xlsx(ManualScoreSheet.HEADER, List.<Object[]>of(
                row("qinghe", "xxgk-pt-03", 0.5, null),
                row("nowhere", "xxgk-pt-03", 0.5, null),
                row("qinghe", "no-such", 0.5, null),
                row("qinghe", "xxgk-pt-03", 0.4, null),
                row("1001", "xxgk-pt-03", "半分", null),
                row("1001", "xxgk-pt-03", 0.6, null),
                row("qinghe", "hygq-yq-01", 1.0, null),
                row("", "xxgk-pt-03", -1.0, null)));
        assertThat(errors(file, "MANUAL")).containsExactly(
                "第 3 行：单位代码「nowhere」不在本轮评估中",
                "第 4 行：评估点代码「no-such」不在本轮评估中",
                "第 5 行：与第 2 行重复（同一单位、同一评估点）",
                "第 6 行：得分「半分」不是数字",
                "第 7 行：得分 0.6 超出范围，应在 0 到 0.5 之间；与第 6 行重复（同一单位、同一评估点）",
                "第 8 行：评估点「hygq-yq-01」由主管部门评分，当前账号不能录入",
                "第 9 行：缺少单位代码；得分 -1 超出范围，应在 0 到 0.5 之间");
    }

    @Test
    void refusesAReasonOverTheLimitOfEveryReasonNamingTheColumn() throws IOException {
        byte[] file = xlsx(ManualScoreSheet.HEADER, List.<Object[]>of(
                row("qinghe", "xxgk-pt-03", 0.5, "核".repeat(1001)),
                row("1001", "xxgk-pt-03", 0.5, "核".repeat(1000))));
        assertThat(errors(file, "MANUAL")).containsExactly("第 2 行：「说明」不能超过 1000 个字符（现有 1001 个）");
        assertThat(read(xlsx(ManualScoreSheet.HEADER, List.<Object[]>of(row("1001", "xxgk-pt-03", 0.5,
                "核".repeat(1000)))), "MANUAL")).singleElement().satisfies(e -> assertThat(e.reason()).hasSize(1000));
    }

    @Test
    void refusesAPointThatDoesNotApplyToTheUnit() throws IOException {
        byte[] file = xlsx(ManualScoreSheet.HEADER, List.<Object[]>of(row("1001", "hygq-yq-01", 1.0, null)));
        assertThat(errors(file, "DEPARTMENT")).containsExactly("第 2 行：评估点「hygq-yq-01」不适用于东关街道");
        assertThat(read(xlsx(ManualScoreSheet.HEADER, List.<Object[]>of(row("qinghe", "hygq-yq-01", 1.0, null))),
                "DEPARTMENT")).hasSize(1);
    }

    @Test
    void refusesAWrongHeaderAnEmptyFileAndAFileWithoutScores() throws IOException {
        assertThat(errors(xlsx(List.of("单位", "评估点", "得分"), List.<Object[]>of(row("qinghe", "xxgk-pt-03", 0.5, null))),
                "MANUAL")).singleElement().asString().startsWith("第 1 行：表头应为「单位代码、单位名称");
        try (XSSFWorkbook empty = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            empty.createSheet("空");
            empty.write(out);
            assertThat(errors(out.toByteArray(), "MANUAL")).containsExactly("文件是空的：第一个工作表没有内容");
        }
        assertThat(errors(xlsx(ManualScoreSheet.HEADER, List.of()), "MANUAL"))
                .containsExactly("文件中没有填写任何得分");
    }

    @Test
    void refusesGarbageAndEncryptedFiles() throws Exception {
        assertThat(errors("单位代码,得分\nqinghe,1\n".getBytes(StandardCharsets.UTF_8), "MANUAL"))
                .containsExactly("不是有效的 xlsx 文件，请使用导出的模板");
        assertThat(errors(new byte[0], "MANUAL")).containsExactly("不是有效的 xlsx 文件，请使用导出的模板");

        byte[] plain = xlsx(ManualScoreSheet.HEADER, List.<Object[]>of(row("qinghe", "xxgk-pt-03", 0.5, null)));
        try (POIFSFileSystem fs = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("secret");
            try (OutputStream encrypted = encryptor.getDataStream(fs)) {
                encrypted.write(plain);
            }
            fs.writeFilesystem(out);
            assertThat(errors(out.toByteArray(), "MANUAL")).containsExactly("文件已加密，请去掉密码后再导入");
        }
    }

    @Test
    void anExportReadsBackAsItsOwnImport() {
        byte[] file = ManualScoreSheet.write(List.of(
                new ManualScoreSheet.Line(COUNTY, GUIDE, new BigDecimal("0.125"), null),
                new ManualScoreSheet.Line(TOWN, GUIDE, null, null)));
        List<ManualScoreSheet.Entry> entries = read(file, "MANUAL");
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.unit()).isEqualTo(COUNTY);
            assertThat(entry.score()).isEqualByComparingTo("0.125");
        });
        assertThatThrownBy(() -> read(file, "DEPARTMENT")).isInstanceOf(ManualScoreImportException.class)
                .hasMessageContaining("第 2 行：评估点「xxgk-pt-03」由评估人员评分，当前账号不能录入");
    }

    /**
     * The shape of the upload that took the server to 4 GB: nine sheets of many rows, inside POI's zip-bomb ratio. It
     * is refused for its rows, in a JVM of 256 MB, where reading it whole ran out of memory.
     */
    @Test
    void aWorkbookOfManyLargeSheetsIsRefusedInASmallHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("attack.xlsx");
        XlsxAttack.write(file, ManualScoreSheet.HEADER, List.of("qinghe", "清河区人民政府", "xxgk-pt-03", "指南及时更新"), 9,
                ManualScoreSheet.MAX_ROWS + 10_000);
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                SmallHeapImport.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A hang guard, not a speed target.
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(finished).as("the import hung:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("the import died (exit 3 is OutOfMemoryError):%n%s", output).isZero();
        assertThat(output).contains("refused: [行数过多：工作表“表1”超过 " + ManualScoreSheet.MAX_ROWS
                + " 行，一次最多导入 " + ManualScoreSheet.MAX_ROWS + " 行]");
    }

    /** Imports the file named by its argument and prints the outcome and the peak heap and resident memory. */
    static final class SmallHeapImport {
        public static void main(String[] args) throws IOException {
            try (var in = Files.newInputStream(Path.of(args[0]))) {
                System.out.println("read: " + ManualScoreSheet.read(in, context("MANUAL")).size() + " rows");
            } catch (ManualScoreImportException e) {
                System.out.println("refused: " + e.errors().stream().map(Object::toString).toList());
            }
            long heap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                heap += pool.getType() == MemoryType.HEAP ? pool.getPeakUsage().getUsed() : 0;
            }
            System.out.println("peak heap " + heap / 1024 / 1024 + " MB, peak RSS " + XlsxAttack.peakRssMb() + " MB");
        }
    }
}
