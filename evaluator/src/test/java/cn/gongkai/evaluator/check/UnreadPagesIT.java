package cn.gongkai.evaluator.check;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_ARTICLE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.CrawlSettings;
import cn.gongkai.crawler.Crawler;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition;
import cn.gongkai.evaluator.catalog.IndicatorSystemStore;
import cn.gongkai.sql.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing unread counts as failed: sites served on loopback whose pages are anti-bot challenges, firewall block pages,
 * maintenance pages, soft 404s, server errors, unreachable, or lists in markup the extractor does not recognise, are
 * crawled by the real crawler and checked by every shipped checker. No checker that can fail fails (or partly fails)
 * any of them; each leaves the point UNCERTAIN with the reason wherever the page it needs could not be read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreadPagesIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    /** Every checker type that can write FAIL or PARTIAL; the two others only ever pass or leave it to people. */
    private static final Set<String> CAN_FAIL = Set.of("annual-report", "annual-report-requests",
            "annual-report-timeliness", "blank-columns", "budget-column", "budget-disclosure", "column-update",
            "dead-links", "disclosure-catalogue", "disclosure-guide", "disclosure-structure", "homepage-update",
            "interpretation-coverage", "interpretation-forms", "interpretation-interpreter", "interpretation-links",
            "interpretation-principal", "interpretation-timeliness", "message-reply-rate", "message-reply-time",
            "message-unanswered", "meta-tags", "opinion-response", "proactive-disclosure-timeliness",
            "search-function", "site-availability", "site-identifiers", "undated-items", "wechat-frequency",
            "wechat-originality", "wechat-site-links", "wechat-update", "wording-errors");
    private static final Set<String> NEVER_FAIL = Set.of("backdated-items", "wechat-interaction");
    /** Checkers that judge the homepage alone (wording errors: every page read); a readable homepage is judged. */
    private static final Set<String> HOMEPAGE_ONLY = Set.of("site-identifiers", "search-function", "wording-errors");
    /** Checkers that read the columns' lists. */
    private static final Set<String> LIST_READERS = Set.of("homepage-update", "column-update", "blank-columns",
            "undated-items", "proactive-disclosure-timeliness", "interpretation-coverage", "interpretation-timeliness",
            "interpretation-links", "interpretation-forms", "interpretation-interpreter", "interpretation-principal",
            "budget-column", "budget-disclosure", "opinion-response");

    private static final String RUISHU = "<html><head><meta content=\"x9Kq\" r='m'><script>$_ts=window['$_ts'];"
            + "if(!$_ts)$_ts={};$_ts.nsd=1;</script></head><body></body></html>";
    private static final String MAINTENANCE = "<html><head><title>系统维护中</title></head><body><p>网站系统升级维护中，"
            + "暂停访问，给您带来不便敬请谅解。</p></body></html>";
    private static final String SOFT_404 = "<html><head><title>页面不存在</title></head><body><p>抱歉，您访问的页面不存在"
            + "或已被删除。</p><a href=\"/\">返回首页</a></body></html>";
    private static final String WAF = "<html><head><title>网站防火墙</title></head><body><p>您的请求带有不合法参数，"
            + "已被网站管理员设置拦截！</p><img src=\"http://www.safedog.cn/logo.png\"></body></html>";
    private static final String WECHAT_WALL = "<html><head><title>微信公众平台</title></head><body><p>环境异常</p>"
            + "<p>当前环境异常，完成验证后即可继续访问。</p><a href=\"#\">去验证</a></body></html>";
    private static final String WECHAT_DELETED = "<html><head><title>微信公众平台</title></head><body>"
            + "<p>该内容已被发布者删除</p></body></html>";

    /** Registered columns of every site with a readable homepage, as a county portal has them. */
    private static final List<String[]> COLUMNS = List.of(new String[] {"工作动态", "/gzdt/", "NEWS"},
            new String[] {"通知公告", "/tzgg/", "NOTICE"}, new String[] {"政策文件", "/zcwj/", "POLICY"},
            new String[] {"政策解读", "/zcjd/", "INTERPRETATION"}, new String[] {"回应关切", "/hygq/", "RESPONSE"},
            new String[] {"预决算公开", "/yjsgk/", "OTHER"}, new String[] {"领导信箱", "/ldxx/", "INTERACTION"});
    private static final List<String[]> DISCLOSURE_COLUMNS = List.of(
            new String[] {"政府信息公开", "/xxgk/", "DISCLOSURE"}, new String[] {"政府信息公开年报", "/xxgk/nb/", "OTHER"});

    private final DSLContext dsl = TestDatabase.get().dsl();
    private final List<HttpServer> servers = new ArrayList<>();
    private final Map<String, Long> units = new LinkedHashMap<>();
    private long roundId;
    private long groupId;

    @TempDir
    static Path warc;

    @BeforeAll
    void crawlAndCheck() throws IOException {
        TestDatabase.get().reset();
        IndicatorSystemStore systems = new IndicatorSystemStore(dsl);
        long systemId = systems.install(everyChecker());
        roundId = dsl.insertInto(ASSESSMENT_ROUND)
                .set(ASSESSMENT_ROUND.NAME, "未读页面")
                .set(ASSESSMENT_ROUND.PERIOD_START, TODAY.minusYears(1))
                .set(ASSESSMENT_ROUND.PERIOD_END, TODAY)
                .set(ASSESSMENT_ROUND.REFERENCE_DATE, TODAY)
                .set(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, systemId)
                .set(ASSESSMENT_ROUND.STATUS, "CAPTURING")
                .set(ASSESSMENT_ROUND.ALLOW_PRIVATE_ADDRESSES, true)
                .set(ASSESSMENT_ROUND.CRAWL_DELAY_MS, 0)
                .set(ASSESSMENT_ROUND.CONFIG_YAML, "{}")
                .set(ASSESSMENT_ROUND.CREATED_AT, LocalDateTime.now())
                .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
        systems.pointIds(systemId).values().forEach(point -> dsl.insertInto(ROUND_POINT, ROUND_POINT.ROUND_ID,
                ROUND_POINT.POINT_ID).values(roundId, point).execute());
        groupId = dsl.insertInto(UNIT_GROUP, UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE)
                .values("c", "区县政府", "COUNTY_GOVERNMENT").returning(UNIT_GROUP.ID).fetchOne().getId();

        // Homepages that cannot be read, each unit with a WeChat account whose articles cannot be read either.
        unit("ruishu", serve(path -> new Reply(412, RUISHU, "FSSBBIl1UgzbN7N80S=abc; Path=/")), List.of(),
                serve(path -> new Reply(200, WECHAT_WALL, null)));
        unit("maintenance", serve(path -> new Reply(200, MAINTENANCE, null)), List.of(),
                serve(path -> new Reply(200, WECHAT_DELETED, null)));
        unit("softnotfound", serve(path -> new Reply(200, SOFT_404, null)), List.of(),
                serve(path -> new Reply(200, WECHAT_WALL, null)));
        unit("servererror", serve(path -> new Reply(500, "<html><body>Internal Server Error</body></html>", null)),
                List.of(), serve(path -> new Reply(200, WECHAT_DELETED, null)));
        unit("down", "http://127.0.0.1:" + closedPort(), List.of(), "http://127.0.0.1:" + closedPort());

        // Readable homepages whose columns cannot be read.
        List<String[]> all = new ArrayList<>(COLUMNS);
        all.addAll(DISCLOSURE_COLUMNS);
        unit("firewall", serve(homepageOr(all, new Reply(403, WAF, null))), all, null);
        unit("columnsgone", serve(homepageOr(all, new Reply(200, SOFT_404, null))), all, null);
        unit("columnsdown", serve(homepageOr(all, new Reply(200, MAINTENANCE, null))), all, null);
        unit("columnserror", serve(homepageOr(all, new Reply(500, "<html><body>错误</body></html>", null))), all, null);
        // Readable pages whose lists a script fills in the browser from data it fetches (as single-page sites do):
        // nothing of the lists is in the pages the crawler reads, so no list is recognised anywhere.
        unit("scriptlists", serve(UnreadPagesIT::scriptSite), COLUMNS, null);

        CrawlSettings defaults = CrawlSettings.defaults();
        new Crawler(dsl, warc, new CrawlSettings(2, 200, Duration.ofSeconds(3), Duration.ofSeconds(5),
                defaults.maxBodyBytes(), defaults.userAgent())).crawl(roundId);
        RoundChecker.withDefaultCheckers(dsl, new EvidenceStore(warc)).check(roundId);
    }

    @AfterAll
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void everyShippedCheckerIsClassifiedAsAbleToFailOrNot() {
        Set<String> classified = new TreeSet<>(CAN_FAIL);
        classified.addAll(NEVER_FAIL);
        assertThat(classified).isEqualTo(new TreeSet<>(RoundChecker.defaultCheckerTypes()));
    }

    static Set<String> canFail() {
        return new TreeSet<>(CAN_FAIL);
    }

    @ParameterizedTest
    @MethodSource("canFail")
    void aChannelWhoseHomepageOrArticlesCannotBeReadIsUncertainWithTheReason(String type) {
        for (String unit : List.of("ruishu", "maintenance", "softnotfound", "servererror", "down")) {
            String[] finding = finding(unit, type);
            assertThat(finding[0]).as(unit + " " + type + ": " + finding[1]).isEqualTo("UNCERTAIN");
            assertThat(finding[1]).as(unit + " " + type).contains("无从判断");
        }
        String[] ruishu = finding("ruishu", type);
        assertThat(ruishu[1]).contains(type.startsWith("wechat-") ? "环境异常" : "瑞数");
        if (!type.startsWith("wechat-")) {
            assertThat(finding("maintenance", type)[1]).contains("维护");
            assertThat(finding("softnotfound", type)[1]).contains("软 404");
            assertThat(finding("servererror", type)[1]).contains("HTTP 500");
        }
    }

    @ParameterizedTest
    @MethodSource("canFail")
    void columnsBehindWallsErrorsOrMaintenanceFailNothing(String type) {
        for (String unit : List.of("firewall", "columnsgone", "columnsdown", "columnserror")) {
            String[] finding = finding(unit, type);
            assertThat(finding[0]).as(unit + " " + type + ": " + finding[1]).isNotIn("FAIL", "PARTIAL");
            if (type.startsWith("wechat-")) {
                assertThat(finding[0]).isEqualTo("NOT_ASSESSABLE"); // no account registered
            } else if (!HOMEPAGE_ONLY.contains(type)) {
                assertThat(finding[0]).as(unit + " " + type + ": " + finding[1]).isEqualTo("UNCERTAIN");
            }
        }
        if (LIST_READERS.contains(type) && !type.equals("homepage-update")) {
            // the capture's own reason, or for pages never fetched the wall that paused the host
            assertThat(finding("columnsgone", type)[1]).as(type).contains("软 404");
            assertThat(finding("columnsdown", type)[1]).as(type).contains("维护");
            assertThat(finding("columnserror", type)[1]).as(type).contains("HTTP 500");
            assertThat(finding("firewall", type)[1]).as(type).contains("安全狗");
        }
    }

    @ParameterizedTest
    @MethodSource("canFail")
    void listsThatWereNotRecognisedFailNothing(String type) {
        String[] finding = finding("scriptlists", type);
        assertThat(finding[0]).as(type + ": " + finding[1]).isNotIn("FAIL", "PARTIAL");
        if (LIST_READERS.contains(type)) {
            assertThat(finding[0]).as(type + ": " + finding[1]).isEqualTo("UNCERTAIN");
            assertThat(finding[1]).as(type).contains("未识别出栏目列表");
        }
    }

    @Test
    void theUnrecognisedHomepageIsTheEvidenceAPersonOpens() {
        int evidence = dsl.fetchCount(FINDING_EVIDENCE.join(FINDING).on(FINDING.ID.eq(FINDING_EVIDENCE.FINDING_ID))
                        .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID)),
                FINDING.UNIT_ID.eq(units.get("scriptlists")).and(EVALUATION_POINT.CHECKER_TYPE.eq("homepage-update")));
        assertThat(evidence).isEqualTo(1);
    }

    /** One point per shipped checker, with the default catalog's parameters where it uses the checker. */
    private static IndicatorSystemDefinition everyChecker() {
        Map<String, Map<String, Object>> params = new HashMap<>();
        for (var area : IndicatorSystemDefinition.seed("default").areas()) {
            for (var indicator : area.indicators()) {
                for (var point : indicator.points()) {
                    if (point.checker() != null) {
                        params.putIfAbsent(point.checker(), point.params());
                    }
                }
            }
        }
        List<String> unitTypes = List.of("COUNTY_GOVERNMENT", "DEPARTMENT", "TOWNSHIP");
        List<IndicatorSystemDefinition.Point> points = new TreeSet<>(RoundChecker.defaultCheckerTypes()).stream()
                .map(type -> new IndicatorSystemDefinition.Point("uc-" + type, "未读页面：" + type, BigDecimal.ONE,
                        "BINARY", null, "AUTO", type, params.getOrDefault(type, Map.of()), false, null, unitTypes,
                        false, null))
                .toList();
        return new IndicatorSystemDefinition("unread-pages", 1, "未读页面", List.of(new IndicatorSystemDefinition.Area(
                "uc", "未读页面", List.of(new IndicatorSystemDefinition.Indicator("uc", "未读页面",
                        BigDecimal.valueOf(points.size()), points)))));
    }

    private String[] finding(String unit, String type) {
        String[] out = dsl.select(FINDING.STATUS, FINDING.MESSAGE).from(FINDING)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.UNIT_ID.eq(units.get(unit)))
                .and(EVALUATION_POINT.CHECKER_TYPE.eq(type))
                .fetchOne(r -> new String[] {r.value1(), r.value2()});
        assertThat(out).as(unit + " " + type).isNotNull();
        assertThat(out[1]).as(unit + " " + type).doesNotContain("运行出错");
        return out;
    }

    private void unit(String code, String base, List<String[]> columns, String wechatBase) {
        long unit = dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE)
                .values(code, code + "县人民政府", "COUNTY_GOVERNMENT").returning(UNIT.ID).fetchOne().getId();
        units.put(code, unit);
        dsl.insertInto(ROUND_UNIT, ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .values(roundId, unit, groupId).execute();
        long channel = dsl.insertInto(CHANNEL, CHANNEL.UNIT_ID, CHANNEL.KIND, CHANNEL.NAME, CHANNEL.URL)
                .values(unit, "WEBSITE", code + "县人民政府网站", base + "/").returning(CHANNEL.ID).fetchOne().getId();
        dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(roundId, channel)
                .execute();
        for (String[] column : columns) {
            dsl.insertInto(CHANNEL_COLUMN, CHANNEL_COLUMN.CHANNEL_ID, CHANNEL_COLUMN.NAME, CHANNEL_COLUMN.URL,
                    CHANNEL_COLUMN.COLUMN_TYPE).values(channel, column[0], base + column[1], column[2]).execute();
        }
        if (wechatBase != null) {
            long wechat = dsl.insertInto(CHANNEL, CHANNEL.UNIT_ID, CHANNEL.KIND, CHANNEL.NAME, CHANNEL.URL)
                    .values(unit, "WECHAT", code + "发布", "https://mp.weixin.qq.com/").returning(CHANNEL.ID).fetchOne()
                    .getId();
            dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(roundId, wechat)
                    .execute();
            for (int i = 1; i <= 3; i++) {
                String url = wechatBase + "/s/article" + i;
                dsl.insertInto(CHANNEL_ARTICLE).set(CHANNEL_ARTICLE.CHANNEL_ID, wechat).set(CHANNEL_ARTICLE.URL, url)
                        .set(CHANNEL_ARTICLE.URL_HASH, sha256(url)).set(CHANNEL_ARTICLE.IMPORTED_AT, LocalDateTime.now())
                        .execute();
            }
        }
    }

    private record Reply(int status, String body, String setCookie) {
    }

    private String serve(Function<String, Reply> pages) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                Reply reply = path.equals("/robots.txt") ? new Reply(404, "", null) : pages.apply(path);
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                if (reply.setCookie() != null) {
                    ex.getResponseHeaders().add("Set-Cookie", reply.setCookie());
                }
                ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    ex.getResponseBody().write(bytes);
                }
            }
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** A readable homepage linking to the columns; every other page answers {@code rest}. */
    private static Function<String, Reply> homepageOr(List<String[]> columns, Reply rest) {
        return path -> path.equals("/") ? new Reply(200, homepage(columns, ""), null) : rest;
    }

    private static String homepage(List<String[]> columns, String main) {
        StringBuilder links = new StringBuilder();
        for (String[] column : columns) {
            links.append("<a href=\"").append(column[1]).append("\">").append(column[0]).append("</a> ");
        }
        return page("清河县人民政府", """
                <meta name="SiteName" content="清河县人民政府"><meta name="SiteDomain" content="www.qinghe.gov.cn">
                <meta name="SiteIDCode" content="4301000001">""",
                "<div class=\"search\"><form action=\"/search/\"><input name=\"q\"><button>搜索</button></form></div>"
                        + "<div class=\"columns\">" + links + "</div>" + main);
    }

    private static String page(String title, String meta, String main) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title>" + meta + "</head><body>"
                + main + "<div class=\"footer\"><p>主办：清河县人民政府办公室 网站标识码：4301000001</p>"
                + "<p>湘ICP备05006530号 湘公网安备 43010202000123号</p>"
                + "<a href=\"http://bszs.conac.cn/sitename?method=show&amp;id=1\"><img src=\"/dzjg.png\" alt=\"党政机关\"></a>"
                + "</div></body></html>";
    }

    /** Every list of the site filled in by a script from a JSON request; the articles exist but are linked only there. */
    private static Reply scriptSite(String path) {
        if (path.equals("/")) {
            return new Reply(200, homepage(COLUMNS, scriptList("/gzdt/")), null);
        }
        if (path.startsWith("/api/list")) {
            return new Reply(200, "[]", null);
        }
        for (String[] column : COLUMNS) {
            if (path.equals(column[1])) {
                return new Reply(200, page(column[0] + "_清河县人民政府", """
                        <meta name="ColumnName" content="%1$s"><meta name="ColumnDescription" content="%1$s">
                        <meta name="ColumnKeywords" content="%1$s"><meta name="ColumnType" content="%1$s">"""
                        .formatted(column[0]), "<h2>" + column[0] + "</h2>" + scriptList(column[1])), null);
            }
            if (path.startsWith(column[1]) && path.endsWith(".html")) {
                String title = column[0] + "第" + path.substring(column[1].length(), path.length() - 5) + "条信息正文";
                return new Reply(200, page(title, """
                        <meta name="ArticleTitle" content="%s"><meta name="PubDate" content="%s 09:00">
                        <meta name="ContentSource" content="清河县人民政府办公室">""".formatted(title, TODAY.minusDays(3)),
                        "<h1>" + title + "</h1><p>发布日期：" + TODAY.minusDays(3) + "</p><p>"
                                + "为进一步做好相关工作，现将有关事项通知如下。".repeat(5) + "</p>"), null);
            }
        }
        return new Reply(404, "<html><body>not found</body></html>", null);
    }

    private static String scriptList(String columnPath) {
        return "<div class=\"news\" id=\"list\"></div><script>fetch('/api/list?column=" + columnPath + "')"
                + ".then(function (r) { return r.json(); }).then(function (rows) {"
                + " document.getElementById('list').innerHTML = rows.map(function (x) {"
                + " return '<div class=\"row\"><a href=\"' + x.url + '\">' + x.title + '</a><span>' + x.date"
                + " + '</span></div>'; }).join(''); });</script>";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
