package cn.gongkai.scoring.uncertainty;

/** Order statistics of sorted ranks. */
final class Percentiles {

    private Percentiles() {
    }

    /** The median; the mean of the two middle values when their count is even. */
    static double median(int[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code p} of all values at or below it, so it is
     * always a rank some draw produced.
     */
    static int nearestRank(int[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        int index = (int) Math.ceil(p * n - 1e-9) - 1; // 0.95 × 1000 must be 950, not 951 by rounding
        return sorted[Math.max(0, Math.min(n - 1, index))];
    }
}
