package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SelectJoinStep;
import org.jooq.Record;
import java.util.List;

/**
 * The review queue of a scored round: points whose finding is still UNCERTAIN once reviews and manual scores are
 * taken into account. They are 待评 meanwhile (out of the unit's maximum, the unit ungraded) and block publication.
 */
public final class UncertainPoints {

    /** One point waiting for an evaluator. */
    public record Pending(long findingId, long unitId, String unitName, long pointId, String pointCode,
                          String pointText, String message) {
    }

    private final DSLContext dsl;

    public UncertainPoints(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Pending> list(long roundId) {
        EffectiveFindings effective = new EffectiveFindings(roundId);
        return join(dsl.select(FINDING.ID, UNIT.ID, UNIT.NAME, EVALUATION_POINT.ID, EVALUATION_POINT.CODE,
                        EVALUATION_POINT.TEXT, FINDING.MESSAGE).from(FINDING), effective)
                .join(UNIT).on(UNIT.ID.eq(POINT_SCORE.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(POINT_SCORE.POINT_ID))
                .where(pending(roundId, effective))
                .orderBy(UNIT.CODE, EVALUATION_POINT.ORDINAL, EVALUATION_POINT.ID)
                .fetch(r -> new Pending(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7()));
    }

    public int count(long roundId) {
        return count(dsl, roundId);
    }

    static int count(DSLContext db, long roundId) {
        EffectiveFindings effective = new EffectiveFindings(roundId);
        return join(db.selectCount().from(FINDING), effective).where(pending(roundId, effective))
                .fetchOne(0, Integer.class);
    }

    private static <R extends Record> SelectJoinStep<R> join(SelectJoinStep<R> select, EffectiveFindings effective) {
        // Findings first, and only then their point scores: a round has a few uncertain findings among hundreds of
        // thousands, and looking scores up for those few is what keeps this cheap.
        return (SelectJoinStep<R>) select
                .leftJoin(effective.overrides).on(effective.overrideFindingId.eq(FINDING.ID))
                .straightJoin(POINT_SCORE).on(POINT_SCORE.ROUND_ID.eq(FINDING.ROUND_ID)
                        .and(POINT_SCORE.UNIT_ID.eq(FINDING.UNIT_ID))
                        .and(POINT_SCORE.POINT_ID.eq(FINDING.POINT_ID)));
    }

    /**
     * Only points left 待评 by their finding (not replaced by a manual score) that apply to the unit: a point that
     * does not apply is not pending, and its uncertainty matters to nobody.
     */
    private static Condition pending(long roundId, EffectiveFindings effective) {
        return FINDING.ROUND_ID.eq(roundId)
                .and(FINDING.STATUS.eq("UNCERTAIN").or(effective.overrideStatus.eq("UNCERTAIN")))
                .and(POINT_SCORE.SOURCE.eq(PointScores.PENDING))
                .and(effective.status().eq("UNCERTAIN"));
    }
}
