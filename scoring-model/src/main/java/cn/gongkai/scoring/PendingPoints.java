package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What a scored round still lacks: its 待评 points, unit by unit, each with why it is pending (the finding's own words
 * when a checker left it open, else who has yet to score it). A unit with any has a provisional total and no grade.
 */
public final class PendingPoints {

    /**
     * One point of one unit still 待评. {@code method} is the point's (MANUAL, DEPARTMENT, PUBLIC: a person's score is
     * missing; PUBLIC also for a point the round's policy puts in the public pool, whatever its catalogue method, as
     * its score comes from the 公众评价 import); {@code findingId} the open finding, if a checker left it open; {@code failedChannelId} the channel
     * whose failed capture left it open, if that is why.
     */
    public record Point(long pointId, String code, String text, String method, String reason, Long findingId,
                        Long failedChannelId) {
    }

    /** A unit: {@code assessed} of its {@code applicable} points are assessed, {@code points} are still 待评. */
    public record Unit(long unitId, String unitCode, String unitName, int assessed, int applicable,
                       List<Point> points) {

        public boolean complete() {
            return points.isEmpty();
        }
    }

    /** A point of the round: {@code pending} of the {@code applicable} units it applies to are still 待评 on it. */
    public record PointCompletion(long pointId, String code, String text, String method, int pending,
                                  int applicable) {
    }

    private final DSLContext dsl;

    public PendingPoints(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** How many 待评 points the round's working results hold (composites, which only add their members', left out). */
    public int count(long roundId) {
        BigDecimal pending = dsl.select(sum(UNIT_RESULT.PENDING_POINTS)).from(UNIT_RESULT)
                .where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.COMPOSITE.isFalse())
                .fetchOne().value1();
        return pending == null ? 0 : pending.intValue();
    }

    /** The units with 待评 points, in unit code order, their points in catalogue order. */
    public List<Unit> list(long roundId) {
        return units(roundId, UNIT_RESULT.PENDING_POINTS.gt(0));
    }

    /** Every unit of the round (composites left out), complete or not, in unit code order: how far each is assessed. */
    public List<Unit> completion(long roundId) {
        return units(roundId, DSL.noCondition());
    }

    /** The unit's 待评 points in the round's working results, in catalogue order; empty when it has none. */
    public List<Point> ofUnit(long roundId, long unitId) {
        List<Unit> unit = units(roundId, UNIT_RESULT.UNIT_ID.eq(unitId).and(UNIT_RESULT.PENDING_POINTS.gt(0)));
        return unit.isEmpty() ? List.of() : unit.getFirst().points();
    }

    /** The round's points that some unit is still 待评 on, most units first, then in catalogue order. */
    public List<PointCompletion> byPoint(long roundId) {
        Map<Long, RoundPolicy.Pool> pools = pools(roundId);
        var pending = sum(when(POINT_SCORE.SOURCE.eq(PointScores.PENDING), inline(1)).else_(inline(0)));
        var applicable = sum(when(POINT_SCORE.SCORE.isNotNull().or(POINT_SCORE.SOURCE.eq(PointScores.PENDING)),
                inline(1)).else_(inline(0)));
        return dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.TEXT, EVALUATION_POINT.METHOD,
                        pending, applicable)
                .from(POINT_SCORE)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(POINT_SCORE.POINT_ID))
                .join(UNIT_RESULT).on(UNIT_RESULT.ROUND_ID.eq(POINT_SCORE.ROUND_ID)
                        .and(UNIT_RESULT.UNIT_ID.eq(POINT_SCORE.UNIT_ID)))
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(UNIT_RESULT.COMPOSITE.isFalse())
                .groupBy(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.TEXT, EVALUATION_POINT.METHOD,
                        EVALUATION_POINT.ORDINAL)
                .having(pending.gt(BigDecimal.ZERO))
                .orderBy(pending.desc(), EVALUATION_POINT.ORDINAL, EVALUATION_POINT.ID)
                .fetch(r -> new PointCompletion(r.value1(), r.value2(), r.value3(), method(pools, r.value1(),
                        r.value4()), r.value5().intValue(), r.value6().intValue()));
    }

    private List<Unit> units(long roundId, Condition which) {
        var unitRows = dsl.select(UNIT.ID, UNIT.CODE, UNIT.NAME)
                .from(UNIT_RESULT)
                .join(UNIT).on(UNIT.ID.eq(UNIT_RESULT.UNIT_ID))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(which)
                .and(UNIT_RESULT.COMPOSITE.isFalse())
                .orderBy(UNIT.CODE)
                .fetch();
        if (unitRows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = unitRows.getValues(UNIT.ID);
        Map<Long, int[]> counts = new LinkedHashMap<>();
        dsl.select(POINT_SCORE.UNIT_ID, DSL.count(POINT_SCORE.SCORE),
                        sum(when(POINT_SCORE.SOURCE.eq(PointScores.PENDING), inline(1)).else_(inline(0))))
                .from(POINT_SCORE)
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(POINT_SCORE.UNIT_ID.in(ids))
                .groupBy(POINT_SCORE.UNIT_ID)
                .forEach(r -> counts.put(r.value1(), new int[] {r.value2(), r.value2() + r.value3().intValue()}));
        // A finding's channel whose capture failed, or ended without one page read: the point waits for a new capture.
        Condition captureFailed = CHANNEL_CAPTURE.STATUS.eq("FAILED")
                .or(CHANNEL_CAPTURE.STATUS.in("DONE", "INCOMPLETE").and(DSL.not(exists(selectOne().from(CAPTURE)
                        .where(CAPTURE.ROUND_ID.eq(CHANNEL_CAPTURE.ROUND_ID))
                        .and(CAPTURE.CHANNEL_ID.eq(CHANNEL_CAPTURE.CHANNEL_ID))
                        .and(CAPTURE.STATUS.eq("OK")).and(CAPTURE.URL.notLike("%/robots.txt"))))));
        Map<Long, RoundPolicy.Pool> pools = pools(roundId);
        Map<Long, List<Point>> points = new LinkedHashMap<>();
        dsl.select(POINT_SCORE.UNIT_ID, EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.TEXT,
                        EVALUATION_POINT.METHOD, FINDING.STATUS, FINDING.MESSAGE, FINDING.ID,
                        when(captureFailed, CHANNEL_CAPTURE.CHANNEL_ID))
                .from(POINT_SCORE)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(POINT_SCORE.POINT_ID))
                .leftJoin(FINDING).on(FINDING.ROUND_ID.eq(POINT_SCORE.ROUND_ID)
                        .and(FINDING.UNIT_ID.eq(POINT_SCORE.UNIT_ID)).and(FINDING.POINT_ID.eq(POINT_SCORE.POINT_ID)))
                .leftJoin(CHANNEL_CAPTURE).on(CHANNEL_CAPTURE.ROUND_ID.eq(FINDING.ROUND_ID)
                        .and(CHANNEL_CAPTURE.CHANNEL_ID.eq(FINDING.CHANNEL_ID)))
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(POINT_SCORE.UNIT_ID.in(ids))
                .and(POINT_SCORE.SOURCE.eq(PointScores.PENDING))
                .orderBy(EVALUATION_POINT.ORDINAL, EVALUATION_POINT.ID)
                .forEach(r -> points.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(new Point(r.value2(), r.value3(), r.value4(), method(pools, r.value2(), r.value5()),
                                reason(method(pools, r.value2(), r.value5()), r.value6(), r.value7()), r.value8(),
                                "UNCERTAIN".equals(r.value6()) ? r.value9() : null)));
        List<Unit> units = new ArrayList<>();
        for (var u : unitRows) {
            int[] c = counts.getOrDefault(u.value1(), new int[2]);
            units.add(new Unit(u.value1(), u.value2(), u.value3(), c[0], c[1],
                    List.copyOf(points.getOrDefault(u.value1(), List.of()))));
        }
        return List.copyOf(units);
    }

    private Map<Long, RoundPolicy.Pool> pools(long roundId) {
        return new RoundPolicies(dsl).load(roundId).pointPools();
    }

    /** The point's method as people meet it: PUBLIC when the round's policy puts the point in the public pool. */
    private static String method(Map<Long, RoundPolicy.Pool> pools, long pointId, String method) {
        return pools.get(pointId) == RoundPolicy.Pool.PUBLIC ? "PUBLIC" : method;
    }

    private static String reason(String method, String findingStatus, String findingMessage) {
        if (findingStatus != null) {
            String what = switch (findingStatus) {
                case "UNCERTAIN" -> "检查结果不确定，待评估人员复核";
                case "NOT_ASSESSABLE" -> "无法自动检查，待人工评分";
                case "FAIL" -> "否决项检查不通过，待评估人员确认后列入负面清单";
                default -> "复核结论为待定";
            };
            return findingMessage == null || findingMessage.isBlank() ? what : what + "（" + findingMessage + "）";
        }
        return switch (method) {
            case "MANUAL" -> "人工评估项尚未评分";
            case "DEPARTMENT" -> "部门评价项尚未评分";
            case "PUBLIC" -> "公众评价项尚未评分";
            default -> "尚未检查";
        };
    }
}
