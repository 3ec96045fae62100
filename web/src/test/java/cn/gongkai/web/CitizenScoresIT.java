package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * 公众评价 imported on the workbench: a satisfaction score spread over the round's PUBLIC points by their maxima, or
 * scores point by point, reaching the scoring as manual scores do; a file with a bad row refused naming row and
 * column, with nothing stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CitizenScoresIT {

    private static final String PASSWORD = "test-password-pub";
    // xxgk-jg-01 (1 mark) and xxgk-jg-02 (0.5) apply to every unit type, xxgk-zcwj-06 (1) to county governments
    // only: the three are put in the PUBLIC pool. xxgk-pt-03 (0.5) stays with the evaluators. No crawl is needed.
    private static final String ROUND = """
            name: 公众评价测试轮次
            indicatorSystem: default
            points: [xxgk-jg-01, xxgk-jg-02, xxgk-zcwj-06, xxgk-pt-03]
            groups:
              - code: pub-counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - code: pub-county
                    name: 测试县人民政府
                    channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/'}]
              - code: pub-departments
                name: 市直部门
                unitType: DEPARTMENT
                units:
                  - code: pub-dept
                    name: 测试市教育局
                    channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/dept/'}]
            """;

    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @LocalServerPort int port;

    private long roundId;
    private long county;
    private long dept;
    private WebSession evaluator;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-public");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void round() throws Exception {
        roundId = importer.importRound(RoundDefinition.parse(ROUND, null), ROUND);
        county = unit("pub-county");
        dept = unit("pub-dept");
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "REVIEWING")
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
        RoundPolicies policies = new RoundPolicies(dsl);
        policies.save(roundId, policies.load(roundId).withPointPools(Map.of(
                point("xxgk-jg-01"), RoundPolicy.Pool.PUBLIC, point("xxgk-jg-02"), RoundPolicy.Pool.PUBLIC,
                point("xxgk-zcwj-06"), RoundPolicy.Pool.PUBLIC)), "test", "公众评价来源");
        accounts.create("test", "pub-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        evaluator = WebSession.loggedIn(port, "pub-eva", PASSWORD);
    }

    @Test
    @Order(1)
    void thePageListsTheRoundsPublicPoints() throws Exception {
        String page = evaluator.getPage(path("")).body();
        assertThat(page).contains("本轮公众评价评估点（3 个）").contains("xxgk-jg-01").contains("xxgk-zcwj-06")
                .doesNotContain("xxgk-pt-03");
        assertThat(evaluator.getPage("/workbench").body()).contains(path(""));
    }

    @Test
    @Order(1)
    void theCompletionPageLabelsUnscoredPublicPointsAsPublicEvaluationAndLinksToTheImport() throws Exception {
        rescore();
        String page = evaluator.getPage("/workbench/rounds/" + roundId + "/completion").body();
        // The catalogue makes all four MANUAL; the round's policy puts three in the PUBLIC pool.
        for (String point : List.of("xxgk-jg-01", "xxgk-jg-02", "xxgk-zcwj-06")) {
            assertThat(pointRow(page, point)).contains("公众评价", path("")).doesNotContain("人工评估", "manual-scores");
            assertThat(pendingItem(page, point)).contains("公众评价项尚未评分", "到公众评价导入", path(""))
                    .doesNotContain("manual-scores");
        }
        assertThat(pointRow(page, "xxgk-pt-03")).contains("人工评估", "manual-scores").doesNotContain("公众评价");
        assertThat(pendingItem(page, "xxgk-pt-03")).contains("人工评估项尚未评分", "到得分录入表评分");
    }

    /** The point's row of the page's per-point table. */
    private static String pointRow(String page, String point) {
        String table = page.substring(page.indexOf("id=\"point-completion\""));
        int start = table.indexOf("data-point=\"" + point + "\"");
        assertThat(start).as(point).isPositive();
        return table.substring(start, table.indexOf("</tr>", start));
    }

    /** The point's entry in the first unit's list of 待评 points. */
    private static String pendingItem(String page, String point) {
        int start = page.indexOf("<li data-point=\"" + point + "\"");
        assertThat(start).as(point).isPositive();
        return page.substring(start, page.indexOf("</li>", start));
    }

    @Test
    @Order(2)
    void aFileWithBadRowsIsRefusedNamingRowAndColumnAndStoresNothing() throws Exception {
        int scores = dsl.fetchCount(MANUAL_SCORE);
        int audit = dsl.fetchCount(AUDIT_LOG);
        String csv = """
                单位代码,单位名称,评估点代码,评估点,得分,说明
                pub-county,测试县人民政府,xxgk-jg-01,,0.9,
                nobody,不存在的单位,xxgk-jg-01,,0.5,
                pub-county,测试县人民政府,xxgk-pt-03,,0.5,
                pub-county,测试县人民政府,xxgk-jg-02,,0.8,
                pub-dept,测试市教育局,xxgk-zcwj-06,,0.5,
                pub-county,测试县人民政府,xxgk-jg-01,,0.7,
                pub-dept,测试市教育局,xxgk-jg-02,,很好,
                """;
        upload("bad.csv", csv.getBytes(StandardCharsets.UTF_8));
        String page = evaluator.getPage(path("")).body();
        assertThat(page).contains("导入未执行，文件有 6 处错误")
                .contains("第 3 行 A 列（单位代码）：单位代码「nobody」不在本轮评估中")
                .contains("第 4 行 C 列（评估点代码）：评估点「xxgk-pt-03」不属于公众评价来源（PUBLIC）")
                .contains("第 5 行 E 列（得分）：得分 0.8 超出范围，应在 0 到 0.5 之间")
                .contains("第 6 行 C 列（评估点代码）：评估点「xxgk-zcwj-06」不适用于测试市教育局")
                .contains("第 7 行：与第 2 行重复")
                .contains("第 8 行 E 列（得分）：得分「很好」不是数字");

        // The satisfaction shape, as an xlsx: a score over 100 and a unit listed twice.
        upload("bad.xlsx", xlsx(List.of(List.of("单位代码", "满意度"), List.of("pub-county", "120"),
                List.of("pub-dept", "75"), List.of("pub-dept", "80"))));
        page = evaluator.getPage(path("")).body();
        assertThat(page).contains("第 2 行 B 列（满意度）：满意度 120 超出范围，应在 0 到 100 之间")
                .contains("第 4 行：与第 3 行重复");
        // A header it cannot read, and a file that is not a spreadsheet.
        upload("bad-header.csv", "单位,分数\npub-county,80\n".getBytes(StandardCharsets.UTF_8));
        assertThat(evaluator.getPage(path("")).body()).contains("第 1 行 A 列（单位）：无法识别的列名「单位」");
        upload("scores.xlsx", "not a workbook".getBytes(StandardCharsets.UTF_8));
        assertThat(evaluator.getPage(path("")).body()).contains("文件不是有效的 xlsx 工作簿");

        // 说明 is held to what every reason people give is held to, as on the manual-score sheet.
        String notes = "单位代码,单位名称,评估点代码,评估点,得分,说明\n"
                + "pub-county,测试县人民政府,xxgk-jg-01,,0.5,群众测评\u202Egpj.exe\n"
                + "pub-county,测试县人民政府,xxgk-jg-02,,0.4,测评\t汇总\n"
                + "pub-dept,测试市教育局,xxgk-jg-01,,0.5," + "评".repeat(1001) + "\n"
                + "pub-dept,测试市教育局,xxgk-jg-02,,0.5,正常的说明\n";
        upload("notes.csv", notes.getBytes(StandardCharsets.UTF_8));
        page = evaluator.getPage(path("")).body();
        assertThat(page).contains("导入未执行，文件有 3 处错误")
                .contains("第 2 行 F 列（说明）：「说明」含有改变文字显示方向的不可见字符，请删除后重试")
                .contains("第 3 行 F 列（说明）：「说明」含有换行、制表符或其他控制字符，请删除后重试")
                .contains("第 4 行 F 列（说明）：「说明」不能超过 1000 个字符（现有 1001 个）")
                .doesNotContain("第 5 行");

        assertThat(dsl.fetchCount(MANUAL_SCORE)).isEqualTo(scores);
        assertThat(dsl.fetchCount(AUDIT_LOG)).isEqualTo(audit);
    }

    @Test
    @Order(3)
    void aSatisfactionScoreIsSpreadOverThePublicPointsByTheirMaximaAndScored() throws Exception {
        byte[] file = xlsx(List.of(List.of("单位代码", "单位名称", "满意度", "说明"),
                List.of("pub-county", "测试县人民政府", "80", "2026 年测评票"), List.of("pub-dept", "测试市教育局", "65")));
        upload("satisfaction.xlsx", file);
        assertThat(evaluator.getPage(path("")).body()).contains("已按「满意度」导入 2 行，记入 5 项公众评价得分");
        rescore();

        assertThat(score(county, "xxgk-jg-01")).isEqualByComparingTo("0.8");
        assertThat(score(county, "xxgk-jg-02")).isEqualByComparingTo("0.4");
        assertThat(score(county, "xxgk-zcwj-06")).isEqualByComparingTo("0.8");
        assertThat(score(dept, "xxgk-jg-01")).isEqualByComparingTo("0.65");
        assertThat(score(dept, "xxgk-jg-02")).isEqualByComparingTo("0.325");
        assertThat(source(county, "xxgk-jg-01")).isEqualTo("PUBLIC");
        // Not a PUBLIC point: left to the evaluators, still 待评.
        assertThat(source(county, "xxgk-pt-03")).isEqualTo("PENDING");

        var entry = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("PUBLIC_SCORES_IMPORTED")).fetchOne();
        assertThat(entry.getActor()).isEqualTo("pub-eva");
        assertThat(entry.getAfterJson()).contains("\"shape\":\"SATISFACTION\"").contains("\"scores\":5")
                .contains(sha256(file));
        assertThat(dsl.select(MANUAL_SCORE.REASON).from(MANUAL_SCORE).where(MANUAL_SCORE.UNIT_ID.eq(county))
                .and(MANUAL_SCORE.POINT_ID.eq(point("xxgk-jg-01"))).fetchOne(MANUAL_SCORE.REASON))
                .contains("satisfaction.xlsx 第 2 行").contains("满意度 80 分").contains("2026 年测评票");
    }

    @Test
    @Order(4)
    void scoresPointByPointFromACsvSavedByExcelOnChineseWindowsReplaceTheEarlierOnes() throws Exception {
        String csv = "单位代码,评估点代码,得分\r\npub-county,xxgk-jg-01,0.5\r\npub-dept,xxgk-jg-02,0.5\r\n";
        upload("逐项.csv", csv.getBytes(Charset.forName("GB18030")));
        assertThat(evaluator.getPage(path("")).body()).contains("已按「逐项得分」导入 2 行，记入 2 项公众评价得分");
        rescore();
        assertThat(score(county, "xxgk-jg-01")).isEqualByComparingTo("0.5");
        assertThat(score(dept, "xxgk-jg-02")).isEqualByComparingTo("0.5");
        assertThat(score(county, "xxgk-jg-02")).isEqualByComparingTo("0.4");
    }

    @Test
    @Order(5)
    void theUploadPageReadsOnADesktopAndAPhone() throws Exception {
        if (!Browser.available()) {
            return;
        }
        try (Browser browser = new Browser(port)) {
            browser.login("pub-eva", PASSWORD);
            for (int width : new int[] {1440, 390}) {
                browser.driver.manage().window().setSize(new Dimension(width, 1000));
                browser.open(path(""));
                assertThat(browser.driver.findElement(By.cssSelector("input[type=file][name=file]")).isDisplayed())
                        .isTrue();
                assertThat(browser.driver.findElement(By.tagName("h2")).getText()).contains("公众评价导入");
                Number overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as("horizontal overflow at " + width + " px").isLessThanOrEqualTo(0);
                browser.screenshot("public-scores-" + width);
                browser.open("/workbench/calendar");
                overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as("calendar overflow at " + width + " px").isLessThanOrEqualTo(0);
                browser.screenshot("calendar-" + width);
            }
        }
    }

    private void upload(String name, byte[] bytes) throws Exception {
        var response = evaluator.postMultipart(path("/import"), Map.of(),
                List.of(new WebSession.FilePart("file", name, bytes)));
        assertThat(response.statusCode()).isEqualTo(302);
    }

    private void rescore() throws Exception {
        assertThat(evaluator.post("/workbench/rounds/" + roundId + "/rescore", "x=1").statusCode()).isEqualTo(302);
    }

    private BigDecimal score(long unit, String point) {
        return dsl.select(POINT_SCORE.SCORE).from(POINT_SCORE).where(POINT_SCORE.ROUND_ID.eq(roundId))
                .and(POINT_SCORE.UNIT_ID.eq(unit)).and(POINT_SCORE.POINT_ID.eq(point(point)))
                .fetchOne(POINT_SCORE.SCORE);
    }

    private String source(long unit, String point) {
        return dsl.select(POINT_SCORE.SOURCE).from(POINT_SCORE).where(POINT_SCORE.ROUND_ID.eq(roundId))
                .and(POINT_SCORE.UNIT_ID.eq(unit)).and(POINT_SCORE.POINT_ID.eq(point(point)))
                .fetchOne(POINT_SCORE.SOURCE);
    }

    private long unit(String code) {
        return dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(code)).fetchOne(UNIT.ID);
    }

    private long point(String code) {
        return dsl.select(EVALUATION_POINT.ID).from(ROUND_POINT).join(EVALUATION_POINT)
                .on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId)).and(EVALUATION_POINT.CODE.eq(code))
                .fetchOne(EVALUATION_POINT.ID);
    }

    private String path(String suffix) {
        return "/workbench/rounds/" + roundId + "/public-scores" + suffix;
    }

    private static byte[] xlsx(List<List<String>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("公众评价");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    String value = rows.get(r).get(c);
                    // Numbers typed as numbers, as a spreadsheet holds them.
                    if (r > 0 && value.matches("\\d+(\\.\\d+)?")) {
                        row.createCell(c).setCellValue(Double.parseDouble(value));
                    } else {
                        row.createCell(c).setCellValue(value);
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
