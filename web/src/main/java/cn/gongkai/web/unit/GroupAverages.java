package cn.gongkai.web.unit;

import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.sum;

import cn.gongkai.web.visibility.ResultTables;
import cn.gongkai.web.visibility.ResultView;
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

    /** {@code snapshotId} is null for the working results, whose stamp is their latest computation and count. */
    private record Key(long roundId, Long snapshotId, long groupId, LocalDateTime computedAt, int units) {
    }

    private final DSLContext dsl;
    private final Map<Key, Of> cache = new ConcurrentHashMap<>();

    GroupAverages(DSLContext dsl) {
        this.dsl = dsl;
    }

    Of of(ResultView view, long groupId) {
        long roundId = view.roundId();
        ResultTables.Units u = ResultTables.units(view);
        var stamp = dsl.select(count(), avg(u.total())).from(u.table()).where(u.groupId().eq(groupId)).fetchOne();
        // A published snapshot never changes; working results change with every scoring run.
        LocalDateTime computedAt = view.published() ? null
                : dsl.select(max(UNIT_RESULT.COMPUTED_AT)).from(UNIT_RESULT)
                        .where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.GROUP_ID.eq(groupId)).fetchOne().value1();
        Key key = new Key(roundId, view.snapshotId(), groupId, computedAt, Objects.requireNonNull(stamp).value1());
        BigDecimal total = stamp.value2() == null ? null : stamp.value2().setScale(2, RoundingMode.HALF_UP);
        Of cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Map<Long, BigDecimal> areas = new HashMap<>();
        ResultTables.Areas a = ResultTables.areas(view);
        ResultTables.Units members = ResultTables.units(view);
        dsl.select(a.areaId(), sum(a.score()), countDistinct(a.unitId()))
                .from(a.table())
                .join(members.table()).on(members.unitId().eq(a.unitId()))
                .where(members.groupId().eq(groupId))
                .groupBy(a.areaId())
                .forEach(r -> areas.put(r.value1(),
                        r.value2().divide(BigDecimal.valueOf(r.value3()), 2, RoundingMode.HALF_UP)));
        Map<Long, BigDecimal> points = new HashMap<>();
        ResultTables.Points p = ResultTables.points(view);
        dsl.select(p.pointId(), avg(p.score()))
                .from(p.table())
                .join(members.table()).on(members.unitId().eq(p.unitId()))
                .where(members.groupId().eq(groupId))
                .groupBy(p.pointId())
                .forEach(r -> {
                    if (r.value2() != null) {
                        points.put(r.value1(), r.value2().setScale(2, RoundingMode.HALF_UP));
                    }
                });
        Of computed = new Of(stamp.value1(), total, Map.copyOf(areas), Map.copyOf(points));
        // Old keys of the same group and source are dead once the round is rescored.
        cache.keySet().removeIf(k -> k.roundId() == roundId && Objects.equals(k.snapshotId(), view.snapshotId())
                && k.groupId() == groupId);
        cache.put(key, computed);
        return computed;
    }
}
