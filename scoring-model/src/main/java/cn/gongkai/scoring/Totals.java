package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.AREA_SCORE;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.POINT_RULE;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.ROUND_COMPOSITE_MEMBER;
import static cn.gongkai.sql.jooq.Tables.ROUND_COMPOSITE_PART;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.round;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import cn.gongkai.scoring.RoundPolicy.Pool;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.CaseConditionStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

/**
 * Area subtotals (added up in memory from the point scores) and unit totals (set-based).
 *
 * <p>An indicator scores its applicable maximum (at most the indicator's own) less its points' losses, never below
 * zero: deductions under one indicator never exceed its points. Areas sum their indicators per source pool. A unit's
 * base total is its share of the points that apply to it, out of 100 (a department without services is scored out
 * of 75 and multiplied by 4/3); with source weights, it is the weighted mean of its pools' shares over the pools it
 * has points in. Bonus points are added only when the base total reaches the threshold, and a unit on the negative
 * list is capped when the round says so.
 */
final class Totals {

    static final BigDecimal HUNDRED = new BigDecimal(100);

    private Totals() {
    }

    /** A unit's subtotal of one area in one source pool. */
    private record AreaKey(long unitId, long areaId, String pool) {
    }

    private record AreaScore(BigDecimal score, BigDecimal max) {
    }

    /**
     * Area subtotals per source pool, added up from the point scores in memory. As with point scores, only the rows
     * that are new or changed are written and rows that no longer have points are deleted: a recompute usually
     * changes few of a round's tens of thousands of subtotals.
     */
    static void writeAreas(DSLContext db, long roundId, ScoredPoints scored) {
        Map<AreaKey, AreaScore> computed = areas(scored);
        Set<AreaKey> stored = new HashSet<>();
        Set<AreaKey> unchanged = new HashSet<>();
        List<AreaKey> stale = new ArrayList<>();
        db.select(AREA_SCORE.UNIT_ID, AREA_SCORE.AREA_ID, AREA_SCORE.POOL, AREA_SCORE.SCORE, AREA_SCORE.MAX_SCORE)
                .from(AREA_SCORE)
                .where(AREA_SCORE.ROUND_ID.eq(roundId))
                .forEach(r -> {
                    AreaKey key = new AreaKey(r.value1(), r.value2(), r.value3());
                    AreaScore now = computed.get(key);
                    if (now == null) {
                        stale.add(key);
                        return;
                    }
                    stored.add(key);
                    if (now.score().compareTo(r.value4()) == 0 && now.max().compareTo(r.value5()) == 0) {
                        unchanged.add(key);
                    }
                });
        for (int from = 0; from < stale.size(); from += MultiRowInsert.ROWS_PER_STATEMENT) {
            List<AreaKey> chunk = stale.subList(from, Math.min(stale.size(), from + MultiRowInsert.ROWS_PER_STATEMENT));
            db.deleteFrom(AREA_SCORE)
                    .where(AREA_SCORE.ROUND_ID.eq(roundId))
                    .and(row(AREA_SCORE.UNIT_ID, AREA_SCORE.AREA_ID, AREA_SCORE.POOL)
                            .in(chunk.stream().map(k -> row(k.unitId(), k.areaId(), k.pool())).toList()))
                    .execute();
        }
        List<String> columns = List.of("round_id", "unit_id", "area_id", "pool", "score", "max_score");
        db.connection(connection -> {
            try (MultiRowInsert insert = new MultiRowInsert(connection, AREA_SCORE.getName(), columns, "");
                 MultiRowInsert update = new MultiRowInsert(connection, AREA_SCORE.getName(), columns,
                         "ON DUPLICATE KEY UPDATE score = VALUES(score), max_score = VALUES(max_score)")) {
                for (var area : computed.entrySet()) {
                    AreaKey key = area.getKey();
                    if (!unchanged.contains(key)) {
                        (stored.contains(key) ? update : insert).add(roundId, key.unitId(), key.areaId(), key.pool(),
                                area.getValue().score(), area.getValue().max());
                    }
                }
                insert.finish();
                update.finish();
            }
        });
    }

    /**
     * An indicator scores its applicable maximum (at most its own) less its points' losses, never below zero; an area
     * adds up its indicators per source pool. Bonus points and points that do not apply (NULL) are left out.
     */
    private static Map<AreaKey, AreaScore> areas(ScoredPoints scored) {
        // A slot per (indicator, pool) and per (area, pool) among the points that are not bonus points.
        record Slot(long id, Pool pool) {
        }
        Map<Slot, Integer> indicators = new LinkedHashMap<>();
        Map<Slot, Integer> areas = new LinkedHashMap<>();
        List<BigDecimal> indicatorMax = new ArrayList<>();
        List<Integer> areaOfIndicator = new ArrayList<>();
        int[] indicatorOfPoint = new int[scored.points()];
        for (int p = 0; p < scored.points(); p++) {
            PointRule rule = scored.rule(p);
            if (rule.bonus()) {
                indicatorOfPoint[p] = -1;
                continue;
            }
            int area = areas.computeIfAbsent(new Slot(rule.areaId(), rule.pool()), k -> areas.size());
            indicatorOfPoint[p] = indicators.computeIfAbsent(new Slot(rule.indicatorId(), rule.pool()), k -> {
                indicatorMax.add(rule.indicatorMax());
                areaOfIndicator.add(area);
                return indicators.size();
            });
        }
        List<Slot> areaSlots = List.copyOf(areas.keySet());
        Map<AreaKey, AreaScore> computed = new LinkedHashMap<>();
        for (int u = 0; u < scored.units(); u++) {
            BigDecimal[] pointsMax = new BigDecimal[indicators.size()];
            BigDecimal[] lost = new BigDecimal[indicators.size()];
            for (int p = 0; p < scored.points(); p++) {
                int indicator = indicatorOfPoint[p];
                BigDecimal score = scored.score(scored.index(u, p));
                if (indicator < 0 || score == null) {
                    continue;
                }
                BigDecimal max = scored.rule(p).max();
                pointsMax[indicator] = pointsMax[indicator] == null ? max : pointsMax[indicator].add(max);
                BigDecimal loss = max.subtract(score);
                lost[indicator] = lost[indicator] == null ? loss : lost[indicator].add(loss);
            }
            BigDecimal[] areaScore = new BigDecimal[areaSlots.size()];
            BigDecimal[] areaMax = new BigDecimal[areaSlots.size()];
            for (int i = 0; i < pointsMax.length; i++) {
                if (pointsMax[i] == null) {
                    continue;
                }
                BigDecimal applicable = indicatorMax.get(i) == null ? pointsMax[i] : pointsMax[i].min(indicatorMax.get(i));
                BigDecimal score = applicable.subtract(lost[i]).max(BigDecimal.ZERO);
                int a = areaOfIndicator.get(i);
                areaScore[a] = areaScore[a] == null ? score : areaScore[a].add(score);
                areaMax[a] = areaMax[a] == null ? applicable : areaMax[a].add(applicable);
            }
            for (int a = 0; a < areaScore.length; a++) {
                if (areaScore[a] != null) {
                    computed.put(new AreaKey(scored.unitId(u), areaSlots.get(a).id(), areaSlots.get(a).pool().name()),
                            new AreaScore(areaScore[a], areaMax[a]));
                }
            }
        }
        return computed;
    }

    static int insertUnits(DSLContext db, long roundId, RoundPolicy policy, LocalDateTime now) {
        Table<?> pools = select(AREA_SCORE.UNIT_ID.as("unit_id"), AREA_SCORE.POOL.as("pool"),
                sum(AREA_SCORE.SCORE).as("s"), sum(AREA_SCORE.MAX_SCORE).as("m"))
                .from(AREA_SCORE)
                .where(AREA_SCORE.ROUND_ID.eq(roundId))
                .groupBy(AREA_SCORE.UNIT_ID, AREA_SCORE.POOL)
                .asTable("p");
        Field<BigDecimal> s = pools.field("s", BigDecimal.class);
        Field<BigDecimal> m = pools.field("m", BigDecimal.class);
        Field<BigDecimal> base;
        if (policy.weights() == null) {
            Field<BigDecimal> raw = coalesce(sum(s), inline(BigDecimal.ZERO));
            Field<BigDecimal> max = coalesce(sum(m), inline(BigDecimal.ZERO));
            base = when(max.gt(BigDecimal.ZERO), raw.mul(HUNDRED).div(max)).else_(inline(BigDecimal.ZERO));
        } else {
            Field<String> pool = pools.field("pool", String.class);
            CaseConditionStep<BigDecimal> weight = when(pool.eq(Pool.THIRD_PARTY.name()),
                    inline(policy.weights().thirdParty()));
            weight = weight.when(pool.eq(Pool.SUPERVISION.name()), inline(policy.weights().supervision()));
            Field<BigDecimal> w = weight.else_(inline(policy.weights().publicEvaluation()));
            Field<BigDecimal> numerator = sum(when(m.gt(BigDecimal.ZERO), w.mul(s).div(m)));
            Field<BigDecimal> denominator = sum(when(m.gt(BigDecimal.ZERO), w));
            base = when(denominator.gt(BigDecimal.ZERO), numerator.mul(HUNDRED).div(denominator))
                    .else_(inline(BigDecimal.ZERO));
        }
        Table<?> bonus = select(POINT_SCORE.UNIT_ID.as("unit_id"), sum(POINT_SCORE.SCORE).as("earned"))
                // the few bonus points first, then their scores: a scan of all the round's scores costs far more
                .from(POINT_RULE)
                .straightJoin(POINT_SCORE).on(POINT_SCORE.ROUND_ID.eq(POINT_RULE.ROUND_ID)
                        .and(POINT_SCORE.POINT_ID.eq(POINT_RULE.POINT_ID)))
                .where(POINT_RULE.ROUND_ID.eq(roundId))
                .and(POINT_RULE.BONUS.isTrue())
                .groupBy(POINT_SCORE.UNIT_ID)
                .asTable("b");
        Table<?> units = select(ROUND_UNIT.UNIT_ID.as("unit_id"), ROUND_UNIT.GROUP_ID.as("group_id"),
                coalesce(sum(s), inline(BigDecimal.ZERO)).as("raw_score"),
                coalesce(sum(m), inline(BigDecimal.ZERO)).as("max_score"),
                round(base, 3).as("base_total"))
                .from(ROUND_UNIT)
                .leftJoin(pools).on(pools.field("unit_id", Long.class).eq(ROUND_UNIT.UNIT_ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId))
                .and(PointScores.notComposite(roundId))
                .groupBy(ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .asTable("u");
        Field<Long> unitId = units.field("unit_id", Long.class);
        Field<BigDecimal> baseTotal = units.field("base_total", BigDecimal.class);
        Field<BigDecimal> earned = coalesce(bonus.field("earned", BigDecimal.class), inline(BigDecimal.ZERO));
        if (policy.bonusCap() != null) {
            earned = least(earned, inline(policy.bonusCap()));
        }
        Field<BigDecimal> counted = policy.bonusThreshold() == null ? earned
                : when(baseTotal.ge(policy.bonusThreshold()), earned).else_(inline(BigDecimal.ZERO));
        Field<Boolean> negative = negative(roundId, unitId);
        Field<BigDecimal> total = capped(policy, round(baseTotal.add(counted), 3), negative);
        return db.insertInto(UNIT_RESULT, UNIT_RESULT.ROUND_ID, UNIT_RESULT.UNIT_ID, UNIT_RESULT.GROUP_ID,
                        UNIT_RESULT.TOTAL, UNIT_RESULT.RAW_SCORE, UNIT_RESULT.MAX_SCORE, UNIT_RESULT.RANK_IN_GROUP,
                        UNIT_RESULT.GRADE, UNIT_RESULT.NEGATIVE_LIST, UNIT_RESULT.COMPUTED_AT, UNIT_RESULT.BASE_TOTAL,
                        UNIT_RESULT.BONUS, UNIT_RESULT.COMPOSITE)
                .select(select(val(roundId), unitId, units.field("group_id", Long.class), total,
                        units.field("raw_score", BigDecimal.class), units.field("max_score", BigDecimal.class),
                        inline(0), inline(""), negative, val(now), baseTotal, counted, inline(false))
                        .from(units)
                        .leftJoin(bonus).on(bonus.field("unit_id", Long.class).eq(unitId)))
                .execute();
    }

    /**
     * Composite units: the weighted mean over their parts of each part's mean member total (members' final totals,
     * bonus and caps included); a part with no scored member drops out and the other weights are rescaled.
     */
    static int insertComposites(DSLContext db, long roundId, RoundPolicy policy, LocalDateTime now) {
        if (policy.composites().isEmpty()) {
            return 0;
        }
        Table<?> parts = select(ROUND_COMPOSITE_PART.COMPOSITE_UNIT_ID.as("unit_id"),
                ROUND_COMPOSITE_PART.WEIGHT.as("weight"), avg(UNIT_RESULT.TOTAL).as("part_total"))
                .from(ROUND_COMPOSITE_PART)
                .leftJoin(ROUND_COMPOSITE_MEMBER).on(ROUND_COMPOSITE_MEMBER.ROUND_ID.eq(ROUND_COMPOSITE_PART.ROUND_ID)
                        .and(ROUND_COMPOSITE_MEMBER.COMPOSITE_UNIT_ID.eq(ROUND_COMPOSITE_PART.COMPOSITE_UNIT_ID))
                        .and(ROUND_COMPOSITE_MEMBER.PART_NO.eq(ROUND_COMPOSITE_PART.PART_NO)))
                .leftJoin(UNIT_RESULT).on(UNIT_RESULT.ROUND_ID.eq(ROUND_COMPOSITE_PART.ROUND_ID)
                        .and(UNIT_RESULT.UNIT_ID.eq(ROUND_COMPOSITE_MEMBER.MEMBER_UNIT_ID)))
                .where(ROUND_COMPOSITE_PART.ROUND_ID.eq(roundId))
                .groupBy(ROUND_COMPOSITE_PART.COMPOSITE_UNIT_ID, ROUND_COMPOSITE_PART.PART_NO,
                        ROUND_COMPOSITE_PART.WEIGHT)
                .asTable("parts");
        Field<BigDecimal> weight = parts.field("weight", BigDecimal.class);
        Field<BigDecimal> partTotal = parts.field("part_total", BigDecimal.class);
        Field<BigDecimal> numerator = sum(when(partTotal.isNotNull(), weight.mul(partTotal)));
        Field<BigDecimal> denominator = sum(when(partTotal.isNotNull(), weight));
        Table<?> composite = select(parts.field("unit_id", Long.class).as("unit_id"),
                round(when(denominator.gt(BigDecimal.ZERO), numerator.div(denominator))
                        .else_(inline(BigDecimal.ZERO)), 3).as("base_total"))
                .from(parts)
                .groupBy(parts.field("unit_id"))
                .asTable("c");
        Field<Long> unitId = composite.field("unit_id", Long.class);
        Field<BigDecimal> baseTotal = composite.field("base_total", BigDecimal.class);
        Field<Boolean> negative = negative(roundId, unitId);
        return db.insertInto(UNIT_RESULT, UNIT_RESULT.ROUND_ID, UNIT_RESULT.UNIT_ID, UNIT_RESULT.GROUP_ID,
                        UNIT_RESULT.TOTAL, UNIT_RESULT.RAW_SCORE, UNIT_RESULT.MAX_SCORE, UNIT_RESULT.RANK_IN_GROUP,
                        UNIT_RESULT.GRADE, UNIT_RESULT.NEGATIVE_LIST, UNIT_RESULT.COMPUTED_AT, UNIT_RESULT.BASE_TOTAL,
                        UNIT_RESULT.BONUS, UNIT_RESULT.COMPOSITE)
                .select(select(val(roundId), unitId, ROUND_UNIT.GROUP_ID, capped(policy, baseTotal, negative),
                        baseTotal, inline(HUNDRED), inline(0), inline(""), negative, val(now), baseTotal,
                        inline(BigDecimal.ZERO), inline(true))
                        .from(composite)
                        .join(ROUND_UNIT).on(ROUND_UNIT.ROUND_ID.eq(roundId).and(ROUND_UNIT.UNIT_ID.eq(unitId))))
                .execute();
    }

    /**
     * Records each unit's count of 待评 points, and each composite's as the sum of its members': one UPDATE per distinct
     * count (and chunk of units) rather than one per unit, since most units of a round share a few counts.
     */
    static void writePending(DSLContext db, long roundId, ScoredPoints scored) {
        int[] pending = scored.pendingPerUnit();
        Map<Integer, List<Long>> unitsByCount = new LinkedHashMap<>();
        for (int u = 0; u < pending.length; u++) {
            if (pending[u] > 0) {
                unitsByCount.computeIfAbsent(pending[u], k -> new ArrayList<>()).add(scored.unitId(u));
            }
        }
        for (var entry : unitsByCount.entrySet()) {
            List<Long> units = entry.getValue();
            for (int from = 0; from < units.size(); from += MultiRowInsert.ROWS_PER_STATEMENT) {
                db.update(UNIT_RESULT).set(UNIT_RESULT.PENDING_POINTS, entry.getKey())
                        .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                        .and(UNIT_RESULT.UNIT_ID.in(units.subList(from,
                                Math.min(units.size(), from + MultiRowInsert.ROWS_PER_STATEMENT))))
                        .execute();
            }
        }
    }

    /** A composite is as incomplete as its members together. */
    static void writeCompositePending(DSLContext db, long roundId) {
        var member = UNIT_RESULT.as("member");
        Table<?> sums = select(ROUND_COMPOSITE_MEMBER.COMPOSITE_UNIT_ID.as("unit_id"),
                sum(member.PENDING_POINTS).as("pending"))
                .from(ROUND_COMPOSITE_MEMBER)
                .join(member).on(member.ROUND_ID.eq(ROUND_COMPOSITE_MEMBER.ROUND_ID)
                        .and(member.UNIT_ID.eq(ROUND_COMPOSITE_MEMBER.MEMBER_UNIT_ID)))
                .where(ROUND_COMPOSITE_MEMBER.ROUND_ID.eq(roundId))
                .groupBy(ROUND_COMPOSITE_MEMBER.COMPOSITE_UNIT_ID)
                .asTable("sums");
        db.update(UNIT_RESULT.join(sums).on(sums.field("unit_id", Long.class).eq(UNIT_RESULT.UNIT_ID)))
                .set(UNIT_RESULT.PENDING_POINTS, sums.field("pending", BigDecimal.class).cast(Integer.class))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.COMPOSITE.isTrue())
                .execute();
    }

    private static Field<Boolean> negative(long roundId, Field<Long> unitId) {
        return exists(selectOne().from(NEGATIVE_LIST_ENTRY)
                .where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId))
                .and(NEGATIVE_LIST_ENTRY.UNIT_ID.eq(unitId)));
    }

    private static Field<BigDecimal> capped(RoundPolicy policy, Field<BigDecimal> total, Field<Boolean> negative) {
        if (policy.vetoScoreCap() == null) {
            return total;
        }
        return when(negative.isTrue(), least(total, inline(policy.vetoScoreCap()))).else_(total);
    }
}
