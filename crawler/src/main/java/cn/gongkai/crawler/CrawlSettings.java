package cn.gongkai.crawler;

import java.time.Duration;

/**
 * Limits of one crawl. The politeness delay and whether private addresses may be fetched belong to the round
 * ({@code assessment_round.crawl_delay_ms}, {@code allow_private_addresses}), not here. A round may replace the depth
 * and budgets, and a website (its channel) may replace the round's, delay included.
 *
 * @param maxDepth           link depth followed from the homepage (0); configured columns are depth 1; the
 *                           attachments of a page at the limit are fetched too. The further pages of a list (its
 *                           pagination) keep the depth of the list's first page, so depth does not limit them
 * @param maxPagesPerChannel URLs queued per channel at most (the homepage and configured columns always are); a
 *                           channel that reaches it ends INCOMPLETE, naming the URLs left out
 * @param maxBodyBytes       bodies longer than this are cut and recorded as truncated
 * @param userAgent          sent with every request; its product token is the name matched in robots.txt
 * @param connectionsPerHost requests to one host:port in flight at once (still spaced by the round's delay)
 * @param maxRedirects       redirect hops followed from one URL before the chain is recorded as broken
 * @param maxParallelHosts   hosts crawled at the same time (each by its own virtual threads); the six-argument
 *                           constructor gives one connection per host, 10 redirects and 128 hosts
 * @param maxListPagesPerColumn pages of one column list read at most, the first page included; a list cut by it
 *                           makes its channel INCOMPLETE
 */
public record CrawlSettings(
        int maxDepth,
        int maxPagesPerChannel,
        Duration connectTimeout,
        Duration requestTimeout,
        long maxBodyBytes,
        String userAgent,
        int connectionsPerHost,
        int maxRedirects,
        int maxParallelHosts,
        int maxListPagesPerColumn) {

    /**
     * Defaults sized for a county portal. A county column lists 15–20 items a page, so 50 list pages are 750–1,000
     * items: several years of even a busy 工作动态 column, well beyond the one-year period a round assesses. 5,000 URLs
     * a channel hold a dozen configured columns read that deep, their articles and attachments, and the homepage's
     * other links; at the usual one request a second that is under an hour and a half per site, and sites are
     * crawled in parallel. Depth 2 reaches articles from configured columns (depth 1) and from columns linked on the
     * homepage; deeper links on a portal are mostly other sites' pages and archives, not the columns assessed.
     */
    public static final int DEFAULT_MAX_DEPTH = 2;
    public static final int DEFAULT_MAX_PAGES_PER_CHANNEL = 5_000;
    public static final int DEFAULT_MAX_LIST_PAGES_PER_COLUMN = 50;

    public CrawlSettings {
        if (maxDepth < 0 || maxPagesPerChannel < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("抓取参数无效：深度不能为负，页面上限和响应体上限须为正数");
        }
        if (maxListPagesPerColumn < 1) {
            throw new IllegalArgumentException("抓取参数无效：每栏目列表页上限须为正数");
        }
        if (connectionsPerHost < 1 || maxRedirects < 0 || maxParallelHosts < 1) {
            throw new IllegalArgumentException("抓取参数无效：每站连接数须为正数，重定向次数不能为负");
        }
        if (connectTimeout == null || requestTimeout == null || userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("抓取参数无效：超时时间和 User-Agent 不能为空");
        }
    }

    /** The default list-page budget per column. */
    public CrawlSettings(int maxDepth, int maxPagesPerChannel, Duration connectTimeout, Duration requestTimeout,
            long maxBodyBytes, String userAgent, int connectionsPerHost, int maxRedirects, int maxParallelHosts) {
        this(maxDepth, maxPagesPerChannel, connectTimeout, requestTimeout, maxBodyBytes, userAgent, connectionsPerHost,
                maxRedirects, maxParallelHosts, DEFAULT_MAX_LIST_PAGES_PER_COLUMN);
    }

    /** One connection per host, up to 10 redirects, the default list-page budget per column. */
    public CrawlSettings(int maxDepth, int maxPagesPerChannel, Duration connectTimeout, Duration requestTimeout,
            long maxBodyBytes, String userAgent) {
        this(maxDepth, maxPagesPerChannel, connectTimeout, requestTimeout, maxBodyBytes, userAgent, 1, 10, 128);
    }

    public static CrawlSettings defaults() {
        return new CrawlSettings(DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES_PER_CHANNEL, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 20L * 1024 * 1024, "gongkai/0.1 (+政务公开第三方评估)");
    }

    public CrawlSettings withMaxListPagesPerColumn(int pages) {
        return new CrawlSettings(maxDepth, maxPagesPerChannel, connectTimeout, requestTimeout, maxBodyBytes, userAgent,
                connectionsPerHost, maxRedirects, maxParallelHosts, pages);
    }

    public CrawlSettings withMaxDepth(int depth) {
        return new CrawlSettings(depth, maxPagesPerChannel, connectTimeout, requestTimeout, maxBodyBytes, userAgent,
                connectionsPerHost, maxRedirects, maxParallelHosts, maxListPagesPerColumn);
    }

    public CrawlSettings withMaxPagesPerChannel(int pages) {
        return new CrawlSettings(maxDepth, pages, connectTimeout, requestTimeout, maxBodyBytes, userAgent,
                connectionsPerHost, maxRedirects, maxParallelHosts, maxListPagesPerColumn);
    }

    public CrawlSettings withMaxParallelHosts(int hosts) {
        return new CrawlSettings(maxDepth, maxPagesPerChannel, connectTimeout, requestTimeout, maxBodyBytes,
                userAgent, connectionsPerHost, maxRedirects, hosts, maxListPagesPerColumn);
    }

    public CrawlSettings withConnectionsPerHost(int connections) {
        return new CrawlSettings(maxDepth, maxPagesPerChannel, connectTimeout, requestTimeout, maxBodyBytes,
                userAgent, connections, maxRedirects, maxParallelHosts, maxListPagesPerColumn);
    }
}
