package cn.gongkai.scoring;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A round's point scores in memory while it is scored: a row per unit scored from points (in unit id order), a
 * column per point of the round (in point id order). Area scores are added up from here rather than read back.
 */
final class ScoredPoints {

    private final long[] unitIds;
    private final String[] unitTypes;
    private final List<PointRule> rules;
    private final Map<Long, Integer> unitIndex = new HashMap<>();
    private final Map<Long, Integer> pointIndex = new HashMap<>();
    private final BigDecimal[] scores;
    private final String[] sources;

    ScoredPoints(long[] unitIds, String[] unitTypes, List<PointRule> rules) {
        this.unitIds = unitIds;
        this.unitTypes = unitTypes;
        this.rules = List.copyOf(rules);
        for (int u = 0; u < unitIds.length; u++) {
            unitIndex.put(unitIds[u], u);
        }
        for (int p = 0; p < rules.size(); p++) {
            pointIndex.put(rules.get(p).pointId(), p);
        }
        scores = new BigDecimal[unitIds.length * rules.size()];
        sources = new String[scores.length];
    }

    int units() {
        return unitIds.length;
    }

    int points() {
        return rules.size();
    }

    int size() {
        return scores.length;
    }

    long unitId(int unit) {
        return unitIds[unit];
    }

    String unitType(int unit) {
        return unitTypes[unit];
    }

    PointRule rule(int point) {
        return rules.get(point);
    }

    /** The pair's position, or -1 when the unit is not scored from points or the point is not in the round. */
    int index(long unitId, long pointId) {
        Integer u = unitIndex.get(unitId);
        Integer p = pointIndex.get(pointId);
        return u == null || p == null ? -1 : u * rules.size() + p;
    }

    int index(int unit, int point) {
        return unit * rules.size() + point;
    }

    int unitOf(int index) {
        return index / rules.size();
    }

    int pointOf(int index) {
        return index % rules.size();
    }

    void set(int index, BigDecimal score, String source) {
        scores[index] = score;
        sources[index] = source;
    }

    /** NULL when the point does not apply to the unit or was found not applicable. */
    BigDecimal score(int index) {
        return scores[index];
    }

    String source(int index) {
        return sources[index];
    }

    /** The number of 待评 points of each unit, by unit index. */
    int[] pendingPerUnit() {
        int[] pending = new int[unitIds.length];
        for (int i = 0; i < sources.length; i++) {
            if (PointScores.PENDING.equals(sources[i])) {
                pending[unitOf(i)]++;
            }
        }
        return pending;
    }
}
