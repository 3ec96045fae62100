package cn.gongkai.scoring.compare;

import java.util.OptionalDouble;

/**
 * Kendall's tau-b between two rankings of the same items: +1 same order, −1 reversed, 0 unrelated. Tau-b corrects
 * for ties (competition ranks tie often), so two rankings that agree up to their ties still score 1. Pairwise, O(n²):
 * a group has at most a few thousand units.
 */
public final class KendallTau {

    private KendallTau() {
    }

    /** Empty when fewer than two items, or when either ranking ties everything (tau-b is undefined then). */
    public static OptionalDouble tauB(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("two rankings of different lengths: " + x.length + ", " + y.length);
        }
        int n = x.length;
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int dx = Double.compare(x[i], x[j]);
                int dy = Double.compare(y[i], y[j]);
                if (dx == 0 && dy == 0) {
                    tiedX++;
                    tiedY++;
                } else if (dx == 0) {
                    tiedX++;
                } else if (dy == 0) {
                    tiedY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        long pairs = (long) n * (n - 1) / 2;
        double denominator = Math.sqrt((double) (pairs - tiedX) * (double) (pairs - tiedY));
        if (denominator == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((concordant - discordant) / denominator);
    }
}
