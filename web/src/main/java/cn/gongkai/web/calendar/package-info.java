/** The workbench's working-day calendar page: the years loaded, and an evaluator's upload of a new year's notice. */
package cn.gongkai.web.calendar;
