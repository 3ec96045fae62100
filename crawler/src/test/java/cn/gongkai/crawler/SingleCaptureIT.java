package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.sql.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One URL captured on request (an appeal's URL), against the sandbox on loopback. */
class SingleCaptureIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static Sandbox sandbox;

    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    Path warcDirectory;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(TODAY);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.get().reset();
    }

    private static SandboxSite site(String code) {
        return sandbox.sites().stream().filter(s -> s.code().equals(code)).findFirst().orElseThrow();
    }

    @Test
    void aPageIsWrittenToWarcAndIndexedWithItsDigest() {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
        SandboxSite site = site("yunshan");
        long channel = round.addSite(site);

        Crawler.Captured captured = new Crawler(dsl, warcDirectory, CrawlSettings.defaults())
                .captureOne(round.roundId, channel, site.homepage(), onSite(site.homepage()));

        assertThat(captured.status()).isEqualTo("OK");
        assertThat(captured.httpStatus()).isEqualTo(200);
        assertThat(captured.error()).isNull();
        var row = dsl.selectFrom(CAPTURE).where(CAPTURE.ID.eq(captured.captureId())).fetchOne();
        assertThat(row.getChannelId()).isEqualTo(channel);
        assertThat(row.getRoundId()).isEqualTo(round.roundId);
        var record = new EvidenceStore(warcDirectory).read(row.getWarcFile(), row.getWarcOffset());
        assertThat(record.digestMatches()).isTrue();
        assertThat(record.payloadDigest()).isEqualTo(row.getPayloadDigest());
        assertThat(new String(record.payload(), StandardCharsets.UTF_8)).contains(site.name());
    }

    @Test
    void loopbackIsRefusedWithAReasonUnlessTheRoundAllowsIt() {
        RoundFixture round = RoundFixture.create(dsl, TODAY, false, 0);
        SandboxSite site = site("yunshan");
        long channel = round.addSite(site);

        Crawler.Captured captured = new Crawler(dsl, warcDirectory, CrawlSettings.defaults())
                .captureOne(round.roundId, channel, site.homepage(), onSite(site.homepage()));

        assertThat(captured.status()).isEqualTo("FAILED");
        assertThat(captured.error()).contains("127.0.0.1", "内网");
        var row = dsl.selectFrom(CAPTURE).where(CAPTURE.ID.eq(captured.captureId())).fetchOne();
        assertThat(row.getStatus()).isEqualTo("FAILED");
        assertThat(row.getWarcFile()).isNull();
        assertThat(row.getError()).contains("内网");
    }

    @Test
    void redirectsAreFollowedEachHopCapturedAndAFailedFetchIsACaptureNotAnError() throws Exception {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
        SandboxSite site = site("yunshan");
        long channel = round.addSite(site);
        HttpServer moved = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        moved.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", site.homepage());
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        moved.start();
        int port = moved.getAddress().getPort();
        Crawler crawler = new Crawler(dsl, warcDirectory, CrawlSettings.defaults());
        try {
            String from = "http://127.0.0.1:" + port + "/old";
            Crawler.Captured captured = crawler.captureOne(round.roundId, channel, from,
                    onSite(from, site.homepage()));
            assertThat(captured.status()).isEqualTo("OK");
            assertThat(captured.url()).isEqualTo(Urls.normalize(site.homepage()).orElseThrow());
            assertThat(dsl.fetchCount(CAPTURE)).isEqualTo(2);
        } finally {
            moved.stop(0);
        }
        // Nothing listens on the port any more: the attempt is recorded as a failed capture with its reason.
        Crawler.Captured failed = crawler.captureOne(round.roundId, channel,
                "http://127.0.0.1:" + port + "/gone", onSite("http://127.0.0.1:" + port + "/"));
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.error()).contains("无法连接");
        assertThat(dsl.fetchCount(CAPTURE)).isEqualTo(3);

        assertThatThrownBy(() -> crawler.captureOne(round.roundId, channel, "ftp://example.gov.cn/",
                onSite("http://example.gov.cn/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("网址无效");
    }

    private static CaptureScope onSite(String... urls) {
        return new CaptureScope(java.util.Arrays.stream(urls).map(CaptureScope::origin)
                .collect(java.util.stream.Collectors.toSet()), false, java.util.Set.of());
    }

    @Test
    void aUrlOffTheRegisteredSitesOrOnTheApplicationsOwnPortsIsNeverFetched() throws Exception {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
        SandboxSite site = site("yunshan");
        SandboxSite other = site("shimen");
        long channel = round.addSite(site);
        AtomicInteger asked = new AtomicInteger();
        HttpServer own = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        own.createContext("/", exchange -> {
            asked.incrementAndGet();
            exchange.getResponseHeaders().add("Location", other.homepage());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        own.start();
        String ownUrl = "http://127.0.0.1:" + own.getAddress().getPort() + "/login";
        Crawler crawler = new Crawler(dsl, warcDirectory, CrawlSettings.defaults());
        try {
            // Another host than the unit's, though the round allows loopback: refused, nothing asked.
            Crawler.Captured offSite = crawler.captureOne(round.roundId, channel, ownUrl, onSite(site.homepage()));
            assertThat(offSite.status()).isEqualTo("FAILED");
            assertThat(offSite.error()).contains("不在该单位登记的网站上");
            // Widened by an evaluator: still only public addresses off the registered sites.
            Crawler.Captured widened = crawler.captureOne(round.roundId, channel, ownUrl,
                    new CaptureScope(java.util.Set.of(CaptureScope.origin(site.homepage())), true, java.util.Set.of()));
            assertThat(widened.status()).isEqualTo("FAILED");
            assertThat(widened.error()).contains("公网");
            // The application's own port is refused even when it is registered.
            Crawler.Captured own2 = crawler.captureOne(round.roundId, channel, ownUrl,
                    new CaptureScope(java.util.Set.of(CaptureScope.origin(ownUrl)), false,
                            java.util.Set.of(own.getAddress().getPort())));
            assertThat(own2.status()).isEqualTo("FAILED");
            assertThat(own2.error()).contains("本平台自身");
            assertThat(asked).hasValue(0);
            // A registered site that redirects elsewhere: the first hop is fetched, the redirect target is not.
            Crawler.Captured redirected = crawler.captureOne(round.roundId, channel, ownUrl, onSite(ownUrl));
            assertThat(asked).hasValue(1);
            assertThat(redirected.status()).isEqualTo("FAILED");
            assertThat(redirected.url()).isEqualTo(Urls.normalize(other.homepage()).orElseThrow());
            assertThat(redirected.error()).contains("不在该单位登记的网站上");
        } finally {
            own.stop(0);
        }
    }
}
