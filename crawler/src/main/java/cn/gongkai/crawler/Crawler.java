package cn.gongkai.crawler;

import java.nio.file.Path;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * Captures the websites of an assessment round as evidence.
 *
 * <p>Every WEBSITE channel of every unit in the round is crawled from its homepage (depth 0) and its configured
 * columns (depth 1), following links on the channel's own hosts down to {@link CrawlSettings#maxDepth()}. Every
 * exchange, failures included, goes to WARC first and is indexed in {@code capture} once it is on disk; dated list
 * entries and article dates go to {@code extracted_item}. The frontier lives in {@code frontier_url}, so a crawl
 * that stopped resumes with its queued URLs and never refetches finished ones.
 *
 * <p>Politeness follows the round: {@code crawl_delay_ms} between requests to one host:port (or robots.txt's
 * Crawl-delay when longer), robots.txt honoured, private addresses refused unless the round allows them.
 */
public final class Crawler {

    private final DSLContext dsl;
    private final Path warcDirectory;
    private final CrawlSettings settings;

    public Crawler(DSLContext dsl, Path warcDirectory, CrawlSettings settings) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.warcDirectory = Objects.requireNonNull(warcDirectory, "warcDirectory");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Crawls the round until its frontier has nothing queued; blocks until then.
     *
     * @throws IllegalArgumentException when the round does not exist
     * @throws IllegalStateException    when the crawl had to stop (WARC or database failure, interruption); what
     *                                  was not done stays queued for the next call
     */
    public CrawlReport crawl(long roundId) {
        return new CrawlRun(dsl, warcDirectory, settings, roundId, null).run();
    }

    /**
     * Crawls one channel of the round (a scheduled capture job per round and channel); its frontier is the
     * channel's share of the round's, so a round crawl and channel crawls resume one another.
     *
     * @throws IllegalArgumentException when the round does not exist or the channel is not in it
     */
    public CrawlReport crawl(long roundId, long channelId) {
        return new CrawlRun(dsl, warcDirectory, settings, roundId, channelId).run();
    }

    /**
     * The outcome of {@link #captureOne}: the last capture of the chain (after redirects) and how it went.
     *
     * @param status {@code OK}, {@code HTTP_ERROR} or {@code FAILED}, as in {@code capture.status}
     * @param error  why it is not OK (in Chinese), or null
     */
    public record Captured(long captureId, String url, String status, Integer httpStatus, String error) {
    }

    /**
     * Captures one URL now, for the given channel of the round (an evaluator checking the page an appeal points at):
     * written to WARC and indexed like a crawl's captures, under the round's policy on private addresses. A failed
     * fetch is a capture too, with status FAILED and its reason; it never throws for network trouble.
     *
     * @throws IllegalArgumentException when the round or channel does not exist or the URL is not an http(s) URL
     */
    public Captured captureOne(long roundId, long channelId, String url) {
        return new SingleCapture(dsl, warcDirectory, settings).capture(roundId, channelId, url);
    }
}
