package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE_FILE;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Vetoes through the pages: an evaluator records a veto hit on a MANUAL veto point with a reason and a file, and the
 * unit goes on the negative list with them; an ASSISTED checker's veto FAIL leaves the point 待评 until an evaluator
 * confirms it, and an override takes it off, the unit page and API showing the decision over the machine's finding.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VetoesIT {

    private static final String PASSWORD = "test-password-1";
    // hygq-hd-01: MANUAL veto (no online consultation channel); ptjs-aq-01: ASSISTED veto. No crawl is needed.
    private static final String ROUND = """
            name: 否决项测试轮次
            indicatorSystem: default
            points: [hygq-hd-01, ptjs-aq-01]
            groups:
              - code: vt-counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - code: vt-county
                    name: 否决测试县人民政府
                    channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/'}]
                  - code: vt-other
                    name: 对照县人民政府
                    channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/other/'}]
            """;

    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @LocalServerPort int port;

    private long roundId;
    private long county;
    private long other;
    private long manualVeto;
    private long assistedVeto;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-vetoes");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void round() {
        roundId = importer.importRound(RoundDefinition.parse(ROUND, null), ROUND);
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "REVIEWING")
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
        county = unit("vt-county");
        other = unit("vt-other");
        manualVeto = point("hygq-hd-01");
        assistedVeto = point("ptjs-aq-01");
        accounts.create("test", "vt-eva", "评估员甲", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "vt-score", "评分人", PASSWORD, null, EnumSet.of(Role.DEPARTMENT_SCORER));
        accounts.create("test", "vt-lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
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

    private String grid() {
        return "/workbench/rounds/" + roundId + "/manual-scores";
    }

    private String followed(WebSession session, java.net.http.HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(302);
        return session.get(response.headers().firstValue("Location").orElseThrow()
                .replaceFirst("^https?://[^/]+", "")).body();
    }

    private String vetoHit(WebSession session, long unit, List<WebSession.FilePart> files, String reason)
            throws Exception {
        return followed(session, session.postMultipart(grid(), Map.of("method", "MANUAL",
                "unitId", String.valueOf(unit), "pointId", String.valueOf(manualVeto), "score", "",
                "reason", reason, "vetoHit", "true"), files));
    }

    private void rescore(WebSession evaluator) throws Exception {
        assertThat(evaluator.post("/workbench/rounds/" + roundId + "/rescore", "x=1").statusCode()).isEqualTo(302);
    }

    private boolean onNegativeList(long unit) {
        return dsl.select(UNIT_RESULT.NEGATIVE_LIST).from(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.UNIT_ID.eq(unit)).fetchOne(UNIT_RESULT.NEGATIVE_LIST);
    }

    private String pointScore(long unit, long point) {
        var r = dsl.select(POINT_SCORE.SCORE, POINT_SCORE.SOURCE).from(POINT_SCORE)
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(POINT_SCORE.UNIT_ID.eq(unit))
                .and(POINT_SCORE.POINT_ID.eq(point)).fetchOne();
        return (r.value1() == null ? "null" : r.value1().stripTrailingZeros().toPlainString()) + "/" + r.value2();
    }

    private static byte[] png() throws IOException {
        var image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    @Order(1)
    void anEvaluatorsVetoHitWithReasonAndFilePutsTheUnitOnTheNegativeListEverywhere() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "vt-eva", PASSWORD);
        assertThat(evaluator.get(grid() + "?method=MANUAL").body()).contains("认定否决情形");

        List<WebSession.FilePart> screenshot = List.of(new WebSession.FilePart("evidence", "留言失败截图.png", png()));
        assertThat(vetoHit(evaluator, county, List.of(), "留言提交后报错")).contains("必须上传证据文件");
        assertThat(vetoHit(evaluator, county, screenshot, "")).contains("必须填写理由");
        // the department's scorer may not enter an evaluator's point, veto or not; a leader enters nothing
        assertThat(WebSession.loggedIn(port, "vt-score", PASSWORD).postMultipart(grid(), Map.of("method", "MANUAL",
                "unitId", String.valueOf(county), "pointId", String.valueOf(manualVeto), "score", "0",
                "reason", "x", "vetoHit", "true"), screenshot).statusCode()).isEqualTo(403);
        assertThat(WebSession.loggedIn(port, "vt-lead", PASSWORD).postMultipart(grid(), Map.of("method", "MANUAL",
                "unitId", String.valueOf(county), "pointId", String.valueOf(manualVeto), "score", "0",
                "reason", "x", "vetoHit", "true"), screenshot).statusCode()).isEqualTo(403);
        assertThat(dsl.fetchCount(MANUAL_SCORE_FILE)).isZero();

        assertThat(vetoHit(evaluator, county, screenshot, "领导信箱留言提交后报错，无法提交"))
                .contains("已认定否决情形", "留言失败截图.png");
        assertThat(followed(evaluator, evaluator.post(grid(), "method=MANUAL&unitId=" + other + "&pointId="
                + manualVeto + "&score=1&reason="))).contains("已录入");
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("MANUAL_VETO_HIT").and(AUDIT_LOG.ACTOR.eq("vt-eva"))
                .and(AUDIT_LOG.REASON.eq("领导信箱留言提交后报错，无法提交")))).isOne();
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("MANUAL_SCORE_FILE_UPLOADED"))).isOne();

        rescore(evaluator);
        assertThat(onNegativeList(county)).isTrue();
        assertThat(onNegativeList(other)).isFalse();
        assertThat(pointScore(county, manualVeto)).isEqualTo("0/MANUAL");
        var entry = dsl.selectFrom(NEGATIVE_LIST_ENTRY).where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId)).fetchSingle();
        assertThat(entry.getReason()).contains("领导信箱留言提交后报错，无法提交", "vt-eva 人工认定");
        assertThat(entry.getEvidence()).contains("留言失败截图.png");

        String unitPage = evaluator.get("/rounds/" + roundId + "/units/" + county).body();
        assertThat(unitPage).contains("列入负面清单的原因", "领导信箱留言提交后报错，无法提交", "留言失败截图.png",
                "vt-eva 认定否决情形");
        String api = evaluator.get("/api/v1/rounds/" + roundId + "/units/" + county).body();
        assertThat(api).contains("\"negatives\"", "领导信箱留言提交后报错，无法提交", "留言失败截图.png");
        assertThat(evaluator.get("/rankings?round=" + roundId).body()).contains("领导信箱留言提交后报错");
        long fileId = dsl.select(MANUAL_SCORE_FILE.ID).from(MANUAL_SCORE_FILE).fetchSingle().value1();
        var download = evaluator.getBytes("/manual-score-files/" + fileId);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(png());
    }

    @Test
    @Order(2)
    void theSheetCarriesTheVetoHitBothWaysAndAnOldSheetWithoutTheColumnStillImports() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "vt-eva", PASSWORD);
        byte[] export = evaluator.getBytes(grid() + ".xlsx?method=MANUAL").body();
        Map<String, Row> rows = new java.util.HashMap<>();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(export))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(7).getStringCellValue()).isEqualTo("否决情形");
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                rows.put(sheet.getRow(r).getCell(0).getStringCellValue(), sheet.getRow(r));
            }
            assertThat(rows.get("vt-county").getCell(7).getStringCellValue()).isEqualTo("是");
            assertThat(rows.get("vt-other").getCell(7).getStringCellValue()).isEqualTo("否");
        }

        // a hit without a reason is refused, and nothing of the file is stored
        byte[] bad = sheet(export, "vt-other", "0", "", "是");
        assertThat(followed(evaluator, evaluator.postMultipart(grid() + "/import", Map.of("method", "MANUAL"),
                List.of(new WebSession.FilePart("file", "scores.xlsx", bad))))).contains("认定否决情形须在「说明」中写明理由");

        // the county's channel was fixed after all: 否 and full marks withdraw the hit
        byte[] withdrawn = sheet(export, "vt-county", "1", "复核后留言功能可用", "否");
        assertThat(followed(evaluator, evaluator.postMultipart(grid() + "/import", Map.of("method", "MANUAL"),
                List.of(new WebSession.FilePart("file", "scores.xlsx", withdrawn))))).contains("已导入");
        rescore(evaluator);
        assertThat(onNegativeList(county)).isFalse();

        // a seven-column sheet, as exported before the column existed, reads as before
        byte[] old = sevenColumns(sheet(export, "vt-county", "1", "旧模板", ""));
        assertThat(followed(evaluator, evaluator.postMultipart(grid() + "/import", Map.of("method", "MANUAL"),
                List.of(new WebSession.FilePart("file", "scores.xlsx", old))))).contains("已导入");
    }

    /** The export with one unit's row filled in and the other rows' scores cleared. */
    private static byte[] sheet(byte[] template, String unitCode, String score, String reason, String veto)
            throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(template));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.getSheetAt(0);
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                boolean target = row.getCell(0).getStringCellValue().equals(unitCode);
                row.createCell(5).setCellValue(target ? score : "");
                row.createCell(6).setCellValue(target ? reason : "");
                row.createCell(7).setCellValue(target ? veto : "");
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] sevenColumns(byte[] file) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.getSheetAt(0);
            for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                sheet.getRow(r).removeCell(sheet.getRow(r).getCell(7));
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    @Test
    @Order(3)
    void anAssistedVetoFailIsPendingUntilConfirmedAndAnOverrideTakesTheUnitOffWithTheMachinesFindingKept()
            throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "vt-eva", PASSWORD);
        // what the wording checker would write: the checker itself is covered by the evaluator module's tests
        long finding = dsl.insertInto(FINDING, FINDING.ROUND_ID, FINDING.UNIT_ID, FINDING.POINT_ID, FINDING.STATUS,
                        FINDING.MESSAGE, FINDING.CHECKED_AT)
                .values(roundId, other, assistedVeto, "FAIL", "首页出现严重表述错误：“中华人民共和国国务院”误作“中华人民共和国务院”",
                        LocalDateTime.of(2026, 11, 20, 8, 0))
                .returning(FINDING.ID).fetchOne().getId();
        rescore(evaluator);
        assertThat(onNegativeList(other)).isFalse();
        assertThat(pointScore(other, assistedVeto)).isEqualTo("null/PENDING");
        assertThat(dsl.select(UNIT_RESULT.GRADE).from(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.UNIT_ID.eq(other)).fetchOne(UNIT_RESULT.GRADE)).isEqualTo("待评");
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/review").body())
                .contains("否决项：确认后列入负面清单，确认前本项待评");
        assertThat(evaluator.get("/rounds/" + roundId + "/units/" + other).body()).contains("待评估人员确认");

        // a leader may not confirm
        assertThat(WebSession.loggedIn(port, "vt-lead", PASSWORD).post("/workbench/findings/" + finding + "/review",
                "roundId=" + roundId + "&decision=CONFIRM").statusCode()).isEqualTo(403);
        followed(evaluator, evaluator.post("/workbench/findings/" + finding + "/review", "roundId=" + roundId
                + "&decision=CONFIRM&reason=" + URLEncoder.encode("核对截图属实", StandardCharsets.UTF_8)));
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("FINDING_CONFIRM").and(AUDIT_LOG.ACTOR.eq("vt-eva"))
                .and(AUDIT_LOG.REASON.eq("核对截图属实")))).isOne();
        rescore(evaluator);
        assertThat(onNegativeList(other)).isTrue();
        assertThat(pointScore(other, assistedVeto)).isEqualTo("0/FINDING");
        assertThat(evaluator.get("/rounds/" + roundId + "/units/" + other).body())
                .contains("评估员甲已确认检查结果：核对截图属实", "中华人民共和国务院");

        followed(evaluator, evaluator.post("/workbench/findings/" + finding + "/review", "roundId=" + roundId
                + "&decision=OVERRIDE&status=PASS&reason=" + URLEncoder.encode("原文为引用的错误示例，不属表述错误",
                StandardCharsets.UTF_8)));
        rescore(evaluator);
        assertThat(onNegativeList(other)).isFalse();
        assertThat(pointScore(other, assistedVeto)).isEqualTo("1/REVIEW");
        String page = evaluator.get("/rounds/" + roundId + "/units/" + other).body();
        assertThat(page).contains("评估员甲改判为「通过」：原文为引用的错误示例，不属表述错误", "机器检查结论：不通过",
                "机器检查说明（历史）：首页出现严重表述错误");
        String api = evaluator.get("/api/v1/rounds/" + roundId + "/units/" + other).body();
        assertThat(api).contains("\"status\":\"PASS\"", "\"machineStatus\":\"FAIL\"", "评估员甲改判为「通过」");
    }
}
