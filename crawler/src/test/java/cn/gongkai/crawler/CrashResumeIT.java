package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.crawler.warc.TornTails;
import cn.gongkai.sql.TestDatabase;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawler process is killed with SIGKILL in the middle of a crawl; a torn record is left at the end of its WARC
 * file; a new crawl of the round resumes from the database: nothing DONE is fetched again, nothing is lost, the torn
 * tail is cut off without ever having been indexed, and every capture row reads back from WARC with its digest.
 */
class CrashResumeIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static Sandbox sandbox;
    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    Path warcDirectory;
    @TempDir
    Path referenceWarcs;

    @BeforeAll
    static void startSandbox() {
        sandbox = Sandbox.start(TODAY);
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private Map<String, Integer> capturesByUrl(long roundId) {
        Map<String, Integer> out = new HashMap<>();
        dsl.select(CAPTURE.URL, DSL.count()).from(CAPTURE).where(CAPTURE.ROUND_ID.eq(roundId)).groupBy(CAPTURE.URL)
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    private Set<String> urls(long roundId, String status) {
        return dsl.select(FRONTIER_URL.URL).from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.STATUS.eq(status))
                .fetchSet(FRONTIER_URL.URL);
    }

    @Test
    void killedCrawlResumesWithoutRefetchingOrLosingAnythingAndNeverIndexesATornTail() throws Exception {
        TestDatabase.get().reset();
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 120);
        for (String code : List.of("qinghe", "yunshan", "edu")) {
            round.addSite(sandbox.sites().stream().filter(s -> s.code().equals(code)).findFirst().orElseThrow());
        }
        Path childLog = warcDirectory.resolveSibling(warcDirectory.getFileName() + "-child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrawlChild.class.getName(),
                TestDatabase.get().jdbcUrl(), warcDirectory.toString(), Long.toString(round.roundId))
                .redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (urls(round.roundId, "DONE").size() < 40) {
            assertThat(child.isAlive()).as("child crawler died early: %s", Files.exists(childLog)
                    ? Files.readString(childLog) : "").isTrue();
            assertThat(System.nanoTime()).as("child crawler too slow").isLessThan(deadline);
            Thread.sleep(50);
        }
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);

        Set<String> doneBefore = urls(round.roundId, "DONE");
        assertThat(urls(round.roundId, "QUEUED")).as("the kill came mid-crawl").isNotEmpty();
        Map<String, Integer> capturesBefore = capturesByUrl(round.roundId);

        // A record cut in half while being appended, as a kill during write leaves it: half of a real record.
        List<Path> files = TornTails.files(warcDirectory, round.roundId);
        assertThat(files).isNotEmpty();
        Path last = files.getLast();
        var sample = dsl.selectFrom(CAPTURE).where(CAPTURE.ROUND_ID.eq(round.roundId), CAPTURE.WARC_FILE.isNotNull())
                .orderBy(CAPTURE.ID).limit(1).fetchOne();
        byte[] record = new byte[(int) (long) sample.getWarcLength()];
        try (var ch = java.nio.channels.FileChannel.open(warcDirectory.resolve(sample.getWarcFile()))) {
            ch.read(java.nio.ByteBuffer.wrap(record), sample.getWarcOffset());
        }
        long sizeBeforeTear = Files.size(last);
        assertThat(TornTails.tornAt(last)).as("killed between records or mid-record").satisfiesAnyOf(
                t -> assertThat(t).isEmpty(), t -> assertThat(t).isPresent());
        long validEnd = TornTails.tornAt(last).orElse(sizeBeforeTear);
        try (OutputStream out = Files.newOutputStream(last, StandardOpenOption.APPEND)) {
            out.write(record, 0, record.length / 2);
        }
        assertThat(TornTails.tornAt(last)).contains(validEnd);

        CrawlReport resumed = new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

        // the torn tail was cut off, kept aside, and nothing ever pointed into it
        assertThat(Files.size(last)).isEqualTo(validEnd);
        assertThat(Files.exists(last.resolveSibling(last.getFileName() + ".torn-" + validEnd))).isTrue();
        for (Path f : TornTails.files(warcDirectory, round.roundId)) {
            assertThat(TornTails.tornAt(f)).as("%s reads cleanly to its end", f).isEmpty();
        }
        // completed URLs were not fetched again
        Map<String, Integer> capturesAfter = capturesByUrl(round.roundId);
        for (String url : doneBefore) {
            assertThat(capturesAfter.get(url)).as("captures of %s", url).isEqualTo(capturesBefore.get(url));
        }
        assertThat(resumed.pagesFetched()).isPositive();
        assertThat(urls(round.roundId, "QUEUED")).isEmpty();
        // every capture row's record reads back with a matching digest
        EvidenceStore store = new EvidenceStore(warcDirectory);
        var rows = dsl.selectFrom(CAPTURE).where(CAPTURE.ROUND_ID.eq(round.roundId), CAPTURE.WARC_FILE.isNotNull())
                .fetch();
        assertThat(rows).hasSizeGreaterThan(100);
        for (var row : rows) {
            var read = store.read(row.getWarcFile(), row.getWarcOffset());
            assertThat(read.digestMatches()).as("digest of %s", row.getUrl()).isTrue();
            assertThat(read.payloadDigest()).isEqualTo(row.getPayloadDigest());
            assertThat(read.targetUri()).isEqualTo(row.getUrl());
        }
        // nothing lost: the same URLs as a crawl of the same sites that was never interrupted
        RoundFixture reference = RoundFixture.create(dsl, TODAY, true, 0);
        for (String code : List.of("qinghe", "yunshan", "edu")) {
            reference.addSite(sandbox.sites().stream().filter(s -> s.code().equals(code)).findFirst().orElseThrow());
        }
        new Crawler(dsl, referenceWarcs, CrawlSettings.defaults()).crawl(reference.roundId);
        assertThat(urls(round.roundId, "DONE")).isEqualTo(urls(reference.roundId, "DONE"));
        assertThat(dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(round.roundId)))
                .isEqualTo(dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(reference.roundId)));
        assertThat(capturesAfter.keySet().stream().filter(u -> !u.endsWith("/robots.txt")).collect(Collectors.toSet()))
                .isEqualTo(urls(round.roundId, "DONE"));
    }
}
