package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.crawler.fetch.AddressPolicy;
import cn.gongkai.crawler.fetch.Fetcher;
import cn.gongkai.crawler.fetch.HostGate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of {@link Crawler#crawl(long)}: seeds the frontier, then works through it in waves. In a wave every
 * host gets one virtual thread that fetches its queued URLs one after the other, politely spaced; links found on
 * a host's pages join that host's queue at once, anything else waits for the next wave. The crawl ends when the
 * database holds no queued URL that this call has not tried.
 *
 * <p>The parts, one job each: {@link Discovery} (what joins the frontier), {@link FetchLoop} (hosts, politeness,
 * retries, pauses), {@link Evidence} (WARC, on disk first), {@link PageReader} (the hand-off to extraction),
 * {@link Indexer} (captures, items and frontier statuses of many pages in one transaction), {@link ChannelOutcomes}.
 */
final class CrawlRun {

    private static final Logger log = LoggerFactory.getLogger(CrawlRun.class);
    private static final long PROGRESS_LOG_MS = 15_000;
    /** Items indexed from one page at most: a real list page has dozens; 100,000 links is a trap or an error. */
    static final int MAX_ITEMS_PER_PAGE = 5_000;
    /**
     * URLs left out by a budget are recorded (SKIPPED, with the reason) so the evaluator sees them and a later crawl
     * with a raised budget queues them; past this many per channel and budget only their number is kept.
     */
    static final int MAX_CUT_RECORDED = 10_000;
    static final String WECHAT = "WECHAT";

    final DSLContext dsl;
    final long roundId;
    /** The one channel this call crawls, or null for the whole round. */
    private final Long onlyChannel;
    private final Path warcDirectory;
    final HostGate gate;
    /** The crawler's settings with the round's own limits (depth, pages per channel and per column) applied. */
    CrawlSettings settings;
    // The round's politeness, read by run()
    long delayMs;
    /** Websites' own limits (channel.crawl_*) over the round's, for the channels that set any. */
    private final Map<Long, CrawlSettings> channelSettings = new ConcurrentHashMap<>();
    private final Map<Long, Long> channelDelays = new ConcurrentHashMap<>();
    AddressPolicy addressPolicy;
    boolean ignoreRobots;
    String robotsOverrideReason;

    final WechatChannels wechat = new WechatChannels(this);
    /** The extraction profiles (栏目配置) of the round's websites that have one, by channel. */
    final Map<Long, ExtractionProfile> profiles = new ConcurrentHashMap<>();
    Fetcher fetcher;
    Discovery discovery;
    Evidence evidence;
    Indexer indexer;

    final AtomicInteger pagesFetched = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger pausedHosts = new AtomicInteger();

    CrawlRun(DSLContext dsl, Path warcDirectory, CrawlSettings settings, HostGate gate, long roundId, Long onlyChannel) {
        this.dsl = dsl;
        this.gate = gate;
        this.warcDirectory = warcDirectory;
        this.settings = settings;
        this.roundId = roundId;
        this.onlyChannel = onlyChannel;
    }

    CrawlReport run() {
        readRoundPolicy();
        Evidence.repairTornTails(dsl, warcDirectory, roundId);
        Frontier frontier = new Frontier(dsl, roundId, onlyChannel);
        discovery = new Discovery(this, frontier);
        ChannelOutcomes outcomes = new ChannelOutcomes(this, frontier, discovery);
        long bytes;
        try (Fetcher f = new Fetcher(settings.connectTimeout(), settings.requestTimeout(), settings.maxBodyBytes(),
                settings.userAgent());
             Evidence e = new Evidence(warcDirectory, roundId, new Captures(dsl, roundId, settings.maxBodyBytes()));
             Indexer i = new Indexer(dsl, roundId)) {
            fetcher = f;
            evidence = e;
            indexer = i;
            discovery.seed(onlyChannel);
            FetchLoop loop = new FetchLoop(this, evidence, indexer, new PageReader(settings.maxBodyBytes(), wechat, profiles),
                    discovery);
            Thread progress = Thread.ofVirtual().name("crawl-progress-" + roundId).start(this::logProgress);
            try {
                for (List<Frontier.Row> wave = loop.untried(frontier.queued()); !wave.isEmpty();
                        wave = loop.untried(frontier.queued())) {
                    loop.wave(wave);
                    indexer.flush();
                }
            } catch (IllegalStateException failure) {
                if (failure.getCause() instanceof Evidence.WarcFailure warcFailure) {
                    indexer.flush(); // what is on disk is indexed before the channels are marked stopped
                    outcomes.stopAll(warcFailure.getMessage());
                }
                throw failure;
            } finally {
                progress.interrupt();
            }
            bytes = evidence.bytes();
        } // closing the indexer writes its last batch
        outcomes.finishAll();
        CrawlReport report = new CrawlReport(pagesFetched.get(), failures.get(), bytes, skipped.get(),
                pausedHosts.get());
        log.info("Round {} crawled: {}", roundId, report);
        return report;
    }

    /** The round's politeness and limits; the round's own limits, where its YAML sets them, replace the crawler's. */
    private void readRoundPolicy() {
        var round = dsl.select(ASSESSMENT_ROUND.CRAWL_DELAY_MS, ASSESSMENT_ROUND.ALLOW_PRIVATE_ADDRESSES,
                        ASSESSMENT_ROUND.IGNORE_ROBOTS, ASSESSMENT_ROUND.ROBOTS_OVERRIDE_REASON,
                        ASSESSMENT_ROUND.CRAWL_MAX_DEPTH, ASSESSMENT_ROUND.CRAWL_MAX_PAGES_PER_CHANNEL,
                        ASSESSMENT_ROUND.CRAWL_MAX_LIST_PAGES)
                .from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOne();
        if (round == null) {
            throw new IllegalArgumentException("评估轮次不存在：" + roundId);
        }
        delayMs = Math.max(0, round.value1());
        addressPolicy = new AddressPolicy(Boolean.TRUE.equals(round.value2()));
        ignoreRobots = Boolean.TRUE.equals(round.value3());
        robotsOverrideReason = round.value4() == null ? "" : round.value4().strip();
        if (round.value5() != null) {
            settings = settings.withMaxDepth(round.value5());
        }
        if (round.value6() != null) {
            settings = settings.withMaxPagesPerChannel(round.value6());
        }
        if (round.value7() != null) {
            settings = settings.withMaxListPagesPerColumn(round.value7());
        }
        if (ignoreRobots && robotsOverrideReason.isEmpty()) {
            throw new IllegalArgumentException("评估轮次 " + roundId + " 设置了忽略 robots.txt，但没有记录理由；请填写理由后再抓取");
        }
    }

    /** The limits a channel is crawled under: its own where it sets them, else the round's. */
    CrawlSettings settings(long channelId) {
        return channelSettings.getOrDefault(channelId, settings);
    }

    /** Milliseconds between requests for a channel: its own where it sets them, else the round's. */
    long delayMs(long channelId) {
        return channelDelays.getOrDefault(channelId, delayMs);
    }

    /** Records a website's own limits, each null one keeping the round's. */
    void applyChannelLimits(long channelId, Integer maxDepth, Integer maxPages, Integer maxListPages, Integer delay) {
        CrawlSettings own = settings;
        if (maxDepth != null) {
            own = own.withMaxDepth(maxDepth);
        }
        if (maxPages != null) {
            own = own.withMaxPagesPerChannel(maxPages);
        }
        if (maxListPages != null) {
            own = own.withMaxListPagesPerColumn(maxListPages);
        }
        if (own != settings) {
            channelSettings.put(channelId, own);
        }
        if (delay != null) {
            channelDelays.put(channelId, Math.max(0L, delay));
        }
    }

    private void logProgress() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(PROGRESS_LOG_MS);
                for (CrawlProgress.SiteProgress p : CrawlProgress.of(dsl, roundId)) {
                    if (p.queued() > 0) {
                        log.info("Round {} {}: done {}, queued {}, failed {}, skipped {}, {} bytes", roundId,
                                p.channelName(), p.done(), p.queued(), p.failed(), p.skipped(), p.bytes());
                    }
                }
            }
        } catch (InterruptedException e) {
            // the crawl is over
        } catch (RuntimeException e) {
            log.debug("Progress log stopped: {}", e.toString());
        }
    }
}
