package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundPipeline;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
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

/**
 * A county site deeper than the round's list-page budget ends 未采完; on the completion page the evaluator raises that
 * website's own budget and captures it again, on the embedded MariaDB with the sandbox's deep site on loopback: a bad
 * budget is refused in Chinese with nothing stored or captured, a good one is stored (audited) and the capture carries
 * on to every article.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteBudgetsIT {

    private static final String PASSWORD = "test-password-1";
    private static Path home;

    private final Sandbox sandbox = Sandbox.startDeep(LocalDate.now());

    @Autowired RoundImporter importer;
    @Autowired RoundPipeline pipeline;
    @Autowired UserAccounts accounts;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    private long roundId;
    private long channelId;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-budgets");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void runRoundWithATightBudget() {
        Sandbox.SandboxSite deep = sandbox.site("deep");
        String columns = deep.columns().stream()
                .map(c -> "{name: " + c.name() + ", type: " + c.columnType() + ", url: '" + deep.baseUrl() + c.path()
                        + "'}")
                .collect(Collectors.joining(", "));
        String yaml = """
                name: 抓取上限测试轮次
                indicatorSystem: default
                points: [ptjs-gx-01]
                allowPrivateAddresses: true
                crawl: {delayMs: 0, maxListPagesPerColumn: 2}
                groups:
                  - code: counties
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                    units:
                      - {code: shenhe, name: 深河县人民政府, channels: [{kind: WEBSITE, name: 深河县门户网站, url: '%s', columns: [%s]}]}
                """.formatted(deep.homepage(), columns);
        roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        pipeline.run(roundId);
        channelId = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.URL.eq(deep.homepage())).fetchSingle(CHANNEL.ID);
        accounts.create("test", "eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    @Test
    void theEvaluatorRaisesACutWebsitesOwnBudgetAndItsCaptureCarriesOnToEveryArticle() throws Exception {
        List<String> articles = sandbox.articleUrls("deep");
        assertThat(captureStatus()).isEqualTo("INCOMPLETE");
        assertThat(captured(articles)).isLessThan(articles.size());
        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        String page = evaluator.get("/workbench/rounds/" + roundId + "/completion").body();
        assertThat(page).contains("id=\"budget-hint\"");
        assertThat(row(page)).contains("未采完", "每栏目 2 个列表页的上限", "name=\"maxListPagesPerColumn\"",
                "name=\"maxPagesPerChannel\"", "placeholder=\"本轮设定\"", "重新采集");
        screenshots();

        // Not a number: refused in Chinese, nothing stored, nothing captured.
        evaluator.post("/workbench/rounds/" + roundId + "/channels/" + channelId + "/recapture",
                "maxListPagesPerColumn=" + WebSession.enc("两百") + "&maxPagesPerChannel=");
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/completion").body())
                .contains("未重新采集：每栏目列表页上限须为 1 到 10000 之间的整数，实际为「两百」");
        assertThat(ownBudgets()).containsExactly(null, null);
        assertThat(dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.in("CHANNEL_RECAPTURE", "SITE_CRAWL_BUDGETS_SET")))
                .isFalse();

        // Ten list pages for this site alone, the round's two for the others; the capture carries on.
        evaluator.post("/workbench/rounds/" + roundId + "/channels/" + channelId + "/recapture",
                "maxListPagesPerColumn=10&maxPagesPerChannel=&reason=" + WebSession.enc("栏目翻页很深"));
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/completion").body())
                .contains("已将该网站的抓取上限设为：每栏目列表页上限 10 页；每渠道网址上限 本轮设定。已开始重新采集该渠道");
        waitForRecapture();
        assertThat(ownBudgets()).containsExactly(null, 10);
        assertThat(dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("SITE_CRAWL_BUDGETS_SET")).fetchSingle())
                .satisfies(a -> {
                    assertThat(a.getActor()).isEqualTo("eva");
                    assertThat(a.getEntityId()).isEqualTo(String.valueOf(channelId));
                    assertThat(a.getBeforeJson()).contains("\"maxListPagesPerColumn\":null");
                    assertThat(a.getAfterJson()).contains("\"maxListPagesPerColumn\":10");
                });
        assertThat(captureStatus()).isEqualTo("DONE");
        assertThat(captured(articles)).isEqualTo(articles.size());
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/completion").body())
                .doesNotContain("id=\"channel-" + channelId + "\"", "id=\"budget-hint\"");
    }

    private String row(String page) {
        int at = page.indexOf("id=\"channel-" + channelId + "\"");
        assertThat(at).as("the channel's row").isPositive();
        return page.substring(at, page.indexOf("</tr>", at));
    }

    private String captureStatus() {
        return dsl.select(CHANNEL_CAPTURE.STATUS).from(CHANNEL_CAPTURE)
                .where(CHANNEL_CAPTURE.ROUND_ID.eq(roundId), CHANNEL_CAPTURE.CHANNEL_ID.eq(channelId))
                .fetchSingle(CHANNEL_CAPTURE.STATUS);
    }

    private int captured(List<String> articles) {
        return dsl.select(org.jooq.impl.DSL.countDistinct(CAPTURE.URL)).from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId), CAPTURE.STATUS.eq("OK"), CAPTURE.URL.in(articles))
                .fetchSingle().value1();
    }

    private List<Integer> ownBudgets() {
        return dsl.select(CHANNEL.CRAWL_MAX_PAGES_PER_CHANNEL, CHANNEL.CRAWL_MAX_LIST_PAGES).from(CHANNEL)
                .where(CHANNEL.ID.eq(channelId)).fetchSingle(r -> java.util.Arrays.asList(r.value1(), r.value2()));
    }

    private void waitForRecapture() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.in("CHANNEL_RECAPTURED", "CHANNEL_RECAPTURE_FAILED"))) {
                assertThat(dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq("CHANNEL_RECAPTURED")))
                        .as("re-capture ended well").isTrue();
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the re-capture did not end");
    }

    private void screenshots() throws Exception {
        if (!Browser.available()) {
            return;
        }
        try (Browser browser = new Browser(port)) {
            browser.login("eva", PASSWORD);
            for (int width : new int[] {1440, 390}) {
                browser.driver.manage().window().setSize(new Dimension(width, 1000));
                browser.open("/workbench/rounds/" + roundId + "/completion");
                assertThat(browser.driver.findElement(By.id("capture")).getText())
                        .contains("每栏目列表页上限", "每渠道网址上限");
                Number overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as("horizontal overflow at " + width + " px").isLessThanOrEqualTo(0);
                browser.script("document.getElementById('capture').scrollIntoView();");
                browser.screenshot("completion-site-budget-" + width);
            }
        }
    }
}
