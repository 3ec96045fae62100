package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.floor;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.select;

import java.math.BigDecimal;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.Table;

/**
 * Grades by bands, from the highest down, each band one set-based UPDATE of the units still ungraded. A forced
 * negative-list grade goes first; a band closed to the negative list skips those units (never 优秀); a band with a
 * quota takes a unit only if every ungraded candidate scoring at least as much fits within the quota, so a tie
 * that straddles the limit drops to the next band together rather than being split by chance. The 待改进 category, when the
 * policy has one, is taken after the forced grade and before the bands, with the same rule for ties from the bottom
 * of the group. A unit with 待评 points
 * is graded {@value #PENDING} before anything else, whatever its provisional total or the negative list.
 */
public final class Grades {

    private static final String UNGRADED = "";
    /** The grade of a unit with 待评 points: its total is provisional, so it has no grade yet. */
    public static final String PENDING = "待评";

    private Grades() {
    }

    static void update(DSLContext db, long roundId, GradingPolicy grading) {
        Condition ungraded = UNIT_RESULT.ROUND_ID.eq(roundId).and(UNIT_RESULT.GRADE.eq(UNGRADED));
        db.update(UNIT_RESULT).set(UNIT_RESULT.GRADE, PENDING).where(ungraded)
                .and(UNIT_RESULT.PENDING_POINTS.gt(0)).execute();
        if (grading.negativeListGrade() != null) {
            db.update(UNIT_RESULT).set(UNIT_RESULT.GRADE, grading.negativeListGrade())
                    .where(ungraded).and(UNIT_RESULT.NEGATIVE_LIST.isTrue()).execute();
        }
        if (grading.improvement() != null) {
            improvement(db, roundId, ungraded, grading.improvement());
        }
        for (GradingPolicy.Band band : grading.bands()) {
            Condition candidate = ungraded.and(UNIT_RESULT.TOTAL.ge(band.minimum()));
            if (!band.negativeListAllowed()) {
                candidate = candidate.and(UNIT_RESULT.NEGATIVE_LIST.isFalse());
            }
            // Ordered from the highest total down: the quota takes the candidates scoring at least as much.
            assign(db, roundId, candidate, band.grade(), band.quotaPercent(), UNIT_RESULT.TOTAL.desc());
        }
        db.update(UNIT_RESULT).set(UNIT_RESULT.GRADE, grading.lowestGrade()).where(ungraded).execute();
    }

    private static void improvement(DSLContext db, long roundId, Condition ungraded, GradingPolicy.Improvement rule) {
        Condition candidate = rule.below() == null ? ungraded : ungraded.and(UNIT_RESULT.TOTAL.lt(rule.below()));
        // Ordered from the lowest total up: the quota takes the candidates scoring at most as much.
        assign(db, roundId, candidate, rule.grade(), rule.quotaPercent(), UNIT_RESULT.TOTAL.asc());
    }

    /**
     * Gives {@code grade} to the candidates, or with a quota to those whose place in {@code order} within their
     * group is inside it: COUNT(*) over a window ordered by total counts ties alike, so a tie at the limit is
     * never split.
     */
    private static void assign(DSLContext db, long roundId, Condition candidate, String grade, BigDecimal quotaPercent,
            SortField<?> order) {
        if (quotaPercent == null) {
            db.update(UNIT_RESULT).set(UNIT_RESULT.GRADE, grade).where(candidate).execute();
            return;
        }
        Table<?> candidates = select(UNIT_RESULT.UNIT_ID.as("unit_id"),
                count().over(partitionBy(UNIT_RESULT.GROUP_ID).orderBy(order)).as("place"))
                .from(UNIT_RESULT)
                .where(candidate)
                .asTable("candidates");
        Table<?> groups = groupSizes(roundId);
        db.update(UNIT_RESULT
                        .join(candidates).on(candidates.field("unit_id", Long.class).eq(UNIT_RESULT.UNIT_ID))
                        .join(groups).on(groups.field("group_id", Long.class).eq(UNIT_RESULT.GROUP_ID)))
                .set(UNIT_RESULT.GRADE, grade)
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(candidates.field("place", Integer.class).le(seats(quotaPercent, groups)))
                .execute();
    }

    private static Table<?> groupSizes(long roundId) {
        return select(UNIT_RESULT.GROUP_ID.as("group_id"), count().as("units"))
                .from(UNIT_RESULT)
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .groupBy(UNIT_RESULT.GROUP_ID)
                .asTable("sizes");
    }

    /** A quota's seats in each group: its share of the group's units, rounded down. */
    private static Field<Integer> seats(BigDecimal quotaPercent, Table<?> groups) {
        return floor(inline(quotaPercent).mul(groups.field("units", Integer.class)).div(inline(Totals.HUNDRED)))
                .cast(Integer.class);
    }
}
