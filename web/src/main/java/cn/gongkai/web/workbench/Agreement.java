package cn.gongkai.web.workbench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far two evaluators agree on the same findings: percent agreement, and Gwet's AC1, which corrects for chance
 * without collapsing when nearly every finding falls in one category (as passes do) the way Cohen's kappa does.
 */
record Agreement(int pairs, double percent, double ac1) {

    /** A finding judged by both: the first verdict and the second. */
    record Pair(String first, String second) {
    }

    /**
     * @param categories the verdicts an evaluator can give; any other verdict seen in the pairs is added to them
     */
    static Agreement of(List<Pair> pairs, Set<String> categories) {
        if (pairs.isEmpty()) {
            return new Agreement(0, Double.NaN, Double.NaN);
        }
        Set<String> all = new HashSet<>(categories);
        Map<String, Integer> counts = new HashMap<>();
        int agree = 0;
        for (Pair pair : pairs) {
            all.add(pair.first());
            all.add(pair.second());
            counts.merge(pair.first(), 1, Integer::sum);
            counts.merge(pair.second(), 1, Integer::sum);
            if (pair.first().equals(pair.second())) {
                agree++;
            }
        }
        double observed = (double) agree / pairs.size();
        int q = all.size();
        double chance = 0;
        for (String category : all) {
            double pi = counts.getOrDefault(category, 0) / (2.0 * pairs.size());
            chance += pi * (1 - pi);
        }
        chance /= (q - 1);
        double ac1 = chance >= 1 ? Double.NaN : (observed - chance) / (1 - chance);
        return new Agreement(pairs.size(), observed, ac1);
    }
}
