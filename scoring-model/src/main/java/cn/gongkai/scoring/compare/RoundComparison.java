package cn.gongkai.scoring.compare;

import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.jooq.DSLContext;

/**
 * Compares two rounds' results unit by unit: score and rank deltas for the units both rounds ranked, and Kendall's
 * tau-b between the two rankings of those common units, within each group and over all units by total.
 */
public final class RoundComparison {

    /** Which results to compare: the latest published snapshot of each round, or the working results. */
    public enum Basis {
        PUBLISHED,
        WORKING
    }

    /**
     * One unit present in both rounds. {@code rankChange} is positive when the unit moved up (rank 5 → 3 is +2);
     * null when its group changed, since ranks in different groups do not compare.
     */
    public record UnitDelta(long unitId, String unitCode, String unitName, long groupId, BigDecimal totalBefore,
                            BigDecimal totalAfter, BigDecimal totalChange, int rankBefore, int rankAfter,
                            Integer rankChange, String gradeBefore, String gradeAfter) {
    }

    /** Tau-b of one group's common units (by their ranks in that group in both rounds); empty if undefined. */
    public record GroupAgreement(long groupId, String groupName, int commonUnits, OptionalDouble kendallTau) {
    }

    public record Comparison(long roundBefore, long roundAfter, Basis basis, List<UnitDelta> units,
                             List<Long> onlyBefore, List<Long> onlyAfter, List<GroupAgreement> groups,
                             OptionalDouble overallKendallTau) {
    }

    private record Result(long unitId, long groupId, BigDecimal total, int rank, String grade) {
    }

    private final DSLContext dsl;

    public RoundComparison(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Comparison compare(long roundBefore, long roundAfter, Basis basis) {
        return compare(roundBefore, basis, roundAfter, basis);
    }

    /**
     * Compares results read on different bases, e.g. a round's working results with the previous round's published
     * ones (what an evaluator sees before publishing); the comparison's {@code basis} is the later round's.
     */
    public Comparison compare(long roundBefore, Basis basisBefore, long roundAfter, Basis basis) {
        Map<Long, Result> before = results(roundBefore, basisBefore);
        Map<Long, Result> after = results(roundAfter, basis);
        Map<Long, String[]> names = new HashMap<>();
        dsl.select(UNIT.ID, UNIT.CODE, UNIT.NAME).from(UNIT).where(UNIT.ID.in(after.keySet()))
                .forEach(r -> names.put(r.value1(), new String[] {r.value2(), r.value3()}));
        List<UnitDelta> deltas = new ArrayList<>();
        Map<Long, List<Result[]>> sameGroup = new LinkedHashMap<>();
        for (Result now : after.values()) {
            Result was = before.get(now.unitId());
            if (was == null) {
                continue;
            }
            boolean comparable = was.groupId() == now.groupId();
            String[] name = names.getOrDefault(now.unitId(), new String[] {"", ""});
            deltas.add(new UnitDelta(now.unitId(), name[0], name[1], now.groupId(), was.total(), now.total(),
                    now.total().subtract(was.total()), was.rank(), now.rank(),
                    comparable ? was.rank() - now.rank() : null, was.grade(), now.grade()));
            if (comparable) {
                sameGroup.computeIfAbsent(now.groupId(), k -> new ArrayList<>()).add(new Result[] {was, now});
            }
        }
        Map<Long, String> groupNames = new HashMap<>();
        dsl.select(UNIT_GROUP.ID, UNIT_GROUP.NAME).from(UNIT_GROUP)
                .forEach(r -> groupNames.put(r.value1(), r.value2()));
        List<GroupAgreement> groups = new ArrayList<>();
        for (var group : sameGroup.entrySet()) {
            List<Result[]> pairs = group.getValue();
            double[] x = new double[pairs.size()];
            double[] y = new double[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                x[i] = pairs.get(i)[0].rank();
                y[i] = pairs.get(i)[1].rank();
            }
            groups.add(new GroupAgreement(group.getKey(), groupNames.get(group.getKey()), pairs.size(),
                    KendallTau.tauB(x, y)));
        }
        double[] x = new double[deltas.size()];
        double[] y = new double[deltas.size()];
        for (int i = 0; i < deltas.size(); i++) {
            x[i] = deltas.get(i).totalBefore().doubleValue();
            y[i] = deltas.get(i).totalAfter().doubleValue();
        }
        List<Long> onlyBefore = before.keySet().stream().filter(id -> !after.containsKey(id)).sorted().toList();
        List<Long> onlyAfter = after.keySet().stream().filter(id -> !before.containsKey(id)).sorted().toList();
        return new Comparison(roundBefore, roundAfter, basis, deltas, onlyBefore, onlyAfter, groups,
                KendallTau.tauB(x, y));
    }

    private Map<Long, Result> results(long roundId, Basis basis) {
        Map<Long, Result> results = new LinkedHashMap<>();
        if (basis == Basis.WORKING) {
            dsl.select(UNIT_RESULT.UNIT_ID, UNIT_RESULT.GROUP_ID, UNIT_RESULT.TOTAL, UNIT_RESULT.RANK_IN_GROUP,
                            UNIT_RESULT.GRADE)
                    .from(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId))
                    .orderBy(UNIT_RESULT.GROUP_ID, UNIT_RESULT.RANK_IN_GROUP, UNIT_RESULT.UNIT_ID)
                    .forEach(r -> results.put(r.value1(), new Result(r.value1(), r.value2(), r.value3(), r.value4(),
                            r.value5())));
            return results;
        }
        Long snapshot = dsl.select(RESULT_SNAPSHOT.ID).from(RESULT_SNAPSHOT)
                .where(RESULT_SNAPSHOT.ROUND_ID.eq(roundId))
                .orderBy(RESULT_SNAPSHOT.VERSION.desc()).limit(1)
                .fetchOne(RESULT_SNAPSHOT.ID);
        if (snapshot == null) {
            throw new IllegalStateException("评估轮次 " + roundId + " 尚未发布结果，无法按已发布结果比较");
        }
        var u = RESULT_SNAPSHOT_UNIT;
        dsl.select(u.UNIT_ID, u.GROUP_ID, u.TOTAL, u.RANK_IN_GROUP, u.GRADE)
                .from(u).where(u.SNAPSHOT_ID.eq(snapshot))
                .orderBy(u.GROUP_ID, u.RANK_IN_GROUP, u.UNIT_ID)
                .forEach(r -> results.put(r.value1(), new Result(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5())));
        return results;
    }
}
