package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.APPEAL;
import static cn.gongkai.sql.jooq.Tables.APPEAL_ATTACHMENT;
import static cn.gongkai.sql.jooq.Tables.APPEAL_RECAPTURE;
import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.appeal.Appeals;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundPipeline;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The attacks of issue 16 on input (names, URLs, uploads) replayed against the running application (the demo round on the embedded MariaDB, the
 * sandbox sites on loopback, a real headless Chromium): each test failed before its fix.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputAttacksIT {

    private static final String PASSWORD = "test-password-16";
    private static final String HOSTILE_NAME = "<img src=x class=xss onerror=alert(1)>";
    private static Path home;
    private final Sandbox sandbox = Sandbox.start(LocalDate.now());

    @Autowired RoundImporter importer;
    @Autowired RoundPipeline pipeline;
    @Autowired RoundLifecycle lifecycle;
    @Autowired Appeals appeals;
    @Autowired UserAccounts accounts;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    long roundId;
    long shimen;
    /** The round's points (appeals are filed on the first). */
    final Deque<Long> freePoints = new ArrayDeque<>();

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-hostile-input");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void demoRoundInItsFeedbackWindow() throws IOException {
        String yaml = cn.gongkai.web.SliceRound.yaml();
        roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        pipeline.run(roundId);
        shimen = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("shimen")).fetchOne(UNIT.ID);
        accounts.create("test", "eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        accounts.create("test", "shimen", "石门县", PASSWORD, shimen, EnumSet.of(Role.COUNTY));
        lifecycle.move(roundId, RoundStatus.FEEDBACK, "eva", "进入反馈期");
        freePoints.addAll(dsl.select(ROUND_POINT.POINT_ID).from(ROUND_POINT).where(ROUND_POINT.ROUND_ID.eq(roundId))
                .orderBy(ROUND_POINT.POINT_ID).fetch(ROUND_POINT.POINT_ID));
    }

    @AfterAll
    void stopSandbox() {
        sandbox.close();
    }

    // --- 3. unit names in the dashboard's chart tooltips -------------------------------------------------------

    @Test
    void aUnitNamedLikeMarkupShowsAsTextInEveryDashboardTooltip() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "Debian's chromium and chromedriver are not installed");
        // Every unit of the round, so whichever group the dashboard selects first carries the name.
        List<String> names = dsl.select(UNIT.NAME).from(UNIT).orderBy(UNIT.ID).fetch(UNIT.NAME);
        dsl.update(UNIT).set(UNIT.NAME, UNIT.CODE.concat(HOSTILE_NAME)).execute();
        try (Browser browser = new Browser(port)) {
            browser.login("eva", PASSWORD); // leaders see published rounds only; this one is in its feedback window
            browser.open("/dashboard?round=" + roundId);
            browser.waitFor(d -> "true".equals(d.findElement(By.id("dashboard-root")).getAttribute("data-rendered")));
            for (String chart : List.of("chart-rank-0", "chart-uncertainty-0", "chart-heatmap", "chart-radar")) {
                browser.script("var c = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
                        + "c.dispatchAction({type: 'showTip', seriesIndex: arguments[1], dataIndex: 0});",
                        chart, chart.startsWith("chart-uncertainty") ? 2 : 0);
                String tooltip = waitForTooltip(browser, chart);
                assertThat(tooltip).as(chart).contains("<img src=x");
                assertThat(((Number) browser.script("return document.querySelectorAll('img.xss').length;"))
                        .intValue()).as(chart + " made an element of a unit name").isZero();
            }
        } finally {
            dsl.update(UNIT).set(UNIT.NAME, UNIT.CODE).execute();
            var ids = dsl.select(UNIT.ID).from(UNIT).orderBy(UNIT.ID).fetch(UNIT.ID);
            for (int i = 0; i < ids.size(); i++) {
                dsl.update(UNIT).set(UNIT.NAME, names.get(i)).where(UNIT.ID.eq(ids.get(i))).execute();
            }
        }
    }

    /** The text of the chart's visible tooltip (ECharts puts it in a div of its own inside the chart's element). */
    private static String waitForTooltip(Browser browser, String chart) {
        String script = "var el = document.getElementById(arguments[0]); var found = '';"
                + "el.querySelectorAll('div').forEach(function (d) {"
                + "  if (d.style.zIndex === '9999999' && d.style.display !== 'none' && d.innerHTML.length > 0)"
                + "  { found = d.textContent; } });"
                + "return found;";
        browser.waitFor(d -> !((String) browser.script(script, chart)).isEmpty());
        return (String) browser.script(script, chart);
    }

    // --- 4. appeal re-capture URLs --------------------------------------------------------------------------------

    /** A new appeal of shimen's on the round's first point; the previous one there is rejected first. */
    private long appealWithUrl(String url) {
        long point = rejectOpenAppeals();
        return appeals.file(accounts.loadUserByUsername("shimen"), roundId, point, "页面已更新", url, List.of());
    }

    /** Rejects shimen's open appeals on the round's first point, so that a new one may be filed there; the point. */
    private long rejectOpenAppeals() {
        long point = freePoints.getFirst();
        for (long open : dsl.select(APPEAL.ID).from(APPEAL).where(APPEAL.POINT_ID.eq(point))
                .and(APPEAL.STATUS.eq("OPEN")).fetch(APPEAL.ID)) {
            appeals.reject(open, accounts.loadUserByUsername("eva"), "测试：下一次申诉");
        }
        return point;
    }

    private record Recaptured(HttpResponse<String> response, String status, String error, String warcFile) {
    }

    private Recaptured recapture(long appeal, String extraForm) throws Exception {
        HttpResponse<String> response = WebSession.loggedIn(port, "eva", PASSWORD)
                .post("/workbench/appeals/" + appeal + "/recapture", "roundId=" + roundId + extraForm);
        var capture = dsl.select(CAPTURE.STATUS, CAPTURE.ERROR, CAPTURE.WARC_FILE).from(APPEAL_RECAPTURE)
                .join(CAPTURE).on(CAPTURE.ID.eq(APPEAL_RECAPTURE.CAPTURE_ID))
                .where(APPEAL_RECAPTURE.APPEAL_ID.eq(appeal)).orderBy(APPEAL_RECAPTURE.ID.desc()).limit(1).fetchOne();
        return capture == null ? new Recaptured(response, null, null, null)
                : new Recaptured(response, capture.value1(), capture.value2(), capture.value3());
    }

    private int databasePort() {
        String url = dsl.connectionResult(c -> c.getMetaData().getURL());
        Matcher m = Pattern.compile("//[^/:]+:(\\d+)").matcher(url);
        assertThat(m.find()).as(url).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void anAppealUrlIsFetchedOnlyOnTheUnitsOwnSitesAndNeverOnTheApplicationOrItsDatabase() throws Exception {
        // The round allows private addresses (the sandbox is on loopback), as in the attack.
        Recaptured ownLogin = recapture(appealWithUrl("http://127.0.0.1:" + port + "/login"), "");
        assertThat(ownLogin.status()).isEqualTo("FAILED");
        assertThat(ownLogin.error()).contains("不在该单位登记的网站上");
        assertThat(ownLogin.warcFile()).isNull();

        Recaptured database = recapture(appealWithUrl("http://127.0.0.1:" + databasePort() + "/"), "");
        assertThat(database.status()).isEqualTo("FAILED");
        assertThat(database.warcFile()).isNull();

        // Another unit's site is not this unit's either.
        Recaptured other = recapture(appealWithUrl(sandbox.baseUrl("qinghe") + "/"), "");
        assertThat(other.status()).isEqualTo("FAILED");
        assertThat(other.error()).contains("不在该单位登记的网站上");

        // Widening needs a reason; widened, the application itself is still refused, and the widening is audited.
        long widened = appealWithUrl("http://localhost:" + port + "/login");
        assertThat(recapture(widened, "&widen=true").status()).isNull();
        Recaptured stillRefused = recapture(widened, "&widen=true&widenReason=" + java.net.URLEncoder.encode(
                "省级平台上的转载", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(stillRefused.status()).isEqualTo("FAILED");
        assertThat(stillRefused.warcFile()).isNull();
        assertThat(dsl.select(AUDIT_LOG.REASON).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("APPEAL_RECAPTURE"))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(widened))).fetch(AUDIT_LOG.REASON))
                .singleElement().asString().contains("允许采集登记网站以外的网址", "省级平台上的转载");

        // The unit's own site, on loopback in a round that allows it, is captured.
        Recaptured own = recapture(appealWithUrl(sandbox.baseUrl("shimen") + "/"), "");
        assertThat(own.status()).isEqualTo("OK");
        assertThat(own.warcFile()).isNotNull();
        assertThat(dsl.fetchCount(APPEAL, APPEAL.ROUND_ID.eq(roundId).and(APPEAL.URL.isNotNull()))).isEqualTo(5);
    }

    // --- 6. lengths and values checked where the input arrives -------------------------------------------------------

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The flash message of the page a refused form post sent the user back to. */
    private static String refusal(WebSession session, HttpResponse<String> post) throws Exception {
        assertThat(post.statusCode()).as(post.body()).isEqualTo(302);
        String location = post.headers().firstValue("Location").orElseThrow();
        String page = session.get(URI.create(location).getRawPath()).body();
        Matcher error = Pattern.compile("<p class=\"negative\">([^<]*)</p>").matcher(page);
        assertThat(error.find()).as(location).isTrue();
        return org.springframework.web.util.HtmlUtils.htmlUnescape(error.group(1));
    }

    @Test
    void overLongAppealsAndReasonsAreRefusedWithAMessageNamingTheFieldAndNothingIsStored() throws Exception {
        WebSession county = WebSession.loggedIn(port, "shimen", PASSWORD);
        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        long point = rejectOpenAppeals();
        int appealsBefore = dsl.fetchCount(APPEAL);
        int reviewsBefore = dsl.fetchCount(REVIEW);

        // The form allowed 4,000 characters; the audit entry of a filing holds 2,000.
        assertThat(refusal(county, county.post("/appeals", "roundId=" + roundId + "&pointId=" + point
                + "&text=" + enc("改".repeat(3000))))).isEqualTo("「申诉理由」不能超过 2000 个字符（现有 3000 个）");
        assertThat(refusal(county, county.post("/appeals", "roundId=" + roundId + "&pointId=" + point
                + "&text=" + enc("已改") + "&url=" + enc("https://shimen.example/" + "a".repeat(2100)))))
                .startsWith("「佐证网址」不能超过 2048 个字符");
        assertThat(dsl.fetchCount(APPEAL)).isEqualTo(appealsBefore);

        long finding = dsl.select(FINDING.ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId)).limit(1)
                .fetchOne(FINDING.ID);
        String longReason = enc("因".repeat(2500));
        assertThat(refusal(evaluator, evaluator.post("/workbench/findings/" + finding + "/review", "roundId=" + roundId
                + "&decision=OVERRIDE&status=FAIL&reason=" + longReason)))
                .isEqualTo("「改判理由」不能超过 1000 个字符（现有 2500 个）");
        assertThat(refusal(evaluator, evaluator.post("/workbench/findings/" + finding + "/review", "roundId=" + roundId
                + "&decision=CONFIRM&reason=" + longReason))).startsWith("「确认理由」不能超过 1000 个字符");
        assertThat(dsl.fetchCount(REVIEW)).isEqualTo(reviewsBefore);

        // The answer to an appeal: accepting adds a prefix to the review's reason, which held 2,000 as well.
        long appeal = appeals.file(accounts.loadUserByUsername("shimen"), roundId, point, "首页已更新", null, List.of());
        assertThat(refusal(evaluator, evaluator.post("/workbench/appeals/" + appeal + "/decide", "roundId=" + roundId
                + "&decision=ACCEPT&status=PASS&reason=" + enc("理".repeat(1999)))))
                .startsWith("「采纳理由」不能超过 1000 个字符");
        assertThat(refusal(evaluator, evaluator.post("/workbench/appeals/" + appeal + "/decide", "roundId=" + roundId
                + "&decision=REJECT&reason=" + longReason))).startsWith("「驳回理由」不能超过 1000 个字符");
        assertThat(dsl.select(APPEAL.STATUS).from(APPEAL).where(APPEAL.ID.eq(appeal)).fetchOne(APPEAL.STATUS))
                .isEqualTo("OPEN");
        assertThat(dsl.fetchCount(REVIEW)).isEqualTo(reviewsBefore);
    }

    private static final String ROUND = """
            name: %s
            indicatorSystem: foundation
            crawlDelayMs: %s
            groups:
              - code: probe-group
                name: %s
                unitType: COUNTY_GOVERNMENT
                units:
                  - code: %s
                    name: 探测县人民政府
                    channels:
                      - kind: WEBSITE
                        url: %s
            """;

    private String roundRefusal(WebSession evaluator, String name, String delay, String group, String unit, String url)
            throws Exception {
        int rounds = dsl.fetchCount(ASSESSMENT_ROUND);
        String message = refusal(evaluator, evaluator.post("/workbench/rounds",
                "definition=" + enc(ROUND.formatted(name, delay, group, unit, url))));
        assertThat(dsl.fetchCount(ASSESSMENT_ROUND)).as(message).isEqualTo(rounds);
        return message;
    }

    @Test
    void roundDefinitionsOutsideTheColumnsOrWithNonsenseValuesAreRefusedBeforeTheDatabase() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        String url = "https://probe.example.gov.cn/";
        assertThat(roundRefusal(evaluator, "探测轮次", "-5", "探测分组", "probe-unit", url))
                .contains("抓取间隔（crawlDelayMs）须在 0 到 60000 毫秒之间，实际为 -5");
        assertThat(roundRefusal(evaluator, "\"探测\\0轮次\"", "100", "探测分组", "probe-unit", url))
                .contains("「轮次名称（name）」含有换行、制表符或其他控制字符");
        assertThat(roundRefusal(evaluator, "\"探测\\u202E轮次\"", "100", "探测分组", "probe-unit", url))
                .contains("「轮次名称（name）」含有改变文字显示方向的不可见字符");
        assertThat(roundRefusal(evaluator, "轮".repeat(201), "100", "探测分组", "probe-unit", url))
                .contains("「轮次名称（name）」不能超过 200 个字符（现有 201 个）");
        assertThat(roundRefusal(evaluator, "探测轮次", "100", "\"探测\\t分组\"", "probe-unit", url))
                .contains("「分组 probe-group 的名称（name）」含有换行、制表符或其他控制字符");
        assertThat(roundRefusal(evaluator, "探测轮次", "100", "组".repeat(300), "probe-unit", url))
                .contains("「分组 probe-group 的名称（name）」不能超过 200 个字符");
        assertThat(roundRefusal(evaluator, "探测轮次", "100", "探测分组", "u".repeat(65), url))
                .contains("的单位代码（code）」不能超过 64 个字符（现有 65 个）");
        assertThat(roundRefusal(evaluator, "探测轮次", "100", "探测分组", "probe-unit", url + "p".repeat(2100)))
                .contains("「单位 probe-unit 的渠道网址（url）」不能超过 2048 个字符");
        // The same definition with sound values passes (not created here: a new round would change other pages).
        assertThat(RoundDefinition.parse(ROUND.formatted("探测轮次", "0", "探测分组", "probe-unit", url), null).name())
                .isEqualTo("探测轮次");
    }

    // --- 6. unknown ids in forms ------------------------------------------------------------------------------------

    /** A 404 page in Chinese, in the layout, naming what was not found; nothing of an exception. */
    private static void assertNotFound(HttpResponse<String> answer, String reason) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(answer.body()).contains("政务公开第三方评估平台", "页面或记录不存在", reason)
                .doesNotContain("Whitelabel", "Exception", "at cn.gongkai");
    }

    @Test
    void formsNamingAnUnknownIdAnswer404WithTheChineseErrorPageAndChangeNothing() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        WebSession county = WebSession.loggedIn(port, "shimen", PASSWORD);
        long finding = dsl.select(FINDING.ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId)).limit(1)
                .fetchOne(FINDING.ID);
        long point = freePoints.getFirst();
        long evaluatorId = dsl.select(APP_USER.ID).from(APP_USER).where(APP_USER.USERNAME.eq("eva"))
                .fetchOne(APP_USER.ID);
        int audit = dsl.fetchCount(AUDIT_LOG);
        int reviews = dsl.fetchCount(REVIEW);
        int appealsBefore = dsl.fetchCount(APPEAL);
        String round = "/workbench/rounds/" + roundId;

        // Findings: confirmed, overridden, confirmed in bulk beside a real one, second-reviewed, reconciled.
        assertNotFound(evaluator.postPage("/workbench/findings/99999/review", "roundId=" + roundId
                + "&decision=CONFIRM"), "检查结果不存在：99999");
        assertNotFound(evaluator.postPage("/workbench/findings/99999/review", "roundId=" + roundId
                + "&decision=OVERRIDE&status=FAIL&reason=" + enc("改判")), "检查结果不存在：99999");
        assertNotFound(evaluator.postPage(round + "/review/bulk", "decision=CONFIRM&reason=" + enc("批量确认")
                        + "&findingId=" + finding + "&findingId=99999"),
                "本轮次中没有这些检查结果：99999");
        assertNotFound(evaluator.postPage(round + "/second-review/99999", "status=PASS"),
                "本轮次中没有这条检查结果：99999");
        assertNotFound(evaluator.postPage(round + "/second-review/99999/reconcile", "status=PASS&reason="
                + enc("协调")), "本轮次中没有这条检查结果：99999");
        // A real finding with a round that does not exist, in a form and in a multipart form with a file.
        assertNotFound(evaluator.postPage("/workbench/findings/" + finding + "/review", "roundId=99999"
                + "&decision=CONFIRM"), "评估轮次不存在：99999");
        HttpResponse<String> multipart = evaluator.postMultipart("/workbench/findings/" + finding + "/review",
                java.util.Map.of("roundId", "99999", "decision", "OVERRIDE", "status", "PASS", "reason", "附截图"),
                List.of(new WebSession.FilePart("evidence", "截图.pdf",
                        "%PDF-1.4\n% gongkai 404 probe\n".getBytes(StandardCharsets.US_ASCII))),
                false, "Accept", "text/html");
        assertNotFound(multipart, "评估轮次不存在：99999");

        // Appeals: decided, re-captured, filed on a point or a round that does not exist.
        assertNotFound(evaluator.postPage("/workbench/appeals/99999/decide", "roundId=" + roundId
                + "&decision=REJECT&reason=" + enc("驳回")), "申诉不存在：99999");
        assertNotFound(evaluator.postPage("/workbench/appeals/99999/decide", "roundId=" + roundId
                + "&decision=ACCEPT&status=PASS&reason=" + enc("采纳")), "申诉不存在：99999");
        assertNotFound(evaluator.postPage("/workbench/appeals/99999/recapture", "roundId=" + roundId),
                "申诉不存在：99999");
        assertNotFound(county.postPage("/appeals", "roundId=" + roundId + "&pointId=99999&text=" + enc("已更新")),
                "本轮评估中没有这个评估点：99999");
        assertNotFound(county.postPage("/appeals", "roundId=99999&pointId=" + point + "&text=" + enc("已更新")),
                "评估轮次不存在：99999");

        // Rounds, channels, manual scores and accounts.
        assertNotFound(evaluator.postPage("/workbench/rounds/99999/move", "target=FEEDBACK"), "评估轮次不存在：99999");
        assertNotFound(evaluator.postPage("/workbench/rounds/99999/rescore", "x=1"), "评估轮次不存在：99999");
        assertNotFound(evaluator.postPage(round + "/channels/99999/recapture", "reason=" + enc("重采")),
                "本轮次中没有这个渠道：99999");
        assertNotFound(evaluator.postPage(round + "/manual-scores", "method=MANUAL&unitId=99999&pointId=" + point
                + "&score=0"), "本轮评估中没有这个单位：99999");
        assertNotFound(evaluator.postPage(round + "/manual-scores", "method=MANUAL&unitId=" + shimen
                + "&pointId=99999&score=0"), "本轮评估中没有这个人工或主管部门评分的评估点：99999");
        assertNotFound(evaluator.postPage("/workbench/accounts/99999/password", "x=1"), "账号不存在：99999");
        assertNotFound(evaluator.postPage("/workbench/accounts/99999/enabled", "enabled=false"), "账号不存在：99999");

        assertThat(dsl.fetchCount(REVIEW)).isEqualTo(reviews);
        assertThat(dsl.fetchCount(APPEAL)).isEqualTo(appealsBefore);
        assertThat(dsl.select(AUDIT_LOG.ACTION).from(AUDIT_LOG).orderBy(AUDIT_LOG.ID).offset(audit)
                .fetch(AUDIT_LOG.ACTION)).isEmpty();
        assertThat(dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOne(ASSESSMENT_ROUND.STATUS)).isEqualTo("FEEDBACK");
        // The evaluator's own account is untouched, and still signed in.
        assertThat(dsl.fetchExists(APP_USER, APP_USER.ID.eq(evaluatorId).and(APP_USER.ENABLED.isTrue()))).isTrue();
        assertThat(evaluator.get("/workbench").statusCode()).isEqualTo(200);
    }

    // --- 10. control and bidirectional characters in names -----------------------------------------------------------

    @Test
    void accountNamesWithControlCharactersAreRefused() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        int users = dsl.fetchCount(APP_USER);
        assertThat(refusal(evaluator, evaluator.post("/workbench/accounts",
                "username=ctl-lead&role=LEADER&displayName=" + enc("王\u0000领导"))))
                .contains("「姓名/单位名称」含有换行、制表符或其他控制字符");
        assertThat(refusal(evaluator, evaluator.post("/workbench/accounts",
                "username=bidi-lead&role=LEADER&displayName=" + enc("王\u202E领导"))))
                .contains("「姓名/单位名称」含有改变文字显示方向的不可见字符");
        assertThat(dsl.fetchCount(APP_USER)).isEqualTo(users);
    }

    @Test
    void anAttachmentNamedWithARightToLeftOverrideIsStoredShownAndServedWithoutIt() throws Exception {
        WebSession county = WebSession.loggedIn(port, "shimen", PASSWORD);
        long point = rejectOpenAppeals();
        // Shown with the override (U+202E before "txt"), the name reads as "说明fdp.txt".
        byte[] pdf = "%PDF-1.4\n% gongkai bidi probe\n".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> filed = county.postMultipart("/appeals",
                java.util.Map.of("roundId", String.valueOf(roundId), "pointId", String.valueOf(point), "text", "见附件"),
                List.of(new WebSession.FilePart("files", "说明\u202Etxt.pdf", pdf)));
        assertThat(filed.statusCode()).isEqualTo(302);
        var attachment = dsl.select(APPEAL_ATTACHMENT.ID, APPEAL_ATTACHMENT.FILE_NAME).from(APPEAL_ATTACHMENT)
                .orderBy(APPEAL_ATTACHMENT.ID.desc()).limit(1).fetchOne();
        assertThat(attachment.value2()).isEqualTo("说明txt.pdf");
        String page = county.get("/rounds/" + roundId + "/units/" + shimen).body();
        assertThat(page).contains("说明txt.pdf").doesNotContain("\u202E");
        HttpResponse<byte[]> download = county.getBytes("/appeals/attachments/" + attachment.value1());
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
                .doesNotContainIgnoringCase("%E2%80%AE").doesNotContain("\u202E");
    }
}
