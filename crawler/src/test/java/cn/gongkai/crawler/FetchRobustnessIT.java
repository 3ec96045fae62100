package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static cn.gongkai.sql.jooq.Tables.HOST_PAUSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import cn.gongkai.sql.TestDatabase;
import cn.gongkai.sql.jooq.tables.records.FrontierUrlRecord;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Politeness and robustness against the sandbox's planted defects and against servers that push back. */
class FetchRobustnessIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static Sandbox sandbox;
    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    Path warcDirectory;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.startFull(TODAY);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void empty() {
        TestDatabase.get().reset();
    }

    private List<FrontierUrlRecord> rows(long roundId, long channelId) {
        return dsl.selectFrom(FRONTIER_URL).where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.CHANNEL_ID.eq(channelId))
                .fetch();
    }

    @Test
    void robotsRedirectsTrapsDeadLinksAndGbkBehaveAsPlanted() {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
        long robots = round.addSite(sandbox.site("shuangxi"));
        long redirects = round.addSite(sandbox.site("linjiang"));
        long trap = round.addSite(sandbox.site("jiulong"));
        long dead = round.addSite(sandbox.site("beishan"));
        long gbk = round.addSite(sandbox.site("xishui"));
        // deep enough that only the trap guard can stop the endless calendar
        CrawlSettings deep = CrawlSettings.defaults().withMaxDepth(40).withMaxPagesPerChannel(2_000);

        new Crawler(dsl, warcDirectory, deep).crawl(round.roundId);

        assertThat(rows(round.roundId, robots)).filteredOn(r -> r.getUrl().contains("/xxgk/"))
                .isNotEmpty().allSatisfy(r -> {
                    assertThat(r.getStatus()).isEqualTo("SKIPPED");
                    assertThat(r.getReason()).contains("robots.txt");
                });
        String base = sandbox.baseUrl("linjiang");
        Map<String, String> status = new java.util.HashMap<>();
        rows(round.roundId, redirects).forEach(r -> status.put(r.getUrl().substring(base.length()), r.getStatus()));
        assertThat(status).containsEntry("/old/tzgg/", "DONE").containsEntry("/r/1/tzgg/", "DONE")
                .containsEntry("/r/2/tzgg/", "DONE").containsEntry("/tzgg/", "DONE");
        assertThat(rows(round.roundId, redirects)).anySatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo("FAILED");
            assertThat(r.getReason()).startsWith("重定向循环").contains("/loop/a/", "/loop/b/");
        });
        List<FrontierUrlRecord> trapRows = rows(round.roundId, trap);
        assertThat(trapRows).filteredOn(r -> "SKIPPED".equals(r.getStatus()))
                .anySatisfy(r -> assertThat(r.getReason()).contains("疑似爬虫陷阱"));
        assertThat(trapRows).filteredOn(r -> r.getUrl().contains("/hdjl/rl/") && r.getStatus().equals("DONE"))
                .hasSizeLessThanOrEqualTo(TrapGuard.MAX_DATE_VARIANTS_PER_PATH + 1);
        assertThat(dsl.fetchCount(CAPTURE, CAPTURE.CHANNEL_ID.eq(dead).and(CAPTURE.HTTP_STATUS.eq(404))))
                .isEqualTo(3);
        var gbkTitles = dsl.select(EXTRACTED_ITEM.TITLE).from(EXTRACTED_ITEM).join(CAPTURE)
                .on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                .where(CAPTURE.CHANNEL_ID.eq(gbk), EXTRACTED_ITEM.KIND.eq("LIST_ITEM"), EXTRACTED_ITEM.PUB_DATE.isNotNull())
                .fetch(EXTRACTED_ITEM.TITLE);
        assertThat(gbkTitles).isNotEmpty().anyMatch(t -> t.contains("西水县")).noneMatch(t -> t.contains("\uFFFD"));
    }

    @Test
    void robotsMayBeOverriddenOnlyWithARecordedReason() {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
        long channel = round.addSite(sandbox.site("shuangxi"));
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.IGNORE_ROBOTS, true)
                .where(ASSESSMENT_ROUND.ID.eq(round.roundId)).execute();
        assertThatThrownBy(() -> new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("理由");

        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.ROBOTS_OVERRIDE_REASON, "受评单位书面同意抓取信息公开专栏（2026-11-01 函）")
                .where(ASSESSMENT_ROUND.ID.eq(round.roundId)).execute();
        new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

        assertThat(rows(round.roundId, channel)).filteredOn(r -> r.getUrl().endsWith("/xxgk/"))
                .singleElement().satisfies(r -> {
                    assertThat(r.getStatus()).isEqualTo("DONE");
                    assertThat(r.getReason()).contains("忽略 robots.txt", "书面同意");
                });
    }

    @Test
    void retryAfterIsHonouredAndHostsThatPushBackArePausedWithTheReason() throws Exception {
        AtomicInteger flaky = new AtomicInteger();
        HttpServer retry = server(Map.of("/", page("/p1", "/p2"), "/p1", page(), "/p2", page()), ex -> {
            if (ex.getRequestURI().getPath().equals("/p1") && flaky.getAndIncrement() == 0) {
                ex.getResponseHeaders().set("Retry-After", "1");
                return 503;
            }
            return 0;
        });
        HttpServer limited = server(Map.of("/", page("/x1", "/x2", "/x3", "/x4")), ex -> {
            if (ex.getRequestURI().getPath().startsWith("/x")) {
                ex.getResponseHeaders().set("Retry-After", "0");
                return 429;
            }
            return 0;
        });
        HttpServer captcha = server(Map.of("/", "<html><head><title>安全验证</title></head><body><p>请输入验证码后继续访问</p>"
                + "<a href=\"/a\">继续</a></body></html>"), ex -> 0);
        HttpServer forbidden = server(Map.of(), ex -> ex.getRequestURI().getPath().equals("/robots.txt") ? 404 : 403);
        try {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            long r = round.addSite(site("retry", retry));
            long l = round.addSite(site("limited", limited));
            long c = round.addSite(site("captcha", captcha));
            long f = round.addSite(site("forbidden", forbidden));

            CrawlReport report = new Crawler(dsl, warcDirectory, CrawlSettings.defaults().withMaxDepth(1))
                    .crawl(round.roundId);

            var p1 = dsl.selectFrom(CAPTURE).where(CAPTURE.CHANNEL_ID.eq(r), CAPTURE.URL.endsWith("/p1"))
                    .orderBy(CAPTURE.ID).fetch();
            assertThat(p1).extracting(x -> x.getHttpStatus()).containsExactly(503, 200);
            assertThat(Duration.between(p1.get(0).getCapturedAt(), p1.get(1).getCapturedAt()).toMillis())
                    .isGreaterThanOrEqualTo(1000);
            assertThat(report.pausedHosts()).isEqualTo(3);
            var pauses = dsl.selectFrom(HOST_PAUSE).where(HOST_PAUSE.ROUND_ID.eq(round.roundId)).fetch();
            assertThat(pauses).hasSize(3);
            assertThat(pauses).anySatisfy(p -> assertThat(p.getReason()).contains("HTTP 429"))
                    .anySatisfy(p -> assertThat(p.getReason()).contains("验证码"))
                    .anySatisfy(p -> assertThat(p.getReason()).contains("HTTP 403"));
            assertThat(pauses).allSatisfy(p -> assertThat(p.getCaptureId()).isNotNull());
            // what the paused hosts still owe stays queued for a later crawl, with the reason noted
            assertThat(rows(round.roundId, l)).filteredOn(x -> x.getStatus().equals("QUEUED")).hasSize(4)
                    .allSatisfy(x -> assertThat(x.getReason()).contains("429"));
            assertThat(rows(round.roundId, c)).filteredOn(x -> x.getStatus().equals("QUEUED")).isNotEmpty();
            assertThat(rows(round.roundId, f)).filteredOn(x -> x.getStatus().equals("QUEUED")).isNotEmpty();
        } finally {
            for (HttpServer s : List.of(retry, limited, captcha, forbidden)) {
                s.stop(0);
            }
        }
    }

    @Test
    void challengesFirewallsAndSoftErrorPagesAreStoredAsSuchWithTheReason() throws Exception {
        HttpServer ruishu = replies(Map.of("/", new Reply(412, "<html><head><meta content=\"x9Kq\" r='m'>"
                + "<script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;</script></head><body></body></html>",
                "FSSBBIl1UgzbN7N80S=abc; Path=/")));
        HttpServer waf = replies(Map.of("/", new Reply(200, page("/a", "/b"), null),
                "/a", new Reply(403, "<html><head><title>网站防火墙</title></head><body><p>您的请求带有不合法参数，"
                        + "已被网站管理员设置拦截！</p><img src=\"http://www.safedog.cn/logo.png\"></body></html>", null)));
        HttpServer soft = replies(Map.of("/", new Reply(200, page("/gone", "/ok"), null),
                "/gone", new Reply(200, "<html><head><title>页面不存在</title></head><body><p>抱歉，您访问的页面不存在"
                        + "或已被删除。</p><a href=\"/\">返回首页</a></body></html>", null),
                "/ok", new Reply(200, page(), null)));
        try {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            long r = round.addSite(site("ruishu", ruishu));
            long w = round.addSite(site("waf", waf));
            long s = round.addSite(site("soft", soft));

            CrawlReport report = new Crawler(dsl, warcDirectory, CrawlSettings.defaults().withMaxDepth(1))
                    .crawl(round.roundId);

            var ruishuHome = dsl.selectFrom(CAPTURE).where(CAPTURE.CHANNEL_ID.eq(r)).and(CAPTURE.HTTP_STATUS.eq(412))
                    .fetchOne();
            assertThat(ruishuHome.getStatus()).isEqualTo("BLOCKED");
            assertThat(ruishuHome.getError()).contains("瑞数");
            var wafPage = dsl.selectFrom(CAPTURE).where(CAPTURE.CHANNEL_ID.eq(w), CAPTURE.URL.endsWith("/a"))
                    .fetchOne();
            assertThat(wafPage.getStatus()).isEqualTo("BLOCKED");
            assertThat(wafPage.getError()).contains("安全狗");
            var gone = dsl.selectFrom(CAPTURE).where(CAPTURE.CHANNEL_ID.eq(s), CAPTURE.URL.endsWith("/gone"))
                    .fetchOne();
            assertThat(gone.getStatus()).isEqualTo("NOT_FOUND");
            assertThat(gone.getError()).contains("页面不存在", "软 404");
            assertThat(dsl.selectFrom(CAPTURE).where(CAPTURE.CHANNEL_ID.eq(s), CAPTURE.URL.endsWith("/ok"))
                    .fetchOne().getStatus()).isEqualTo("OK");

            // walls pause their host; a page that merely says it is gone does not
            assertThat(report.pausedHosts()).isEqualTo(2);
            var pauses = dsl.selectFrom(HOST_PAUSE).where(HOST_PAUSE.ROUND_ID.eq(round.roundId)).fetch();
            assertThat(pauses).extracting(p -> p.getHttpStatus()).containsExactlyInAnyOrder(412, 403);
            assertThat(pauses).anySatisfy(p -> assertThat(p.getReason()).contains("瑞数", "已暂停抓取该站点"))
                    .anySatisfy(p -> assertThat(p.getReason()).contains("安全狗"));
            assertThat(rows(round.roundId, s)).filteredOn(x -> x.getUrl().endsWith("/gone")).singleElement()
                    .satisfies(x -> {
                        assertThat(x.getStatus()).isEqualTo("FAILED");
                        assertThat(x.getReason()).contains("软 404");
                    });
            assertThat(rows(round.roundId, w)).filteredOn(x -> x.getStatus().equals("QUEUED")).isNotEmpty();
            // no list item was read from the walls or the soft 404
            assertThat(dsl.fetchCount(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID.in(ruishuHome.getId(),
                    wafPage.getId(), gone.getId()))).isZero();
        } finally {
            for (HttpServer server : List.of(ruishu, waf, soft)) {
                server.stop(0);
            }
        }
    }

    private record Reply(int status, String body, String setCookie) {
    }

    private static HttpServer replies(Map<String, Reply> replies) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                Reply reply = replies.getOrDefault(ex.getRequestURI().getPath(),
                        new Reply(404, "<html><body>not found</body></html>", null));
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                if (reply.setCookie() != null) {
                    ex.getResponseHeaders().add("Set-Cookie", reply.setCookie());
                }
                ex.sendResponseHeaders(reply.status(), bytes.length);
                ex.getResponseBody().write(bytes);
            }
        });
        server.start();
        return server;
    }

    private static String page(String... links) {
        StringBuilder out = new StringBuilder("<html><head><title>测试站点</title></head><body><ul>");
        for (String l : links) {
            out.append("<li><a href=\"").append(l).append("\">链接").append(l).append("</a></li>");
        }
        return out.append("</ul>").append("正文".repeat(40)).append("</body></html>").toString();
    }

    private interface Override {
        /** A status to answer instead of the page, or 0. */
        int status(HttpExchange exchange);
    }

    private static HttpServer server(Map<String, String> pages, Override override) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                int status = override.status(ex);
                String body = pages.get(ex.getRequestURI().getPath());
                if (status == 0) {
                    status = body == null ? 404 : 200;
                }
                byte[] bytes = (body == null || status != 200 ? "<html><body>error</body></html>" : body)
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(status, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        });
        server.start();
        return server;
    }

    private static SandboxSite site(String code, HttpServer server) {
        return new SandboxSite("t-" + code, "测试" + code, "COUNTY_GOVERNMENT",
                "http://127.0.0.1:" + server.getAddress().getPort(), List.of(), false);
    }
}
