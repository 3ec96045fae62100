/**
 * Reading pages: charset detection for Chinese sites, dated list entries and article publication dates
 * ({@link cn.gongkai.crawler.extract.PageExtractor}). Pure functions over bytes and jsoup documents.
 */
package cn.gongkai.crawler.extract;
