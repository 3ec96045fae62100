/** Exports: a round's results as xlsx (ranking and unit × point sheets) and a unit's PDF report with its evidence. */
package cn.gongkai.web.export;
