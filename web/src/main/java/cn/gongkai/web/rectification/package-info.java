/**
 * 整改 (rectification) after a round is published: each point a unit lost marks on becomes an item with the round's
 * deadline; the unit answers with text and evidence files; an evaluator re-captures the item's URLs and closes or
 * reopens it; the round's ledger (整改台账) on the workbench and as xlsx; and, in the next round of the same indicator
 * system, points that fail again after an item are marked 屡查屡犯.
 */
package cn.gongkai.web.rectification;
