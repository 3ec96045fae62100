package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.rowNumber;
import static org.jooq.impl.DSL.select;

import java.math.BigDecimal;
import org.jooq.Field;
import org.jooq.Table;

/**
 * What a finding says once people have spoken: the latest OVERRIDE review replaces the checker's status and
 * fraction (confirmations change nothing, except that a checker's veto FAIL awaiting one is 待评 until it comes: see
 * {@link NegativeList}), and the latest manual or department score replaces the point's score altogether. Both are derived tables to join to {@code finding} and to (unit, point) pairs.
 */
final class EffectiveFindings {

    /** Columns of {@link #overrides}: finding_id, status, score_fraction. */
    final Table<?> overrides;
    final Field<Long> overrideFindingId;
    final Field<String> overrideStatus;
    final Field<BigDecimal> overrideFraction;

    /** Columns of {@link #manual}: id, unit_id, point_id, score, source, veto_hit. */
    final Table<?> manual;
    final Field<Long> manualId;
    final Field<Long> manualUnitId;
    final Field<Long> manualPointId;
    final Field<BigDecimal> manualScore;
    final Field<String> manualSource;
    final Field<Boolean> manualVetoHit;

    EffectiveFindings(long roundId) {
        Field<Integer> reviewOrder = rowNumber().over(partitionBy(REVIEW.FINDING_ID)
                .orderBy(REVIEW.REVIEWED_AT.desc(), REVIEW.ID.desc())).as("rn");
        Table<?> ranked = select(REVIEW.FINDING_ID.as("finding_id"), REVIEW.STATUS.as("status"),
                REVIEW.SCORE_FRACTION.as("score_fraction"), reviewOrder)
                .from(REVIEW)
                .join(FINDING).on(FINDING.ID.eq(REVIEW.FINDING_ID))
                .where(FINDING.ROUND_ID.eq(roundId))
                .and(REVIEW.DECISION.eq("OVERRIDE"))
                .asTable("ranked_override");
        overrides = select(ranked.field("finding_id"), ranked.field("status"), ranked.field("score_fraction"))
                .from(ranked).where(ranked.field("rn", Integer.class).eq(1)).asTable("ov");
        overrideFindingId = field(name("ov", "finding_id"), Long.class);
        overrideStatus = field(name("ov", "status"), String.class);
        overrideFraction = field(name("ov", "score_fraction"), BigDecimal.class);

        Field<Integer> manualOrder = rowNumber().over(partitionBy(MANUAL_SCORE.UNIT_ID, MANUAL_SCORE.POINT_ID)
                .orderBy(MANUAL_SCORE.ENTERED_AT.desc(), MANUAL_SCORE.ID.desc())).as("rn");
        Table<?> rankedManual = select(MANUAL_SCORE.ID.as("id"), MANUAL_SCORE.UNIT_ID.as("unit_id"),
                MANUAL_SCORE.POINT_ID.as("point_id"), MANUAL_SCORE.SCORE.as("score"),
                MANUAL_SCORE.SOURCE.as("source"), MANUAL_SCORE.VETO_HIT.as("veto_hit"), manualOrder)
                .from(MANUAL_SCORE)
                .where(MANUAL_SCORE.ROUND_ID.eq(roundId))
                .asTable("ranked_manual");
        manual = select(rankedManual.field("id"), rankedManual.field("unit_id"), rankedManual.field("point_id"),
                rankedManual.field("score"), rankedManual.field("source"), rankedManual.field("veto_hit"))
                .from(rankedManual).where(rankedManual.field("rn", Integer.class).eq(1)).asTable("ms");
        manualId = field(name("ms", "id"), Long.class);
        manualUnitId = field(name("ms", "unit_id"), Long.class);
        manualPointId = field(name("ms", "point_id"), Long.class);
        manualScore = field(name("ms", "score"), BigDecimal.class);
        manualSource = field(name("ms", "source"), String.class);
        manualVetoHit = field(name("ms", "veto_hit"), Boolean.class);
    }

    /** The finding's status after reviews; NULL when the unit has no finding for the point. */
    Field<String> status() {
        return coalesce(overrideStatus, FINDING.STATUS);
    }
}
