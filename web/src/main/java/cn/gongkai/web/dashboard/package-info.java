/** The leader dashboard: rankings, uncertainty, areas, distribution, year-over-year movement and the negative list. */
package cn.gongkai.web.dashboard;
