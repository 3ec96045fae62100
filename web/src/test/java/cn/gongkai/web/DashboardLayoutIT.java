package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE_FILE;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_UNIT;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.publish.Publisher;
import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
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
 * The leader dashboard as a leader reads it in Chromium, at 1440 px and on a 390 px phone: the key figures and the
 * negative list (with a link to the veto's evidence file) in the first screen, figures checked against the published
 * snapshots; no sideways scrolling of the page on the phone, charts that follow the window's width, heatmap and
 * distribution labels that do not run into each other, captions not cut; every text at least 4.5:1 against its
 * background and every form control named. Two rounds of the same indicator system are published, so the latest has
 * a change to show and the first says it has nothing to compare with.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardLayoutIT {

    private static final String PASSWORD = "test-password-dash";
    // MANUAL BINARY points for county governments and departments; hygq-hd-01 is a MANUAL veto point.
    private static final List<String> POINTS = List.of("xxgk-pt-03", "xxgk-zd-02", "xxgk-jg-02", "xxgk-jg-04",
            "xxgk-zcwj-04", "hygq-hd-01");
    private static final String[] COUNTIES = {"长宁区人民政府", "青云县人民政府", "白沙镇街道办事处联合体", "临江县人民政府",
        "东湖高新技术开发区管委会", "西山县人民政府", "南塘县人民政府", "北岭经济开发区管理委员会", "金川县人民政府",
        "桃源县人民政府", "石桥区人民政府", "云梦县人民政府", "柳林县人民政府", "清水河县人民政府"};
    private static final String[] DEPARTMENTS = {"市住房和城乡建设局", "市教育局", "市财政局", "市民政局", "市卫生健康委员会",
        "市市场监督管理局", "市人力资源和社会保障局", "市自然资源和规划局"};
    private static final String VETO_REASON = "领导信箱提交留言时报错，连续三日无法提交";

    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired RoundScorer scorer;
    @Autowired RoundLifecycle lifecycle;
    @Autowired Publisher publisher;
    @Autowired UserAccounts accounts;
    @Autowired EvidenceFiles evidenceFiles;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    private long lastYear;
    private long thisYear;
    private long evidenceFileId;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-dashboard");
        registry.add("gongkai.home", () -> home.toString());
    }

    private static String round(String name, String referenceDate) {
        StringBuilder yaml = new StringBuilder("name: " + name + "\nreferenceDate: " + referenceDate
                + "\nindicatorSystem: default\npoints: [" + String.join(", ", POINTS) + "]\ngroups:\n");
        yaml.append("  - code: dl-counties\n    name: 区县政府\n    unitType: COUNTY_GOVERNMENT\n    units:\n");
        for (int i = 0; i < COUNTIES.length; i++) {
            yaml.append("      - {code: dl-c").append(i).append(", name: ").append(COUNTIES[i])
                    .append(", channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/c").append(i)
                    .append("/'}]}\n");
        }
        yaml.append("  - code: dl-departments\n    name: 市直部门\n    unitType: DEPARTMENT\n    units:\n");
        for (int i = 0; i < DEPARTMENTS.length; i++) {
            yaml.append("      - {code: dl-d").append(i).append(", name: ").append(DEPARTMENTS[i])
                    .append(", channels: [{kind: WEBSITE, name: 部门网站, url: 'http://127.0.0.1:9/d").append(i)
                    .append("/'}]}\n");
        }
        yaml.append("policy:\n  improvement: {grade: 待改进, below: 75, quota: 25}\n");
        return yaml.toString();
    }

    @BeforeAll
    void twoPublishedRounds() throws IOException {
        // Last year: units fail points by a pattern; 临江县 has a veto hit.
        lastYear = publishedRound(round("2025年度政务公开第三方评估", "2025-12-01"), 0, "dl-c3");
        // This year: the pattern shifted, so totals and ranks move; 临江县 and 市民政局 have veto hits.
        thisYear = publishedRound(round("2026年度政务公开第三方评估", "2026-12-01"), 1, "dl-c3", "dl-d3");
        accounts.create("test", "dl-lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
    }

    /** Imports a round, enters every MANUAL score as ManualScores writes them (veto hits with a file), publishes. */
    private long publishedRound(String yaml, int shift, String... vetoed) throws IOException {
        long roundId = importer.importRound(RoundDefinition.parse(yaml, null), yaml);
        LocalDateTime entered = LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < COUNTIES.length; i++) {
            codes.add("dl-c" + i);
        }
        for (int i = 0; i < DEPARTMENTS.length; i++) {
            codes.add("dl-d" + i);
        }
        byte[] pdf = "%PDF-1.4\n% gongkai dashboard test: screenshot of the failing message form\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int u = 0; u < codes.size(); u++) {
            String code = codes.get(u);
            long unitId = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(code)).fetchOne(UNIT.ID);
            boolean veto = List.of(vetoed).contains(code);
            for (int p = 0; p < POINTS.size(); p++) {
                var point = dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.MAX_SCORE).from(ROUND_POINT)
                        .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                        .where(ROUND_POINT.ROUND_ID.eq(roundId)).and(EVALUATION_POINT.CODE.eq(POINTS.get(p)))
                        .fetchOne();
                boolean vetoPoint = POINTS.get(p).equals("hygq-hd-01");
                // Unit u fails point p when (u + shift) * (p + 1) falls on a multiple of 4 or 7: a spread of totals.
                int k = (u + shift) * (p + 1);
                boolean failed = vetoPoint ? veto : (k % 4 == 1 || k % 7 == 3);
                long scoreId = dsl.insertInto(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID, MANUAL_SCORE.UNIT_ID,
                                MANUAL_SCORE.POINT_ID, MANUAL_SCORE.SCORE, MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY,
                                MANUAL_SCORE.ENTERED_AT, MANUAL_SCORE.REASON, MANUAL_SCORE.VETO_HIT)
                        .values(roundId, unitId, point.value1(), failed ? BigDecimal.ZERO : point.value2(), "MANUAL",
                                "dl-eva", entered, vetoPoint && veto ? VETO_REASON : "录入得分", vetoPoint && veto)
                        .returning(MANUAL_SCORE.ID).fetchOne().getId();
                if (vetoPoint && veto) {
                    var file = evidenceFiles.check(new EvidenceFiles.Upload("留言报错截图-" + code + ".pdf", pdf));
                    evidenceFiles.store(file);
                    evidenceFileId = dsl.insertInto(MANUAL_SCORE_FILE, MANUAL_SCORE_FILE.MANUAL_SCORE_ID,
                                    MANUAL_SCORE_FILE.FILE_NAME, MANUAL_SCORE_FILE.CONTENT_TYPE,
                                    MANUAL_SCORE_FILE.SIZE_BYTES, MANUAL_SCORE_FILE.SHA256, MANUAL_SCORE_FILE.UPLOADED_AT)
                            .values(scoreId, file.fileName(), file.contentType(), file.sizeBytes(), file.sha256(), entered)
                            .returning(MANUAL_SCORE_FILE.ID).fetchOne().getId();
                }
            }
        }
        scorer.score(roundId);
        for (RoundStatus status : List.of(RoundStatus.CAPTURING, RoundStatus.REVIEWING, RoundStatus.FEEDBACK)) {
            lifecycle.move(roundId, status, "test", "测试");
        }
        // As the workbench publishes: the snapshot first, then the move.
        publisher.publish(roundId, "test", "发布评估结果");
        lifecycle.move(roundId, RoundStatus.FINAL, "test", "发布评估结果");
        return roundId;
    }

    /** The published snapshot's units: total, grade, negative list. */
    private record Published(BigDecimal total, String grade, boolean negative) {
    }

    private Map<Long, Published> snapshot(long roundId) {
        long snapshot = dsl.select(RESULT_SNAPSHOT.ID).from(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ROUND_ID.eq(roundId))
                .orderBy(RESULT_SNAPSHOT.VERSION.desc()).limit(1).fetchOne(RESULT_SNAPSHOT.ID);
        Map<Long, Published> out = new LinkedHashMap<>();
        dsl.select(RESULT_SNAPSHOT_UNIT.UNIT_ID, RESULT_SNAPSHOT_UNIT.TOTAL, RESULT_SNAPSHOT_UNIT.GRADE,
                        RESULT_SNAPSHOT_UNIT.NEGATIVE_LIST)
                .from(RESULT_SNAPSHOT_UNIT).where(RESULT_SNAPSHOT_UNIT.SNAPSHOT_ID.eq(snapshot))
                .forEach(r -> out.put(r.value1(), new Published(r.value2(), r.value3(), r.value4())));
        return out;
    }

    @Test
    void theKeyFiguresAndTheNegativeListHoldThePublishedSnapshots() throws Exception {
        WebSession leader = WebSession.loggedIn(port, "dl-lead", PASSWORD);
        HttpResponse<String> page = leader.getPage("/dashboard?round=" + thisYear);
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        Map<Long, Published> now = snapshot(thisYear);
        Map<Long, Published> before = snapshot(lastYear);
        assertThat(figure(html, "kf-units")).contains(String.valueOf(now.size()));
        BigDecimal average = now.values().stream().map(Published::total).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(now.size()), 2, RoundingMode.HALF_UP);
        assertThat(figure(html, "kf-average")).contains(average.toPlainString());
        long negative = now.values().stream().filter(Published::negative).count();
        assertThat(negative).isEqualTo(2);
        assertThat(figure(html, "kf-negative")).contains(">" + negative + "<");
        Map<String, Integer> grades = new HashMap<>();
        now.values().forEach(p -> grades.merge(p.grade(), 1, Integer::sum));
        for (var grade : grades.entrySet()) {
            String block = html.substring(html.indexOf("data-grade=\"" + grade.getKey() + "\""));
            block = block.substring(0, block.indexOf("</div>"));
            assertThat(block).as(grade.getKey()).contains(">" + grade.getValue() + "<");
        }
        assertThat(grades).containsKey("待改进");
        // The mean change of the common units' totals, from the two snapshots.
        BigDecimal change = now.entrySet().stream()
                .map(e -> e.getValue().total().subtract(before.get(e.getKey()).total()))
                .reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(now.size()), 2, RoundingMode.HALF_UP);
        assertThat(change.signum()).as("the fixture moves totals").isNotZero();
        assertThat(figure(html, "kf-change")).contains((change.signum() > 0 ? "+" : "") + change.toPlainString(),
                "与「2025年度政务公开第三方评估」的 " + now.size() + " 个共同单位相比");
        // The negative list comes before the charts and names the veto's evidence file.
        assertThat(html.indexOf("id=\"negative-list\"")).isLessThan(html.indexOf("id=\"dashboard-root\""));
        assertThat(html).contains("/manual-score-files/" + evidenceFileId, "证据文件：留言报错截图-dl-d3.pdf",
                "临江县人民政府", "市民政局", VETO_REASON);
        HttpResponse<byte[]> file = leader.getBytes("/manual-score-files/" + evidenceFileId);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");

        // The first round has nothing to compare with: it says so, and shows no 0.
        String first = leader.getPage("/dashboard?round=" + lastYear).body();
        assertThat(figure(first, "kf-change")).contains("没有可比较的上一轮次", "—").doesNotContain(">0<", "+0");
        assertThat(leader.get("/api/v1/rounds/" + lastYear + "/dashboard").body()).contains("\"change\":null");
    }

    private static String figure(String html, String id) {
        String block = html.substring(html.indexOf("id=\"" + id + "\""));
        return block.substring(0, block.indexOf("</div>"));
    }

    /**
     * Every visible element's own text against the colour behind it (the first opaque background up its ancestors,
     * semi-transparent text blended over it): WCAG's contrast ratio, listed where under 4.5.
     */
    private static final String CONTRAST = """
            function rgb(s) { var m = s.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; }
            function lum(c) { return [c.r, c.g, c.b].map(function (v) { v /= 255;
              return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
              .reduce(function (acc, v, i) { return acc + v * [0.2126, 0.7152, 0.0722][i]; }, 0); }
            function background(el) {
              for (var e = el; e; e = e.parentElement) { var c = rgb(getComputedStyle(e).backgroundColor); if (c.a >= 0.99) { return c; } }
              return {r: 255, g: 255, b: 255, a: 1}; }
            var out = [];
            document.querySelectorAll('body *').forEach(function (el) {
              if (el.closest('svg') || !el.getClientRects().length) { return; }
              var own = Array.from(el.childNodes).filter(function (n) { return n.nodeType === 3 && n.textContent.trim(); })
                .map(function (n) { return n.textContent.trim(); }).join(' ');
              var style = getComputedStyle(el);
              var before = getComputedStyle(el, '::before').content;
              var generated = before && before !== 'none' && before !== 'normal';
              if (!own && !generated) { return; }
              if (style.visibility === 'hidden' || Number(style.opacity) === 0) { return; }
              var bg = background(el), fg = rgb(style.color);
              var c = {r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a)};
              var a = lum(c), b = lum(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              out.push({tag: el.tagName, cls: el.className && el.className.baseVal === undefined ? el.className : '',
                        text: (own || '::before').slice(0, 30), ratio: Math.round(ratio * 100) / 100});
            });
            return JSON.stringify(out);""";

    /** Form controls without an accessible name: no label, no aria-label(ledby), no text (buttons). */
    private static final String UNNAMED = """
            return JSON.stringify(Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
              .filter(function (el) {
                var text = el.tagName === 'BUTTON' && el.textContent.trim();
                return !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.getAttribute('aria-labelledby') && !text; })
              .map(function (el) { return el.outerHTML.slice(0, 80); }));""";

    /** Pairs of visible SVG texts of a chart whose boxes overlap by more than a pixel each way. */
    private static final String OVERLAPS = """
            var texts = Array.from(document.querySelectorAll('#' + arguments[0] + ' svg text'))
              .map(function (t) { return {t: t.textContent, r: t.getBoundingClientRect()}; })
              .filter(function (x) { return x.t.trim() && x.r.width > 0 && x.r.height > 0; });
            var out = [];
            for (var i = 0; i < texts.length; i++) { for (var j = i + 1; j < texts.length; j++) {
              var a = texts[i].r, b = texts[j].r;
              var w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
              if (w > 1 && h > 1) { out.push(texts[i].t + ' / ' + texts[j].t); } } }
            return JSON.stringify({count: texts.length, overlaps: out});""";

    /** Per chart: its drawn width, its box's width, and texts drawn outside the box (cut). */
    private static final String CHARTS = """
            var out = {};
            document.querySelectorAll('.chart').forEach(function (el) {
              var chart = echarts.getInstanceByDom(el); if (!chart) { return; }
              var box = el.getBoundingClientRect();
              var cut = Array.from(el.querySelectorAll('svg text')).filter(function (t) {
                var r = t.getBoundingClientRect();
                return t.textContent.trim() && r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1); })
                .map(function (t) { return t.textContent; });
              out[el.id] = {width: chart.getWidth(), box: Math.round(box.width), cut: cut};
            });
            return JSON.stringify(out);""";

    @Test
    void aLeaderReadsTheDashboardOnADesktopAndOnAPhone() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "headless Chromium is not installed");
        try (Browser browser = new Browser(port)) {
            browser.login("dl-lead", PASSWORD);
            browser.driver.manage().window().setSize(new Dimension(1440, 1000));
            browser.open("/dashboard?round=" + thisYear);
            rendered(browser);
            assertThat(number(browser, "return innerWidth")).isEqualTo(1440);
            // The first screen holds the key figures and the negative list, to its last row.
            int viewport = number(browser, "return innerHeight");
            assertThat(number(browser, "return document.getElementById('key-figures').getBoundingClientRect().bottom"))
                    .isLessThanOrEqualTo(viewport);
            assertThat(number(browser, "var rows = document.querySelectorAll('#negative-list tbody tr');"
                    + " return rows[rows.length - 1].getBoundingClientRect().bottom")).isLessThanOrEqualTo(viewport);
            assertThat(browser.driver.findElement(By.id("negative-list")).getText())
                    .contains("临江县人民政府", "市民政局", "证据文件：留言报错截图-dl-c3.pdf");
            readable(browser, "1440");
            Map<String, Chart> wide = charts(browser);
            assertThat(wide.get("chart-heatmap").width()).isGreaterThan(1000);
            browser.screenshot("dashboard-1440");

            // The same page turned into a phone's width: every chart follows the window.
            browser.driver.manage().window().setSize(new Dimension(390, 844));
            browser.waitFor(d -> number(browser, "return innerWidth") == 390);
            browser.waitFor(d -> charts(browser).values().stream().allMatch(c -> c.width() == c.box() && c.width() < 390));
            phone(browser, "resized");

            // Opened on the phone.
            browser.open("/dashboard?round=" + thisYear);
            rendered(browser);
            phone(browser, "opened");
            // One card per unit: the column headings are hidden from sight (kept for screen readers), each cell
            // carries its heading's name.
            assertThat(number(browser, "return document.querySelector('#negative-list thead').getBoundingClientRect()"
                    + ".height")).isLessThanOrEqualTo(1);
            assertThat((String) browser.script("return getComputedStyle(document.querySelector("
                    + "'#negative-list tbody td.unit'), '::before').content")).isNotIn("none", "normal", "");
            WebElement card = browser.driver.findElement(By.cssSelector("#negative-list tbody tr"));
            assertThat(card.getCssValue("display")).isEqualTo("block");
            browser.screenshot("dashboard-390");
            for (String chart : List.of("chart-heatmap", "chart-distribution")) {
                browser.script("document.getElementById(arguments[0]).scrollIntoView()", chart);
                browser.screenshot(chart + "-390");
            }
            // The whole page at once, for a person to look over.
            int height = number(browser, "return document.scrollingElement.scrollHeight");
            browser.driver.manage().window().setSize(new Dimension(390, height));
            browser.script("scrollTo(0, 0)");
            browser.screenshot("dashboard-390-full");

            // A round with no earlier published round: the figure says so.
            browser.driver.manage().window().setSize(new Dimension(1440, 1000));
            browser.open("/dashboard?round=" + lastYear);
            rendered(browser);
            assertThat(browser.driver.findElement(By.id("kf-change")).getText()).contains("没有可比较的上一轮次");
            readable(browser, "1440 first round");
        }
    }

    private record Chart(int width, int box, List<String> cut) {
    }

    private static Map<String, Chart> charts(Browser browser) {
        var json = ReportsEndToEndIT.JSON.readTree((String) browser.script(CHARTS));
        Map<String, Chart> out = new LinkedHashMap<>();
        for (var entry : json.properties()) {
            List<String> cut = new ArrayList<>();
            entry.getValue().get("cut").forEach(t -> cut.add(t.asString()));
            out.put(entry.getKey(), new Chart(entry.getValue().get("width").asInt(), entry.getValue().get("box").asInt(),
                    cut));
        }
        return out;
    }

    private static void rendered(Browser browser) {
        browser.waitFor(d -> "true".equals(d.findElement(By.id("dashboard-root")).getAttribute("data-rendered")));
    }

    private static int number(Browser browser, String script) {
        return (int) Math.ceil(((Number) browser.script(script)).doubleValue());
    }

    /** At 390 px: no sideways scrolling, charts as wide as their boxes, no text cut or run together. */
    private static void phone(Browser browser, String how) throws Exception {
        String at = "390 px, " + how;
        assertThat(number(browser, "return innerWidth")).as(at).isEqualTo(390);
        assertThat(number(browser, "return document.scrollingElement.scrollWidth")).as(at).isLessThanOrEqualTo(390);
        // Wait until the charts were drawn again for the narrow layout (a resize redraws them).
        browser.waitFor(d -> "narrow".equals(d.findElement(By.id("dashboard-root")).getAttribute("data-layout")));
        Thread.sleep(1200); // ECharts' entry animation
        for (var chart : charts(browser).entrySet()) {
            assertThat(chart.getValue().width()).as(at + " " + chart.getKey()).isEqualTo(chart.getValue().box())
                    .isLessThan(390);
            assertThat(chart.getValue().cut()).as(at + " text cut at the edge of " + chart.getKey()).isEmpty();
        }
        for (String chart : List.of("chart-heatmap", "chart-distribution", "chart-rank-0", "chart-movement")) {
            var result = ReportsEndToEndIT.JSON.readTree((String) browser.script(OVERLAPS, chart));
            assertThat(result.get("count").asInt()).as(at + " texts in " + chart).isGreaterThan(4);
            assertThat(result.get("overlaps").toString()).as(at + " labels running together in " + chart)
                    .isEqualTo("[]");
        }
        // Captions wrap rather than being cut.
        assertThat(number(browser, "return Math.max(...Array.from(document.querySelectorAll('.chart-title'),"
                + " t => t.scrollWidth - t.clientWidth))")).as(at).isLessThanOrEqualTo(0);
        readable(browser, at);
    }

    /** Contrast of every text at least 4.5:1, the hint text among them, and every control named. */
    private static void readable(Browser browser, String at) {
        var texts = ReportsEndToEndIT.JSON.readTree((String) browser.script(CONTRAST));
        List<String> low = new ArrayList<>();
        int hints = 0;
        for (var t : texts) {
            if (t.get("cls").asString().contains("muted")) {
                hints++;
            }
            if (t.get("ratio").asDouble() < 4.5) {
                low.add(t.get("tag").asString() + "." + t.get("cls").asString() + " 「" + t.get("text").asString()
                        + "」 " + t.get("ratio").asDouble());
            }
        }
        assertThat(texts.size()).as(at + " texts measured").isGreaterThan(30);
        assertThat(hints).as(at + " grey hint texts measured").isPositive();
        assertThat(low).as(at + " texts under 4.5:1").isEmpty();
        assertThat((String) browser.script(UNNAMED)).as(at + " unnamed controls").isEqualTo("[]");
    }
}
