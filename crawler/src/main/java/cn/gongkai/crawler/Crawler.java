package cn.gongkai.crawler;

import cn.gongkai.crawler.fetch.HostGate;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures the websites of an assessment round as evidence.
 *
 * <p>Every WEBSITE channel of every unit in the round is crawled from its homepage (depth 0) and its configured
 * columns (depth 1), following links on the channel's own hosts down to {@link CrawlSettings#maxDepth()}. Every
 * exchange, failures included, goes to WARC first and is indexed in {@code capture} once it is on disk; dated list
 * entries and article dates go to {@code extracted_item}. The frontier lives in {@code frontier_url}, so a crawl
 * that stopped resumes with its queued URLs and never refetches finished ones.
 *
 * <p>The database going away mid-crawl (a restart, a fail-over, a network cut) stops the run; the crawler then waits
 * with exponential backoff and resumes from the frontier, for up to {@link #DATABASE_OUTAGE_LIMIT}. Captures are
 * indexed in batches (a fraction of a second of pages, one transaction each, see {@link Indexer}): the pages of the
 * batch being written when the database went away stay queued and are fetched again; their first WARC records stay on
 * disk unindexed, which is harmless (the database never points at evidence that is not on disk, never the other way
 * round).
 *
 * <p>Politeness follows the round: {@code crawl_delay_ms} between requests to one host:port (a website's own
 * {@code channel.crawl_delay_ms} where it sets one; robots.txt's Crawl-delay when longer), robots.txt honoured,
 * private addresses refused unless the round allows them. A website's own depth and budgets likewise replace the
 * round's for that channel.
 */
public final class Crawler {

    /** How long a crawl keeps resuming while the database is unreachable before it gives up. */
    public static final Duration DATABASE_OUTAGE_LIMIT = Duration.ofMinutes(10);
    private static final long FIRST_RETRY_MS = 1_000;
    private static final long MAX_RETRY_MS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(Crawler.class);

    private final DSLContext dsl;
    private final Path warcDirectory;
    private final CrawlSettings settings;
    /**
     * One gate for all the crawls this crawler runs at once: the capture jobs of two channels on one host (a
     * government portal and its 政务公开 column site, say) must share the host's delay, not each keep their own.
     */
    private final HostGate gate = new HostGate();

    public Crawler(DSLContext dsl, Path warcDirectory, CrawlSettings settings) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.warcDirectory = Objects.requireNonNull(warcDirectory, "warcDirectory");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Crawls the round until its frontier has nothing queued; blocks until then.
     *
     * @throws IllegalArgumentException when the round does not exist
     * @throws IllegalStateException    when the crawl had to stop (WARC failure such as a full disk, a database
     *                                  outage longer than {@link #DATABASE_OUTAGE_LIMIT}, interruption); what was not
     *                                  done stays queued for the next call
     */
    public CrawlReport crawl(long roundId) {
        return resumingAfterDatabaseOutages(roundId, () -> new CrawlRun(dsl, warcDirectory, settings, gate, roundId, null).run());
    }

    /**
     * Crawls one channel of the round (a scheduled capture job per round and channel); its frontier is the
     * channel's share of the round's, so a round crawl and channel crawls resume one another.
     *
     * @throws IllegalArgumentException when the round does not exist or the channel is not in it
     */
    public CrawlReport crawl(long roundId, long channelId) {
        return resumingAfterDatabaseOutages(roundId,
                () -> new CrawlRun(dsl, warcDirectory, settings, gate, roundId, channelId).run());
    }

    /**
     * Captures one channel of the round again, with the round's settings: the URLs that failed or were blocked last
     * time are tried anew (a host that was down, a wall that is gone), then the channel is crawled as by
     * {@link #crawl(long, long)}, which records how its capture ended.
     *
     * @throws IllegalArgumentException when the round does not exist or the channel is not in it
     */
    public CrawlReport recapture(long roundId, long channelId) {
        Frontier.requeueFailed(dsl, roundId, channelId, "评估人员要求重新采集");
        return crawl(roundId, channelId);
    }

    private static CrawlReport resumingAfterDatabaseOutages(long roundId, Supplier<CrawlReport> run) {
        long giveUpAt = System.nanoTime() + DATABASE_OUTAGE_LIMIT.toNanos();
        long waitMs = FIRST_RETRY_MS;
        CrawlReport done = new CrawlReport(0, 0, 0, 0, 0);
        while (true) {
            try {
                return done.plus(run.get());
            } catch (RuntimeException e) {
                if (!isDatabaseOutage(e) || System.nanoTime() + waitMs * 1_000_000 > giveUpAt) {
                    throw e;
                }
                log.warn("Round {}: the database is unreachable ({}); the crawl resumes from its frontier in {} ms",
                        roundId, rootMessage(e), waitMs);
                try {
                    Thread.sleep(waitMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("抓取在等待数据库恢复时被中断，未完成的网址仍在队列中，可重新运行继续", e);
                }
                waitMs = Math.min(waitMs * 2, MAX_RETRY_MS);
            }
        }
    }

    /**
     * Whether the failure is a lost or refused database connection (SQLState class 08, the driver's
     * communications failure, or the pool timing out for want of a connection), as opposed to a bad statement.
     */
    static boolean isDatabaseOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
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
     * fetch is a capture too, with status FAILED and its reason; it never throws for network trouble. Every hop must
     * stay within the scope; one that leaves it is a FAILED capture saying why, and nothing is fetched for it.
     *
     * @throws IllegalArgumentException when the round or channel does not exist or the URL is not an http(s) URL
     */
    public Captured captureOne(long roundId, long channelId, String url, CaptureScope scope) {
        return new SingleCapture(dsl, warcDirectory, settings).capture(roundId, channelId, url, scope);
    }
}
