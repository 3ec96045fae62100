package cn.gongkai.crawler;

/**
 * What one call of {@link Crawler#crawl(long)} did.
 *
 * @param pagesFetched frontier URLs captured with a 2xx/3xx answer in this call (robots.txt not counted)
 * @param failures     frontier URLs whose last attempt ended in a 4xx/5xx answer or no answer at all
 * @param bytes        payload bytes archived in this call, robots.txt included
 * @param skipped      frontier URLs not fetched: private address, robots.txt, or an unusable URL
 */
public record CrawlReport(int pagesFetched, int failures, long bytes, int skipped) {
}
