/**
 * The scoring model. {@link cn.gongkai.scoring.RoundScorer} turns a round's findings, reviews and manual scores into
 * point scores, area scores, the negative list, unit totals, competition ranks within groups and grades, in one
 * transaction: point and area scores are computed in Java from the findings read once ({@link
 * cn.gongkai.scoring.PointRule}), the rest is set-based SQL through jOOQ (ranks by window functions) — under the
 * round's {@link cn.gongkai.scoring.RoundPolicy} (stored by
 * {@link cn.gongkai.scoring.RoundPolicies}). Sub-packages: {@code publish} (frozen, hashed snapshots and their change
 * log), {@code compare} (round against round, Kendall's tau), {@code uncertainty} (Monte Carlo rank intervals).
 */
package cn.gongkai.scoring;
