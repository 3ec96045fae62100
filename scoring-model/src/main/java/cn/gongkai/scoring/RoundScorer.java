package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;

import cn.gongkai.scoring.uncertainty.RankUncertaintyAnalysis;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a round's point scores, area scores, negative list, unit totals, group ranks, grades and rank
 * uncertainty from its findings, reviews and manual scores, under the round's scoring policy. The whole computation
 * replaces the round's previous working results in one transaction, so readers see the old results or the new ones,
 * never a mix; published snapshots are not touched.
 */
public final class RoundScorer {

    private static final Logger log = LoggerFactory.getLogger(RoundScorer.class);

    private final DSLContext dsl;
    private final GradingPolicy fallbackGrading;

    /** {@code grading} applies to rounds whose policy has no grade bands of its own. */
    public RoundScorer(DSLContext dsl, GradingPolicy grading) {
        this.dsl = dsl;
        this.fallbackGrading = grading;
    }

    public ScoringSummary score(long roundId) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            // Serialises scoring and publishing of one round: two runs must not interleave their deletes and inserts.
            if (db.selectOne().from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne()
                    == null) {
                throw new IllegalArgumentException("评估轮次 " + roundId + " 不存在");
            }
            Steps steps = new Steps();
            RoundPolicy policy = RoundPolicies.load(db, roundId, fallbackGrading);
            db.deleteFrom(NEGATIVE_LIST_ENTRY).where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId)).execute();
            db.deleteFrom(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId)).execute();
            steps.done("delete");
            ScoredPoints scored = PointScores.write(db, roundId, PointScores.writeRules(db, roundId, policy));
            int points = scored.size();
            steps.done("point scores");
            Totals.writeAreas(db, roundId, scored);
            steps.done("area scores");
            int negative = NegativeList.insert(db, roundId);
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            int units = Totals.insertUnits(db, roundId, policy, now);
            Totals.writePending(db, roundId, scored);
            if (!policy.composites().isEmpty()) {
                negative += NegativeList.copyToComposites(db, roundId);
                units += Totals.insertComposites(db, roundId, policy, now);
                Totals.writeCompositePending(db, roundId);
            }
            steps.done("negative list and totals");
            Ranks.update(db, roundId);
            Grades.update(db, roundId, policy.grading());
            steps.done("ranks and grades");
            RankUncertaintyAnalysis.analyse(db, roundId, policy);
            steps.done("rank uncertainty");
            int uncertain = UncertainPoints.count(db, roundId);
            steps.done("uncertain points");
            log.debug("Round {} scored: {}", roundId, steps);
            return new ScoringSummary(units, points, negative, uncertain);
        });
    }

    /** Step timings for the debug log: where a slow recompute spends its time. */
    private static final class Steps {
        private final StringBuilder text = new StringBuilder();
        private long last = System.nanoTime();

        void done(String step) {
            long now = System.nanoTime();
            text.append(text.isEmpty() ? "" : ", ").append(step).append(' ').append((now - last) / 1_000_000)
                    .append(" ms");
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
