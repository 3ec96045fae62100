package cn.gongkai.scoring;

/** What one scoring run wrote. */
public record ScoringSummary(int units, int pointScores, int negativeListEntries) {
}
