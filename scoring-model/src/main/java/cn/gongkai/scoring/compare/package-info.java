/** Comparison across rounds: score and rank deltas per unit, Kendall's tau-b between two rankings. */
package cn.gongkai.scoring.compare;
