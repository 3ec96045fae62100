package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.POINT_RULE;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.ROUND_COMPOSITE_PART;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;

import cn.gongkai.scoring.RoundPolicy.Pool;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;

/**
 * One {@code point_score} row per (unit, point of the round), by the point's rule ({@link PointRule#score}), after
 * people have spoken:
 * <ul>
 * <li>a point that does not apply to the unit's type scores NULL and drops out of the unit's maximum;</li>
 * <li>the latest OVERRIDE review replaces the checker's status and fraction (its count no longer applies);</li>
 * <li>the latest manual or department score wins over any finding, clamped to [0, maximum]; left empty, it scores
 * NULL;</li>
 * <li>a point with neither a conclusive finding nor a person's score is 待评: source {@value #PENDING}, score NULL,
 * out of the unit's maximum, and the unit's total is only provisional;</li>
 * <li>so is a veto FAIL from a checker that awaits an evaluator's confirmation ({@link NegativeList}).</li>
 * </ul>
 * The scores are computed in Java from the round's findings read once, and only the pairs whose score, maximum or
 * source changed are written back: evaluating the rules row by row in one SQL statement took the server about 3 s for
 * 417,000 pairs, and rewriting unchanged rows costs a duplicate-key attempt and a row lock each.
 */
final class PointScores {

    /** The source of a 待评 point. */
    static final String PENDING = "PENDING";
    private static final List<String> COLUMNS = List.of("round_id", "unit_id", "point_id", "score", "max_score",
            "source");
    // VALUES() works on both servers; MySQL 8.0.20+ deprecates it for a row alias, which MariaDB 11.4 does not accept.
    private static final String UPDATE_CHANGED = "ON DUPLICATE KEY UPDATE score = VALUES(score), "
            + "max_score = VALUES(max_score), source = VALUES(source)";

    private PointScores() {
    }

    /**
     * Reads the round's points and their rule_params once, and records them in point_rule for the set-based totals
     * (bonus points, points that left the round). Returns the rules in point id order.
     */
    static List<PointRule> writeRules(DSLContext db, long roundId, RoundPolicy policy) {
        db.deleteFrom(POINT_RULE).where(POINT_RULE.ROUND_ID.eq(roundId)).execute();
        var points = db.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.SCORING_RULE,
                        EVALUATION_POINT.MAX_SCORE, EVALUATION_POINT.RULE_PARAMS, EVALUATION_POINT.METHOD,
                        INDICATOR.ID, INDICATOR.AREA_ID, INDICATOR.MAX_SCORE, EVALUATION_POINT.BONUS,
                        EVALUATION_POINT.APPLIES_TO)
                .from(ROUND_POINT)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .join(INDICATOR).on(INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId))
                .orderBy(EVALUATION_POINT.ID)
                .fetch();
        var ruleRows = db.insertInto(POINT_RULE, POINT_RULE.ROUND_ID, POINT_RULE.POINT_ID, POINT_RULE.RULE,
                POINT_RULE.POOL, POINT_RULE.PER_VIOLATION, POINT_RULE.DEDUCTION_CAP, POINT_RULE.ZERO_AT,
                POINT_RULE.FULL_AT, POINT_RULE.INDICATOR_ID, POINT_RULE.AREA_ID, POINT_RULE.INDICATOR_MAX,
                POINT_RULE.BONUS);
        List<PointRule> rules = new ArrayList<>();
        for (var p : points) {
            RuleParams params = RuleParams.parse(p.value2(), p.value3(), p.value4(), p.value5());
            Pool pool = policy.pointPools().getOrDefault(p.value1(),
                    "DEPARTMENT".equals(p.value6()) ? Pool.SUPERVISION : Pool.THIRD_PARTY);
            ruleRows = ruleRows.values(roundId, p.value1(), params.rule(), pool.name(), params.perViolation(),
                    params.deductionCap(), params.zeroAt(), params.fullAt(), p.value7(), p.value8(), p.value9(),
                    p.value10());
            Set<String> appliesTo = new HashSet<>();
            for (String type : p.value11().split(",")) {
                appliesTo.add(type.toUpperCase(Locale.ROOT));
            }
            rules.add(new PointRule(p.value1(), params.rule(), pool, p.value4(), params.perViolation(),
                    params.deductionCap(), params.zeroAt(), params.fullAt(), params.levels(), appliesTo,
                    p.value10(), p.value7(), p.value8(), p.value9()));
        }
        if (!points.isEmpty()) {
            ruleRows.execute();
        }
        return rules;
    }

    /** Scores every (unit, point) pair of the round and writes the ones that changed; returns them all in memory. */
    static ScoredPoints write(DSLContext db, long roundId, List<PointRule> rules) {
        ScoredPoints scored = score(db, roundId, rules);
        BitSet unchanged = new BitSet(scored.size());
        BitSet stored = new BitSet(scored.size());
        int[] stale = {0};
        forEachRow(db.select(POINT_SCORE.UNIT_ID, POINT_SCORE.POINT_ID, POINT_SCORE.SCORE, POINT_SCORE.MAX_SCORE,
                        POINT_SCORE.SOURCE)
                .from(POINT_SCORE)
                .where(POINT_SCORE.ROUND_ID.eq(roundId)), row -> {
            int i = scored.index(row.getLong(1), row.getLong(2));
            if (i < 0) {
                stale[0]++;
                return;
            }
            stored.set(i);
            if (sameNumber(scored.score(i), row.getBigDecimal(3))
                    && sameNumber(scored.rule(scored.pointOf(i)).max(), row.getBigDecimal(4))
                    && scored.source(i).equals(row.getString(5))) {
                unchanged.set(i);
            }
        });
        if (stale[0] > 0) {
            // units or points that left the round
            db.deleteFrom(POINT_SCORE)
                    .where(POINT_SCORE.ROUND_ID.eq(roundId))
                    .and(POINT_SCORE.POINT_ID.notIn(select(POINT_RULE.POINT_ID).from(POINT_RULE)
                                    .where(POINT_RULE.ROUND_ID.eq(roundId)))
                            .or(POINT_SCORE.UNIT_ID.notIn(select(ROUND_UNIT.UNIT_ID).from(ROUND_UNIT)
                                    .where(ROUND_UNIT.ROUND_ID.eq(roundId)).and(notComposite(roundId)))))
                    .execute();
        }
        db.connection(connection -> {
            // New pairs are inserted plainly; only pairs already stored need the duplicate-key update.
            try (MultiRowInsert insert = new MultiRowInsert(connection, POINT_SCORE.getName(), COLUMNS, "");
                 MultiRowInsert update = new MultiRowInsert(connection, POINT_SCORE.getName(), COLUMNS,
                         UPDATE_CHANGED)) {
                // in key order, as the unit and point ids ascend, so the server fills its index pages in order
                for (int i = unchanged.nextClearBit(0); i < scored.size(); i = unchanged.nextClearBit(i + 1)) {
                    (stored.get(i) ? update : insert).add(roundId, scored.unitId(scored.unitOf(i)),
                            scored.rule(scored.pointOf(i)).pointId(), scored.score(i),
                            scored.rule(scored.pointOf(i)).max(), scored.source(i));
                }
                insert.finish();
                update.finish();
            }
        });
        return scored;
    }

    private static ScoredPoints score(DSLContext db, long roundId, List<PointRule> rules) {
        var units = db.select(ROUND_UNIT.UNIT_ID, UNIT.UNIT_TYPE)
                .from(ROUND_UNIT)
                .join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId))
                .and(notComposite(roundId))
                .orderBy(ROUND_UNIT.UNIT_ID)
                .fetch();
        ScoredPoints scored = new ScoredPoints(units.getValues(ROUND_UNIT.UNIT_ID).stream().mapToLong(Long::longValue)
                .toArray(), units.getValues(UNIT.UNIT_TYPE).toArray(String[]::new), rules);
        boolean[][] applies = new boolean[scored.units()][scored.points()];
        for (int u = 0; u < scored.units(); u++) {
            for (int p = 0; p < scored.points(); p++) {
                PointRule rule = scored.rule(p);
                applies[u][p] = rule.appliesTo(scored.unitType(u));
                // never checked, until a finding or a person says otherwise
                scored.set(scored.index(u, p), applies[u][p] ? rule.score(null, null, null) : null,
                        applies[u][p] && rule.pending(null) ? PENDING : "FINDING");
            }
        }
        Map<Long, Reviewed> overrides = overrides(db, roundId);
        forEachRow(db.select(FINDING.UNIT_ID, FINDING.POINT_ID, FINDING.ID, FINDING.STATUS, FINDING.SCORE_FRACTION,
                        FINDING.MEASURED_VALUE)
                .from(FINDING)
                .where(FINDING.ROUND_ID.eq(roundId)), f -> {
            int i = scored.index(f.getLong(1), f.getLong(2));
            if (i < 0) {
                return;
            }
            PointRule rule = scored.rule(scored.pointOf(i));
            boolean applying = applies[scored.unitOf(i)][scored.pointOf(i)];
            Reviewed review = overrides.isEmpty() ? null : overrides.get(f.getLong(3));
            if (review == null) {
                // only a deduction counts violations
                BigDecimal count = rule.rule().equals("DEDUCTION") ? PointRule.count(f.getString(6)) : null;
                String status = f.getString(4);
                scored.set(i, applying ? rule.score(status, f.getBigDecimal(5), count) : null,
                        applying && rule.pending(status) ? PENDING : "FINDING");
            } else {
                String status = review.status() == null ? f.getString(4) : review.status();
                BigDecimal fraction = review.fraction() == null ? f.getBigDecimal(5) : review.fraction();
                scored.set(i, applying ? rule.score(status, fraction, null) : null,
                        applying && rule.pending(status) ? PENDING : "REVIEW");
            }
        });
        if (db.fetchExists(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID.eq(roundId))) {
            EffectiveFindings effective = new EffectiveFindings(roundId);
            db.select(effective.manualUnitId, effective.manualPointId, effective.manualScore, effective.manualSource)
                    .from(effective.manual)
                    .forEach(m -> {
                        int i = scored.index(m.value1(), m.value2());
                        if (i >= 0) {
                            boolean applying = applies[scored.unitOf(i)][scored.pointOf(i)];
                            scored.set(i, applying ? scored.rule(scored.pointOf(i)).manual(m.value3()) : null,
                                    m.value4());
                        }
                    });
        }
        // After manual scores: a person's score on the point does not stand in for the confirmation a veto needs.
        for (long[] pair : NegativeList.awaitingConfirmation(db, roundId)) {
            int i = scored.index(pair[0], pair[1]);
            if (i >= 0 && applies[scored.unitOf(i)][scored.pointOf(i)]) {
                scored.set(i, null, PENDING);
            }
        }
        return scored;
    }

    private record Reviewed(String status, BigDecimal fraction) {
    }

    /** The latest OVERRIDE review of each finding of the round that has one; confirmations change nothing. */
    private static Map<Long, Reviewed> overrides(DSLContext db, long roundId) {
        Map<Long, Reviewed> overrides = new HashMap<>();
        EffectiveFindings effective = new EffectiveFindings(roundId);
        db.select(effective.overrideFindingId, effective.overrideStatus, effective.overrideFraction)
                .from(effective.overrides)
                .forEach(r -> overrides.put(r.value1(), new Reviewed(r.value2(), r.value3())));
        return overrides;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /**
     * Reads a large result straight from JDBC: building a jOOQ record for each of 400,000 rows cost about as much as
     * the server took to send them.
     */
    private static void forEachRow(ResultQuery<?> query, RowReader reader) {
        try (ResultSet rows = query.fetchResultSet()) {
            while (rows.next()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            throw new DataAccessException("读取评分数据失败：" + e.getMessage(), e);
        }
    }

    private static boolean sameNumber(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    /** Composite units have no points of their own: they are scored from their members. */
    static Condition notComposite(long roundId) {
        return notExists(selectOne().from(ROUND_COMPOSITE_PART)
                .where(ROUND_COMPOSITE_PART.ROUND_ID.eq(roundId))
                .and(ROUND_COMPOSITE_PART.COMPOSITE_UNIT_ID.eq(ROUND_UNIT.UNIT_ID)));
    }
}
