/**
 * Capturing the websites of an assessment round as evidence: {@link cn.gongkai.crawler.Crawler} is the entry point,
 * {@link cn.gongkai.crawler.CrawlSettings} its limits, {@link cn.gongkai.crawler.CrawlReport} its outcome. The
 * frontier and capture tables are reached only through package-private classes here.
 */
package cn.gongkai.crawler;
