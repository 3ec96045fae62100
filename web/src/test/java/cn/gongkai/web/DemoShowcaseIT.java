package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.scoring.PendingPoints;
import cn.gongkai.web.demo.DemoScoring;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.round.RunRoundCommand;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo as a newcomer meets it: the default catalog's 139 points on every site of the sandbox, this year's round
 * (by {@code run-round --demo}, which must end complete and exit 0) and last year's, each captured, checked, scored by
 * the demo accounts through the workbench's paths (score sheets, the 公众评价 import, reviews) and published through
 * the Publisher; then what the leader reads: enough units, groups, totals, grades and negative-list reasons to look
 * like a real round, five-area radars and year-over-year.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoShowcaseIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path home;
    /** What {@code run-round --demo} printed and returned, run on this test's home before the application starts. */
    private static RunRoundCommandIT.Result runRound;
    private static double runRoundSeconds;

    private final LocalDate today = LocalDate.now();

    @Autowired DemoScoring demo;
    @Autowired Rankings rankings;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    private long previous;
    private long current;

    /**
     * This year's round is what a newcomer's {@code run-round --demo} (the packaged jar) leaves in the database of
     * {@code gongkai.home}; the application under test then opens that database, as {@code demo} would after it.
     */
    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws Exception {
        // Not under java.io.tmpdir: the embedded database deletes data kept there when its process exits, and the
        // jar's process exits before this application opens what it left.
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        home = Files.createTempDirectory(target, "demo-home-");
        long start = System.nanoTime();
        runRound = RunRoundCommandIT.run(home, "run-round", "--demo");
        runRoundSeconds = (System.nanoTime() - start) / 1e9;
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void lastYearsRoundThenPublishBoth() throws IOException {
        assertThat(runRound.exitCode()).as(runRound.stderr()).isZero();
        current = dsl.select(ASSESSMENT_ROUND.ID).from(ASSESSMENT_ROUND).fetchSingle(ASSESSMENT_ROUND.ID);
        long start = System.nanoTime();
        try (Sandbox lastYear = Sandbox.startFull(today.minusYears(1))) {
            previous = demo.runRound(RunRoundCommand.demoRoundYaml(), lastYear, today.minusYears(1),
                    "政务公开第三方评估演示轮次（上一年度）", DemoScoring.PREVIOUS_SEED);
        }
        System.out.printf("Demo rounds: this year's by run-round --demo %.1f s (a JVM of its own), last year's %.1f s"
                + " (capture, checks, people's scores, reviews)%n", runRoundSeconds, (System.nanoTime() - start) / 1e9);
        demo.publish(previous);
        demo.publish(current);
    }

    @Test
    void runRoundDemoPrintsACompleteRankingAndExitsWith0() {
        List<String> lines = runRound.stdout().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("group,rank,unit,total,grade,negative_list");
        List<String[]> rows = lines.stream().skip(1).map(line -> line.split(",", -1)).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(20).allSatisfy(row -> {
            assertThat(row).hasSize(6);
            assertThat(row[1]).as("rank of " + row[2]).isNotEmpty();
            assertThat(row[3]).as("total of " + row[2]).isNotEmpty();
            assertThat(row[4]).isNotEqualTo("待评");
        });
        assertThat(rows.stream().map(row -> row[0]).distinct()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rows.stream().map(row -> row[3]).distinct().count()).isGreaterThanOrEqualTo(5);
        assertThat(rows.stream().map(row -> row[4]).distinct().count()).isGreaterThanOrEqualTo(3);
        assertThat(rows.stream().filter(row -> row[5].equals("yes")).count()).isGreaterThanOrEqualTo(2);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("区县政府,").contains(",石门县人民政府,")
                .endsWith(",不合格,yes"));
    }

    @Test
    void bothRoundsEndCompleteWithNothingLeftToAssessAndArePublished() {
        for (long round : List.of(previous, current)) {
            assertThat(new PendingPoints(dsl).count(round)).as("待评 points of round %d", round).isZero();
            assertThat(rankings.complete(round)).isTrue();
        }
    }

    @Test
    void theLeaderReadsARankingThatLooksLikeARealRound() throws Exception {
        WebSession leader = WebSession.loggedIn(port, "leader", DemoScoring.DEMO_PASSWORD);
        JsonNode ranking = JSON.readTree(leader.get("/api/v1/rounds/" + current + "/rankings").body());
        assertThat(ranking.get("view").asString()).startsWith("已发布结果（第 1 版");
        List<JsonNode> rows = new ArrayList<>();
        ranking.get("rows").forEach(rows::add);
        Set<String> groups = new HashSet<>();
        Set<String> totals = new HashSet<>();
        Set<String> grades = new HashSet<>();
        Set<String> reasons = new HashSet<>();
        TreeMap<String, String> lines = new TreeMap<>();
        for (JsonNode row : rows) {
            groups.add(row.get("groupName").asString());
            totals.add(row.get("total").asString());
            grades.add(row.get("grade").asString());
            if (row.get("negativeList").asBoolean()) {
                reasons.add(row.get("negativeReasons").asString());
            }
            lines.put(row.get("groupName").asString() + String.format("%03d", row.get("rank").asInt()),
                    row.get("unitName").asString() + " " + row.get("total").asString() + " " + row.get("grade").asString()
                            + (row.get("negativeList").asBoolean() ? " 负面清单：" + row.get("negativeReasons").asString()
                            : ""));
        }
        System.out.println("Demo ranking:\n  " + String.join("\n  ", lines.values()));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
        assertThat(groups).hasSizeGreaterThanOrEqualTo(2);
        assertThat(totals).hasSizeGreaterThanOrEqualTo(5);
        assertThat(grades).hasSizeGreaterThanOrEqualTo(3).doesNotContain("待评");
        assertThat(reasons).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rows).noneSatisfy(row -> assertThat(row.get("total").asString()).isEqualTo("100.00"));
    }

    @Test
    void theDashboardHasFiveAreaRadarsAndYearOverYearAgainstLastYearsPublishedRound() throws Exception {
        WebSession leader = WebSession.loggedIn(port, "leader", DemoScoring.DEMO_PASSWORD);
        JsonNode dashboard = JSON.readTree(leader.get("/api/v1/rounds/" + current + "/dashboard").body());
        assertThat(dashboard.get("areas")).hasSize(5);
        assertThat(dashboard.get("previousRound").get("id").asLong()).isEqualTo(previous);
        int moved = 0;
        for (JsonNode group : dashboard.get("groups")) {
            for (JsonNode unit : group.get("units")) {
                assertThat(unit.get("areaPercents")).hasSize(5).allSatisfy(p -> assertThat(p.isNull()).isFalse());
                assertThat(unit.get("totalChange").isNull()).as("year-over-year of %s", unit.get("name")).isFalse();
                if (unit.get("rankChange").asInt() != 0) {
                    moved++;
                }
            }
        }
        assertThat(moved).isPositive();
    }

    @Test
    void peoplesScoresCameFromTheDemoAccountsThroughTheWorkbenchPathsAndAreAudited() {
        for (long round : List.of(previous, current)) {
            var bySource = dsl.select(MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY, org.jooq.impl.DSL.count())
                    .from(MANUAL_SCORE).where(MANUAL_SCORE.ROUND_ID.eq(round))
                    .groupBy(MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY)
                    .fetchMap(r -> r.value1() + "/" + r.value2(), r -> r.value3());
            assertThat(bySource).containsOnlyKeys("MANUAL/evaluator", "DEPARTMENT/scorer", "PUBLIC/evaluator");
            assertThat(dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(round)
                    .and(MANUAL_SCORE.REASON.notContains("演示数据")))).isZero();
            // not every mark: the demo scorers give full, half or nothing by each unit's diligence
            assertThat(dsl.fetchCount(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(round)
                    .and(MANUAL_SCORE.SCORE.eq(java.math.BigDecimal.ZERO)))).isPositive();
        }
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("MANUAL_SCORE").and(AUDIT_LOG.ACTOR.eq("evaluator"))))
                .isPositive();
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("DEPARTMENT_SCORE").and(AUDIT_LOG.ACTOR.eq("scorer"))))
                .isPositive();
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("PUBLIC_SCORES_IMPORTED"))).isEqualTo(2);
        // The checkers' open questions were settled by the demo reviewer, each with its reason, on the record.
        var reviews = dsl.select(REVIEW.DECISION, REVIEW.REASON).from(REVIEW).join(FINDING)
                .on(FINDING.ID.eq(REVIEW.FINDING_ID)).where(FINDING.ROUND_ID.eq(current)).fetch();
        assertThat(reviews).isNotEmpty().allSatisfy(r -> assertThat(r.value2()).startsWith("演示复核"));
        assertThat(reviews.getValues(REVIEW.DECISION)).contains("CONFIRM", "OVERRIDE");
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.in("FINDING_CONFIRM", "FINDING_OVERRIDE")))
                .isGreaterThanOrEqualTo(reviews.size());
    }

    @Test
    void rankingDashboardUnitPageAndReportLookLikeARealRoundAtDesktopAndPhoneWidths() throws Exception {
        long shimen = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("shimen")).fetchOne(UNIT.ID);
        WebSession leader = WebSession.loggedIn(port, "leader", DemoScoring.DEMO_PASSWORD);
        HttpResponse<byte[]> report = leader.getBytes("/exports/rounds/" + current + "/units/" + shimen + "/report.pdf");
        assertThat(report.statusCode()).isEqualTo(200);
        Files.createDirectories(Browser.SCREENSHOTS); // kept for a person to open, beside the screenshots
        Files.write(Browser.SCREENSHOTS.resolve("demo-shimen-report.pdf"), report.body());
        try (PDDocument pdf = Loader.loadPDF(report.body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("石门县人民政府", "已发布结果", "信息公开", "政策解读", "回应关切", "平台建设", "组织保障",
                    "负面清单");
            assertThat(pdf.getNumberOfPages()).isGreaterThan(3);
        }
        if (!Browser.available()) {
            return;
        }
        List<String> overflows = new ArrayList<>();
        try (Browser browser = new Browser(port)) {
            browser.login("leader", DemoScoring.DEMO_PASSWORD);
            for (int width : new int[] {1440, 390}) {
                browser.driver.manage().window().setSize(new Dimension(width, 1000));
                browser.open("/rankings?round=" + current);
                browser.waitFor(d -> Boolean.TRUE.equals(browser.script("var el = document.getElementById('chart-0');"
                        + " return !!(el && window.echarts && echarts.getInstanceByDom(el));")));
                assertThat(browser.driver.findElement(By.tagName("main")).getText())
                        .contains("区县政府排名", "石门县人民政府", "负面清单");
                browser.screenshot("demo-rankings-" + width);
                overflows.add(horizontalOverflow(browser, "rankings", width));
                browser.open("/dashboard?round=" + current);
                browser.waitFor(d -> "true".equals(d.findElement(By.id("dashboard-root")).getAttribute("data-rendered")));
                assertThat(((Number) browser.script("return echarts.getInstanceByDom(document.getElementById("
                        + "'chart-radar')).getOption().radar[0].indicator.length;")).intValue()).isEqualTo(5);
                assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("上一年度");
                browser.screenshot("demo-dashboard-" + width);
                overflows.add(horizontalOverflow(browser, "dashboard", width));
                browser.open("/rounds/" + current + "/units/" + shimen);
                assertThat(browser.driver.findElement(By.id("area-scores")).getText())
                        .contains("信息公开", "政策解读", "回应关切", "平台建设", "组织保障");
                browser.screenshot("demo-unit-shimen-" + width);
                overflows.add(horizontalOverflow(browser, "unit page", width));
            }
        }
        assertThat(overflows).allSatisfy(overflow -> assertThat(overflow).isEmpty());
    }

    /** Whether the page is wider than the window, with the widest elements that make it so; empty when it fits. */
    private static String horizontalOverflow(Browser browser, String page, int width) {
        Number overflow = (Number) browser.script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        if (overflow.intValue() <= 0) {
            return "";
        }
        return page + " at " + width + " px is " + overflow + " px too wide: " + browser.script(
                "var w = document.documentElement.clientWidth, out = [];"
                + "document.querySelectorAll('main *').forEach(function (el) {"
                + "  var r = el.getBoundingClientRect(); if (r.right > w + 1 && el.parentElement.getBoundingClientRect()"
                + ".right <= w + 1 && !el.closest('.scroll')) {"
                + "    out.push(el.tagName + '#' + el.id + '.' + el.className + ' ' + Math.round(r.right)); } });"
                + "return out.slice(0, 8).join('; ');");
    }
}
