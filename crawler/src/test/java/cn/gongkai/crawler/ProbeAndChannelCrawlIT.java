package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.PROBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import cn.gongkai.sql.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeAndChannelCrawlIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    Path warcDirectory;

    @Test
    void probesRecordStatusAndLoadTimeAndCountSlowOrDeadHomepagesAsFailed() throws Exception {
        TestDatabase.get().reset();
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // closed again: nothing listens there
        }
        try (Sandbox sandbox = Sandbox.startFull(TODAY)) {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            long fresh = round.addSite(sandbox.site("qinghe"));
            long slow = round.addSite(sandbox.site("yanbo"));
            long dead = round.addSite(new SandboxSite("gone", "已关停网站", "COUNTY_GOVERNMENT",
                    "http://127.0.0.1:" + deadPort, List.of(), false));

            var probes = new AvailabilityProber(dsl, Duration.ofMillis(1000), "gongkai-probe/0.1")
                    .probeRound(round.roundId);

            assertThat(probes).hasSize(3);
            var rows = dsl.selectFrom(PROBE).where(PROBE.ROUND_ID.eq(round.roundId)).fetchMap(PROBE.CHANNEL_ID);
            assertThat(rows.get(fresh).getStatus()).isEqualTo("OK");
            assertThat(rows.get(fresh).getHttpStatus()).isEqualTo(200);
            assertThat(rows.get(slow).getStatus()).isEqualTo("FAILED");
            assertThat(rows.get(slow).getElapsedMs()).isGreaterThanOrEqualTo(1000);
            assertThat(rows.get(dead).getStatus()).isEqualTo("FAILED");
            assertThat(rows.get(dead).getError()).contains("无法连接");
        }
    }

    @Test
    void aChannelCanBeCrawledOnItsOwn() {
        TestDatabase.get().reset();
        try (Sandbox sandbox = Sandbox.start(TODAY)) {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            long a = round.addSite(sandbox.site("qinghe"));
            long b = round.addSite(sandbox.site("edu"));
            CrawlSettings shallow = CrawlSettings.defaults().withMaxDepth(1);

            new Crawler(dsl, warcDirectory, shallow).crawl(round.roundId, b);

            assertThat(dsl.fetchCount(CAPTURE, CAPTURE.CHANNEL_ID.eq(b))).isGreaterThan(10);
            assertThat(dsl.fetchCount(CAPTURE, CAPTURE.CHANNEL_ID.eq(a))).isZero();
            assertThatThrownBy(() -> new Crawler(dsl, warcDirectory, shallow).crawl(round.roundId, 999_999L))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(CrawlProgress.of(dsl, round.roundId)).hasSize(2)
                    .anySatisfy(p -> {
                        assertThat(p.channelId()).isEqualTo(b);
                        assertThat(p.status()).isEqualTo("DONE");
                        assertThat(p.done()).isGreaterThan(10);
                        assertThat(p.bytes()).isPositive();
                    })
                    .anySatisfy(p -> {
                        assertThat(p.channelId()).isEqualTo(a);
                        assertThat(p.status()).isNull();
                        assertThat(p.done()).isZero();
                    });
        }
    }
}
