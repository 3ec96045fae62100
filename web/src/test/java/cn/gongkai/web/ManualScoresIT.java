package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Score entry through the pages: each role its own points, the spreadsheet round trip, and the scorer using it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManualScoresIT {

    private static final String PASSWORD = "test-password-1";
    // xxgk-pt-03: MANUAL, 0.5, every unit type; hygq-yq-01: DEPARTMENT, 1, not townships. No crawl is needed.
    private static final String ROUND = """
            name: 得分录入测试轮次
            indicatorSystem: default
            points: [xxgk-pt-03, hygq-yq-01]
            groups:
              - code: ms-counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - code: ms-county
                    name: 测试县人民政府
                    channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/'}]
              - code: ms-towns
                name: 乡镇街道
                unitType: TOWNSHIP
                units:
                  - code: ms-town
                    name: 测试镇人民政府
                    channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/town/'}]
            """;

    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @LocalServerPort int port;

    private long roundId;
    private long county;
    private long town;
    private long manualPoint;
    private long departmentPoint;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-manual");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void round() {
        roundId = importer.importRound(RoundDefinition.parse(ROUND, null), ROUND);
        county = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("ms-county")).fetchOne(UNIT.ID);
        town = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("ms-town")).fetchOne(UNIT.ID);
        manualPoint = point("xxgk-pt-03");
        departmentPoint = point("hygq-yq-01");
        accounts.create("test", "ms-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "ms-score", "评分人", PASSWORD, null, EnumSet.of(Role.DEPARTMENT_SCORER));
        accounts.create("test", "ms-lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
    }

    private long point(String code) {
        return dsl.select(EVALUATION_POINT.ID).from(ROUND_POINT).join(EVALUATION_POINT)
                .on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId)).and(EVALUATION_POINT.CODE.eq(code))
                .fetchOne(EVALUATION_POINT.ID);
    }

    private String path(String suffix) {
        return "/workbench/rounds/" + roundId + "/manual-scores" + suffix;
    }

    private String enter(WebSession session, String method, long unit, long point, String score, String reason)
            throws Exception {
        var response = session.post(path(""), "method=" + method + "&unitId=" + unit + "&pointId=" + point
                + "&score=" + score + "&reason=" + java.net.URLEncoder.encode(reason, "UTF-8"));
        assertThat(response.statusCode()).isEqualTo(302);
        return session.get(response.headers().firstValue("Location").orElseThrow()
                .replaceFirst("^https?://[^/]+", "")).body();
    }

    @Test
    @Order(1)
    void eachRoleEntersItsOwnPointsWhileTheRoundIsOpenAndTheScorerUsesThem() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "ms-eva", PASSWORD);
        WebSession scorer = WebSession.loggedIn(port, "ms-score", PASSWORD);

        // A draft round takes no entries.
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "DRAFT")
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
        assertThat(enter(evaluator, "MANUAL", county, manualPoint, "0.5", "")).contains("不能录入得分");
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "REVIEWING")
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();

        var grid = evaluator.get(path("?method=MANUAL"));
        assertThat(grid.statusCode()).isEqualTo(200);
        assertThat(grid.body()).contains("测试县人民政府", "测试镇人民政府", "xxgk-pt-03").doesNotContain("hygq-yq-01");
        assertThat(evaluator.get(path("?method=DEPARTMENT")).statusCode()).isEqualTo(403);
        assertThat(scorer.get(path("?method=MANUAL")).statusCode()).isEqualTo(403);
        assertThat(WebSession.loggedIn(port, "ms-lead", PASSWORD).get(path("?method=MANUAL")).statusCode())
                .isEqualTo(403);
        assertThat(scorer.get("/").headers().firstValue("Location").orElseThrow()).endsWith("/manual-scores");
        assertThat(scorer.get(path("?method=DEPARTMENT")).body()).contains("hygq-yq-01", "测试县人民政府")
                .doesNotContain("测试镇人民政府");

        assertThat(enter(evaluator, "MANUAL", county, manualPoint, "0.6", "")).contains("得分应在 0 到 0.5 之间");
        assertThat(enter(evaluator, "MANUAL", county, departmentPoint, "1", "")).contains("当前账号不能录入");
        assertThat(enter(scorer, "DEPARTMENT", town, departmentPoint, "1", "")).contains("不适用于测试镇人民政府");
        assertThat(enter(evaluator, "MANUAL", county, manualPoint, "0.5", "")).contains("已录入");
        assertThat(enter(evaluator, "MANUAL", county, manualPoint, "0.25", "")).contains("修改已录入的得分必须填写理由");
        assertThat(enter(scorer, "DEPARTMENT", county, departmentPoint, "0.5", "舆情监测记录：一起超时")).contains("已录入");
        assertThat(dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId)
                .and(MANUAL_SCORE.ENTERED_BY.in("ms-eva", "ms-score")).and(MANUAL_SCORE.REASON.ne("表格导入"))))
                .isEqualTo(2);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("DEPARTMENT_SCORE")
                .and(AUDIT_LOG.ACTOR.eq("ms-score")).and(AUDIT_LOG.REASON.eq("舆情监测记录：一起超时")))).isEqualTo(1);

        // Rescoring takes the entered scores as the points' scores.
        assertThat(evaluator.post("/workbench/rounds/" + roundId + "/rescore", "x=1").statusCode()).isEqualTo(302);
        assertThat(pointScore(county, manualPoint)).isEqualByComparingTo("0.5");
        assertThat(pointScore(county, departmentPoint)).isEqualByComparingTo("0.5");
    }

    private BigDecimal pointScore(long unit, long point) {
        return dsl.select(POINT_SCORE.SCORE).from(POINT_SCORE).where(POINT_SCORE.ROUND_ID.eq(roundId))
                .and(POINT_SCORE.UNIT_ID.eq(unit)).and(POINT_SCORE.POINT_ID.eq(point)).fetchOne(POINT_SCORE.SCORE);
    }

    @Test
    @Order(2)
    void anExportedTemplateFilledInImportsAllOrNothing() throws Exception {
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "FEEDBACK")
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
        WebSession evaluator = WebSession.loggedIn(port, "ms-eva", PASSWORD);
        var export = evaluator.getBytes(path(".xlsx?method=MANUAL"));
        assertThat(export.statusCode()).isEqualTo(200);
        int before = dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId));

        byte[] bad = fill(export.body(), Map.of("ms-county", "0.4", "ms-town", "2"));
        var refused = evaluator.postMultipart(path("/import"), Map.of("method", "MANUAL"),
                List.of(new WebSession.FilePart("file", "scores.xlsx", bad)));
        assertThat(refused.statusCode()).isEqualTo(302);
        String page = evaluator.get(path("?method=MANUAL")).body();
        assertThat(page).contains("导入未执行", "得分 2 超出范围，应在 0 到 0.5 之间");
        assertThat(dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId))).isEqualTo(before);

        // The shape of the upload that took the server to 4 GB (nine sheets of many rows): refused, nothing stored.
        Path attack = Files.createTempFile("manual-scores-", ".xlsx");
        try {
            XlsxAttack.write(attack, List.of("单位代码", "单位名称", "评估点代码", "评估点", "满分", "得分", "说明"),
                    List.of("ms-county", "ms-town", "0.4"), 9, 60_000);
            var tooLarge = evaluator.postMultipart(path("/import"), Map.of("method", "MANUAL"),
                    List.of(new WebSession.FilePart("file", "scores.xlsx", Files.readAllBytes(attack))));
            assertThat(tooLarge.statusCode()).isEqualTo(302);
            assertThat(evaluator.get(path("?method=MANUAL")).body()).contains("导入未执行",
                    "行数过多：工作表“表1”超过 50000 行");
            assertThat(dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId))).isEqualTo(before);
        } finally {
            Files.delete(attack);
        }

        byte[] good = fill(export.body(), Map.of("ms-county", "0.4", "ms-town", "0"));
        evaluator.postMultipart(path("/import"), Map.of("method", "MANUAL"),
                List.of(new WebSession.FilePart("file", "scores.xlsx", good)));
        assertThat(evaluator.get(path("?method=MANUAL")).body()).contains("已导入 2 条得分");
        assertThat(dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId))).isEqualTo(before + 2);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("MANUAL_SCORE").and(AUDIT_LOG.REASON.eq("表格导入"))))
                .isEqualTo(2);
        assertThat(ScoresOf.latest(dsl, roundId, town, manualPoint)).isEqualByComparingTo("0");
    }

    @Test
    @Order(3)
    void aReasonOverTheLimitIsRefusedWhereItArrivesAndNothingIsStored() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "ms-eva", PASSWORD);
        int before = dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId));
        int audited = dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ENTITY.eq("manual_score"));
        // The column would hold it; like every reason people give, it is held to 1,000 characters.
        assertThat(enter(evaluator, "MANUAL", county, manualPoint, "0.1", "核".repeat(1500)))
                .contains("「理由」不能超过 1000 个字符（现有 1500 个）");
        assertThat(dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId))).isEqualTo(before);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ENTITY.eq("manual_score"))).isEqualTo(audited);
        assertThat(enter(evaluator, "MANUAL", county, manualPoint, "0.1", "核".repeat(1000))).contains("已录入");
        assertThat(dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId))).isEqualTo(before + 1);
    }

    /** Fills the 得分 column of an exported template by unit code. */
    private static byte[] fill(byte[] template, Map<String, String> scores) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(template));
             java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(5).getStringCellValue()).isEqualTo("得分");
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                var row = sheet.getRow(r);
                String score = scores.get(row.getCell(0).getStringCellValue());
                if (score != null) {
                    row.createCell(5).setCellValue(Double.parseDouble(score));
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    private static final class ScoresOf {
        static BigDecimal latest(DSLContext dsl, long roundId, long unit, long point) {
            return dsl.select(MANUAL_SCORE.SCORE).from(MANUAL_SCORE).where(MANUAL_SCORE.ROUND_ID.eq(roundId))
                    .and(MANUAL_SCORE.UNIT_ID.eq(unit)).and(MANUAL_SCORE.POINT_ID.eq(point))
                    .orderBy(MANUAL_SCORE.ENTERED_AT.desc(), MANUAL_SCORE.ID.desc()).limit(1)
                    .fetchOne(MANUAL_SCORE.SCORE);
        }
    }
}
