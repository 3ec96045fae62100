package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.POINT_RULE;
import static cn.gongkai.sql.jooq.Tables.POINT_RULE_LEVEL;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.ROUND_COMPOSITE_PART;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.list;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.not;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.when;

import cn.gongkai.scoring.RoundPolicy.Pool;
import cn.gongkai.sql.jooq.tables.PointScore;
import java.math.BigDecimal;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * One {@code point_score} row per (unit, point of the round), set-based. The score follows the point's rule:
 * <ul>
 * <li>a point that does not apply to the unit's type, a NOT_APPLICABLE finding or a manual score left empty scores
 * NULL and drops out of the unit's maximum;</li>
 * <li>the latest manual or department score wins over any finding, clamped to [0, maximum];</li>
 * <li>PASS scores full marks; FAIL and PARTIAL follow the rule: BINARY 0; PROPORTIONAL the share between zeroAt and
 * fullAt; GRADED the highest level the share reaches; DEDUCTION perViolation per violation (the finding's
 * measured value when it is a count, else one for a FAIL), at most cap;</li>
 * <li>UNCERTAIN, NOT_ASSESSABLE and unchecked points keep full marks, because a deduction must rest on evidence —
 * except bonus points, which must be earned.</li>
 * </ul>
 */
final class PointScores {

    private PointScores() {
    }

    /** Reads the round's points' rule_params once into point_rule, so the set-based query joins numbers. */
    static void writeRules(DSLContext db, long roundId, RoundPolicy policy) {
        db.deleteFrom(POINT_RULE_LEVEL).where(POINT_RULE_LEVEL.ROUND_ID.eq(roundId)).execute();
        db.deleteFrom(POINT_RULE).where(POINT_RULE.ROUND_ID.eq(roundId)).execute();
        var points = db.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.SCORING_RULE,
                        EVALUATION_POINT.MAX_SCORE, EVALUATION_POINT.RULE_PARAMS, EVALUATION_POINT.METHOD,
                        INDICATOR.ID, INDICATOR.AREA_ID, INDICATOR.MAX_SCORE, EVALUATION_POINT.BONUS)
                .from(ROUND_POINT)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .join(INDICATOR).on(INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId))
                .fetch();
        var rules = db.insertInto(POINT_RULE, POINT_RULE.ROUND_ID, POINT_RULE.POINT_ID, POINT_RULE.RULE,
                POINT_RULE.POOL, POINT_RULE.PER_VIOLATION, POINT_RULE.DEDUCTION_CAP, POINT_RULE.ZERO_AT,
                POINT_RULE.FULL_AT, POINT_RULE.INDICATOR_ID, POINT_RULE.AREA_ID, POINT_RULE.INDICATOR_MAX,
                POINT_RULE.BONUS);
        var levels = db.insertInto(POINT_RULE_LEVEL, POINT_RULE_LEVEL.ROUND_ID, POINT_RULE_LEVEL.POINT_ID,
                POINT_RULE_LEVEL.LEVEL);
        boolean anyLevel = false;
        for (var p : points) {
            RuleParams params = RuleParams.parse(p.value2(), p.value3(), p.value4(), p.value5());
            Pool pool = policy.pointPools().getOrDefault(p.value1(),
                    "DEPARTMENT".equals(p.value6()) ? Pool.SUPERVISION : Pool.THIRD_PARTY);
            rules = rules.values(roundId, p.value1(), params.rule(), pool.name(), params.perViolation(),
                    params.deductionCap(), params.zeroAt(), params.fullAt(), p.value7(), p.value8(), p.value9(),
                    p.value10());
            for (BigDecimal level : params.levels()) {
                levels = levels.values(roundId, p.value1(), level);
                anyLevel = true;
            }
        }
        if (!points.isEmpty()) {
            rules.execute();
        }
        if (anyLevel) {
            levels.execute();
        }
    }

    /**
     * Writes the round's point scores in place: only the pairs that are new or whose score changed are upserted,
     * then rows of units or points no longer in the round go. Deleting and re-inserting 400,000 rows on every
     * recompute would cost seconds of undo and index work for mostly identical values. Returns the number of (unit, point) pairs scored.
     */
    static int write(DSLContext db, long roundId) {
        upsert(db, roundId);
        int expected = db.fetchCount(ROUND_UNIT, ROUND_UNIT.ROUND_ID.eq(roundId).and(notComposite(roundId)))
                * db.fetchCount(POINT_RULE, POINT_RULE.ROUND_ID.eq(roundId));
        int written = db.fetchCount(POINT_SCORE, POINT_SCORE.ROUND_ID.eq(roundId));
        if (written == expected) {
            return written; // the upsert wrote every expected pair, so nothing else is left
        }
        db.deleteFrom(POINT_SCORE)
                .where(POINT_SCORE.ROUND_ID.eq(roundId))
                .and(POINT_SCORE.POINT_ID.notIn(select(POINT_RULE.POINT_ID).from(POINT_RULE)
                                .where(POINT_RULE.ROUND_ID.eq(roundId)))
                        .or(POINT_SCORE.UNIT_ID.notIn(select(ROUND_UNIT.UNIT_ID).from(ROUND_UNIT)
                                .where(ROUND_UNIT.ROUND_ID.eq(roundId)).and(notComposite(roundId)))))
                .execute();
        return db.fetchCount(POINT_SCORE, POINT_SCORE.ROUND_ID.eq(roundId));
    }

    private static void upsert(DSLContext db, long roundId) {
        // Most rounds are scored many times before anyone overrides a finding or enters a score by hand.
        boolean overridden = db.fetchExists(selectOne().from(REVIEW).join(FINDING).on(FINDING.ID.eq(REVIEW.FINDING_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(REVIEW.DECISION.eq("OVERRIDE")));
        boolean manuallyScored = db.fetchExists(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId));
        EffectiveFindings effective = new EffectiveFindings(roundId, overridden, manuallyScored);
        Field<BigDecimal> full = EVALUATION_POINT.MAX_SCORE;
        Field<String> status = effective.status();
        Condition applies = field("FIND_IN_SET({0}, {1})", Integer.class, UNIT.UNIT_TYPE, EVALUATION_POINT.APPLIES_TO)
                .gt(0);
        // The finding's share of full marks: FAIL 0, PARTIAL its fraction within [0, 1].
        Field<BigDecimal> share = when(status.eq("PARTIAL"),
                least(greatest(coalesce(effective.fraction(), inline(BigDecimal.ZERO)), inline(BigDecimal.ZERO)),
                        inline(BigDecimal.ONE)))
                .else_(inline(BigDecimal.ZERO));
        Field<BigDecimal> graded = coalesce(select(max(POINT_RULE_LEVEL.LEVEL)).from(POINT_RULE_LEVEL)
                .where(POINT_RULE_LEVEL.ROUND_ID.eq(POINT_RULE.ROUND_ID))
                .and(POINT_RULE_LEVEL.POINT_ID.eq(POINT_RULE.POINT_ID))
                // the tolerance absorbs fractions stored with 5 decimals (2/3 → 0.66667 must reach the 2/3 level)
                .and(POINT_RULE_LEVEL.LEVEL.le(full.mul(share).add(inline(new BigDecimal("0.0005")))))
                .<BigDecimal>asField(), inline(BigDecimal.ZERO));
        Field<BigDecimal> proportional = full.mul(least(greatest(
                share.sub(POINT_RULE.ZERO_AT).div(POINT_RULE.FULL_AT.sub(POINT_RULE.ZERO_AT)),
                inline(BigDecimal.ZERO)), inline(BigDecimal.ONE)));
        // A reviewer's override speaks in status and fraction, so the checker's count no longer applies.
        Field<BigDecimal> count = when(effective.overrideFindingId.isNull()
                        .and(FINDING.MEASURED_VALUE.likeRegex("^[0-9]{1,6}$")),
                FINDING.MEASURED_VALUE.cast(SQLDataType.DECIMAL(10, 0)));
        Field<BigDecimal> violations = when(status.eq("FAIL"), greatest(coalesce(count, inline(BigDecimal.ONE)),
                inline(BigDecimal.ONE))).else_(count);
        Field<BigDecimal> deduction = when(status.eq("PARTIAL").and(count.isNull()), full.mul(share))
                .else_(full.sub(least(POINT_RULE.DEDUCTION_CAP, POINT_RULE.PER_VIOLATION.mul(violations))));
        Field<BigDecimal> byRule = when(POINT_RULE.RULE.eq("GRADED"), graded)
                .when(POINT_RULE.RULE.eq("PROPORTIONAL"), proportional)
                .when(POINT_RULE.RULE.eq("DEDUCTION"), deduction)
                .else_(inline(BigDecimal.ZERO));
        Field<BigDecimal> score = when(applies.not(), inline((BigDecimal) null))
                .when(effective.manualId.isNotNull(), least(greatest(effective.manualScore, inline(BigDecimal.ZERO)), full))
                .when(status.eq("NOT_APPLICABLE"), inline((BigDecimal) null))
                .when(status.eq("PASS"), full)
                .when(status.in("FAIL", "PARTIAL"), least(greatest(byRule, inline(BigDecimal.ZERO)), full))
                .when(EVALUATION_POINT.BONUS.isTrue(), inline(BigDecimal.ZERO))
                .else_(full);
        Field<String> source = when(effective.manualId.isNotNull(), effective.manualSource)
                .when(effective.overrideFindingId.isNotNull(), inline("REVIEW"))
                .else_(inline("FINDING"));
        // The stored row of each pair, to keep only the pairs whose score, maximum or source changed: rewriting an
        // unchanged row still costs a duplicate-key insert attempt and a row lock, i.e. seconds for 400,000 rows.
        PointScore stored = POINT_SCORE.as("stored");
        Field<BigDecimal> newScore = score.as("new_score");
        Field<BigDecimal> newMax = full.as("new_max");
        Field<String> newSource = source.as("new_source");
        Field<BigDecimal> oldScore = stored.SCORE.as("old_score");
        Field<BigDecimal> oldMax = stored.MAX_SCORE.as("old_max");
        Field<String> oldSource = stored.SOURCE.as("old_source");
        Table<?> sources = ROUND_UNIT
                .join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID))
                .join(POINT_RULE).on(POINT_RULE.ROUND_ID.eq(ROUND_UNIT.ROUND_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(POINT_RULE.POINT_ID))
                .leftJoin(FINDING).on(FINDING.ROUND_ID.eq(ROUND_UNIT.ROUND_ID)
                        .and(FINDING.UNIT_ID.eq(ROUND_UNIT.UNIT_ID))
                        .and(FINDING.POINT_ID.eq(EVALUATION_POINT.ID)));
        if (overridden) {
            sources = sources.leftJoin(effective.overrides).on(effective.overrideFindingId.eq(FINDING.ID));
        }
        if (manuallyScored) {
            sources = sources.leftJoin(effective.manual).on(effective.manualUnitId.eq(ROUND_UNIT.UNIT_ID)
                    .and(effective.manualPointId.eq(EVALUATION_POINT.ID)));
        }
        Table<?> changed = select(ROUND_UNIT.ROUND_ID.as("round_id"), ROUND_UNIT.UNIT_ID.as("unit_id"),
                        EVALUATION_POINT.ID.as("point_id"), newScore, newMax, newSource, oldScore, oldMax, oldSource)
                        .from(sources.leftJoin(stored).on(stored.ROUND_ID.eq(ROUND_UNIT.ROUND_ID)
                                .and(stored.UNIT_ID.eq(ROUND_UNIT.UNIT_ID))
                                .and(stored.POINT_ID.eq(EVALUATION_POINT.ID))))
                        .where(ROUND_UNIT.ROUND_ID.eq(roundId))
                        .and(notComposite(roundId))
                        // HAVING compares the computed columns by alias, so the long score expression runs once
                        .having(not(alias(oldScore).isNotDistinctFrom(alias(newScore))
                                .and(alias(oldMax).isNotDistinctFrom(alias(newMax)))
                                .and(alias(oldSource).isNotDistinctFrom(alias(newSource)))))
                        .asTable("changed");
        var rows = select(changed.field("round_id"), changed.field("unit_id"), changed.field("point_id"),
                changed.field("new_score"), changed.field("new_max"), changed.field("new_source"))
                .from(changed);
        // Written out because jOOQ's MySQL rendering of INSERT … SELECT … ON DUPLICATE KEY UPDATE wraps the SELECT
        // in a derived table with a column list, which MariaDB does not accept. VALUES() works on both servers;
        // MySQL 8.0.20+ deprecates it for a row alias, which MariaDB 11.4 does not accept.
        db.query("insert into {0} ({1}) {2} on duplicate key update {3} = values({4}), {5} = values({6}), "
                        + "{7} = values({8})",
                POINT_SCORE, list(POINT_SCORE.ROUND_ID.getUnqualifiedName(), POINT_SCORE.UNIT_ID.getUnqualifiedName(),
                        POINT_SCORE.POINT_ID.getUnqualifiedName(), POINT_SCORE.SCORE.getUnqualifiedName(),
                        POINT_SCORE.MAX_SCORE.getUnqualifiedName(), POINT_SCORE.SOURCE.getUnqualifiedName()),
                rows,
                POINT_SCORE.SCORE, POINT_SCORE.SCORE.getUnqualifiedName(),
                POINT_SCORE.MAX_SCORE, POINT_SCORE.MAX_SCORE.getUnqualifiedName(),
                POINT_SCORE.SOURCE, POINT_SCORE.SOURCE.getUnqualifiedName())
                .execute();
    }

    private static <T> Field<T> alias(Field<T> aliased) {
        return field(name(aliased.getName()), aliased.getType());
    }

    /** Composite units have no points of their own: they are scored from their members. */
    static Condition notComposite(long roundId) {
        return notExists(selectOne().from(ROUND_COMPOSITE_PART)
                .where(ROUND_COMPOSITE_PART.ROUND_ID.eq(roundId))
                .and(ROUND_COMPOSITE_PART.COMPOSITE_UNIT_ID.eq(ROUND_UNIT.UNIT_ID)));
    }
}
