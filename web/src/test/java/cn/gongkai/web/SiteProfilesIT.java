package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundPipeline;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 18 item 5 on the workbench (栏目配置): an evaluator types a website's selectors, tries them on a page the round
 * captured (what they pick beside the generic reading, read back from WARC) and saves them, audited; a selector that
 * is no CSS is refused in Chinese with nothing stored; leaders and counties cannot reach the page. Looked at in
 * Chromium at 1440 and 390 px.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteProfilesIT {

    private static final String PASSWORD = "test-password-1";
    private static Path home;

    private final Sandbox sandbox = Sandbox.start(LocalDate.now());

    @Autowired RoundImporter importer;
    @Autowired RoundPipeline pipeline;
    @Autowired UserAccounts accounts;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    private long roundId;
    private long website;
    private long listCapture;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-site-profiles");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void captureARound() {
        String yaml = """
                name: 栏目配置测试轮次
                indicatorSystem: default
                points: [ptjs-gx-01]
                allowPrivateAddresses: true
                crawlDelayMs: 20
                groups:
                  - code: sp-counties
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                    units:
                      - code: sp-qinghe
                        name: 清河区人民政府
                        channels:
                          - kind: WEBSITE
                            name: 清河区门户网站
                            url: '%s/'
                            columns:
                              - {name: 通知公告, url: '%s/tzgg/', type: NOTICE}
                """.formatted(sandbox.baseUrl("qinghe"), sandbox.baseUrl("qinghe"));
        roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        pipeline.run(roundId);
        website = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.NAME.eq("清河区门户网站")).fetchSingle(CHANNEL.ID);
        listCapture = dsl.select(CAPTURE.ID).from(CAPTURE).where(CAPTURE.CHANNEL_ID.eq(website),
                CAPTURE.URL.eq(sandbox.baseUrl("qinghe") + "/tzgg/"), CAPTURE.STATUS.eq("OK")).limit(1)
                .fetchSingle(CAPTURE.ID);
        accounts.create("test", "sp-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "sp-lead", "市领导", PASSWORD, null, EnumSet.of(Role.LEADER));
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    @Test
    void anEvaluatorTriesSelectorsOnACapturedPageAndSavesThemAndABadSelectorStoresNothing() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "sp-eva", PASSWORD);
        String base = "/workbench/rounds/" + roundId + "/profiles";
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/units").body()).contains(base);
        assertThat(evaluator.get(base).body()).contains("清河区人民政府", "列表项选择器", "正文选择器", "通知公告 ",
                "value=\"" + listCapture + "\"");

        // tried on the captured 通知公告 list: what the selectors pick, beside the generic reading
        String trial = evaluator.post(base + "/" + website + "/trial", "captureId=" + listCapture
                + "&listItem=" + enc("div.main li") + "&nextPage=" + enc("a.no-such-pager")).body();
        assertThat(trial).containsPattern("列表项选择器选中 [1-9]\\d* 个元素；读出带日期的条目 [1-9]\\d* 条（通用规则读出 [1-9]\\d* 条）")
                .contains("下一页：未选中", "value=\"div.main li\"");
        assertThat(profile()).as("trying stores nothing").isNull();

        // not CSS: refused with the selector's name, the typed values come back, nothing stored
        String bad = evaluator.post(base + "/" + website, "listItem=" + enc("div[class") + "&itemDate=span").body();
        assertThat(bad).contains("未保存：列表项选择器（listItem）不是有效的 CSS 选择器：“div[class”", "value=\"div[class\"");
        assertThat(evaluator.post(base + "/" + website + "/trial", "captureId=" + listCapture + "&itemDate="
                + enc("span[")).body()).contains("未能试用：列表日期选择器（itemDate）不是有效的 CSS 选择器");
        assertThat(profile()).isNull();

        // a capture of another page or channel cannot be tried here
        assertThat(evaluator.post(base + "/" + website + "/trial", "captureId=999999&listItem=li").body())
                .contains("所选页面不是本渠道本轮抓取的首页或栏目页");

        HttpResponse<String> saved = evaluator.post(base + "/" + website, "listItem=" + enc("div.main li")
                + "&itemDate=span&articleBody=" + enc("div.article"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(profile()).contains("\"listItem\":\"div.main li\"", "\"itemDate\":\"span\"",
                "\"articleBody\":\"div.article\"");
        assertThat(evaluator.get(base).body()).contains("已保存该网站的栏目配置", "value=\"div.main li\"");
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("SITE_PROFILE_SAVED")
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(website))).and(AUDIT_LOG.ACTOR.eq("sp-eva")))).isEqualTo(1);
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/units").body()).contains("div.main li");

        // every field emptied: back to the generic rules
        evaluator.post(base + "/" + website, "listItem=&itemDate=&articleBody=");
        assertThat(profile()).isNull();
        assertThat(evaluator.get(base).body()).contains("已清除该网站的栏目配置");

        // not a website of this round: not found; leaders are refused
        assertThat(evaluator.post(base + "/999999", "listItem=li").statusCode()).isEqualTo(404);
        WebSession leader = WebSession.loggedIn(port, "sp-lead", PASSWORD);
        assertThat(leader.get(base).statusCode()).isEqualTo(403);
        assertThat(leader.post(base + "/" + website, "listItem=li").statusCode()).isEqualTo(403);
        assertThat(profile()).isNull();
    }

    @Test
    void thePageReadsWellAtDesktopWidthAndOnAPhone() throws Exception {
        if (!Browser.available()) {
            return;
        }
        try (Browser browser = new Browser(port)) {
            browser.login("sp-eva", PASSWORD);
            for (int width : new int[] {1440, 390}) {
                browser.driver.manage().window().setSize(new Dimension(width, 1000));
                browser.open("/workbench/rounds/" + roundId + "/profiles");
                WebElement form = browser.driver.findElement(By.cssSelector("#channel-" + website + " form"));
                WebElement listItem = form.findElement(By.name("listItem"));
                listItem.clear();
                listItem.sendKeys("div.main li");
                new Select(form.findElement(By.name("captureId"))).selectByValue(String.valueOf(listCapture));
                form.findElement(By.xpath(".//button[contains(., '试用')]")).click();
                browser.waitFor(d -> d.getPageSource().contains("试用结果"));
                assertThat(browser.driver.findElement(By.cssSelector(".trial")).getText()).contains("读出带日期的条目", "通知公告");
                assertThat(browser.driver.getCurrentUrl()).endsWith("#trial");
                Number overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as("horizontal overflow at " + width + " px").isLessThanOrEqualTo(0);
                browser.screenshot("site-profiles-" + width);
            }
        }
    }

    private String profile() {
        return dsl.select(CHANNEL.EXTRACTION_PROFILE).from(CHANNEL).where(CHANNEL.ID.eq(website))
                .fetchSingle(CHANNEL.EXTRACTION_PROFILE);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
