package cn.gongkai.web.unit;

import static cn.gongkai.sql.jooq.Tables.AREA_SCORE;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.sum;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * A group's mean total, mean score per area and per point in a round, shown beside each figure of a unit's
 * breakdown. Averaging every point of a large group costs a scan of its point scores, so the result is kept until
 * the round is scored again: the key holds the latest {@code computed_at} and the count of the group's results,
 * which every scoring run changes.
 */
@Component
class GroupAverages {

    record Of(int units, BigDecimal total, Map<Long, BigDecimal> areas, Map<Long, BigDecimal> points) {
    }

    private record Key(long roundId, long groupId, LocalDateTime computedAt, int units) {
    }

    private final DSLContext dsl;
    private final Map<Key, Of> cache = new ConcurrentHashMap<>();

    GroupAverages(DSLContext dsl) {
        this.dsl = dsl;
    }

    Of of(long roundId, long groupId) {
        var stamp = dsl.select(max(UNIT_RESULT.COMPUTED_AT), count(), avg(UNIT_RESULT.TOTAL)).from(UNIT_RESULT)
                .where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.GROUP_ID.eq(groupId)).fetchOne();
        Key key = new Key(roundId, groupId, Objects.requireNonNull(stamp).value1(), stamp.value2());
        BigDecimal total = stamp.value3() == null ? null : stamp.value3().setScale(2, RoundingMode.HALF_UP);
        Of cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Map<Long, BigDecimal> areas = new HashMap<>();
        dsl.select(AREA_SCORE.AREA_ID, sum(AREA_SCORE.SCORE), countDistinct(AREA_SCORE.UNIT_ID))
                .from(AREA_SCORE)
                .join(UNIT_RESULT).on(UNIT_RESULT.ROUND_ID.eq(AREA_SCORE.ROUND_ID).and(UNIT_RESULT.UNIT_ID.eq(AREA_SCORE.UNIT_ID)))
                .where(AREA_SCORE.ROUND_ID.eq(roundId)).and(UNIT_RESULT.GROUP_ID.eq(groupId))
                .groupBy(AREA_SCORE.AREA_ID)
                .forEach(r -> areas.put(r.value1(),
                        r.value2().divide(BigDecimal.valueOf(r.value3()), 2, RoundingMode.HALF_UP)));
        Map<Long, BigDecimal> points = new HashMap<>();
        dsl.select(POINT_SCORE.POINT_ID, avg(POINT_SCORE.SCORE))
                .from(POINT_SCORE)
                .join(UNIT_RESULT).on(UNIT_RESULT.ROUND_ID.eq(POINT_SCORE.ROUND_ID).and(UNIT_RESULT.UNIT_ID.eq(POINT_SCORE.UNIT_ID)))
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(UNIT_RESULT.GROUP_ID.eq(groupId))
                .groupBy(POINT_SCORE.POINT_ID)
                .forEach(r -> {
                    if (r.value2() != null) {
                        points.put(r.value1(), r.value2().setScale(2, RoundingMode.HALF_UP));
                    }
                });
        Of computed = new Of(stamp.value2(), total, Map.copyOf(areas), Map.copyOf(points));
        // Old keys of the same group are dead once the round is rescored.
        cache.keySet().removeIf(k -> k.roundId() == roundId && k.groupId() == groupId);
        cache.put(key, computed);
        return computed;
    }
}
