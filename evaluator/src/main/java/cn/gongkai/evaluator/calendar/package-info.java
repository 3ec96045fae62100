/** China's official working-day calendar (holidays and 调休), for every "N working days" rule. */
package cn.gongkai.evaluator.calendar;
