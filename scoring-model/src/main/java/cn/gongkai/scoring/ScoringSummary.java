package cn.gongkai.scoring;

/**
 * What one scoring run wrote. {@code uncertainPoints} counts (unit, point) pairs whose finding is still UNCERTAIN
 * after reviews and manual scores: they keep full marks until an evaluator decides them.
 */
public record ScoringSummary(int units, int pointScores, int negativeListEntries, int uncertainPoints) {
}
