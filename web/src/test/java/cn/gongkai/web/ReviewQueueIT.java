package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.SECOND_REVIEW;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import cn.gongkai.web.workbench.Reviews;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The review queue at volume: 24 units × 7 machine-checked points, 126 of them 不通过 (more than a page). Evidence
 * links and excerpts in each row; the filter, page and row kept across single and bulk actions; bulk actions on the
 * ticked findings or on every finding the filter matches, with one reason, audited per finding; statuses in Chinese;
 * and the blind second reviewer refused as the first reviewer and the other way round. In Chromium at 1440 and 390 px.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReviewQueueIT {

    private static final String PASSWORD = "test-password-1";
    private static final List<String> POINTS = List.of("xxgk-pt-01", "xxgk-pt-02", "xxgk-pt-04", "xxgk-zcwj-01",
            "xxgk-dt-01", "xxgk-dt-02", "xxgk-dt-03");
    private static final int UNITS = 24;
    private static final int FAILING_UNITS = 18;
    /** English status codes that must never reach a page; hidden form values are not page text. */
    private static final Pattern ENGLISH_STATUS = Pattern.compile(
            "\\b(PASS|FAIL|PARTIAL|UNCERTAIN|OVERRIDE|CONFIRM|NOT_APPLICABLE|NOT_ASSESSABLE)\\b");

    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @Autowired Reviews reviews;
    @LocalServerPort int port;

    private long roundId;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-review-queue");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void round() {
        StringBuilder yaml = new StringBuilder("""
                name: 复核队列测试轮次
                indicatorSystem: default
                points: [%s]
                groups:
                  - code: rq-counties
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                    units:
                """.formatted(String.join(", ", POINTS)));
        for (int i = 0; i < UNITS; i++) {
            yaml.append("      - code: rq-u%02d\n        name: 复核测试%02d县人民政府\n".formatted(i, i))
                    .append("        channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/u%02d/'}]\n"
                            .formatted(i));
        }
        roundId = importer.importRound(RoundDefinition.parse(yaml.toString(), null), yaml.toString());
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "REVIEWING")
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
        LocalDateTime now = LocalDateTime.of(2026, 12, 1, 9, 30);
        for (int i = 0; i < UNITS; i++) {
            long unit = unit(i);
            long channel = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.UNIT_ID.eq(unit)).fetchOne(CHANNEL.ID);
            String status = i < FAILING_UNITS ? "FAIL" : i < 21 ? "PASS" : "UNCERTAIN";
            for (int p = 0; p < POINTS.size(); p++) {
                long finding = dsl.insertInto(FINDING, FINDING.ROUND_ID, FINDING.UNIT_ID, FINDING.POINT_ID,
                                FINDING.STATUS, FINDING.SCORE_FRACTION, FINDING.MESSAGE, FINDING.CHECKED_AT)
                        .values(roundId, unit, point(POINTS.get(p)), status,
                                "FAIL".equals(status) ? java.math.BigDecimal.ZERO : "PASS".equals(status)
                                        ? java.math.BigDecimal.ONE : null,
                                "栏目最近一次更新距检查日超过 30 天", now)
                        .returning(FINDING.ID).fetchOne().getId();
                String url = "http://127.0.0.1:9/u%02d/column-%d/index.html".formatted(i, p);
                long capture = dsl.insertInto(CAPTURE, CAPTURE.ROUND_ID, CAPTURE.CHANNEL_ID, CAPTURE.URL,
                                CAPTURE.URL_HASH, CAPTURE.CAPTURED_AT, CAPTURE.STATUS, CAPTURE.HTTP_STATUS,
                                CAPTURE.CONTENT_TYPE)
                        .values(roundId, channel, url, "%064d".formatted(finding), now, "OK", 200, "text/html")
                        .returning(CAPTURE.ID).fetchOne().getId();
                dsl.insertInto(FINDING_EVIDENCE, FINDING_EVIDENCE.FINDING_ID, FINDING_EVIDENCE.CAPTURE_ID,
                                FINDING_EVIDENCE.EXCERPT)
                        .values(finding, capture, "最新一条：2026-10-%02d 关于第%d栏目的通知".formatted(p + 1, p))
                        .execute();
            }
        }
        accounts.create("test", "rq-eva", "评估员甲", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "rq-eva2", "评估员乙", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
    }

    private long unit(int i) {
        return dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("rq-u%02d".formatted(i))).fetchOne(UNIT.ID);
    }

    private long point(String code) {
        return dsl.select(EVALUATION_POINT.ID).from(ROUND_POINT).join(EVALUATION_POINT)
                .on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId)).and(EVALUATION_POINT.CODE.eq(code))
                .fetchOne(EVALUATION_POINT.ID);
    }

    private long finding(int unitIndex, int pointIndex) {
        return dsl.select(FINDING.ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                .and(FINDING.UNIT_ID.eq(unit(unitIndex))).and(FINDING.POINT_ID.eq(point(POINTS.get(pointIndex))))
                .fetchOne(FINDING.ID);
    }

    private String queue() {
        return "/workbench/rounds/" + roundId + "/review";
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
    }

    private static String followed(WebSession session, HttpResponse<String> response) throws Exception {
        return session.get(location(response)).body();
    }

    private int reviewsOf(long finding) {
        return dsl.fetchCount(REVIEW, REVIEW.FINDING_ID.eq(finding));
    }

    @Test
    @Order(1)
    void theBlindSecondReviewerIsNeverAlsoTheFirst() throws Exception {
        WebSession eva = WebSession.loggedIn(port, "rq-eva", PASSWORD);
        WebSession eva2 = WebSession.loggedIn(port, "rq-eva2", PASSWORD);
        long decidedFirst = finding(23, 0);
        long sampled = finding(23, 1);
        long sampledToo = finding(23, 2);
        long reconciledPath = finding(23, 3);
        // rq-eva2 confirms one finding first; the draw for rq-eva2 leaves it out and takes all the others.
        // Each answer is followed, as a browser does, so that its flash message is read on its own page.
        assertThat(followed(eva2, eva2.post("/workbench/findings/" + decidedFirst + "/review", "roundId=" + roundId
                + "&decision=CONFIRM"))).contains("<p>已确认</p>");
        assertThat(reviewsOf(decidedFirst)).isEqualTo(1);
        assertThat(followed(eva, eva.post("/workbench/rounds/" + roundId + "/second-review/draw",
                "percent=100&reviewer=rq-eva2&seed=3"))).contains("已抽取 167 条检查结果交由 rq-eva2 复核");
        int all = UNITS * POINTS.size();
        assertThat(dsl.fetchCount(SECOND_REVIEW, SECOND_REVIEW.ROUND_ID.eq(roundId))).isEqualTo(all - 1);
        assertThat(dsl.fetchExists(SECOND_REVIEW, SECOND_REVIEW.FINDING_ID.eq(decidedFirst))).isFalse();

        // Drawn to judge it blind, rq-eva2 cannot confirm or override it first: refused in Chinese, nothing stored.
        String refusal = "这条检查结果已抽取由您盲评复核，不能再由您确认或改判；请由另一位评估人员复核";
        assertThat(followed(eva2, eva2.post("/workbench/findings/" + sampled + "/review", "roundId=" + roundId
                + "&decision=CONFIRM"))).contains(refusal);
        assertThat(followed(eva2, eva2.post("/workbench/findings/" + sampled + "/review", "roundId=" + roundId
                + "&decision=OVERRIDE&status=PASS&reason=" + enc("我看过了")))).contains(refusal);
        assertThat(reviewsOf(sampled)).isZero();
        // In bulk the drawn findings are left alone and counted.
        String bulk = followed(eva2, eva2.post(queue() + "/bulk", "decision=CONFIRM&reason=" + enc("批量确认")
                + "&findingId=" + sampled + "&findingId=" + sampledToo));
        assertThat(bulk).contains("已批量确认 0 条；另有 2 条已抽取由您盲评复核，未作处理");
        assertThat(reviewsOf(sampled) + reviewsOf(sampledToo)).isZero();

        // A review by rq-eva2 that reached the finding another way (here the reconciliation's override) still bars
        // rq-eva2's blind verdict on it.
        long eva2Id = dsl.select(APP_USER.ID).from(APP_USER).where(APP_USER.USERNAME.eq("rq-eva2")).fetchOne(APP_USER.ID);
        reviews.override(reconciledPath, eva2Id, "rq-eva2", "PASS", null, "复核抽查协调：测试");
        String judged = followed(eva2, eva2.post("/workbench/rounds/" + roundId + "/second-review/"
                + reconciledPath, "status=FAIL&reason=" + enc("盲评")));
        assertThat(judged).contains("您已复核过这条检查结果（确认、改判或处理申诉），盲评复核须由另一位评估人员进行");
        assertThat(dsl.select(SECOND_REVIEW.SECOND_STATUS).from(SECOND_REVIEW)
                .where(SECOND_REVIEW.FINDING_ID.eq(reconciledPath)).fetchOne(SECOND_REVIEW.SECOND_STATUS)).isNull();

        // The other way round both work: rq-eva2 judges blind, rq-eva reviews first.
        assertThat(followed(eva2, eva2.post("/workbench/rounds/" + roundId + "/second-review/" + sampled,
                "status=FAIL&reason=" + enc("盲评")))).contains("已记录复核结论");
        assertThat(dsl.select(SECOND_REVIEW.SECOND_STATUS).from(SECOND_REVIEW)
                .where(SECOND_REVIEW.FINDING_ID.eq(sampled)).fetchOne(SECOND_REVIEW.SECOND_STATUS)).isEqualTo("FAIL");
        assertThat(followed(eva, eva.post("/workbench/findings/" + sampled + "/review", "roundId=" + roundId
                + "&decision=CONFIRM"))).contains("<p>已确认</p>");
        assertThat(reviewsOf(sampled)).isEqualTo(1);
        // The blind page shows verdicts in Chinese.
        String tasks = eva2.get("/workbench/rounds/" + roundId + "/second-review").body();
        assertThat(tasks).contains(">通过</option>", ">不通过</option>");
        assertThat(ENGLISH_STATUS.matcher(text(tasks)).find()).as(text(tasks)).isFalse();
    }

    @Test
    @Order(2)
    void eachRowShowsItsEvidenceAndExcerptAndStatusesReadInChinese() throws Exception {
        WebSession eva = WebSession.loggedIn(port, "rq-eva", PASSWORD);
        String page = eva.get(queue() + "?status=FAIL").body();
        assertThat(page).contains("筛选结果共 <strong id=\"match-count\">126</strong> 条", "第 1 / 2 页",
                "筛选结果中的全部", "快捷键");
        long first = finding(0, 0);
        long evidence = dsl.select(FINDING_EVIDENCE.ID).from(FINDING_EVIDENCE)
                .where(FINDING_EVIDENCE.FINDING_ID.eq(first)).fetchOne(FINDING_EVIDENCE.ID);
        long capture = dsl.select(FINDING_EVIDENCE.CAPTURE_ID).from(FINDING_EVIDENCE)
                .where(FINDING_EVIDENCE.ID.eq(evidence)).fetchOne(FINDING_EVIDENCE.CAPTURE_ID);
        assertThat(page).contains("href=\"/evidence/" + capture + "?mark=" + evidence + "\"",
                "最新一条：2026-10-01 关于第0栏目的通知", "http://127.0.0.1:9/u00/column-0/index.html");
        // The link opens the existing evidence viewer with the excerpt marked.
        assertThat(eva.get("/evidence/" + capture + "?mark=" + evidence).body())
                .contains("<mark>最新一条：2026-10-01 关于第0栏目的通知</mark>");
        // Page 2 holds the rest: 126 = 100 + 26 rows.
        String second = eva.get(queue() + "?status=FAIL&page=2").body();
        assertThat(second.split("class=\"finding-row\"", -1).length - 1).isEqualTo(26);
        assertThat(page.split("class=\"finding-row\"", -1).length - 1).isEqualTo(100);
        for (String path : List.of(queue(), queue() + "?status=UNCERTAIN", "/workbench", "/workbench/audit",
                "/workbench/rounds/" + roundId + "/second-review")) {
            String text = text(eva.get(path).body());
            assertThat(ENGLISH_STATUS.matcher(text).find()).as(path + ": " + text).isFalse();
        }
        assertThat(text(eva.get(queue() + "?status=UNCERTAIN").body())).contains("待核实");
        assertThat(text(eva.get("/workbench/audit").body())).contains("确认检查结果", "抽取复核抽查");
    }

    @Test
    @Order(3)
    void aSingleActionReturnsToTheSameFilterPageAndRow() throws Exception {
        WebSession eva = WebSession.loggedIn(port, "rq-eva", PASSWORD);
        long row = finding(5, 2);
        long next = finding(5, 3);
        String back = "status=FAIL&unit=" + unit(5) + "&unreviewed=true";
        // Under 仅未复核 the confirmed row leaves the list: the page comes back at the row that followed it.
        String confirmed = location(eva.post("/workbench/findings/" + row + "/review", "roundId=" + roundId
                + "&decision=CONFIRM&back=" + enc(back) + "&next=" + next));
        assertThat(confirmed).isEqualTo(queue() + "?" + back + "#f-" + next);
        // Without that filter the row stays, and so does the page (page 2 of 不通过).
        long kept = finding(16, 0);
        String overridden = location(eva.post("/workbench/findings/" + kept + "/review", "roundId=" + roundId
                + "&decision=OVERRIDE&status=PARTIAL&scoreFraction=0.5&reason=" + enc("栏目有更新但不全")
                + "&back=" + enc("status=FAIL&page=2") + "&next=" + next));
        assertThat(overridden).isEqualTo(queue() + "?status=FAIL&page=2#f-" + kept);
        String shown = eva.get(overridden.replaceFirst("#.*", "")).body();
        assertThat(shown).contains("已改判为部分通过 · 评估员甲 · 栏目有更新但不全");
        // A refused action goes back to where the evaluator was too.
        String refused = location(eva.post("/workbench/findings/" + kept + "/review", "roundId=" + roundId
                + "&decision=OVERRIDE&status=PASS&back=" + enc("status=FAIL&page=2")));
        assertThat(refused).isEqualTo(queue() + "?status=FAIL&page=2#f-" + kept);
        assertThat(eva.get(refused.replaceFirst("#.*", "")).body()).contains("改判必须填写理由");
        // Only the queue's own parameters make the way back: anything else in it is dropped.
        assertThat(location(eva.post("/workbench/findings/" + kept + "/review", "roundId=" + roundId
                + "&decision=CONFIRM&back=" + enc("status=FAIL&evil=http://x.example/&page=x"))))
                .isEqualTo(queue() + "#f-" + kept);
    }

    @Test
    @Order(4)
    void bulkActionsNeedAReasonAndTheSetTheEvaluatorSawAndAreAuditedPerFinding() throws Exception {
        WebSession eva = WebSession.loggedIn(port, "rq-eva", PASSWORD);
        String back = "status=FAIL&unit=" + unit(7);
        int reviewsBefore = dsl.fetchCount(REVIEW);
        int auditBefore = dsl.fetchCount(AUDIT_LOG);
        // No reason: refused, nothing stored, back at the same filter.
        String noReason = location(eva.post(queue() + "/bulk", "decision=OVERRIDE&status=PASS&scope=ALL_MATCHING"
                + "&expected=7&back=" + enc(back)));
        assertThat(noReason).isEqualTo(queue() + "?" + back + "#queue");
        assertThat(eva.get(noReason.replaceFirst("#.*", "")).body()).contains("批量改判须填写「批量操作理由」");
        // A reason over the limit: the TextInput message naming the field.
        location(eva.post(queue() + "/bulk", "decision=CONFIRM&scope=ALL_MATCHING&expected=7&back=" + enc(back)
                + "&reason=" + enc("长".repeat(1001))));
        assertThat(eva.get(queue() + "?" + back).body()).contains("「批量操作理由」不能超过 1000 个字符（现有 1001 个）");
        location(eva.post(queue() + "/bulk", "decision=CONFIRM&scope=ALL_MATCHING&expected=7&back=" + enc(back)
                + "&reason=" + enc("核对\u202E无误")));
        assertThat(eva.get(queue() + "?" + back).body()).contains("「批量操作理由」含有改变文字显示方向的不可见字符，请删除后重试");
        // The set changed since the page counted it: nothing done.
        location(eva.post(queue() + "/bulk", "decision=CONFIRM&scope=ALL_MATCHING&expected=6&back=" + enc(back)
                + "&reason=" + enc("核对")));
        assertThat(eva.get(queue() + "?" + back).body()).contains("筛选结果已变化：页面显示 6 条，现有 7 条；未作任何处理");
        assertThat(dsl.fetchCount(REVIEW)).isEqualTo(reviewsBefore);
        assertThat(dsl.fetchCount(AUDIT_LOG)).isEqualTo(auditBefore);

        // All 7 matching findings overridden with one reason: 7 reviews, 7 audit entries with the reason.
        String done = location(eva.post(queue() + "/bulk", "decision=OVERRIDE&status=PASS&scope=ALL_MATCHING"
                + "&expected=7&back=" + enc(back) + "&reason=" + enc("单位补充了更新记录")));
        assertThat(done).isEqualTo(queue() + "?" + back + "#queue");
        assertThat(eva.get(done.replaceFirst("#.*", "")).body()).contains("已批量改判为「通过」7 条，重新计分后生效");
        List<Long> ids = dsl.select(FINDING.ID).from(FINDING).where(FINDING.UNIT_ID.eq(unit(7))).fetch(FINDING.ID);
        assertThat(dsl.fetchCount(REVIEW, REVIEW.FINDING_ID.in(ids).and(REVIEW.DECISION.eq("OVERRIDE"))
                .and(REVIEW.STATUS.eq("PASS")).and(REVIEW.REASON.eq("单位补充了更新记录")))).isEqualTo(7);
        assertThat(dsl.select(AUDIT_LOG.ENTITY_ID).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("FINDING_OVERRIDE"))
                .and(AUDIT_LOG.REASON.eq("单位补充了更新记录")).fetch(AUDIT_LOG.ENTITY_ID))
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(String::valueOf).toList());
        // Ticked findings confirmed in bulk; an id of no finding of the round refuses the whole request (404).
        long a = finding(8, 0);
        long b = finding(8, 1);
        HttpResponse<String> unknown = eva.postPage(queue() + "/bulk", "decision=CONFIRM&reason=" + enc("核对")
                + "&findingId=" + a + "&findingId=99999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(reviewsOf(a)).isZero();
        location(eva.post(queue() + "/bulk", "decision=CONFIRM&reason=" + enc("核对无误") + "&findingId=" + a
                + "&findingId=" + b));
        assertThat(reviewsOf(a) + reviewsOf(b)).isEqualTo(2);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("FINDING_CONFIRM").and(AUDIT_LOG.REASON.eq("核对无误"))))
                .isEqualTo(2);
    }

    @Test
    @Order(5)
    void inChromiumTheQueueKeepsItsFilterAfterABulkActionAtDesktopAndPhoneWidths() throws Exception {
        if (!Browser.available()) {
            return;
        }
        try (Browser browser = new Browser(port)) {
            browser.login("rq-eva", PASSWORD);
            // Desktop: filter 不通过 in the form, keyboard to a row, then bulk-override every match (two pages).
            browser.driver.manage().window().setSize(new Dimension(1440, 1000));
            browser.open(queue());
            new Select(browser.driver.findElement(By.name("status"))).selectByVisibleText("不通过");
            browser.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            browser.waitFor(d -> d.getCurrentUrl().contains("status=FAIL"));
            assertThat(browser.driver.findElement(By.id("match-count")).getText()).isEqualTo("126");
            // Typing in a field never fires a shortcut.
            WebElement reason = browser.driver.findElement(By.cssSelector("#bulk input[name=reason]"));
            reason.sendKeys("jjxco");
            assertThat(reason.getDomProperty("value")).isEqualTo("jjxco");
            assertThat(browser.driver.findElements(By.cssSelector("tr.finding-row.current"))).isEmpty();
            assertThat(browser.driver.getCurrentUrl()).doesNotContain("#");
            reason.clear();
            // j, j, x: the second row is current and ticked.
            browser.driver.findElement(By.tagName("h2")).click();
            new Actions(browser.driver).sendKeys("jjx").perform();
            List<WebElement> rows = browser.driver.findElements(By.cssSelector("tr.finding-row"));
            assertThat(rows.get(1).getDomAttribute("class")).contains("current");
            assertThat(rows.get(1).findElement(By.cssSelector("input.pick-row")).isSelected()).isTrue();
            assertThat(browser.driver.findElement(By.id("selected-count")).getText()).isEqualTo("1");
            assertThat(browser.driver.findElement(By.id("kbd-hint")).isDisplayed()).isTrue();
            String text = (String) browser.script("return document.body.innerText");
            assertThat(ENGLISH_STATUS.matcher(text).find()).as(text).isFalse();

            browser.driver.findElement(By.id("scope-all")).click();
            reason.sendKeys("复核组集体核对后改判");
            new Select(browser.driver.findElement(By.cssSelector("#bulk select[name=status]")))
                    .selectByVisibleText("部分通过");
            browser.driver.findElement(By.cssSelector("#bulk input[name=scoreFraction]")).sendKeys("0.5");
            browser.driver.findElement(By.cssSelector("#bulk button[value=OVERRIDE]")).click();
            assertThat(browser.driver.switchTo().alert().getText()).contains("将对 126 条检查结果批量改判为「部分通过」");
            browser.driver.switchTo().alert().accept();
            browser.waitFor(d -> d.getCurrentUrl().endsWith("#queue"));
            assertThat(browser.driver.getCurrentUrl()).contains("status=FAIL");
            assertThat(new Select(browser.driver.findElement(By.name("status"))).getFirstSelectedOption().getText())
                    .isEqualTo("不通过");
            assertThat(browser.driver.findElement(By.id("match-count")).getText()).isEqualTo("126");
            assertThat(browser.driver.findElement(By.tagName("main")).getText())
                    .contains("已批量改判为「部分通过」126 条", "已改判为部分通过 · 评估员甲 · 复核组集体核对后改判");
            assertThat(dsl.fetchCount(REVIEW, REVIEW.REASON.eq("复核组集体核对后改判"))).isEqualTo(126);
            text = (String) browser.script("return document.body.innerText");
            assertThat(ENGLISH_STATUS.matcher(text).find()).as(text).isFalse();
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("review-queue-1440");

            // Keyboard c on page 2: the confirmation comes back to page 2, at the row.
            browser.open(queue() + "?status=FAIL&page=2");
            browser.driver.findElement(By.tagName("h2")).click();
            new Actions(browser.driver).sendKeys("jjj").perform();
            String third = browser.driver.findElements(By.cssSelector("tr.finding-row")).get(2).getDomAttribute("id");
            new Actions(browser.driver).sendKeys("c").perform();
            browser.waitFor(d -> d.getCurrentUrl().endsWith("#" + third));
            assertThat(browser.driver.getCurrentUrl()).contains("status=FAIL", "page=2");
            assertThat(browser.driver.findElement(By.id(third)).getDomAttribute("class")).contains("current");
            assertThat(browser.driver.findElement(By.id(third)).getText()).contains("已确认 · 评估员甲");

            // Phone: the queue is cards, nothing scrolls sideways; a ticked bulk confirm keeps the unit filter.
            browser.driver.manage().window().setSize(new Dimension(390, 900));
            browser.open(queue() + "?status=UNCERTAIN&unit=" + unit(22));
            assertThat(browser.driver.findElement(By.id("match-count")).getText()).isEqualTo("7");
            browser.driver.findElement(By.id("select-page")).click();
            assertThat(browser.driver.findElement(By.id("selected-count")).getText()).isEqualTo("7");
            browser.driver.findElement(By.cssSelector("#bulk input[name=reason]")).sendKeys("已逐条核对证据");
            browser.driver.findElement(By.cssSelector("#bulk button[value=CONFIRM]")).click();
            assertThat(browser.driver.switchTo().alert().getText()).contains("将对 7 条检查结果批量确认");
            browser.driver.switchTo().alert().accept();
            browser.waitFor(d -> d.getCurrentUrl().endsWith("#queue"));
            assertThat(browser.driver.getCurrentUrl()).contains("status=UNCERTAIN", "unit=" + unit(22));
            assertThat(new Select(browser.driver.findElement(By.name("status"))).getFirstSelectedOption().getText())
                    .isEqualTo("待核实");
            assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("已批量确认 7 条");
            Number overflow = (Number) browser.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
            text = (String) browser.script("return document.body.innerText");
            assertThat(ENGLISH_STATUS.matcher(text).find()).as(text).isFalse();
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot("review-queue-390");
            browser.script("document.querySelector('tr.finding-row').scrollIntoView()");
            browser.screenshot("review-queue-390-cards");
            for (String path : List.of("/workbench", "/workbench/audit", "/workbench/rounds/" + roundId + "/second-review")) {
                browser.open(path);
                text = (String) browser.script("return document.body.innerText");
                assertThat(ENGLISH_STATUS.matcher(text).find()).as(path + ": " + text).isFalse();
            }
        }
    }

    @Test
    @Order(6)
    void aPhaseMoveAsksFirstSayingWhatItDoesAndTheServerStillDecides() throws Exception {
        if (!Browser.available()) {
            return;
        }
        try (Browser browser = new Browser(port)) {
            browser.login("rq-eva", PASSWORD);
            browser.open("/workbench");
            By toFeedback = By.cssSelector("form.move:has(input[value=FEEDBACK]) button");
            browser.driver.findElement(toFeedback).click();
            assertThat(browser.driver.switchTo().alert().getText()).isEqualTo("「复核队列测试轮次」转为「反馈申诉期」："
                    + "进入反馈申诉期后，各单位可查看本单位的初评结果并提出申诉；领导仍看不到排名。确定吗？");
            browser.driver.switchTo().alert().dismiss();
            assertThat(roundStatus()).isEqualTo("REVIEWING");
            browser.driver.findElement(toFeedback).click();
            browser.driver.switchTo().alert().accept();
            browser.waitFor(d -> d.findElement(By.tagName("main")).getText().contains("评估轮次已转为「反馈申诉期」"));
            assertThat(roundStatus()).isEqualTo("FEEDBACK");
            By publish = By.cssSelector("form.move:has(input[value=FINAL]) button");
            browser.driver.findElement(publish).click();
            assertThat(browser.driver.switchTo().alert().getText()).contains("发布后排名对领导可见，结果冻结");
            browser.driver.switchTo().alert().dismiss();
            assertThat(roundStatus()).isEqualTo("FEEDBACK");
            // Accepted, the move is still the server's to refuse: the blind second reviews are not finished.
            browser.driver.findElement(publish).click();
            browser.driver.switchTo().alert().accept();
            browser.waitFor(d -> d.findElement(By.tagName("main")).getText().contains("复核抽查还有"));
            assertThat(roundStatus()).isEqualTo("FEEDBACK");
        }
    }

    private String roundStatus() {
        return dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOne(ASSESSMENT_ROUND.STATUS);
    }

    /** The page's text as a reader sees it: tags, attribute values and scripts left out. */
    private static String text(String html) {
        return org.jsoup.Jsoup.parse(html).body().text();
    }
}
