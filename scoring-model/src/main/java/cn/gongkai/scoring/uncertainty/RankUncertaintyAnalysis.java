package cn.gongkai.scoring.uncertainty;

import static cn.gongkai.sql.jooq.Tables.AREA_SCORE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY;
import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY_RUN;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.sum;

import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.scoring.RoundPolicy.Composite;
import cn.gongkai.scoring.RoundPolicy.Pool;
import cn.gongkai.scoring.uncertainty.MonteCarloRanks.Cell;
import cn.gongkai.scoring.uncertainty.MonteCarloRanks.Part;
import cn.gongkai.scoring.uncertainty.MonteCarloRanks.Settings;
import cn.gongkai.scoring.uncertainty.MonteCarloRanks.Unit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Runs the Monte Carlo rank uncertainty over a round's stored area scores and keeps, for every unit, its median rank
 * and the 5th–95th percentile interval of its rank in {@code rank_uncertainty}, beside the results it describes.
 */
public final class RankUncertaintyAnalysis {

    private static final int INSERT_CHUNK = 1000;

    private RankUncertaintyAnalysis() {
    }

    /**
     * Replaces the round's uncertainty results; call it inside the transaction that wrote the round's scores, so the
     * two never disagree. Returns the number of units analysed (0 when the policy switches the analysis off).
     */
    public static int analyse(DSLContext db, long roundId, RoundPolicy policy) {
        db.deleteFrom(RANK_UNCERTAINTY).where(RANK_UNCERTAINTY.ROUND_ID.eq(roundId)).execute();
        db.deleteFrom(RANK_UNCERTAINTY_RUN).where(RANK_UNCERTAINTY_RUN.ROUND_ID.eq(roundId)).execute();
        RoundPolicy.Uncertainty settings = policy.uncertainty();
        if (settings.draws() == 0) {
            return 0;
        }
        List<Unit> units = load(db, roundId, policy);
        if (units.isEmpty()) {
            return 0;
        }
        List<MonteCarloRanks.Result> results = MonteCarloRanks.run(units, new Settings(areas(db, roundId).size(),
                poolWeights(policy), number(policy.bonusThreshold()), number(policy.vetoScoreCap()), settings.draws(),
                settings.spread(), settings.seed(), settings.geometric()));
        for (int from = 0; from < results.size(); from += INSERT_CHUNK) {
            var insert = db.insertInto(RANK_UNCERTAINTY, RANK_UNCERTAINTY.ROUND_ID, RANK_UNCERTAINTY.UNIT_ID,
                    RANK_UNCERTAINTY.MEDIAN_RANK, RANK_UNCERTAINTY.P05_RANK, RANK_UNCERTAINTY.P95_RANK);
            for (MonteCarloRanks.Result r : results.subList(from, Math.min(results.size(), from + INSERT_CHUNK))) {
                insert = insert.values(roundId, r.unitId(),
                        BigDecimal.valueOf(r.medianRank()).setScale(1, RoundingMode.HALF_UP), r.p05Rank(), r.p95Rank());
            }
            insert.execute();
        }
        db.insertInto(RANK_UNCERTAINTY_RUN, RANK_UNCERTAINTY_RUN.ROUND_ID, RANK_UNCERTAINTY_RUN.DRAWS,
                        RANK_UNCERTAINTY_RUN.SPREAD, RANK_UNCERTAINTY_RUN.SEED, RANK_UNCERTAINTY_RUN.GEOMETRIC,
                        RANK_UNCERTAINTY_RUN.COMPUTED_AT)
                .values(roundId, settings.draws(), BigDecimal.valueOf(settings.spread()), settings.seed(),
                        settings.geometric(), LocalDateTime.now(ZoneOffset.UTC))
                .execute();
        return results.size();
    }

    private static Map<Long, Integer> areas(DSLContext db, long roundId) {
        Map<Long, Integer> index = new HashMap<>();
        db.selectDistinct(AREA_SCORE.AREA_ID).from(AREA_SCORE).where(AREA_SCORE.ROUND_ID.eq(roundId))
                .orderBy(AREA_SCORE.AREA_ID)
                .forEach(r -> index.put(r.value1(), index.size()));
        return index;
    }

    /** The units as the round scored them, composites last so their members come first. */
    static List<Unit> load(DSLContext db, long roundId, RoundPolicy policy) {
        Map<Long, Integer> areaIndex = areas(db, roundId);
        Map<Long, List<Cell>> cells = new HashMap<>();
        db.select(AREA_SCORE.UNIT_ID, AREA_SCORE.AREA_ID, AREA_SCORE.POOL, AREA_SCORE.SCORE, AREA_SCORE.MAX_SCORE)
                .from(AREA_SCORE).where(AREA_SCORE.ROUND_ID.eq(roundId))
                .forEach(r -> cells.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(new Cell(
                        areaIndex.get(r.value2()), Pool.valueOf(r.value3()).ordinal(), r.value4().doubleValue(),
                        r.value5().doubleValue())));
        Map<Long, Double> bonus = new HashMap<>();
        db.select(POINT_SCORE.UNIT_ID, sum(POINT_SCORE.SCORE))
                .from(POINT_SCORE)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(POINT_SCORE.POINT_ID))
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(EVALUATION_POINT.BONUS.isTrue())
                .groupBy(POINT_SCORE.UNIT_ID)
                .forEach(r -> {
                    BigDecimal earned = r.value2() == null ? BigDecimal.ZERO : r.value2();
                    if (policy.bonusCap() != null) {
                        earned = earned.min(policy.bonusCap());
                    }
                    bonus.put(r.value1(), earned.doubleValue());
                });
        Map<Long, Composite> composites = new HashMap<>();
        policy.composites().forEach(c -> composites.put(c.unitId(), c));
        Map<Long, Integer> index = new LinkedHashMap<>();
        List<Unit> units = new ArrayList<>();
        List<Long> compositeIds = new ArrayList<>();
        Map<Long, long[]> compositeHeads = new HashMap<>();
        var rows = db.select(UNIT_RESULT.UNIT_ID, UNIT_RESULT.GROUP_ID, UNIT_RESULT.NEGATIVE_LIST)
                .from(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .orderBy(UNIT_RESULT.UNIT_ID)
                .fetch();
        for (var r : rows) {
            if (composites.containsKey(r.value1())) {
                compositeIds.add(r.value1());
                compositeHeads.put(r.value1(), new long[] {r.value2(), r.value3() ? 1 : 0});
                continue;
            }
            index.put(r.value1(), units.size());
            units.add(new Unit(r.value1(), r.value2(), cells.getOrDefault(r.value1(), List.of()),
                    bonus.getOrDefault(r.value1(), 0.0), r.value3(), List.of()));
        }
        for (long id : compositeIds) {
            List<Part> parts = new ArrayList<>();
            for (RoundPolicy.Part part : composites.get(id).parts()) {
                int[] members = part.members().stream().filter(index::containsKey).mapToInt(index::get).toArray();
                parts.add(new Part(part.weight().doubleValue(), members));
            }
            long[] head = compositeHeads.get(id);
            units.add(new Unit(id, head[0], List.of(), 0, head[1] == 1, parts));
        }
        return units;
    }

    private static double[] poolWeights(RoundPolicy policy) {
        if (policy.weights() == null) {
            return null;
        }
        double[] weights = new double[MonteCarloRanks.POOLS];
        for (Pool pool : Pool.values()) {
            weights[pool.ordinal()] = policy.weights().of(pool).doubleValue();
        }
        return weights;
    }

    private static double number(BigDecimal value) {
        return value == null ? Double.NaN : value.doubleValue();
    }
}
