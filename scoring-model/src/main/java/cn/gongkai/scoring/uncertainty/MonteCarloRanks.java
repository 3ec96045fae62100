package cn.gongkai.scoring.uncertainty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Rank uncertainty by Monte Carlo, in plain Java: every draw moves each area's weight (and each source pool's
 * weight) by its own uniform factor in [1 − spread, 1 + spread], the same factor for every unit (a draw is another
 * plausible scheme, not noise on one unit), and may use the geometric instead of the arithmetic mean of area shares;
 * then it recomputes every total the way the round computes it (bonus threshold, negative-list cap, composites) and
 * ranks the units within their groups. With spread 0 and the arithmetic mean the draws reproduce the official ranks.
 */
final class MonteCarloRanks {

    /** A share of 0 would make the geometric mean 0 whatever else the unit did; 1% keeps it informative. */
    static final double GEOMETRIC_FLOOR = 0.01;
    static final int POOLS = 3;

    /** One area subtotal of a unit in one pool; {@code area} and {@code pool} are indices. */
    record Cell(int area, int pool, double score, double max) {
    }

    /**
     * A unit as scored: its cells, its earned bonus (already capped), whether it is on the negative list. A
     * composite has no cells and instead parts of member indices with weights.
     */
    record Unit(long id, long groupId, List<Cell> cells, double bonus, boolean negative, List<Part> parts) {
        boolean composite() {
            return !parts.isEmpty();
        }
    }

    record Part(double weight, int[] members) {
    }

    /**
     * The round's settings. {@code poolWeights} null: one pool of all points. {@code bonusThreshold} and
     * {@code vetoCap} NaN when unset.
     */
    record Settings(int areas, double[] poolWeights, double bonusThreshold, double vetoCap, int draws, double spread,
                    long seed, boolean geometric) {
    }

    /** Sorted ranks of one unit over all draws, and the summary kept with the results. */
    record Result(long unitId, double medianRank, int p05Rank, int p95Rank) {
    }

    private MonteCarloRanks() {
    }

    static List<Result> run(List<Unit> units, Settings settings) {
        int n = units.size();
        int[][] ranks = new int[n][settings.draws()];
        Map<Long, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(units.get(i).groupId(), k -> new ArrayList<>()).add(i);
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        double[] areaFactor = new double[settings.areas()];
        double[] poolWeight = new double[POOLS];
        double[] totals = new double[n];
        for (int d = 0; d < settings.draws(); d++) {
            for (int a = 0; a < areaFactor.length; a++) {
                areaFactor[a] = factor(random, settings.spread());
            }
            if (settings.poolWeights() != null) {
                for (int p = 0; p < POOLS; p++) {
                    poolWeight[p] = settings.poolWeights()[p] * factor(random, settings.spread());
                }
            }
            boolean geometric = settings.geometric() && random.nextBoolean();
            for (int i = 0; i < n; i++) {
                Unit unit = units.get(i);
                if (!unit.composite()) {
                    totals[i] = total(unit, settings, areaFactor, poolWeight, geometric);
                }
            }
            for (int i = 0; i < n; i++) {
                Unit unit = units.get(i);
                if (unit.composite()) {
                    totals[i] = composite(unit, totals, settings);
                }
            }
            for (List<Integer> group : groups.values()) {
                rank(group, totals, ranks, d);
            }
        }
        List<Result> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] sorted = ranks[i];
            Arrays.sort(sorted);
            results.add(new Result(units.get(i).id(), Percentiles.median(sorted), Percentiles.nearestRank(sorted, 0.05),
                    Percentiles.nearestRank(sorted, 0.95)));
        }
        return results;
    }

    private static double factor(SplittableRandom random, double spread) {
        return spread == 0 ? 1 : 1 + spread * (2 * random.nextDouble() - 1);
    }

    static double total(Unit unit, Settings settings, double[] areaFactor, double[] poolWeight, boolean geometric) {
        double base;
        if (settings.poolWeights() == null) {
            base = aggregate(unit.cells(), -1, areaFactor, geometric);
        } else {
            double sum = 0;
            double weights = 0;
            for (int p = 0; p < POOLS; p++) {
                double share = aggregate(unit.cells(), p, areaFactor, geometric);
                if (!Double.isNaN(share)) {
                    sum += poolWeight[p] * share;
                    weights += poolWeight[p];
                }
            }
            base = weights > 0 ? sum / weights : Double.NaN;
        }
        base = Double.isNaN(base) ? 0 : round3(100 * base);
        double bonus = Double.isNaN(settings.bonusThreshold()) || base >= settings.bonusThreshold() ? unit.bonus() : 0;
        return capped(round3(base + bonus), unit.negative(), settings);
    }

    /** The weighted mean share of a unit's cells (of one pool, or all when {@code pool} is −1); NaN if none. */
    private static double aggregate(List<Cell> cells, int pool, double[] areaFactor, boolean geometric) {
        double weighted = 0;
        double weights = 0;
        for (Cell cell : cells) {
            if ((pool >= 0 && cell.pool() != pool) || cell.max() <= 0) {
                continue;
            }
            double w = areaFactor[cell.area()] * cell.max();
            double share = cell.score() / cell.max();
            weighted += geometric ? w * Math.log(Math.max(share, GEOMETRIC_FLOOR)) : w * share;
            weights += w;
        }
        if (weights == 0) {
            return Double.NaN;
        }
        return geometric ? Math.exp(weighted / weights) : weighted / weights;
    }

    private static double composite(Unit unit, double[] totals, Settings settings) {
        double sum = 0;
        double weights = 0;
        for (Part part : unit.parts()) {
            if (part.members().length == 0) {
                continue;
            }
            double mean = 0;
            for (int member : part.members()) {
                mean += totals[member];
            }
            sum += part.weight() * mean / part.members().length;
            weights += part.weight();
        }
        return capped(weights > 0 ? round3(sum / weights) : 0, unit.negative(), settings);
    }

    private static double capped(double total, boolean negative, Settings settings) {
        return negative && !Double.isNaN(settings.vetoCap()) ? Math.min(total, settings.vetoCap()) : total;
    }

    /** Totals are stored with three decimals and ties are judged there, so draws round the same way. */
    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** Competition ranks (1, 2, 2, 4) of one group in one draw. */
    static void rank(List<Integer> group, double[] totals, int[][] ranks, int draw) {
        long[] keys = new long[group.size()];
        for (int k = 0; k < keys.length; k++) {
            int i = group.get(k);
            long thousandths = Math.round(totals[i] * 1000);
            // highest total first; the unit's index in the low 24 bits keeps the key unique
            keys[k] = ((Long.MAX_VALUE >> 25) - thousandths) << 24 | i;
        }
        Arrays.sort(keys);
        long previous = Long.MIN_VALUE;
        int rank = 0;
        for (int k = 0; k < keys.length; k++) {
            long score = keys[k] >>> 24;
            if (score != previous) {
                rank = k + 1;
                previous = score;
            }
            ranks[(int) (keys[k] & 0xFFFFFF)][draw] = rank;
        }
    }
}
