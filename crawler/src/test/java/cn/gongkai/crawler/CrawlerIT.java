package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxColumn;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.crawler.warc.EvidenceStore.CapturedRecord;
import cn.gongkai.sql.TestDatabase;
import cn.gongkai.sql.jooq.tables.records.CaptureRecord;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawlerIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static Sandbox sandbox;
    private static HttpClient http;

    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    Path warcDirectory;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(TODAY);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopSandbox() {
        http.close();
        sandbox.close();
    }

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.get().reset();
    }

    private static SandboxSite site(String code) {
        return sandbox.sites().stream().filter(s -> s.code().equals(code)).findFirst().orElseThrow();
    }

    private static byte[] served(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
    }

    private CaptureRecord capture(long roundId, String url) {
        return dsl.selectFrom(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId), CAPTURE.URL_HASH.eq(Urls.sha256Hex(url)))
                .orderBy(CAPTURE.ID.desc()).limit(1).fetchOne();
    }

    private LocalDate newestListItem(long captureId) {
        return dsl.select(DSL.max(EXTRACTED_ITEM.PUB_DATE)).from(EXTRACTED_ITEM)
                .where(EXTRACTED_ITEM.CAPTURE_ID.eq(captureId), EXTRACTED_ITEM.KIND.eq("LIST_ITEM"))
                .fetchOne().value1();
    }

    @Test
    void crawlsSitesIntoVerifiableWarcWithExtractedItemsAndResumesWithoutRefetching() throws Exception {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 50);
        SandboxSite fresh = site("qinghe");
        SandboxSite stale = site("shimen");
        round.addSite(fresh);
        round.addSite(stale);
        Crawler crawler = new Crawler(dsl, warcDirectory, CrawlSettings.defaults());

        CrawlReport report = crawler.crawl(round.roundId);

        assertThat(report.failures()).isZero();
        assertThat(report.skipped()).isZero();
        assertThat(report.pagesFetched()).isGreaterThan(2 * 40); // homepage, 5 columns and ~40 articles per site
        assertThat(report.bytes()).isPositive();

        for (SandboxSite site : List.of(fresh, stale)) {
            CaptureRecord home = capture(round.roundId, site.homepage());
            assertThat(home).as("homepage capture of %s", site.code()).isNotNull();
            assertThat(home.getStatus()).isEqualTo("OK");
            assertThat(home.getHttpStatus()).isEqualTo(200);
            assertThat(home.getServerIp()).isEqualTo("127.0.0.1");
            for (var column : site.columns()) {
                CaptureRecord c = capture(round.roundId, site.baseUrl() + column.path());
                assertThat(c).as("column %s of %s", column.name(), site.code()).isNotNull();
                assertThat(c.getStatus()).isEqualTo("OK");
                assertThat(dsl.fetchCount(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID.eq(c.getId())
                        .and(EXTRACTED_ITEM.KIND.eq("LIST_ITEM")).and(EXTRACTED_ITEM.PUB_DATE.isNotNull())))
                        .as("dated list items of %s", c.getUrl()).isPositive();
            }
            assertThat(capture(round.roundId, site.baseUrl() + "/robots.txt")).as("robots.txt").isNotNull();
        }

        // every capture is evidence that reads back intact and equals what the site serves
        EvidenceStore store = new EvidenceStore(warcDirectory);
        List<CaptureRecord> captures = dsl.selectFrom(CAPTURE).where(CAPTURE.ROUND_ID.eq(round.roundId)).fetch();
        for (CaptureRecord c : captures) {
            assertThat(c.getWarcFile()).as(c.getUrl()).isNotNull().doesNotContain("/");
            CapturedRecord record = store.read(c.getWarcFile(), c.getWarcOffset());
            assertThat(record.digestMatches()).as("digest of %s", c.getUrl()).isTrue();
            assertThat(record.payloadDigest()).isEqualTo(c.getPayloadDigest()).startsWith("sha256:");
            assertThat(record.targetUri()).isEqualTo(c.getUrl());
            assertThat(record.httpStatus()).isEqualTo(c.getHttpStatus());
            assertThat(record.payload()).as("payload of %s", c.getUrl()).isEqualTo(served(c.getUrl()));
            assertThat((long) record.payload().length).isEqualTo(c.getPayloadLength());
            assertThat(c.getUrlHash()).isEqualTo(Urls.sha256Hex(c.getUrl()));
        }

        // the fresh homepage lists today's news; the stale one nothing from the last 30 days
        long freshHome = capture(round.roundId, fresh.homepage()).getId();
        assertThat(dsl.fetchCount(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID.eq(freshHome))).isEqualTo(8);
        assertThat(newestListItem(freshHome)).isEqualTo(TODAY);
        assertThat(newestListItem(capture(round.roundId, stale.homepage()).getId()))
                .isBeforeOrEqualTo(TODAY.minusDays(30));
        assertThat(dsl.fetchCount(EXTRACTED_ITEM, EXTRACTED_ITEM.KIND.eq("ARTICLE")
                .and(EXTRACTED_ITEM.PUB_DATE.isNotNull()))).isGreaterThan(2 * 30);

        assertThat(dsl.selectDistinct(FRONTIER_URL.STATUS).from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(round.roundId)).fetch(FRONTIER_URL.STATUS))
                .containsExactly("DONE");

        // a second run finds nothing queued and fetches nothing
        int capturesBefore = captures.size();
        CrawlReport again = crawler.crawl(round.roundId);
        assertThat(again.pagesFetched()).isZero();
        assertThat(dsl.fetchCount(CAPTURE, CAPTURE.ROUND_ID.eq(round.roundId))).isEqualTo(capturesBefore);

        // a crawl that stopped midway leaves rows queued: only those are fetched on the next run
        int requeued = dsl.update(FRONTIER_URL).set(FRONTIER_URL.STATUS, "QUEUED")
                .where(FRONTIER_URL.ROUND_ID.eq(round.roundId), FRONTIER_URL.DEPTH.eq(2))
                .limit(3).execute();
        CrawlReport resumed = crawler.crawl(round.roundId);
        assertThat(resumed.pagesFetched()).isEqualTo(requeued).isEqualTo(3);
    }

    @Test
    void privateAddressesAreSkippedWithAReasonUnlessTheRoundAllowsThem() {
        RoundFixture round = RoundFixture.create(dsl, TODAY, false, 50);
        round.addSite(site("yunshan"));
        round.addSite(site("edu"));

        CrawlReport report = new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

        assertThat(report.pagesFetched()).isZero();
        assertThat(report.skipped()).isEqualTo(2 * 7); // homepage and six columns per site
        assertThat(dsl.fetchCount(CAPTURE)).isZero();
        var rows = dsl.selectFrom(FRONTIER_URL).where(FRONTIER_URL.ROUND_ID.eq(round.roundId)).fetch();
        assertThat(rows).hasSize(14).allSatisfy(r -> {
            assertThat(r.getStatus()).isEqualTo("SKIPPED");
            assertThat(r.getReason()).contains("127.0.0.1", "内网");
        });
    }

    @Test
    void requestsToOneHostAreSpacedByTheRoundDelayWhileHostsRunInParallel() {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 300);
        long a = round.addSite(site("baiyang"));
        long b = round.addSite(site("health"));
        // only the configured pages: robots.txt, homepage and six columns per site
        CrawlSettings settings = new CrawlSettings(0, 1, Duration.ofSeconds(10), Duration.ofSeconds(30),
                20L * 1024 * 1024, CrawlSettings.defaults().userAgent());

        CrawlReport report = new Crawler(dsl, warcDirectory, settings).crawl(round.roundId);

        assertThat(report.pagesFetched()).isEqualTo(14);
        List<LocalDateTime> timesA = times(round.roundId, a);
        List<LocalDateTime> timesB = times(round.roundId, b);
        assertThat(timesA).hasSize(8);
        assertThat(timesB).hasSize(8);
        for (List<LocalDateTime> times : List.of(timesA, timesB)) {
            for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i)).toMillis())
                        .as("gap before request %d", i).isGreaterThanOrEqualTo(300);
            }
        }
        // the two hosts were fetched at the same time, not one after the other
        assertThat(timesB.getFirst()).isBefore(timesA.getLast());
        assertThat(timesA.getFirst()).isBefore(timesB.getLast());
    }

    @Test
    void aWebsitesOwnDelayReplacesTheRoundsForItsHostAlone() {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
        long slow = round.addSite(site("baiyang"));
        long fast = round.addSite(site("health"));
        // a fragile site's own pace, as the unit sheet's 抓取间隔（毫秒） stores it
        dsl.update(CHANNEL).set(CHANNEL.CRAWL_DELAY_MS, 300).where(CHANNEL.ID.eq(slow)).execute();
        CrawlSettings settings = new CrawlSettings(0, 1, Duration.ofSeconds(10), Duration.ofSeconds(30),
                20L * 1024 * 1024, CrawlSettings.defaults().userAgent());

        new Crawler(dsl, warcDirectory, settings).crawl(round.roundId);

        List<LocalDateTime> slowTimes = times(round.roundId, slow);
        List<LocalDateTime> fastTimes = times(round.roundId, fast);
        assertThat(slowTimes).hasSize(8);
        assertThat(fastTimes).hasSize(8);
        for (int i = 1; i < slowTimes.size(); i++) {
            assertThat(Duration.between(slowTimes.get(i - 1), slowTimes.get(i)).toMillis())
                    .as("gap before request %d to the site with its own delay", i).isGreaterThanOrEqualTo(300);
        }
        // the other site keeps the round's pace (no delay): its requests are not held 300 ms apart
        assertThat(java.util.stream.IntStream.range(1, fastTimes.size())
                .mapToLong(i -> Duration.between(fastTimes.get(i - 1), fastTimes.get(i)).toMillis()).min().orElseThrow())
                .isLessThan(300);
    }

    @Test
    void captureJobsOfTwoChannelsOnOneHostShareItsDelay() throws Exception {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 300);
        SandboxSite site = site("baiyang");
        long portal = round.addSite(site);
        // the same unit's second channel on the same host, as a 政务公开 column site often is
        long unitId = dsl.select(CHANNEL.UNIT_ID).from(CHANNEL).where(CHANNEL.ID.eq(portal)).fetchOne(CHANNEL.UNIT_ID);
        long column = dsl.insertInto(CHANNEL).set(CHANNEL.UNIT_ID, unitId).set(CHANNEL.KIND, "WEBSITE")
                .set(CHANNEL.NAME, "政务公开专栏").set(CHANNEL.URL, site.homepage() + "?zwgk=1")
                .returningResult(CHANNEL.ID).fetchOne().value1();
        dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(round.roundId, column)
                .execute();
        CrawlSettings settings = new CrawlSettings(0, 1, Duration.ofSeconds(10), Duration.ofSeconds(30),
                20L * 1024 * 1024, CrawlSettings.defaults().userAgent());
        // one crawler, as the application has, running both channels' capture jobs at once
        Crawler crawler = new Crawler(dsl, warcDirectory, settings);
        try (ExecutorService jobs = Executors.newFixedThreadPool(2)) {
            Future<CrawlReport> first = jobs.submit(() -> crawler.crawl(round.roundId, portal));
            Future<CrawlReport> second = jobs.submit(() -> crawler.crawl(round.roundId, column));
            assertThat(first.get().pagesFetched()).isEqualTo(7); // homepage and six columns
            assertThat(second.get().pagesFetched()).isEqualTo(1);
        }

        List<LocalDateTime> times = dsl.select(CAPTURE.CAPTURED_AT).from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(round.roundId), CAPTURE.CHANNEL_ID.in(portal, column))
                .orderBy(CAPTURE.CAPTURED_AT).fetch(CAPTURE.CAPTURED_AT);
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i)).toMillis())
                    .as("gap before request %d of %d to one host from two channels", i, times.size())
                    .isGreaterThanOrEqualTo(300);
        }
    }

    private List<LocalDateTime> times(long roundId, long channelId) {
        return dsl.select(CAPTURE.CAPTURED_AT).from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId), CAPTURE.CHANNEL_ID.eq(channelId))
                .orderBy(CAPTURE.CAPTURED_AT).fetch(CAPTURE.CAPTURED_AT);
    }

    @Test
    void retriesServerErrorsHonoursRobotsAndRecordsFailuresAsEvidence() throws Exception {
        AtomicInteger homepageHits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                int status = 404;
                String body = "<html><body>页面不存在</body></html>";
                if (path.equals("/robots.txt")) {
                    status = 200;
                    body = "User-agent: *\nDisallow: /private/\n";
                } else if (path.equals("/")) {
                    status = homepageHits.incrementAndGet() <= 2 ? 503 : 200;
                    body = "<html><body><ul><li><a href=\"/private/a.html\">内部</a><span>2026-01-02</span></li>"
                            + "<li><a href=\"/missing.html\">已删除</a><span>2026-01-01</span></li></ul></body></html>";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 10);
            SandboxSite flaky = new SandboxSite("flaky", "故障测试站", "DEPARTMENT", base,
                    List.of(new SandboxColumn("已关闭的栏目", "/closed/", "NOTICE")), false);
            long channelId = round.addSite(flaky);
            // a column on a host where nothing listens: connection refused
            dsl.update(cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN)
                    .set(cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN.URL, "http://127.0.0.1:1/closed/")
                    .where(cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN.CHANNEL_ID.eq(channelId)).execute();

            CrawlReport report = new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

            assertThat(report.pagesFetched()).isEqualTo(1);
            assertThat(report.failures()).isEqualTo(2);
            assertThat(report.skipped()).isEqualTo(1);

            List<CaptureRecord> home = dsl.selectFrom(CAPTURE).where(CAPTURE.URL.eq(base + "/"))
                    .orderBy(CAPTURE.ID).fetch();
            assertThat(home).extracting(CaptureRecord::getStatus).containsExactly("HTTP_ERROR", "HTTP_ERROR", "OK");
            assertThat(home).extracting(CaptureRecord::getHttpStatus).containsExactly(503, 503, 200);
            assertThat(frontier(round.roundId, base + "/").getAttempts()).isEqualTo(3);

            var secret = frontier(round.roundId, base + "/private/a.html");
            assertThat(secret.getStatus()).isEqualTo("SKIPPED");
            assertThat(secret.getReason()).contains("robots.txt");

            CaptureRecord missing = capture(round.roundId, base + "/missing.html");
            assertThat(missing.getStatus()).isEqualTo("HTTP_ERROR");
            assertThat(missing.getError()).contains("404");
            assertThat(new EvidenceStore(warcDirectory).read(missing.getWarcFile(), missing.getWarcOffset())
                    .httpStatus()).isEqualTo(404);
            assertThat(frontier(round.roundId, base + "/missing.html").getStatus()).isEqualTo("FAILED");

            CaptureRecord closed = capture(round.roundId, "http://127.0.0.1:1/closed/");
            assertThat(closed.getStatus()).isEqualTo("FAILED");
            assertThat(closed.getError()).contains("无法连接服务器");
            assertThat(closed.getWarcFile()).isNull();
            assertThat(closed.getHttpStatus()).isNull();
            assertThat(frontier(round.roundId, "http://127.0.0.1:1/closed/").getAttempts()).isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }

    private cn.gongkai.sql.jooq.tables.records.FrontierUrlRecord frontier(long roundId, String url) {
        return dsl.selectFrom(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.URL_HASH.eq(Urls.sha256Hex(url)))
                .fetchOne();
    }

    @Test
    void unknownRoundIsRefused() {
        assertThatThrownBy(() -> new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(999_999))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("评估轮次不存在");
    }
}
