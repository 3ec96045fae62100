package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.case_;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.concat;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.rank;
import static org.jooq.impl.DSL.round;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.val;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jooq.CaseConditionStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

/**
 * Computes a round's point scores, unit results, negative list, ranks and grades from its findings. The whole
 * computation replaces the round's previous results in one transaction, so readers see the old results or the new
 * ones, never a mix.
 */
public final class RoundScorer {

    private final DSLContext dsl;
    private final GradingPolicy grading;

    public RoundScorer(DSLContext dsl, GradingPolicy grading) {
        this.dsl = dsl;
        this.grading = grading;
    }

    public ScoringSummary score(long roundId) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            db.deleteFrom(NEGATIVE_LIST_ENTRY).where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId)).execute();
            db.deleteFrom(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId)).execute();
            db.deleteFrom(POINT_SCORE).where(POINT_SCORE.ROUND_ID.eq(roundId)).execute();
            int points = insertPointScores(db, roundId);
            int negative = insertNegativeList(db, roundId);
            int units = insertUnitResults(db, roundId);
            return new ScoringSummary(units, points, negative);
        });
    }

    /**
     * One row per (unit, point in the round). A point that does not apply to the unit's type, or whose finding is
     * NOT_APPLICABLE, has a NULL score and drops out of the unit's maximum. Only FAIL and PARTIAL findings deduct:
     * a deduction must rest on evidence, so UNCERTAIN, NOT_ASSESSABLE and unchecked points keep their full score
     * until an evaluator decides them.
     */
    private static int insertPointScores(DSLContext db, long roundId) {
        Condition applies = field("FIND_IN_SET({0}, {1})", Integer.class, UNIT.UNIT_TYPE, EVALUATION_POINT.APPLIES_TO)
                .gt(0);
        Field<BigDecimal> score = case_()
                .when(applies.not(), inline((BigDecimal) null))
                .when(FINDING.STATUS.eq("NOT_APPLICABLE"), inline((BigDecimal) null))
                .when(FINDING.STATUS.eq("FAIL"), inline(BigDecimal.ZERO))
                .when(FINDING.STATUS.eq("PARTIAL"),
                        EVALUATION_POINT.MAX_SCORE.mul(coalesce(FINDING.SCORE_FRACTION, inline(BigDecimal.ZERO))))
                .else_(EVALUATION_POINT.MAX_SCORE);
        return db.insertInto(POINT_SCORE, POINT_SCORE.ROUND_ID, POINT_SCORE.UNIT_ID, POINT_SCORE.POINT_ID,
                        POINT_SCORE.SCORE, POINT_SCORE.MAX_SCORE, POINT_SCORE.SOURCE)
                .select(select(ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, EVALUATION_POINT.ID, score,
                        EVALUATION_POINT.MAX_SCORE, inline("FINDING"))
                        .from(ROUND_UNIT)
                        .join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID))
                        .join(ROUND_POINT).on(ROUND_POINT.ROUND_ID.eq(ROUND_UNIT.ROUND_ID))
                        .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                        .leftJoin(FINDING).on(FINDING.ROUND_ID.eq(ROUND_UNIT.ROUND_ID)
                                .and(FINDING.UNIT_ID.eq(ROUND_UNIT.UNIT_ID))
                                .and(FINDING.POINT_ID.eq(EVALUATION_POINT.ID)))
                        .where(ROUND_UNIT.ROUND_ID.eq(roundId))
                        .and(EVALUATION_POINT.BONUS.isFalse()))
                .execute();
    }

    /** A FAIL on a veto point of the round puts the unit on the negative list, with the point's reason. */
    private static int insertNegativeList(DSLContext db, long roundId) {
        return db.insertInto(NEGATIVE_LIST_ENTRY, NEGATIVE_LIST_ENTRY.ROUND_ID, NEGATIVE_LIST_ENTRY.UNIT_ID,
                        NEGATIVE_LIST_ENTRY.POINT_ID, NEGATIVE_LIST_ENTRY.FINDING_ID, NEGATIVE_LIST_ENTRY.REASON)
                .select(select(FINDING.ROUND_ID, FINDING.UNIT_ID, FINDING.POINT_ID, FINDING.ID,
                        concat(coalesce(EVALUATION_POINT.VETO_REASON, EVALUATION_POINT.TEXT), val("："), FINDING.MESSAGE))
                        .from(FINDING)
                        .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                        .join(ROUND_POINT).on(ROUND_POINT.ROUND_ID.eq(FINDING.ROUND_ID)
                                .and(ROUND_POINT.POINT_ID.eq(FINDING.POINT_ID)))
                        .join(ROUND_UNIT).on(ROUND_UNIT.ROUND_ID.eq(FINDING.ROUND_ID)
                                .and(ROUND_UNIT.UNIT_ID.eq(FINDING.UNIT_ID)))
                        .where(FINDING.ROUND_ID.eq(roundId))
                        .and(FINDING.STATUS.eq("FAIL"))
                        .and(EVALUATION_POINT.VETO.isTrue()))
                .execute();
    }

    /** Totals out of 100 over the points that apply, competition ranks (1, 2, 2, 4) within groups, grades. */
    private int insertUnitResults(DSLContext db, long roundId) {
        Field<BigDecimal> raw = coalesce(sum(POINT_SCORE.SCORE), inline(BigDecimal.ZERO)).as("raw_score");
        Field<BigDecimal> max = coalesce(sum(case_().when(POINT_SCORE.SCORE.isNotNull(), POINT_SCORE.MAX_SCORE)),
                inline(BigDecimal.ZERO)).as("max_score");
        Field<Boolean> negative = exists(selectOne().from(NEGATIVE_LIST_ENTRY)
                .where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(ROUND_UNIT.ROUND_ID))
                .and(NEGATIVE_LIST_ENTRY.UNIT_ID.eq(ROUND_UNIT.UNIT_ID))).as("negative_list");
        Table<?> totals = select(ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID, raw, max, negative)
                .from(ROUND_UNIT)
                .leftJoin(POINT_SCORE).on(POINT_SCORE.ROUND_ID.eq(ROUND_UNIT.ROUND_ID)
                        .and(POINT_SCORE.UNIT_ID.eq(ROUND_UNIT.UNIT_ID)))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId))
                .groupBy(ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .asTable("t");
        Field<BigDecimal> tRaw = totals.field("raw_score", BigDecimal.class);
        Field<BigDecimal> tMax = totals.field("max_score", BigDecimal.class);
        Field<Boolean> tNegative = totals.field("negative_list", Boolean.class);
        Field<BigDecimal> total = case_().when(tMax.gt(BigDecimal.ZERO), round(tRaw.mul(100).div(tMax), 3))
                .else_(inline(BigDecimal.ZERO));
        Field<String> grade = grade(total, tNegative);
        Field<Integer> rank = rank().over(partitionBy(totals.field("group_id")).orderBy(total.desc()));
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        return db.insertInto(UNIT_RESULT, UNIT_RESULT.ROUND_ID, UNIT_RESULT.UNIT_ID, UNIT_RESULT.GROUP_ID,
                        UNIT_RESULT.TOTAL, UNIT_RESULT.RAW_SCORE, UNIT_RESULT.MAX_SCORE, UNIT_RESULT.RANK_IN_GROUP,
                        UNIT_RESULT.GRADE, UNIT_RESULT.NEGATIVE_LIST, UNIT_RESULT.COMPUTED_AT)
                .select(select(totals.field("round_id", Long.class), totals.field("unit_id", Long.class),
                        totals.field("group_id", Long.class), total, tRaw, tMax, rank, grade, tNegative, val(now))
                        .from(totals))
                .execute();
    }

    private Field<String> grade(Field<BigDecimal> total, Field<Boolean> negative) {
        CaseConditionStep<String> grade = case_().when(negative.isTrue(), val(grading.negativeListGrade()));
        for (GradingPolicy.Band band : grading.bands()) {
            grade = grade.when(total.ge(band.minimum()), val(band.grade()));
        }
        return grade.else_(val(grading.lowestGrade()));
    }
}
