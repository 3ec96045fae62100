package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The county page, problems first, on a round of the full default catalogue (every point of it): a county sees its
 * negative-list reason and its largest deduction without scrolling at 1440 and 390 px, the page never scrolls
 * sideways on a phone, the filters (扣分 / 不通过 / 待评 / 全部) and the search work without scripts, times are in
 * Asia/Shanghai and WARC digests in hex, no English status word is shown, and the PDF keeps the same order.
 * Findings are written as a checker would (one real WARC capture as their evidence) and scored by the real scorer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CountyPageIT {

    private static final String PASSWORD = "test-password-17";
    private static final String ROUND = """
            name: 县级页面测试轮次
            indicatorSystem: default
            confirmVetoes: false
            groups:
              - code: cp-counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - {code: cp-a, name: 石桥县人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/a/'}]}
                  - {code: cp-b, name: 清水县人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/b/'}]}
                  - {code: cp-c, name: 河口县人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/c/'}]}
                  - {code: cp-d, name: 山前县人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/d/'}]}
            """;
    /** English status words the page must never show (what the code and the database use). */
    private static final Pattern ENGLISH_STATUS = Pattern.compile(
            "\\b(PASS|FAIL|PARTIAL|UNCERTAIN|NOT_APPLICABLE|NOT_ASSESSABLE|OVERRIDE|PENDING|CONFIRM)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final String VETO_MESSAGE = "检查发现否决情形：2 处问题超过期限仍未处理（测试数据）";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired RoundScorer scorer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @Autowired GongkaiProperties properties;
    @LocalServerPort int port;

    long roundId;
    long county;
    long other;
    long captureId;
    LocalDateTime capturedAt;
    String payloadSha256;
    /** The county's deducted points, most marks lost first (catalogue order among equals), as the scorer stored them. */
    List<String> deductions = new ArrayList<>();
    int failedPoints;
    int otherPending;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-county-page");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void round() throws Exception {
        roundId = importer.importRound(RoundDefinition.parse(ROUND, null), ROUND);
        county = unit("cp-a");
        other = unit("cp-b");
        capture();
        var points = dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.METHOD,
                        EVALUATION_POINT.VETO, EVALUATION_POINT.MAX_SCORE, EVALUATION_POINT.BONUS,
                        EVALUATION_POINT.APPLIES_TO)
                .from(ROUND_POINT).join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId)).orderBy(EVALUATION_POINT.ID).fetch();
        assertThat(points).hasSizeGreaterThan(100);
        long vetoPoint = points.stream().filter(p -> p.value4() && p.value3().equals("AUTO"))
                .findFirst().orElseThrow().value1();
        // The county loses marks on a few points of different weights, and the veto sends it to the negative list.
        List<Long> failing = points.stream().filter(p -> !p.value4() && !p.value6() && machine(p.value3()))
                .map(r -> r.value1()).limit(40).toList();
        Map<Long, String> outcome = new java.util.HashMap<>();
        outcome.put(vetoPoint, "FAIL");
        for (int i = 0; i < failing.size(); i += 8) {
            outcome.put(failing.get(i), i % 16 == 0 ? "FAIL" : "PARTIAL");
        }
        for (String code : List.of("cp-a", "cp-b", "cp-c", "cp-d")) {
            long unitId = unit(code);
            long channel = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.UNIT_ID.eq(unitId)).fetchOne(CHANNEL.ID);
            int personPoints = 0;
            for (Record p : points) {
                long pointId = p.get(EVALUATION_POINT.ID);
                String method = p.get(EVALUATION_POINT.METHOD);
                if (!machine(method)) {
                    // The other county lacks two of its people's scores: those points stay 待评.
                    if (unitId == other && personPoints++ < 2) {
                        continue;
                    }
                    dsl.insertInto(MANUAL_SCORE).set(MANUAL_SCORE.ROUND_ID, roundId).set(MANUAL_SCORE.UNIT_ID, unitId)
                            .set(MANUAL_SCORE.POINT_ID, pointId).set(MANUAL_SCORE.SCORE, p.get(EVALUATION_POINT.MAX_SCORE))
                            .set(MANUAL_SCORE.SOURCE, method.equals("DEPARTMENT") ? "DEPARTMENT" : "MANUAL")
                            .set(MANUAL_SCORE.ENTERED_BY, "测试评分人").set(MANUAL_SCORE.ENTERED_AT, LocalDateTime.now())
                            .execute();
                    continue;
                }
                String status = unitId == county ? outcome.getOrDefault(pointId, "PASS")
                        : (pointId + unitId) % 5 == 0 ? "PARTIAL" : "PASS";
                long finding = dsl.insertInto(FINDING).set(FINDING.ROUND_ID, roundId).set(FINDING.UNIT_ID, unitId)
                        .set(FINDING.POINT_ID, pointId).set(FINDING.CHANNEL_ID, channel).set(FINDING.STATUS, status)
                        .set(FINDING.SCORE_FRACTION, BigDecimal.valueOf(switch (status) {
                            case "PASS" -> 1.0;
                            case "PARTIAL" -> 0.5;
                            default -> 0.0;
                        }))
                        .set(FINDING.MESSAGE, pointId == vetoPoint && unitId == county ? VETO_MESSAGE
                                : status.equals("PASS") ? "符合要求" : "检查发现问题：栏目内容不全（测试）")
                        .set(FINDING.CHECKED_AT, LocalDateTime.now())
                        .returningResult(FINDING.ID).fetchOne().value1();
                if (!status.equals("PASS")) {
                    dsl.insertInto(FINDING_EVIDENCE).set(FINDING_EVIDENCE.FINDING_ID, finding)
                            .set(FINDING_EVIDENCE.CAPTURE_ID, captureId).set(FINDING_EVIDENCE.EXCERPT, "最近更新：2026-10-20")
                            .execute();
                }
            }
        }
        // the default policy: a negative-list unit is graded 不合格; 1,000 draws give the rank interval
        scorer.score(roundId);
        // Counties read their 初评 in the feedback window, and may appeal there.
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "FEEDBACK").where(ASSESSMENT_ROUND.ID.eq(roundId))
                .execute();
        accounts.create("test", "cp-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "cp-a", "石桥县", PASSWORD, county, EnumSet.of(Role.COUNTY));
        accounts.create("test", "cp-b", "清水县", PASSWORD, other, EnumSet.of(Role.COUNTY));

        var scored = dsl.select(EVALUATION_POINT.TEXT, POINT_SCORE.MAX_SCORE.minus(POINT_SCORE.SCORE))
                .from(POINT_SCORE).join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(POINT_SCORE.POINT_ID))
                .join(cn.gongkai.sql.jooq.Tables.INDICATOR).on(cn.gongkai.sql.jooq.Tables.INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .join(cn.gongkai.sql.jooq.Tables.INDICATOR_AREA).on(cn.gongkai.sql.jooq.Tables.INDICATOR_AREA.ID
                        .eq(cn.gongkai.sql.jooq.Tables.INDICATOR.AREA_ID))
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(POINT_SCORE.UNIT_ID.eq(county))
                .and(POINT_SCORE.SCORE.lt(POINT_SCORE.MAX_SCORE))
                .orderBy(POINT_SCORE.MAX_SCORE.minus(POINT_SCORE.SCORE).desc(),
                        cn.gongkai.sql.jooq.Tables.INDICATOR_AREA.ORDINAL, cn.gongkai.sql.jooq.Tables.INDICATOR.ORDINAL,
                        EVALUATION_POINT.ORDINAL)
                .fetch();
        scored.forEach(r -> deductions.add(r.value1()));
        assertThat(deductions).hasSizeGreaterThanOrEqualTo(3);
        failedPoints = (int) outcome.values().stream().filter("FAIL"::equals).count();
        otherPending = dsl.select(UNIT_RESULT.PENDING_POINTS).from(UNIT_RESULT)
                .where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.UNIT_ID.eq(other))
                .fetchOne(UNIT_RESULT.PENDING_POINTS);
        assertThat(otherPending).isEqualTo(2);
    }

    private static boolean machine(String method) {
        return method.equals("AUTO") || method.equals("ASSISTED");
    }

    private long unit(String code) {
        return dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(code)).fetchOne(UNIT.ID);
    }

    /** One homepage archived into the round's WARC as the crawler would, the evidence of every deduction. */
    private void capture() throws IOException, Exception {
        long channel = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.UNIT_ID.eq(county)).fetchOne(CHANNEL.ID);
        byte[] html = "<html><body><h1>石桥县人民政府</h1><p>最近更新：2026-10-20</p></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        payloadSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(html));
        Instant at = Instant.parse("2026-12-05T20:30:15Z"); // 04:30:15 the next morning in Beijing
        var fetch = new cn.gongkai.crawler.fetch.FetchResult(java.net.URI.create("http://127.0.0.1:9/a/"), at, null,
                Map.of(), 200, Map.of("Content-Type", List.of("text/html; charset=utf-8")), html, false, 1, null);
        cn.gongkai.crawler.warc.WarcLocation location;
        try (var writer = new cn.gongkai.crawler.warc.WarcFileWriter(properties.warcDirectory(), roundId,
                cn.gongkai.crawler.warc.WarcFileWriter.DEFAULT_ROTATE_BYTES)) {
            location = writer.write(fetch).orElseThrow();
        }
        capturedAt = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
        captureId = dsl.insertInto(CAPTURE).set(CAPTURE.ROUND_ID, roundId).set(CAPTURE.CHANNEL_ID, channel)
                .set(CAPTURE.URL, "http://127.0.0.1:9/a/").set(CAPTURE.URL_HASH, "%064d".formatted(1))
                .set(CAPTURE.CAPTURED_AT, capturedAt).set(CAPTURE.STATUS, "OK").set(CAPTURE.HTTP_STATUS, 200)
                .set(CAPTURE.CONTENT_TYPE, "text/html; charset=utf-8").set(CAPTURE.WARC_FILE, location.warcFile())
                .set(CAPTURE.WARC_OFFSET, location.offset()).set(CAPTURE.WARC_LENGTH, location.length())
                .set(CAPTURE.PAYLOAD_DIGEST, location.payloadDigest()).set(CAPTURE.PAYLOAD_LENGTH, location.payloadLength())
                .returningResult(CAPTURE.ID).fetchOne().value1();
        // What is stored is the WARC's own form: sha256 in Base32, not what sha256sum prints.
        assertThat(location.payloadDigest()).startsWith("sha256:").doesNotContain(payloadSha256);
    }

    private String page() {
        return "/rounds/" + roundId + "/units/" + county;
    }

    private static String shanghai(LocalDateTime utc) {
        return SECONDS.format(utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void filtersAndSearchWorkWithoutScriptsAndNothingUnassessedIsShownAsPassed() throws Exception {
        WebSession countySession = WebSession.loggedIn(port, "cp-a", PASSWORD);
        String deducted = countySession.get(page()).body();
        // by default: the deductions on top, most marks lost first, each with its reason, how to fix and evidence
        String top = deducted.substring(deducted.indexOf("id=\"top-points\""), deducted.indexOf("id=\"other-points\""));
        List<String> shown = names(top);
        assertThat(shown).containsExactlyElementsOf(deductions);
        assertThat(top).contains("整改建议：", "原因：", "采集于 " + shanghai(capturedAt) + "（北京时间）",
                "sha256:" + payloadSha256, "对该评估点提出申诉");
        assertThat(deducted).contains("扣分（" + deductions.size() + "）", "不通过（" + failedPoints + "）", "待评（0）",
                        "id=\"unit-rank-interval\"", "id=\"unit-grade\">不合格<", "列入负面清单的原因", VETO_MESSAGE)
                .doesNotContain(" UTC", "（UTC）");

        String failed = countySession.get(page() + "?show=failed").body();
        String failedTop = failed.substring(failed.indexOf("id=\"top-points\""), failed.indexOf("id=\"other-points\""));
        assertThat(failedTop.split("data-status=\"FAIL\"", -1)).hasSize(failedPoints + 1);
        assertThat(names(failedTop)).hasSize(failedPoints);

        // 全部: every point, under its area, unfolded
        String all = countySession.get(page() + "?show=all").body();
        int points = dsl.fetchCount(ROUND_POINT, ROUND_POINT.ROUND_ID.eq(roundId));
        assertThat(all).doesNotContain("id=\"top-points\"");
        assertThat(all.split("<li class=\"point\"", -1)).hasSize(points + 1);
        assertThat(all.split("<details class=\"area-group\" open", -1)).hasSizeGreaterThan(5);

        // the search narrows both the top and the areas to point texts holding the words
        String word = deductions.getFirst().substring(0, 4);
        String searched = countySession.get(page() + "?show=all&q=" + URLEncoder.encode(word, StandardCharsets.UTF_8))
                .body();
        assertThat(names(searched)).isNotEmpty().allSatisfy(name -> assertThat(name).contains(word));
        assertThat(countySession.get(page() + "?q=" + "字".repeat(201)).body())
                .contains("「搜索评估点」不能超过 200 个字符");
        assertThat(countySession.get(page() + "?show=everything").body())
                .contains("「筛选」只能是扣分、不通过、待评或全部");

        // 待评: the other county's two unscored points, labelled 待评 with why, never 通过
        WebSession evaluator = WebSession.loggedIn(port, "cp-eva", PASSWORD);
        String pending = evaluator.get("/rounds/" + roundId + "/units/" + other + "?show=pending").body();
        String pendingTop = pending.substring(pending.indexOf("id=\"top-points\""), pending.indexOf("id=\"other-points\""));
        assertThat(pendingTop.split("data-status=\"PENDING\"", -1)).hasSize(otherPending + 1);
        assertThat(pendingTop.split("<li class=\"point\"", -1)).hasSize(otherPending + 1);
        assertThat(pendingTop).contains("<span class=\"pending\">待评</span>", "待评：").doesNotContain("通过");
        assertThat(pending).contains("暂定总分", "暂不排名");
        // a county reads its own unit only
        assertThat(countySession.get("/rounds/" + roundId + "/units/" + other).statusCode()).isEqualTo(403);
    }

    /** The point texts of the cards in an HTML fragment, in order. */
    private static List<String> names(String html) {
        List<String> names = new ArrayList<>();
        var m = Pattern.compile("<strong class=\"point-title\">([^<]*)</strong>").matcher(html);
        while (m.find()) {
            names.add(org.jsoup.parser.Parser.unescapeEntities(m.group(1), false));
        }
        return names;
    }

    @Test
    void thePdfPutsTheProblemsFirstInTheSameOrderWithBeijingTimesAndHexDigests() throws Exception {
        HttpResponse<byte[]> response = WebSession.loggedIn(port, "cp-a", PASSWORD)
                .getBytes("/exports/rounds/" + roundId + "/units/" + county + "/report.pdf");
        assertThat(response.statusCode()).isEqualTo(200);
        try (PDDocument pdf = Loader.loadPDF(response.body())) {
            String text = new PDFTextStripper().getText(pdf).replace("\r", "");
            Files.createDirectories(Browser.SCREENSHOTS);
            Files.writeString(Browser.SCREENSHOTS.resolve("county-page-report.txt"), text);
            int negative = text.indexOf("负面清单原因：");
            int problems = text.indexOf("扣分项（按失分从多到少）");
            int areas = text.indexOf("各领域得分");
            int rest = text.indexOf("其余评估点（按领域）");
            int evidence = text.indexOf("证据清单");
            assertThat(negative).isPositive();
            assertThat(List.of(negative, problems, areas, rest, evidence)).isSorted();
            // the deductions in the page's order, all of them before the areas
            String flat = text.replace("\n", "");
            int previous = flat.indexOf("扣分项（按失分从多到少）");
            for (String name : deductions) {
                int at = flat.indexOf("· " + name, previous);
                assertThat(at).as(name).isGreaterThan(previous).isLessThan(flat.indexOf("各领域得分"));
                previous = at;
            }
            assertThat(flat).contains("名次区间", VETO_MESSAGE, "采集时间（北京时间）" + shanghai(capturedAt),
                    "摘要 sha256:" + payloadSha256).doesNotContain("UTC");
            assertThat(ENGLISH_STATUS.matcher(flat).find()).as("an English status word in the PDF").isFalse();
        }
    }

    @Test
    void inABrowserTheNegativeListReasonAndTheLargestDeductionAreInTheFirstViewport() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "Debian's chromium and chromedriver are not installed");
        try (Browser browser = new Browser(port)) {
            browser.login("cp-a", PASSWORD);
            for (int[] size : new int[][] {{1440, 900}, {390, 844}}) {
                browser.driver.manage().window().setSize(new Dimension(size[0], size[1]));
                browser.open(page());
                browser.screenshot(size[0] > 1000 ? "county-page-desktop" : "county-page-phone");
                long innerWidth = (Long) browser.script("return window.innerWidth;");
                long innerHeight = (Long) browser.script("return window.innerHeight;");
                assertThat(innerWidth).isLessThanOrEqualTo(size[0]).isGreaterThan(size[0] - 40);
                WebElement reason = browser.driver.findElement(By.cssSelector("#negative-reasons .negative-reason"));
                assertThat(reason.getText()).contains(VETO_MESSAGE);
                assertThat(bottom(browser, reason)).as("negative-list reason at %d px", size[0])
                        .isLessThanOrEqualTo(innerHeight);
                WebElement first = browser.driver.findElement(By.cssSelector("#top-points > li.point"));
                assertThat(first.findElement(By.cssSelector(".point-title")).getText()).isEqualTo(deductions.getFirst());
                // its status, marks lost and name
                assertThat(first.findElement(By.cssSelector(".point-head")).getText()).contains("失分");
                assertThat(bottom(browser, first.findElement(By.cssSelector(".point-head"))))
                        .as("largest deduction at %d px", size[0]).isLessThanOrEqualTo(innerHeight);
                long scrollWidth = (Long) browser.script("return document.scrollingElement.scrollWidth;");
                assertThat(scrollWidth).as("page width at %d px", size[0]).isLessThanOrEqualTo(innerWidth);
                String body = browser.driver.findElement(By.tagName("body")).getText();
                assertThat(ENGLISH_STATUS.matcher(body).find()).as("an English status word on the page: %s", body)
                        .isFalse();
                // the script shows the copy buttons, each carrying the hex digest
                WebElement copy = first.findElement(By.cssSelector("button.copy"));
                assertThat(copy.isDisplayed()).isTrue();
                assertThat(copy.getAttribute("data-copy")).isEqualTo(payloadSha256);
            }

            // filters as links: 不通过 puts only failed points on top
            browser.driver.findElement(By.cssSelector("a[data-show=failed]")).click();
            browser.waitFor(d -> d.getCurrentUrl().contains("show=failed"));
            List<WebElement> failed = browser.driver.findElements(By.cssSelector("#top-points > li.point"));
            assertThat(failed).hasSize(failedPoints)
                    .allSatisfy(p -> assertThat(p.getAttribute("data-status")).isEqualTo("FAIL"));
            // the areas are folded: their points are in the page but not shown until opened
            WebElement group = browser.driver.findElement(By.cssSelector("details.area-group"));
            assertThat(group.getAttribute("open")).isNull();
            WebElement folded = group.findElement(By.cssSelector("li.point"));
            assertThat(folded.isDisplayed()).isFalse();
            group.findElement(By.tagName("summary")).click();
            assertThat(folded.isDisplayed()).isTrue();
            // with the script, typing narrows the list at once; submitting asks the server
            browser.open(page() + "?show=all");
            String word = deductions.getFirst().substring(0, 4);
            browser.driver.findElement(By.id("point-search")).sendKeys(word);
            browser.waitFor(d -> d.findElements(By.cssSelector("li.point")).stream()
                    .filter(WebElement::isDisplayed).allMatch(p -> p.getText().contains(word)));
            browser.driver.findElement(By.cssSelector(".point-filters button[type=submit]")).click();
            browser.waitFor(d -> d.getCurrentUrl().contains("q="));
            assertThat(browser.driver.findElements(By.cssSelector("li.point"))).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.getAttribute("data-name")).contains(word));
            browser.screenshot("county-page-search-phone");
        }
    }

    private static long bottom(Browser browser, WebElement element) {
        return ((Number) browser.script("return Math.ceil(arguments[0].getBoundingClientRect().bottom);", element))
                .longValue();
    }
}
