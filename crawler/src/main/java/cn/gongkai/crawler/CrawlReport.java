package cn.gongkai.crawler;

/**
 * What one call of {@link Crawler#crawl(long)} did.
 *
 * @param pagesFetched frontier URLs captured with a 2xx/3xx answer in this call (robots.txt not counted)
 * @param failures     frontier URLs whose last attempt ended in a 4xx/5xx answer, no answer at all, or a broken
 *                     redirect chain
 * @param bytes        payload bytes archived in this call, robots.txt included
 * @param skipped      frontier URLs not fetched: private address, robots.txt, a spider trap, or an unusable URL
 * @param pausedHosts  hosts left alone for the rest of the call after 429, repeated 403 or a captcha wall; their
 *                     URLs stay queued
 */
public record CrawlReport(int pagesFetched, int failures, long bytes, int skipped, int pausedHosts) {

    public CrawlReport(int pagesFetched, int failures, long bytes, int skipped) {
        this(pagesFetched, failures, bytes, skipped, 0);
    }

    /** The work of two calls together (a crawl that resumed after a database outage). */
    public CrawlReport plus(CrawlReport other) {
        return new CrawlReport(pagesFetched + other.pagesFetched, failures + other.failures, bytes + other.bytes,
                skipped + other.skipped, pausedHosts + other.pausedHosts);
    }
}
