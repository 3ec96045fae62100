package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_ARTICLE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.EnumSet;
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

/**
 * Issue 18 item 9, by hand: a WeChat account's article URLs pasted on the workbench (tabs as copied from a sheet, or
 * commas), stored in the crawler's normal form with their day and title for the next capture (which fetches them as
 * feed entries: WechatCrawlIT). A paste with a bad line stores nothing and names the lines; a website channel or another
 * round's account is not found; leaders cannot post; every import is audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WechatArticlesIT {

    private static final String PASSWORD = "test-password-1";
    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @LocalServerPort int port;

    private long roundId;
    private long wechat;
    private long website;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-wechat-articles");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void round() {
        accounts.create("test", "wa-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "wa-lead", "市领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        String yaml = """
                name: 公众号文章导入测试
                indicatorSystem: default
                groups:
                  - code: wa-counties
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                    units:
                      - code: wa-qinghe
                        name: 清河区人民政府
                        channels:
                          - {kind: WEBSITE, name: 门户网站, url: 'http://www.qinghe.gov.cn/'}
                          - {kind: WECHAT, name: 清河发布, url: 'https://mp.weixin.qq.com/mp/profile_ext?__biz=MzA5qinghe'}
                          - {kind: WECHAT, name: 清河政务, url: 'https://mp.weixin.qq.com/mp/profile_ext?__biz=MzA5zhengwu',
                             feedUrl: 'http://192.168.1.20:8080/feeds/qinghe-zhengwu.xml'}
                """;
        roundId = importer.importRound(RoundDefinition.parse(yaml, null), yaml);
        wechat = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.NAME.eq("清河发布")).fetchSingle(CHANNEL.ID);
        website = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.NAME.eq("门户网站")).fetchSingle(CHANNEL.ID);
    }

    @Test
    void pastedArticlesAreListedForTheNextCaptureAndABadPasteStoresNothing() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "wa-eva", PASSWORD);
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/units").body()).contains("/wechat");
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/wechat").body())
                .contains("清河区人民政府 · 清河发布", "没有订阅源", "已导入 0 篇文章网址");

        String paste = "https://mp.weixin.qq.com/s/AbCdEf01\t2026-11-20\t关于开展冬季防火检查的通知\n"
                + "\n"
                + "https://MP.WEIXIN.QQ.COM/s/GhIjKl02，2026年11月3日，清河区2026年第三季度重点工作进展\n"
                + "https://mp.weixin.qq.com/s/MnOpQr03\n"
                + "https://mp.weixin.qq.com/s/AbCdEf01#rd\n";
        HttpResponse<String> first = post(evaluator, wechat, paste);
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/wechat#channel-" + wechat);
        String page = evaluator.get("/workbench/rounds/" + roundId + "/wechat").body();
        assertThat(page).contains("已导入 3 篇文章网址，开始采集时一并抓取", ">已导入 3 篇文章网址<", "（最近一次导入于 ", " 北京时间）");
        var rows = dsl.selectFrom(CHANNEL_ARTICLE).where(CHANNEL_ARTICLE.CHANNEL_ID.eq(wechat))
                .orderBy(CHANNEL_ARTICLE.ID).fetch();
        assertThat(rows).extracting(r -> r.getUrl()).containsExactly("https://mp.weixin.qq.com/s/AbCdEf01",
                "https://mp.weixin.qq.com/s/GhIjKl02", "https://mp.weixin.qq.com/s/MnOpQr03");
        // The day in China, kept as its first instant in UTC.
        assertThat(rows.get(0).getPublishedAt()).isEqualTo(LocalDateTime.of(2026, 11, 19, 16, 0));
        assertThat(rows.get(0).getTitle()).isEqualTo("关于开展冬季防火检查的通知");
        assertThat(rows.get(1).getPublishedAt()).isEqualTo(LocalDateTime.of(2026, 11, 2, 16, 0));
        assertThat(rows.get(2).getPublishedAt()).isNull();

        post(evaluator, wechat, "https://mp.weixin.qq.com/s/MnOpQr03\nhttps://mp.weixin.qq.com/s/StUvWx04\n");
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/wechat").body())
                .contains("已导入 1 篇文章网址（另有 1 篇此前已导入）");

        String bad = "mp.weixin.qq.com/s/NoScheme\nhttps://mp.weixin.qq.com/s/Fine05\nhttps://mp.weixin.qq.com/s/Bad06\t2026-13-40\n";
        post(evaluator, wechat, bad);
        page = evaluator.get("/workbench/rounds/" + roundId + "/wechat").body();
        assertThat(page).contains("导入未执行，有 2 行无法读取", "第 1 行不是 http(s) 网址：mp.weixin.qq.com/s/NoScheme",
                "第 3 行的发布日期无法识别（应如 2026-11-20）：2026-13-40");
        assertThat(page).as("the paste comes back to be corrected").contains("https://mp.weixin.qq.com/s/Fine05");
        assertThat(dsl.fetchCount(CHANNEL_ARTICLE, CHANNEL_ARTICLE.CHANNEL_ID.eq(wechat))).isEqualTo(4);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("WECHAT_ARTICLES_IMPORTED")
                .and(AUDIT_LOG.ACTOR.eq("wa-eva")))).isEqualTo(2);

        // Not a WeChat account of this round: not found; leaders may not post at all.
        assertThat(post(evaluator, website, "https://mp.weixin.qq.com/s/X07\n").statusCode()).isEqualTo(404);
        assertThat(post(WebSession.loggedIn(port, "wa-lead", PASSWORD), wechat, "https://mp.weixin.qq.com/s/X08\n")
                .statusCode()).isEqualTo(403);
        assertThat(dsl.fetchCount(CHANNEL_ARTICLE, CHANNEL_ARTICLE.CHANNEL_ID.eq(wechat))).isEqualTo(4);
    }

    @Test
    void aBridgeFeedOnThePrivateNetworkIsAllowedForThatAccountWithAReasonAndAudited() throws Exception {
        long bridged = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.NAME.eq("清河政务")).fetchSingle(CHANNEL.ID);
        WebSession evaluator = WebSession.loggedIn(port, "wa-eva", PASSWORD);
        String path = "/workbench/rounds/" + roundId + "/wechat/" + bridged + "/bridge";
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/wechat").body())
                .contains("订阅源：http://192.168.1.20:8080/feeds/qinghe-zhengwu.xml", "允许此订阅源使用内网地址");

        evaluator.post(path, "allow=true&reason=");
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/wechat").body()).contains("未能修改：请填写理由");
        assertThat(allowed(bridged)).isNull();

        evaluator.post(path, "allow=true&reason=" + URLEncoder.encode("桥接服务部署在评估组内网", StandardCharsets.UTF_8));
        assertThat(allowed(bridged)).isEqualTo("http://192.168.1.20:8080/feeds/qinghe-zhengwu.xml");
        assertThat(evaluator.get("/workbench/rounds/" + roundId + "/wechat").body())
                .contains("已允许该公众号的订阅源使用内网地址", "撤销内网许可");
        // An account without a feed has nothing to allow; a website channel is not found; leaders cannot post.
        evaluator.post("/workbench/rounds/" + roundId + "/wechat/" + wechat + "/bridge", "allow=true&reason=x");
        assertThat(allowed(wechat)).isNull();
        assertThat(evaluator.post("/workbench/rounds/" + roundId + "/wechat/" + website + "/bridge",
                "allow=true&reason=x").statusCode()).isEqualTo(404);
        assertThat(WebSession.loggedIn(port, "wa-lead", PASSWORD).post(path, "allow=false&reason=x").statusCode())
                .isEqualTo(403);
        assertThat(allowed(bridged)).isNotNull();

        evaluator.post(path, "allow=false&reason=" + URLEncoder.encode("桥接服务已迁到公网", StandardCharsets.UTF_8));
        assertThat(allowed(bridged)).isNull();
        assertThat(dsl.select(AUDIT_LOG.ACTION, AUDIT_LOG.REASON).from(AUDIT_LOG)
                .where(AUDIT_LOG.ENTITY.eq("channel"), AUDIT_LOG.ENTITY_ID.eq(String.valueOf(bridged)))
                .orderBy(AUDIT_LOG.ID).fetch(r -> r.value1() + " " + r.value2()))
                .containsExactly("WECHAT_BRIDGE_ALLOWED 桥接服务部署在评估组内网", "WECHAT_BRIDGE_WITHDRAWN 桥接服务已迁到公网");
    }

    private String allowed(long channel) {
        return dsl.select(CHANNEL.PRIVATE_FEED_ALLOWED).from(CHANNEL).where(CHANNEL.ID.eq(channel))
                .fetchSingle(CHANNEL.PRIVATE_FEED_ALLOWED);
    }

    @Test
    void thePageFitsAPhone() throws Exception {
        if (!Browser.available()) {
            return;
        }
        try (Browser browser = new Browser(port)) {
            browser.login("wa-eva", PASSWORD);
            for (int width : new int[] {1440, 390}) {
                browser.driver.manage().window().setSize(new Dimension(width, 900));
                browser.open("/workbench/rounds/" + roundId + "/wechat");
                assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains("公众号文章");
                Number overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as("horizontal overflow at %d px", width).isLessThanOrEqualTo(0);
                browser.screenshot("wechat-articles-" + width);
            }
        }
    }

    private HttpResponse<String> post(WebSession session, long channel, String paste)
            throws IOException, InterruptedException {
        return session.post("/workbench/rounds/" + roundId + "/wechat/" + channel + "/articles",
                "articleUrls=" + URLEncoder.encode(paste, StandardCharsets.UTF_8));
    }
}
