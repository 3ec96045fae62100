package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.FINDING;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.bench.ScoringBenchmark;
import cn.gongkai.sql.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 9, "SIGKILL during scoring": a recompute of a large round runs in a child JVM on the same database and is
 * killed with SIGKILL at several moments. Whatever the moment, the round's stored results (point, area and unit
 * scores, ranks, grades, negative list, rank uncertainty) must be exactly the previous ones or exactly the new ones,
 * never a mix; and the next recompute must succeed.
 */
class ScoringKillIT {

    private static final Logger log = LoggerFactory.getLogger(ScoringKillIT.class);

    /** Large enough that a recompute lasts a few seconds even on a quiet machine. */
    private static final int UNITS = 1500;

    private final DSLContext dsl = TestDatabase.get().dsl();

    @Test
    void aKilledRecomputeLeavesTheOldResultsOrTheNewOnesNeverAMix() throws Exception {
        TestDatabase.get().reset();
        long system = ScoringBenchmark.indicatorSystem(dsl);
        long round = ScoringBenchmark.round(dsl, system, UNITS, "kill");
        new RoundPolicies(dsl).save(round, RoundPolicy.defaults().withUncertainty(
                new RoundPolicy.Uncertainty(100, 0.2, 1, true)), "test", "fault test");
        RoundScorer scorer = new RoundScorer(dsl, GradingPolicy.defaults());
        long started = System.nanoTime();
        scorer.score(round);
        long fullRunMs = (System.nanoTime() - started) / 1_000_000;
        String before = contentHash(round);

        // New inputs: every other unit's PASS and FAIL findings swap, so most of the round's results change.
        int changed = dsl.update(FINDING)
                .set(FINDING.STATUS, DSL.when(FINDING.STATUS.eq("PASS"), "FAIL").otherwise("PASS"))
                .where(FINDING.ROUND_ID.eq(round))
                .and(FINDING.STATUS.in("PASS", "FAIL"))
                .and(FINDING.UNIT_ID.mod(2).eq(0L))
                .execute();
        assertThat(changed).isGreaterThan(UNITS * 50);

        // Early, middle and late in the recompute; the last one scaled to how long a full run took here.
        List<Long> delays = List.of(300L, 1000L, 2000L, Math.max(300L, fullRunMs * 8 / 10));
        List<String> afterKill = new ArrayList<>();
        List<Boolean> finished = new ArrayList<>();
        for (long delay : delays) {
            boolean done = killDuringScoring(round, delay).finished();
            // The server notices the dead connection when the statement in progress ends, then rolls back; until
            // then the next run would only wait for the round's lock.
            awaitNoOpenTransaction();
            finished.add(done);
            afterKill.add(contentHash(round));
            log.info("Kill {} ms into a recompute: {}, results {}", delay, done ? "it had finished" : "mid-run",
                    afterKill.getLast().equals(before) ? "the previous ones" : "changed");
        }

        // The next recompute succeeds (it waits for the server to roll the killed transaction back) and is stable.
        scorer.score(round);
        String after = contentHash(round);
        scorer.score(round);
        assertThat(contentHash(round)).isEqualTo(after);
        assertThat(after).isNotEqualTo(before);

        assertThat(finished).as("some kill hit a running recompute").contains(false);
        for (int i = 0; i < afterKill.size(); i++) {
            if (finished.get(i)) {
                assertThat(afterKill.get(i)).as("results of the run that finished before the kill at %d ms",
                        delays.get(i)).isEqualTo(after);
            } else {
                assertThat(afterKill.get(i)).as("results after the kill at %d ms", delays.get(i)).isIn(before, after);
            }
        }
    }

    private record Kill(boolean finished) {
    }

    private void awaitNoOpenTransaction() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (dsl.fetchCount(DSL.table("information_schema.innodb_trx")) > 0) {
            assertThat(System.nanoTime()).as("the killed run's transaction is rolled back").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Starts {@link ScoringChild}, waits until it starts scoring, lets it run {@code delayMs}, then SIGKILLs it. */
    private Kill killDuringScoring(long round, long delayMs) throws Exception {
        Path log = Files.createTempFile("scoring-child", ".log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ScoringChild.class.getName(),
                TestDatabase.get().jdbcUrl(), Long.toString(round))
                .redirectError(log.toFile())
                .start();
        CountDownLatch scoring = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.equals(ScoringChild.SCORING)) {
                        scoring.countDown();
                    } else if (line.equals(ScoringChild.DONE)) {
                        done.set(true);
                    }
                }
            } catch (IOException e) {
                // the child was killed: its output ends here
            }
        });
        try {
            assertThat(scoring.await(120, TimeUnit.SECONDS))
                    .as("the child started scoring; its log:%n%s", Files.readString(log)).isTrue();
            Thread.sleep(delayMs);
            boolean finished = done.get() || !child.isAlive();
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no rollback from the client side
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            return new Kill(finished || done.get());
        } finally {
            child.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /**
     * SHA-256 over every stored result of the round in key order: point, area and unit scores, ranks, grades, the
     * negative list and the rank uncertainty. Only when a row was computed (and the negative list's surrogate id)
     * are left out, since an identical result computed again differs in those.
     */
    private String contentHash(long round) {
        // one transaction, so all tables are read from one consistent snapshot
        return dsl.transactionResult(tx -> contentHash(tx.dsl(), round));
    }

    private static String contentHash(DSLContext db, long round) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String[] queries = {
                "SELECT unit_id, point_id, score, max_score, source FROM point_score WHERE round_id = ? "
                        + "ORDER BY unit_id, point_id",
                "SELECT unit_id, area_id, pool, score, max_score FROM area_score WHERE round_id = ? "
                        + "ORDER BY unit_id, area_id, pool",
                "SELECT unit_id, group_id, total, raw_score, max_score, rank_in_group, grade, negative_list, "
                        + "base_total, bonus, composite FROM unit_result WHERE round_id = ? ORDER BY unit_id",
                "SELECT unit_id, point_id, finding_id, reason, evidence FROM negative_list_entry WHERE round_id = ? "
                        + "ORDER BY unit_id, point_id, finding_id",
                "SELECT unit_id, median_rank, p05_rank, p95_rank FROM rank_uncertainty WHERE round_id = ? "
                        + "ORDER BY unit_id",
                "SELECT draws, spread, seed, geometric FROM rank_uncertainty_run WHERE round_id = ?"};
        for (String query : queries) {
            sha.update(query.getBytes(StandardCharsets.UTF_8));
            for (Record r : db.fetch(query, round)) {
                sha.update(r.formatCSV(false).getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
