package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.sum;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * What a scored round still lacks: its 待评 points, unit by unit, each with why it is pending (the finding's own words
 * when a checker left it open, else who has yet to score it). A unit with any has a provisional total and no grade.
 */
public final class PendingPoints {

    /** One point of one unit still 待评. */
    public record Point(String code, String text, String reason) {
    }

    /** A unit with 待评 points: {@code assessed} of its {@code applicable} points are assessed. */
    public record Unit(long unitId, String unitCode, String unitName, int assessed, int applicable,
                       List<Point> points) {
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
        Map<Long, Unit> units = new LinkedHashMap<>();
        var pendingUnits = dsl.select(UNIT.ID, UNIT.CODE, UNIT.NAME)
                .from(UNIT_RESULT)
                .join(UNIT).on(UNIT.ID.eq(UNIT_RESULT.UNIT_ID))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.PENDING_POINTS.gt(0))
                .and(UNIT_RESULT.COMPOSITE.isFalse())
                .orderBy(UNIT.CODE)
                .fetch();
        if (pendingUnits.isEmpty()) {
            return List.of();
        }
        List<Long> ids = pendingUnits.getValues(UNIT.ID);
        Map<Long, int[]> counts = new LinkedHashMap<>();
        dsl.select(POINT_SCORE.UNIT_ID, POINT_SCORE.SOURCE, POINT_SCORE.SCORE)
                .from(POINT_SCORE)
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(POINT_SCORE.UNIT_ID.in(ids))
                .forEach(r -> {
                    int[] c = counts.computeIfAbsent(r.value1(), k -> new int[2]);
                    if (r.value3() != null) {
                        c[0]++;
                        c[1]++;
                    } else if (PointScores.PENDING.equals(r.value2())) {
                        c[1]++;
                    }
                });
        Map<Long, List<Point>> points = new LinkedHashMap<>();
        dsl.select(POINT_SCORE.UNIT_ID, EVALUATION_POINT.CODE, EVALUATION_POINT.TEXT, EVALUATION_POINT.METHOD,
                        FINDING.STATUS, FINDING.MESSAGE)
                .from(POINT_SCORE)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(POINT_SCORE.POINT_ID))
                .leftJoin(FINDING).on(FINDING.ROUND_ID.eq(POINT_SCORE.ROUND_ID)
                        .and(FINDING.UNIT_ID.eq(POINT_SCORE.UNIT_ID)).and(FINDING.POINT_ID.eq(POINT_SCORE.POINT_ID)))
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(POINT_SCORE.UNIT_ID.in(ids))
                .and(POINT_SCORE.SOURCE.eq(PointScores.PENDING))
                .orderBy(EVALUATION_POINT.ORDINAL, EVALUATION_POINT.ID)
                .forEach(r -> points.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(new Point(r.value2(), r.value3(), reason(r.value4(), r.value5(), r.value6()))));
        for (var u : pendingUnits) {
            int[] c = counts.getOrDefault(u.value1(), new int[2]);
            units.put(u.value1(), new Unit(u.value1(), u.value2(), u.value3(), c[0], c[1],
                    List.copyOf(points.getOrDefault(u.value1(), List.of()))));
        }
        return List.copyOf(units.values());
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
