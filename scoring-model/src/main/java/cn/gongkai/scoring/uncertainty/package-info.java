/**
 * Rank uncertainty: Monte Carlo draws over the weights (±spread) and the aggregation (arithmetic or geometric mean),
 * each unit's median rank and 5th–95th percentile rank interval, stored with the results.
 */
package cn.gongkai.scoring.uncertainty;
