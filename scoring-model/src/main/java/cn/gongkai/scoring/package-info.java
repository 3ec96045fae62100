/**
 * The scoring model: point scores from findings, unit totals rescaled for points that do not apply, the negative
 * list from veto points, competition ranks within groups and grades — all computed in SQL through jOOQ.
 */
package cn.gongkai.scoring;
