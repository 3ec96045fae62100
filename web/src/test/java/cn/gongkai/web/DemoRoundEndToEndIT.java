package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.APPEAL;
import static cn.gongkai.sql.jooq.Tables.APPEAL_ATTACHMENT;
import static cn.gongkai.sql.jooq.Tables.APPEAL_RECAPTURE;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.SECOND_REVIEW;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundPipeline;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.jooq.DSLContext;
import org.openqa.selenium.By;
import org.junit.jupiter.api.AfterAll;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole slice on the embedded MariaDB: sandbox → crawl → finding → score → rank → pages and evidence. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoRoundEndToEndIT {

    private static Path home;
    private final Sandbox sandbox = Sandbox.start(LocalDate.now());

    @Autowired RoundImporter importer;
    @Autowired RoundPipeline pipeline;
    @Autowired Rankings rankings;
    @Autowired DSLContext dsl;
    @Autowired EvidenceStore evidence;
    @Autowired UserAccounts accounts;
    @LocalServerPort int port;

    private long roundId;
    private long shimen;
    private long qinghe;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-e2e");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void runDemoRound() throws IOException {
        String yaml = cn.gongkai.web.SliceRound.yaml();
        roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        pipeline.run(roundId);
        shimen = unitId("shimen");
        qinghe = unitId("qinghe");
        accounts.create("test", "eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        accounts.create("test", "eva2", "第二评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "score", "评分人", PASSWORD, null, EnumSet.of(Role.DEPARTMENT_SCORER));
        accounts.create("test", "shimen", "石门县", PASSWORD, shimen, EnumSet.of(Role.COUNTY));
        accounts.create("test", "qinghe", "清河区", PASSWORD, qinghe, EnumSet.of(Role.COUNTY));
    }

    private static final String PASSWORD = "test-password-1";

    private long unitId(String code) {
        return dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(code)).fetchOne(UNIT.ID);
    }

    @AfterAll
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void staleCountyIsOnTheNegativeListAndRankedLastInItsGroup() {
        List<Rankings.Row> counties = rankings.of(roundId).stream()
                .filter(row -> row.groupName().equals("区县政府")).toList();
        assertThat(counties).hasSize(4);
        Rankings.Row stale = counties.stream().filter(row -> row.unitCode().equals("shimen")).findFirst().orElseThrow();
        assertThat(stale.negativeList()).isTrue();
        assertThat(stale.negativeReasons()).contains("首页超过两周未更新");
        assertThat(stale.grade()).isEqualTo("不合格");
        assertThat(counties).filteredOn(row -> row != stale)
                .allSatisfy(row -> {
                    assertThat(row.negativeList()).isFalse();
                    assertThat(row.rank()).isLessThan(stale.rank());
                    assertThat(row.total()).isGreaterThan(stale.total());
                });
        assertThat(stale.rank()).isEqualTo(4);
        assertThat(rankings.of(roundId)).filteredOn(row -> row.groupName().equals("市直部门"))
                .hasSize(2).allSatisfy(row -> assertThat(row.negativeList()).isFalse());

        String csv = rankings.csv(roundId);
        assertThat(csv).startsWith("group,rank,unit,total,grade,negative_list\n");
        assertThat(csv).contains("区县政府,4,石门县人民政府,0.00,不合格,yes\n");
    }

    @Test
    void everyCaptureReadsBackFromWarcWithAMatchingDigest() {
        var captures = dsl.selectFrom(CAPTURE).where(CAPTURE.ROUND_ID.eq(roundId)).and(CAPTURE.STATUS.eq("OK")).fetch();
        assertThat(captures).hasSizeGreaterThan(6 * 6);
        for (var capture : captures) {
            var record = evidence.read(capture.getWarcFile(), capture.getWarcOffset());
            assertThat(record.digestMatches()).as("digest of %s", capture.getUrl()).isTrue();
            assertThat(record.payloadDigest()).isEqualTo(capture.getPayloadDigest());
            assertThat(record.targetUri()).isEqualTo(capture.getUrl());
        }
    }

    @Test
    void pagesShowTheRankingAndLeadFromADeductionToItsEvidenceReplayedWithoutScripts() throws Exception {
        // The working results, an evaluator's: leaders read a round only once it is published, which the last test
        // here does.
        WebSession leader = WebSession.loggedIn(port, "eva", PASSWORD);
        HttpResponse<String> ranking = leader.get("/rankings?round=" + roundId);
        assertThat(ranking.statusCode()).isEqualTo(200);
        assertThat(ranking.body()).contains("区县政府排名", "石门县人民政府", "/webjars/echarts/5.5.0/echarts.min.js");
        assertThat(leader.get("/webjars/echarts/5.5.0/echarts.min.js").statusCode()).isEqualTo(200);
        assertThat(ranking.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");

        Matcher unitLink = Pattern.compile("href=\"(/rounds/" + roundId + "/units/\\d+)\">石门县人民政府<").matcher(ranking.body());
        assertThat(unitLink.find()).isTrue();
        HttpResponse<String> unit = leader.get(unitLink.group(1));
        assertThat(unit.body()).contains("不通过", "整改建议");
        // Back to the ranking lands on the page listing the unit, its row marked.
        Matcher back = Pattern.compile("href=\"(/rankings\\?round=" + roundId + "&amp;unit=\\d+)\">返回排名<")
                .matcher(unit.body());
        assertThat(back.find()).isTrue();
        String marked = leader.get(back.group(1).replace("&amp;", "&")).body();
        assertThat(marked).contains("<tr class=\"marked\">");
        assertThat(marked.substring(marked.indexOf("<tr class=\"marked\">")).split("</tr>")[0]).contains("石门县人民政府");
        String found = leader.get("/rankings?round=" + roundId + "&q=" + java.net.URLEncoder.encode("石门",
                java.nio.charset.StandardCharsets.UTF_8)).body();
        assertThat(found).contains("查找「石门」：1 个单位", ">石门县人民政府</a>", "</html>").doesNotContain("清河区人民政府</a>");
        Matcher evidenceLink = Pattern.compile("href=\"(/evidence/\\d+)(?:\\?mark=\\d+)?\"").matcher(unit.body());
        assertThat(evidenceLink.find()).isTrue();

        HttpResponse<String> evidencePage = leader.get(evidenceLink.group(1));
        assertThat(evidencePage.body()).contains("已校验，与存档内容一致", "sandbox=\"\"");
        HttpResponse<String> replay = leader.get(evidenceLink.group(1) + "/replay");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("sandbox;").contains("default-src 'none'");
        assertThat(replay.body()).contains("石门县");
    }

    @Test
    void textAnswersAreGzippedForBrowsersThatAcceptIt() throws Exception {
        WebSession leader = WebSession.loggedIn(port, "eva", PASSWORD);
        String api = "/api/v1/rounds/" + roundId + "/dashboard";
        HttpResponse<byte[]> plain = leader.getBytes(api);
        HttpResponse<byte[]> zipped = leader.getBytes(api, "gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] json = gunzip(zipped.body());
        assertThat(JsonMapper.builder().build().readTree(json)).isEqualTo(JsonMapper.builder().build().readTree(plain.body()));
        assertThat(zipped.body().length).isLessThan(json.length / 2);

        HttpResponse<byte[]> page = leader.getBytes("/rankings?round=" + roundId, "gzip");
        assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new String(gunzip(page.body()), StandardCharsets.UTF_8)).contains("石门县人民政府");
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    @Test
    void loginRefusesWrongPasswordsAndFormsWithoutCsrfToken() throws Exception {
        WebSession session = WebSession.anonymous(port);
        HttpResponse<String> wrong = session.post("/login", "username=eva&password=wrong-password");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).contains("/login?error");
        HttpResponse<String> noToken = session.postRaw("/login", "username=eva&password=" + PASSWORD);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(session.get("/login?error").body()).contains("用户名或密码错误");
    }

    @Test
    @Order(Integer.MAX_VALUE) // it changes the round, so it runs after the tests that read it
    void anEvaluatorOverridesAFindingWithAReasonRescoresAndMovesTheRoundEveryStepLogged() throws Exception {
        WebSession leader = WebSession.loggedIn(port, "lead", PASSWORD);
        assertThat(leader.get("/workbench").statusCode()).isEqualTo(403);
        WebSession county = WebSession.loggedIn(port, "shimen", PASSWORD);
        // Under review nothing is published: the leader is refused the round's results everywhere, and so is the
        // county (its 初评 opens with the feedback window); the evaluator reads the working results, labelled.
        String unitPage = "/rounds/" + roundId + "/units/" + shimen;
        String report = "/exports/rounds/" + roundId + "/units/" + shimen + "/report.pdf";
        for (String path : List.of("/rankings?round=" + roundId, "/dashboard?round=" + roundId, unitPage, report,
                "/exports/rounds/" + roundId + "/results.xlsx", "/api/v1/rounds/" + roundId + "/rankings",
                "/api/v1/rounds/" + roundId + "/dashboard", "/api/v1/rounds/" + roundId + "/units/" + shimen)) {
            assertThat(leader.get(path).statusCode()).as("leader " + path).isEqualTo(403);
        }
        assertThat(leader.get("/rankings").body()).contains("暂无可查看的评估结果").doesNotContain("石门县人民政府");
        assertThat(leader.get("/api/v1/rounds").body()).isEqualTo("[]");
        for (String path : List.of(unitPage, report, "/api/v1/rounds/" + roundId + "/units/" + shimen)) {
            assertThat(county.get(path).statusCode()).as("county " + path).isEqualTo(403);
        }
        assertThat(county.get("/").body()).contains("暂无可查看的评估结果");
        assertThat(WebSession.loggedIn(port, "eva", PASSWORD).get(unitPage).body()).contains("工作结果（复核中，未发布）");
        long finding = dsl.select(FINDING.ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                .and(FINDING.UNIT_ID.eq(shimen)).fetchOne(FINDING.ID);
        assertThat(county.post("/workbench/findings/" + finding + "/review",
                "roundId=" + roundId + "&decision=OVERRIDE&status=PASS&reason=x").statusCode()).isEqualTo(403);

        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        HttpResponse<String> queue = evaluator.get("/workbench/rounds/" + roundId + "/review?status=FAIL");
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body()).contains("<td>石门县人民政府</td>").doesNotContain("<td>清河区人民政府</td>");
        // The unit filter lists the round's units and narrows the queue to one.
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/review?unit=" + qinghe).body())
                .contains("<td>清河区人民政府</td>").doesNotContain("<td>石门县人民政府</td>");

        // An override without a reason is refused and changes nothing.
        evaluator.post("/workbench/findings/" + finding + "/review", "roundId=" + roundId + "&decision=OVERRIDE&status=PASS");
        assertThat(dsl.fetchCount(REVIEW)).isZero();
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/review").body()).contains("改判必须填写理由");

        // A page saved as a screenshot is refused by what its bytes are, not its name; nothing is half-saved.
        var overrideForm = java.util.Map.of("roundId", String.valueOf(roundId), "decision", "OVERRIDE",
                "status", "PASS", "reason", "单位提供了首页更新记录");
        byte[] page = "<html><body><script>alert(1)</script></body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> refused = evaluator.postMultipart("/workbench/findings/" + finding + "/review",
                overrideForm, List.of(new WebSession.FilePart("evidence", "首页截图.png", page)));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(302);
        // Back to the queue at the finding's row.
        assertThat(refused.headers().firstValue("Location").orElseThrow())
                .endsWith("/workbench/rounds/" + roundId + "/review#f-" + finding);
        assertThat(dsl.fetchCount(REVIEW)).isZero();
        assertThat(dsl.fetchCount(REVIEW_FILE)).isZero();
        assertThat(home.resolve("uploads")).doesNotExist();
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/review").body()).contains("内容与扩展名不符");

        byte[] png = png();
        HttpResponse<String> override = evaluator.postMultipart("/workbench/findings/" + finding + "/review",
                overrideForm, List.of(new WebSession.FilePart("evidence", "首页截图.png", png)));
        assertThat(override.statusCode()).isEqualTo(302);
        var file = dsl.selectFrom(REVIEW_FILE).fetchSingle();
        assertThat(file.getContentType()).isEqualTo("image/png");
        assertThat(file.getSha256()).isEqualTo(cn.gongkai.web.evidence.EvidenceFiles.sha256(png));
        assertThat(home.resolve("uploads").resolve(file.getSha256().substring(0, 2)).resolve(file.getSha256()))
                .hasBinaryContent(png);
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/review").body())
                .contains("证据：首页截图.png", "/review-files/" + file.getId());
        // The county's evidence file, as a download that never renders (its page opens with the feedback window).
        HttpResponse<byte[]> download = county.getBytes("/review-files/" + file.getId());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(png);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(download.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/octet-stream");
        assertThat(WebSession.loggedIn(port, "qinghe", PASSWORD).getBytes("/review-files/" + file.getId()).statusCode())
                .isEqualTo(403);
        evaluator.post("/workbench/rounds/" + roundId + "/rescore", "x=1");
        Rankings.Row stale = rankings.of(roundId).stream().filter(row -> row.unitCode().equals("shimen"))
                .findFirst().orElseThrow();
        assertThat(stale.negativeList()).isFalse();
        assertThat(stale.rank()).isEqualTo(1);

        evaluator.post("/workbench/rounds/" + roundId + "/move", "target=FEEDBACK&reason=" + enc("进入反馈期"));
        assertThat(dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOne(ASSESSMENT_ROUND.STATUS)).isEqualTo("FEEDBACK");
        // The feedback window: the county reads its own 初评, labelled as not published, with the evaluator's
        // evidence file (time and digest); the leader still reads nothing of the round.
        String countyPage = county.get(unitPage).body();
        assertThat(countyPage).contains("初评，未发布", "评估人员复核证据：首页截图.png", "sha256:" + file.getSha256(),
                "/review-files/" + file.getId());
        HttpResponse<byte[]> preliminary = county.getBytes(report);
        assertThat(preliminary.statusCode()).isEqualTo(200);
        assertThat(java.net.URLDecoder.decode(preliminary.headers().firstValue("Content-Disposition").orElseThrow(),
                StandardCharsets.UTF_8)).contains("初评报告（未发布）.pdf");
        assertThat(county.get("/").headers().firstValue("Location").orElseThrow()).endsWith(unitPage);
        assertThat(leader.get(unitPage).statusCode()).isEqualTo(403);
        assertThat(leader.get("/api/v1/rounds/" + roundId + "/rankings").statusCode()).isEqualTo(403);
        if (Browser.available()) {
            try (Browser browser = new Browser(port)) {
                browser.login("shimen", PASSWORD);
                assertThat(browser.driver.getCurrentUrl()).endsWith(unitPage);
                assertThat(browser.driver.findElement(By.id("result-view")).getText()).isEqualTo("初评，未发布");
                browser.screenshot("unit-county-preliminary");
            }
        }
        // FEEDBACK cannot jump back to DRAFT; the refusal leaves the round where it was.
        evaluator.post("/workbench/rounds/" + roundId + "/move", "target=DRAFT");
        assertThat(dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOne(ASSESSMENT_ROUND.STATUS)).isEqualTo("FEEDBACK");

        assertThat(dsl.select(AUDIT_LOG.ACTION, AUDIT_LOG.ACTOR).from(AUDIT_LOG).orderBy(AUDIT_LOG.ID).fetch()
                .map(r -> r.value1() + "/" + r.value2()))
                .contains("FINDING_OVERRIDE/eva", "REVIEW_FILE_UPLOADED/eva", "ROUND_RESCORED/eva", "ROUND_STATUS/eva");
        HttpResponse<String> audit = evaluator.get("/workbench/audit");
        assertThat(audit.body()).contains("单位提供了首页更新记录", "进入反馈期");

        appealsDuringTheFeedbackWindow(county, evaluator);
        secondReviewThenPublication(evaluator);
        publishedResultsAreWhatLeadersAndCountiesRead(leader, county, evaluator);
    }

    /**
     * Once published, leaders and the county read the snapshot, labelled with its version; evaluators go on reading
     * the working results, which may move on (an override and a rescore after publication) without the published
     * figures moving with them until a new version is published.
     */
    private void publishedResultsAreWhatLeadersAndCountiesRead(WebSession leader, WebSession county,
                                                               WebSession evaluator) throws Exception {
        String unitPage = "/rounds/" + roundId + "/units/" + shimen;
        HttpResponse<String> ranking = leader.get("/rankings?round=" + roundId);
        assertThat(ranking.statusCode()).isEqualTo(200);
        assertThat(ranking.body()).contains("已发布结果（第 1 版", "石门县人民政府");
        assertThat(leader.get("/rankings").body()).contains("已发布结果（第 1 版");
        assertThat(leader.get(unitPage).body()).contains("已发布结果（第 1 版");
        assertThat(county.get(unitPage).body()).contains("已发布结果（第 1 版").doesNotContain("初评，未发布");
        HttpResponse<byte[]> report = county.getBytes("/exports/rounds/" + roundId + "/units/" + shimen + "/report.pdf");
        assertThat(java.net.URLDecoder.decode(report.headers().firstValue("Content-Disposition").orElseThrow(),
                StandardCharsets.UTF_8)).contains("石门县人民政府评估报告.pdf");

        if (Browser.available()) {
            try (Browser browser = new Browser(port)) {
                browser.login("lead", PASSWORD);
                browser.open("/rankings?round=" + roundId);
                assertThat(browser.driver.findElement(By.id("result-view")).getText()).startsWith("已发布结果（第 1 版");
                browser.waitFor(d -> Boolean.TRUE.equals(browser.script("var el = document.getElementById('chart-0');"
                        + " return !!(el && window.echarts && echarts.getInstanceByDom(el));")));
                browser.screenshot("rankings-leader-published");
                browser.open("/dashboard?round=" + roundId);
                assertThat(browser.driver.findElement(By.id("result-view")).getText()).startsWith("已发布结果（第 1 版");
                browser.waitFor(d -> Boolean.TRUE.equals(browser.script("var el = document.getElementById('chart-radar');"
                        + " return !!(el && window.echarts && echarts.getInstanceByDom(el));")));
                browser.screenshot("dashboard-leader-published");
            }
            try (Browser browser = new Browser(port)) {
                browser.login("shimen", PASSWORD);
                assertThat(browser.driver.getCurrentUrl()).endsWith(unitPage);
                assertThat(browser.driver.findElement(By.id("result-view")).getText()).startsWith("已发布结果（第 1 版");
                browser.screenshot("unit-county-published");
            }
        }

        JsonNode before = JsonMapper.builder().build().readTree(leader.get("/api/v1/rounds/" + roundId + "/rankings").body());
        assertThat(before.get("view").asString()).startsWith("已发布结果（第 1 版");
        String qingheTotal = totalOf(before, "qinghe");
        // The working results move on after publication (as a rescore after a late correction would move them).
        dsl.update(UNIT_RESULT).set(UNIT_RESULT.TOTAL, UNIT_RESULT.TOTAL.minus(java.math.BigDecimal.TEN))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.UNIT_ID.eq(qinghe)).execute();
        JsonNode working = JsonMapper.builder().build().readTree(
                evaluator.get("/api/v1/rounds/" + roundId + "/rankings").body());
        assertThat(working.get("view").asString()).isEqualTo("工作结果（已发布）");
        assertThat(leader.get("/rounds/" + roundId + "/units/" + qinghe).body())
                .contains("id=\"unit-total\">" + new java.math.BigDecimal(qingheTotal)
                        .setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + "<");
        assertThat(totalOf(working, "qinghe")).isNotEqualTo(qingheTotal);
        JsonNode after = JsonMapper.builder().build().readTree(leader.get("/api/v1/rounds/" + roundId + "/rankings").body());
        assertThat(after).isEqualTo(before);
    }

    private static String totalOf(JsonNode ranking, String unitCode) {
        for (JsonNode row : ranking.get("rows")) {
            if (row.get("unitCode").asString().equals(unitCode)) {
                return row.get("total").asString();
            }
        }
        throw new AssertionError("no " + unitCode + " in " + ranking);
    }

    private void secondReviewThenPublication(WebSession evaluator) throws Exception {
        String page = "/workbench/rounds/" + roundId + "/second-review";
        evaluator.post(page + "/draw", "percent=100&reviewer=eva2&seed=7");
        assertThat(dsl.fetchCount(SECOND_REVIEW)).isEqualTo(6);
        // Nothing publishes while sampled findings wait for their second verdict.
        evaluator.post("/workbench/rounds/" + roundId + "/move", "target=FINAL&reason=" + enc("发布"));
        assertThat(roundStatus()).isEqualTo("FEEDBACK");

        WebSession second = WebSession.loggedIn(port, "eva2", PASSWORD);
        HttpResponse<String> tasks = second.get(page);
        assertThat(tasks.body()).contains("石门县人民政府").doesNotContain("申诉采纳");
        for (long finding : dsl.select(SECOND_REVIEW.FINDING_ID).from(SECOND_REVIEW).fetch(SECOND_REVIEW.FINDING_ID)) {
            second.post(page + "/" + finding, "status=PASS&reason=" + enc("复核通过"));
        }
        // The appeal left shimen PARTIAL; the blind second verdict says PASS: one disagreement in six.
        HttpResponse<String> summary = evaluator.get(page);
        assertThat(summary.body()).contains("已复核 <strong>6</strong> 条", "待完成 <strong>1</strong> 项");
        evaluator.post("/workbench/rounds/" + roundId + "/move", "target=FINAL&reason=" + enc("发布"));
        assertThat(roundStatus()).isEqualTo("FEEDBACK");

        long shimenFinding = dsl.select(FINDING.ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                .and(FINDING.UNIT_ID.eq(shimen)).fetchOne(FINDING.ID);
        evaluator.post(page + "/" + shimenFinding + "/reconcile", "status=PASS&reason=" + enc("两人核对证据后一致"));
        assertThat(evaluator.get(page).body()).contains("待完成 <strong>0</strong> 项");
        evaluator.post("/workbench/rounds/" + roundId + "/rescore", "x=1");
        evaluator.post("/workbench/rounds/" + roundId + "/move", "target=FINAL&reason=" + enc("首次发布"));
        assertThat(roundStatus()).isEqualTo("FINAL");
        assertThat(dsl.fetchCount(RESULT_SNAPSHOT, RESULT_SNAPSHOT.ROUND_ID.eq(roundId))).isEqualTo(1);
    }

    private String roundStatus() {
        return dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOne(ASSESSMENT_ROUND.STATUS);
    }

    private void appealsDuringTheFeedbackWindow(WebSession county, WebSession evaluator) throws Exception {
        long point = dsl.select(FINDING.POINT_ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                .and(FINDING.UNIT_ID.eq(shimen)).fetchOne(FINDING.POINT_ID);
        String unitPage = "/rounds/" + roundId + "/units/" + shimen;
        assertThat(county.get(unitPage).body()).contains("对该评估点提出申诉");
        var fields = java.util.Map.of("roundId", String.valueOf(roundId), "pointId", String.valueOf(point),
                "text", "首页已于检查日前更新", "url", sandbox.baseUrl("shimen") + "/");

        // A file that is not what its name says is refused, and nothing is stored.
        county.postMultipart("/appeals", fields, List.of(new WebSession.FilePart("files", "证明.pdf",
                "not a pdf".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(dsl.fetchCount(APPEAL)).isZero();
        assertThat(county.get(unitPage).body()).contains("内容与扩展名不符");

        byte[] pdf = "%PDF-1.4\n% gongkai test\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        HttpResponse<String> filed = county.postMultipart("/appeals", fields,
                List.of(new WebSession.FilePart("files", "更新记录.pdf", pdf)));
        assertThat(filed.statusCode()).isEqualTo(302);
        assertThat(dsl.fetchCount(APPEAL)).isEqualTo(1);
        long attachment = dsl.select(APPEAL_ATTACHMENT.ID).from(APPEAL_ATTACHMENT).fetchOne(APPEAL_ATTACHMENT.ID);
        assertThat(county.get("/appeals/attachments/" + attachment).statusCode()).isEqualTo(200);
        assertThat(WebSession.loggedIn(port, "qinghe", PASSWORD).get("/appeals/attachments/" + attachment).statusCode())
                .isEqualTo(403);
        // A second open appeal on the same point is refused.
        county.postMultipart("/appeals", fields, List.of());
        assertThat(dsl.fetchCount(APPEAL)).isEqualTo(1);

        long appeal = dsl.select(APPEAL.ID).from(APPEAL).fetchOne(APPEAL.ID);
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/appeals").body()).contains("首页已于检查日前更新");
        recapturingTheAppealUrls(appeal, county, evaluator);
        evaluator.post("/workbench/appeals/" + appeal + "/decide", "roundId=" + roundId + "&decision=REJECT");
        assertThat(dsl.select(APPEAL.STATUS).from(APPEAL).where(APPEAL.ID.eq(appeal)).fetchOne(APPEAL.STATUS))
                .isEqualTo("OPEN");
        evaluator.post("/workbench/appeals/" + appeal + "/decide", "roundId=" + roundId
                + "&decision=ACCEPT&status=PARTIAL&scoreFraction=0.5&reason=" + enc("已核实部分更新"));
        assertThat(dsl.select(APPEAL.STATUS).from(APPEAL).where(APPEAL.ID.eq(appeal)).fetchOne(APPEAL.STATUS))
                .isEqualTo("ACCEPTED");
        assertThat(dsl.fetchCount(REVIEW, REVIEW.KIND.eq("APPEAL"))).isEqualTo(1);
        assertThat(county.get(unitPage).body()).contains("已采纳", "已核实部分更新");
    }

    /** The evaluator re-captures an appeal's URL from the sandbox; one that cannot be reached is shown as failed. */
    private void recapturingTheAppealUrls(long appeal, WebSession county, WebSession evaluator) throws Exception {
        // Only evaluators may re-capture; the county's attempt is refused and captures nothing.
        int captures = dsl.fetchCount(CAPTURE);
        assertThat(county.post("/workbench/appeals/" + appeal + "/recapture", "roundId=" + roundId).statusCode())
                .isEqualTo(403);
        assertThat(dsl.fetchCount(CAPTURE)).isEqualTo(captures);

        String appeals = "/workbench/rounds/" + roundId + "/appeals";
        assertThat(evaluator.get(appeals).body()).contains("重新采集该网址");
        evaluator.post("/workbench/appeals/" + appeal + "/recapture", "roundId=" + roundId);
        var link = dsl.selectFrom(APPEAL_RECAPTURE).where(APPEAL_RECAPTURE.APPEAL_ID.eq(appeal)).fetchSingle();
        var capture = dsl.selectFrom(CAPTURE).where(CAPTURE.ID.eq(link.getCaptureId())).fetchSingle();
        assertThat(capture.getStatus()).isEqualTo("OK");
        assertThat(capture.getUrl()).startsWith(sandbox.baseUrl("shimen"));
        var record = evidence.read(capture.getWarcFile(), capture.getWarcOffset());
        assertThat(record.digestMatches()).isTrue();
        assertThat(record.payloadDigest()).isEqualTo(capture.getPayloadDigest());
        assertThat(evaluator.get(appeals).body()).contains("重新采集：采集成功", "/evidence/" + capture.getId(),
                capture.getPayloadDigest());
        // The county sees the re-capture under its appeal and may open it in the evidence viewer.
        assertThat(county.get("/rounds/" + roundId + "/units/" + shimen).body())
                .contains("重新采集：采集成功", "/evidence/" + capture.getId());
        assertThat(county.get("/evidence/" + capture.getId()).statusCode()).isEqualTo(200);
        assertThat(dsl.select(AUDIT_LOG.ACTION).from(AUDIT_LOG).where(AUDIT_LOG.ENTITY.eq("appeal"))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(appeal))).fetch(AUDIT_LOG.ACTION)).contains("APPEAL_RECAPTURE");

        // Another unit's appeal points at a loopback port nothing answers on: each refused attempt is kept and
        // shown, not a crash.
        WebSession other = WebSession.loggedIn(port, "qinghe", PASSWORD);
        long point = dsl.select(FINDING.POINT_ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                .and(FINDING.UNIT_ID.eq(qinghe)).fetchOne(FINDING.POINT_ID);
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        other.postMultipart("/appeals", java.util.Map.of("roundId", String.valueOf(roundId), "pointId",
                String.valueOf(point), "text", "栏目已恢复", "url", "http://127.0.0.1:" + closedPort + "/"), List.of());
        long unreachable = dsl.select(APPEAL.ID).from(APPEAL).where(APPEAL.UNIT_ID.eq(qinghe)).fetchSingle(APPEAL.ID);
        // The port is not the unit's registered site: refused unless the evaluator widens the scope with a reason.
        assertThat(evaluator.post("/workbench/appeals/" + unreachable + "/recapture", "roundId=" + roundId)
                .statusCode()).isEqualTo(302);
        assertThat(dsl.select(CAPTURE.ERROR).from(APPEAL_RECAPTURE).join(CAPTURE)
                .on(CAPTURE.ID.eq(APPEAL_RECAPTURE.CAPTURE_ID)).where(APPEAL_RECAPTURE.APPEAL_ID.eq(unreachable))
                .fetchSingle(CAPTURE.ERROR)).contains("不在该单位登记的网站上");
        HttpResponse<String> attempt = evaluator.post("/workbench/appeals/" + unreachable + "/recapture",
                "roundId=" + roundId + "&widen=true&widenReason=" + enc("县里提供的新地址"));
        assertThat(attempt.statusCode()).isEqualTo(302);
        var failed = dsl.select(CAPTURE.STATUS, CAPTURE.ERROR).from(APPEAL_RECAPTURE).join(CAPTURE)
                .on(CAPTURE.ID.eq(APPEAL_RECAPTURE.CAPTURE_ID)).where(APPEAL_RECAPTURE.APPEAL_ID.eq(unreachable))
                .orderBy(CAPTURE.ID.desc()).limit(1).fetchSingle();
        // Widening lets in other hosts, never internal ones, whatever the round allows for its registered sites.
        assertThat(failed.value1()).isEqualTo("FAILED");
        assertThat(failed.value2()).contains("登记网站以外的网址只能是公网地址");
        assertThat(evaluator.get(appeals).body()).contains("未取得页面", "重新采集：采集失败");
        evaluator.post("/workbench/appeals/" + unreachable + "/decide", "roundId=" + roundId
                + "&decision=REJECT&reason=" + enc("网址无法访问"));
    }

    /** A real PNG image, as a screenshot would be. */
    private static byte[] png() throws IOException {
        var image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private long captureOf(long unit) {
        return dsl.select(CAPTURE.ID).from(CAPTURE).join(CHANNEL).on(CHANNEL.ID.eq(CAPTURE.CHANNEL_ID))
                .where(CHANNEL.UNIT_ID.eq(unit)).and(CAPTURE.ROUND_ID.eq(roundId)).and(CAPTURE.STATUS.eq("OK"))
                .limit(1).fetchOne(CAPTURE.ID);
    }
}
