package cn.gongkai.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockingAndRetryAfterTest {

    private static FetchResult response(int status, String retryAfter, Instant at) {
        return new FetchResult(URI.create("http://x.gov.cn/"), at, null, Map.of(), status,
                retryAfter == null ? Map.of() : Map.of("retry-after", List.of(retryAfter)), new byte[0], false, 5, null);
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant at = Instant.parse("2026-11-29T08:00:00Z");
        assertThat(response(429, "7", at).retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(response(503, "Sun, 29 Nov 2026 08:01:30 GMT", at).retryAfter()).contains(Duration.ofSeconds(90));
        assertThat(response(503, "Sun, 29 Nov 2026 07:00:00 GMT", at).retryAfter()).contains(Duration.ZERO);
        assertThat(response(503, "soon", at).retryAfter()).isEmpty();
        assertThat(response(503, null, at).retryAfter()).isEmpty();
    }

    @Test
    void captchaWallsAreRecognisedOnlyOnShortPages() {
        assertThat(Blocking.captcha("安全验证", "请输入验证码后继续访问", 2_000)).isPresent();
        assertThat(Blocking.captcha("Just a moment", "Verify you are human", 2_000)).isPresent();
        assertThat(Blocking.captcha("关于加强安全验证工作的通知", "正文".repeat(50_000), 200_000)).isEmpty();
        assertThat(Blocking.captcha("清河区人民政府", "工作动态 通知公告", 30_000)).isEmpty();
    }

    private static java.util.Optional<Blocking.Block> page(int status, String cookie, String title, String text) {
        String html = "<html><head><title>" + title + "</title></head><body>" + text + "</body></html>";
        return Blocking.recognise(status, cookie == null ? List.of() : List.of(cookie), html, title, text,
                html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    /**
     * The Ruishu and Jiasule markers are looked for from their literal starts only; on short pages built from
     * fragments around and inside tags they must be found exactly where the whole-page expressions find them.
     */
    @Test
    void challengeMarkersAreFoundExactlyWhereWholePageExpressionsFindThem() {
        java.util.regex.Pattern ruishu = java.util.regex.Pattern.compile(
                "\\$_ts\\s*=\\s*window|<meta[^>]+\\br\\s*=\\s*['\"]m['\"]");
        java.util.regex.Pattern jiasule = java.util.regex.Pattern.compile("__jsl_clearance|__jsluid");
        String[] parts = {"<meta", " content=\"kq3\"", " r='m'", " r = \"m\"", "r='m'", "ar='m'", ">", "$_ts",
            " = window", "=window", "\n", "__JSL", "_clearance", "__jsl", "uid", "_", "_Clearance", "x", "<META"};
        java.util.Random random = new java.util.Random(18);
        int ruishuPages = 0;
        int jiasulePages = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder html = new StringBuilder();
            for (int k = random.nextInt(8); k >= 0; k--) {
                html.append(parts[random.nextInt(parts.length)]);
            }
            String page = html.toString();
            boolean expectRuishu = ruishu.matcher(page).find();
            boolean expectJiasule = !expectRuishu
                    && jiasule.matcher(page.toLowerCase(java.util.Locale.ROOT)).find();
            String reason = Blocking.recognise(412, List.of(), page, "", "", page.length())
                    .map(Blocking.Block::reason).orElse("");
            assertThat(reason.contains("瑞数动态安全")).as(page).isEqualTo(expectRuishu);
            assertThat(reason.contains("加速乐")).as(page).isEqualTo(expectJiasule);
            ruishuPages += expectRuishu ? 1 : 0;
            jiasulePages += expectJiasule ? 1 : 0;
        }
        assertThat(ruishuPages).isGreaterThan(500);
        assertThat(jiasulePages).isGreaterThan(100);
    }

    @Test
    void antiBotChallengesAreRecognisedByStatusCookieAndScript() {
        String ruishu = "<html><head><meta content=\"kq3\" r='m'><script>$_ts=window['$_ts'];</script></head>"
                + "<body></body></html>";
        assertThat(Blocking.recognise(412, List.of(), ruishu, "", "", ruishu.length()))
                .get().satisfies(b -> {
                    assertThat(b.status()).isEqualTo(Blocking.BLOCKED);
                    assertThat(b.reason()).contains("瑞数", "HTTP 412");
                    assertThat(b.pausesHost()).isTrue();
                });
        assertThat(Blocking.recognise(202, List.of("FSSBBIl1UgzbN7N80T=x; path=/"), null, null, null, 900_000))
                .get().extracting(Blocking.Block::reason).asString().contains("瑞数");
        String jsl = "<script>document.cookie=('__jsl_clearance=1607';Expires=...);location.href=location.pathname"
                + "</script>";
        assertThat(Blocking.recognise(521, List.of("__jsluid_h=abc; path=/"), jsl, "", "", jsl.length()))
                .get().extracting(Blocking.Block::reason).asString().contains("加速乐");
        // a bare 412 without a script is an honest client error, not a challenge
        assertThat(page(412, null, "Precondition Failed", "Precondition Failed")).isEmpty();
    }

    @Test
    void firewallBlockPagesAreRecognisedButAFooterNamingTheVendorIsNot() {
        assertThat(page(200, null, "网站防火墙", "您的请求带有不合法参数，已被网站管理员设置拦截！"))
                .get().extracting(Blocking.Block::reason).asString().contains("网站防火墙");
        assertThat(page(403, null, "访问拦截", "当前访问疑似黑客攻击，已被云锁拦截"))
                .get().extracting(Blocking.Block::reason).asString().contains("云锁");
        assertThat(page(200, null, "创宇盾", "请求已被拦截 创宇盾")).isPresent();
        String portal = "清河区人民政府 首页 政务公开 工作动态 ".repeat(80) + "本站由安全狗提供防护";
        assertThat(page(200, null, "清河区人民政府", portal)).isEmpty();
    }

    @Test
    void wechatWallsAndDeletedArticlesAreRecognised() {
        assertThat(page(200, null, "", "环境异常 当前环境异常，完成验证后即可继续访问。 去验证"))
                .get().satisfies(b -> {
                    assertThat(b.status()).isEqualTo(Blocking.BLOCKED);
                    assertThat(b.reason()).contains("微信");
                });
        assertThat(page(200, null, "", "该内容已被发布者删除")).get().satisfies(b -> {
            assertThat(b.status()).isEqualTo(Blocking.NOT_FOUND);
            assertThat(b.pausesHost()).isFalse();
        });
    }

    @Test
    void softNotFoundAndMaintenancePagesAreRecognisedOnlyWhenTheyAreShortAndSayItWithSuccess() {
        assertThat(page(200, null, "提示信息", "对不起，您访问的页面不存在！ 返回首页")).get().satisfies(b -> {
            assertThat(b.status()).isEqualTo(Blocking.NOT_FOUND);
            assertThat(b.reason()).contains("您访问的页面不存在", "软 404");
        });
        // a real 404 already says so
        assertThat(page(404, null, "404", "页面不存在")).isEmpty();
        assertThat(page(200, null, "系统维护", "网站维护中，给您带来不便敬请谅解")).get().satisfies(b -> {
            assertThat(b.status()).isEqualTo(Blocking.MAINTENANCE);
            assertThat(b.pausesHost()).isTrue();
        });
        String article = "关于做好网站维护中常见问题处理的通知。".repeat(120);
        assertThat(page(200, null, "关于做好网站维护工作的通知", article)).isEmpty();
        assertThat(page(200, null, "清河区人民政府", "工作动态 通知公告 政务公开")).isEmpty();
    }
}
