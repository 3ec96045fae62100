package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static cn.gongkai.sql.jooq.Tables.HOST_PAUSE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;

import cn.gongkai.crawler.extract.Attachments;
import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.extract.PageExtractor.ListItem;
import cn.gongkai.crawler.fetch.AddressPolicy;
import cn.gongkai.crawler.fetch.Blocking;
import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.fetch.Fetcher;
import cn.gongkai.crawler.fetch.HostGate;
import cn.gongkai.crawler.warc.TornTails;
import cn.gongkai.crawler.warc.WarcFileWriter;
import cn.gongkai.crawler.warc.WarcLocation;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.jooq.DSLContext;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of {@link Crawler#crawl(long)}: seeds the frontier, then works through it in waves. In a wave every
 * host gets one virtual thread that fetches its queued URLs one after the other, politely spaced; links found on
 * a host's pages join that host's queue at once, anything else waits for the next wave. The crawl ends when the
 * database holds no queued URL that this call has not tried.
 */
final class CrawlRun {

    private static final Logger log = LoggerFactory.getLogger(CrawlRun.class);
    /** Government sites publish in China time; "today" for a page is the date there. */
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final int MAX_ATTEMPTS = 3;
    private static final long MAX_ROBOTS_DELAY_MS = 10_000;
    private static final long MIN_BACKOFF_MS = 500;
    /** A Retry-After longer than this is not waited out inside one crawl: the host is paused instead. */
    private static final long MAX_RETRY_AFTER_MS = 120_000;
    /** Two 403s in a row from one host is a block, not one forbidden page. */
    private static final int FORBIDDEN_IN_A_ROW = 2;
    private static final long PROGRESS_LOG_MS = 15_000;
    /** Items indexed from one page at most: a real list page has dozens; 100,000 links is a trap or an error. */
    static final int MAX_ITEMS_PER_PAGE = 5_000;

    /**
     * URLs left out by a budget are recorded (SKIPPED, with the reason) so the evaluator sees them and a later crawl
     * with a raised budget queues them; past this many per channel and budget only their number is kept.
     */
    static final int MAX_CUT_RECORDED = 10_000;

    final DSLContext dsl;
    final long roundId;
    /** The crawler's settings with the round's own limits (depth, pages per channel and per column) applied. */
    CrawlSettings settings;
    private final Path warcDirectory;
    final Frontier frontier;
    final Captures captures;
    final HostGate gate;
    private final String robotName;

    long delayMs;
    AddressPolicy addressPolicy;
    private boolean ignoreRobots;
    private String robotsOverrideReason;
    private final TrapGuard traps = new TrapGuard();
    /** For redirect loop detection: each redirect target and the URL that pointed at it. */
    private final Map<String, String> redirectedFrom = new ConcurrentHashMap<>();
    private final AtomicInteger pausedHosts = new AtomicInteger();
    static final String WECHAT = "WECHAT";
    private final WechatChannels wechat = new WechatChannels(this);
    /** Per channel, the host:port keys whose links are followed: the homepage's and the configured columns'. */
    private final Map<Long, Set<String>> scopes = new HashMap<>();
    private final Map<Long, AtomicInteger> channelCounts = new ConcurrentHashMap<>();
    /** Per column list (the frontier id of its first page): its pages queued or fetched. */
    private final Map<Long, AtomicInteger> listCounts = new ConcurrentHashMap<>();
    /** Per channel: URLs this call left out by the page budget, and list pages left out by the column budget. */
    private final Map<Long, AtomicInteger> cutByPages = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> cutByLists = new ConcurrentHashMap<>();
    private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
    private final Set<Long> attempted = ConcurrentHashMap.newKeySet();
    final Set<String> known = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean aborted = new AtomicBoolean();

    private final AtomicInteger pagesFetched = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    Fetcher fetcher;
    private WarcFileWriter warc;

    private static final class HostState {
        AddressPolicy.Decision decision;
        BaseRobotRules robots;
        long delayMs;
        volatile String pausedReason;
        final AtomicInteger forbiddenInARow = new AtomicInteger();
    }

    /** The one channel this call crawls, or null for the whole round. */
    private final Long onlyChannel;

    CrawlRun(DSLContext dsl, Path warcDirectory, CrawlSettings settings, HostGate gate, long roundId, Long onlyChannel) {
        this.dsl = dsl;
        this.gate = gate;
        this.warcDirectory = warcDirectory;
        this.settings = settings;
        this.roundId = roundId;
        this.onlyChannel = onlyChannel;
        this.frontier = new Frontier(dsl, roundId, onlyChannel);
        this.captures = new Captures(dsl, roundId, settings.maxBodyBytes());
        this.robotName = Fetcher.robotName(settings.userAgent());
    }

    CrawlReport run() {
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
        // The round's own limits, where its YAML sets them, take the place of the crawler's.
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
        repairTornWarcTails();

        try (Fetcher f = new Fetcher(settings.connectTimeout(), settings.requestTimeout(), settings.maxBodyBytes(),
                settings.userAgent());
             WarcFileWriter w = new WarcFileWriter(warcDirectory, roundId, WarcFileWriter.DEFAULT_ROTATE_BYTES)) {
            this.fetcher = f;
            this.warc = w;
            seed();
            channelCounts.clear();
            frontier.countsByChannel().forEach((channel, n) -> channelCounts.put(channel, new AtomicInteger(n)));
            frontier.listPageCounts().forEach((root, n) -> listCounts.put(root, new AtomicInteger(n)));
            Thread progress = Thread.ofVirtual().name("crawl-progress-" + roundId).start(this::logProgress);
            try {
                crawlWaves();
            } catch (IllegalStateException e) {
                if (e.getCause() instanceof WarcFailure warcFailure) {
                    stopChannels(warcFailure.getMessage());
                }
                throw e;
            } finally {
                progress.interrupt();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("关闭 WARC 文件失败", e);
        }
        finishChannels();
        CrawlReport report = new CrawlReport(pagesFetched.get(), failures.get(), bytes.get(), skipped.get(),
                pausedHosts.get());
        log.info("Round {} crawled: {}", roundId, report);
        return report;
    }

    /**
     * A crawl killed mid-write leaves a half record at the end of its last WARC file. It was never indexed, which is
     * checked here before it is cut off; new records always go to a new file.
     */
    private void repairTornWarcTails() {
        for (Path file : TornTails.files(warcDirectory, roundId)) {
            try {
                Optional<Long> torn = TornTails.tornAt(file);
                if (torn.isEmpty()) {
                    continue;
                }
                String name = file.getFileName().toString();
                int indexed = dsl.fetchCount(CAPTURE, CAPTURE.WARC_FILE.eq(name)
                        .and(CAPTURE.WARC_OFFSET.ge(torn.get())));
                if (indexed > 0) {
                    throw new IllegalStateException("WARC 文件 " + name + " 在偏移 " + torn.get()
                            + " 之后损坏，但数据库中有 " + indexed + " 条抓取记录指向该区域；证据不完整，请人工检查");
                }
                TornTails.TornTail cut = TornTails.cut(file, torn.get());
                log.warn("Round {}: torn WARC tail of {} ({} bytes after offset {}) was never indexed; cut off and "
                        + "kept in {}", roundId, name, cut.tornBytes(), cut.validLength(), cut.savedTo());
            } catch (IOException e) {
                throw new UncheckedIOException("检查 WARC 文件尾部失败：" + file, e);
            }
        }
    }

    private void crawlWaves() {
            while (true) {
                List<Frontier.Row> queued = new ArrayList<>();
                for (Frontier.Row row : frontier.queued()) {
                    if (!attempted.contains(row.id())) {
                        queued.add(row);
                    }
                }
                if (queued.isEmpty()) {
                    break;
                }
                runWave(queued);
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

    /** The evidence could not be written: every channel of this call is left INCOMPLETE, saying why. */
    private void stopChannels(String reason) {
        for (Long channelId : scopes.keySet()) {
            ChannelCaptures.finish(dsl, roundId, channelId, ChannelCaptures.INCOMPLETE, reason);
        }
    }

    /**
     * Writing evidence failed. A full disk (ENOSPC, or a quota) gets a message that says so: the crawl cannot go on
     * until space is freed, and nothing is lost meanwhile, since a capture is indexed only after its record is on disk
     * and what was not done stays queued.
     */
    static final class WarcFailure extends IOException {

        WarcFailure(Path warcDirectory, IOException cause) {
            super(message(warcDirectory, cause), cause);
        }

        static boolean diskFull(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = t.getMessage();
                if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                    return true;
                }
            }
            return false;
        }

        private static String message(Path warcDirectory, IOException cause) {
            String what = diskFull(cause)
                    ? "WARC 证据目录 " + warcDirectory + " 所在磁盘空间已满（" + cause.getMessage() + "）"
                    : "写入 WARC 证据失败（" + warcDirectory + "：" + cause.getMessage() + "）";
            return what + "，抓取已暂停：已写入磁盘的证据均已建立索引，未完成的网址仍在队列中；"
                    + (diskFull(cause) ? "释放磁盘空间后" : "排除故障后") + "重新抓取即从队列继续";
        }
    }

    /** Records each website channel's capture as DONE, or FAILED when its homepage could not be captured. */
    private void finishChannels() {
        for (Long channelId : scopes.keySet()) {
            var home = dsl.select(FRONTIER_URL.STATUS, FRONTIER_URL.REASON).from(FRONTIER_URL)
                    .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.CHANNEL_ID.eq(channelId),
                            FRONTIER_URL.DEPTH.eq(0))
                    .orderBy(FRONTIER_URL.ID).limit(1).fetchOne();
            int queued = dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(roundId)
                    .and(FRONTIER_URL.CHANNEL_ID.eq(channelId)).and(FRONTIER_URL.STATUS.eq(Frontier.QUEUED)));
            String status;
            String reason = null;
            if (wechat.isWechat(channelId)) {
                Optional<String> failure = wechat.failure(channelId);
                status = failure.isPresent() ? ChannelCaptures.FAILED
                        : queued > 0 ? ChannelCaptures.INCOMPLETE : ChannelCaptures.DONE;
                reason = failure.orElse(queued > 0 ? "尚有 " + queued + " 篇文章排队，下次抓取继续" : null);
            } else if (home != null && !home.value1().equals(Frontier.DONE) && !home.value1().equals(Frontier.QUEUED)) {
                status = "FAILED";
                reason = "首页未能抓取：" + home.value2();
            } else {
                List<String> why = new ArrayList<>();
                if (queued > 0) {
                    why.add("尚有 " + queued + " 个网址排队（站点暂停访问或抓取中断），下次抓取继续");
                }
                budgetCuts(channelId).ifPresent(why::add);
                status = why.isEmpty() ? ChannelCaptures.DONE : ChannelCaptures.INCOMPLETE;
                reason = why.isEmpty() ? null : String.join("；", why);
            }
            ChannelCaptures.finish(dsl, roundId, channelId, status, reason);
        }
    }

    /**
     * What the budgets left out of the channel, in words, or empty when nothing was. Counted from the recorded URLs
     * (they stay recorded across crawls until a raised budget lets them in) or this call's count, whichever is more.
     */
    private Optional<String> budgetCuts(long channelId) {
        List<String> out = new ArrayList<>();
        int pages = Math.max(frontier.countCut(channelId, Frontier.CUT_BY_PAGE_BUDGET),
                cutByPages.getOrDefault(channelId, new AtomicInteger()).get());
        if (pages > 0) {
            out.add("已达每渠道 " + settings.maxPagesPerChannel() + " 个网址的抓取上限，另有"
                    + (pages >= MAX_CUT_RECORDED ? "至少 " : " ") + pages + " 个已发现的网址未抓取");
        }
        int listPages = Math.max(frontier.countCut(channelId, Frontier.CUT_BY_LIST_BUDGET),
                cutByLists.getOrDefault(channelId, new AtomicInteger()).get());
        if (listPages > 0) {
            out.add(frontier.countListsCut(channelId) + " 个栏目列表已达每栏目 " + settings.maxListPagesPerColumn()
                    + " 个列表页的上限，已发现的列表页中另有" + (listPages >= MAX_CUT_RECORDED ? "至少 " : " ")
                    + listPages + " 页未读（列表可能更深），其中的文章未抓取");
        }
        if (out.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("；", out) + "；可在轮次定义中提高上限（crawl.maxPagesPerChannel、"
                + "crawl.maxListPagesPerColumn）后重新抓取该渠道，已抓取的网址不会重复抓取");
    }

    private void seed() {
        var channels = dsl.select(CHANNEL.ID, CHANNEL.URL, CHANNEL.KIND, CHANNEL.FEED_URL)
                .from(CHANNEL)
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), CHANNEL.KIND.in("WEBSITE", WECHAT))
                .and(onlyChannel == null ? org.jooq.impl.DSL.noCondition() : CHANNEL.ID.eq(onlyChannel))
                .orderBy(CHANNEL.ID)
                .fetch();
        if (onlyChannel != null && channels.isEmpty()) {
            throw new IllegalArgumentException("渠道 " + onlyChannel + " 不属于评估轮次 " + roundId + "，或不是网站/公众号");
        }
        Map<Long, List<String>> columns = new LinkedHashMap<>();
        if (!channels.isEmpty()) {
            dsl.select(CHANNEL_COLUMN.CHANNEL_ID, CHANNEL_COLUMN.URL)
                    .from(CHANNEL_COLUMN)
                    .where(CHANNEL_COLUMN.CHANNEL_ID.in(channels.getValues(CHANNEL.ID)))
                    .orderBy(CHANNEL_COLUMN.ID)
                    .forEach(r -> columns.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        }
        for (var channel : channels) {
            long channelId = channel.value1();
            Set<String> scope = ConcurrentHashMap.newKeySet();
            scopes.put(channelId, scope);
            ChannelCaptures.start(dsl, roundId, channelId);
            if (WECHAT.equals(channel.value3())) {
                wechat.seed(channelId, channel.value4(), scope);
                continue;
            }
            seedUrl(channelId, channel.value2(), 0, scope);
            for (String column : columns.getOrDefault(channelId, List.of())) {
                seedUrl(channelId, column, 1, scope);
            }
            int requeued = frontier.requeueCut(channelId, settings.maxPagesPerChannel(),
                    settings.maxListPagesPerColumn());
            if (requeued > 0) {
                log.info("Round {} channel {}: {} URLs left out by a budget before are queued again", roundId,
                        channelId, requeued);
            }
        }
    }

    void seedUrl(long channelId, String rawUrl, int depth, Set<String> scope) {
        Optional<String> url = Urls.normalize(rawUrl);
        if (url.isEmpty()) {
            if (frontier.addUnusable(channelId, rawUrl == null ? "" : rawUrl, depth,
                    "网址格式无效（须为 http 或 https 网址），无法抓取：" + rawUrl)) {
                skipped.incrementAndGet();
            }
            return;
        }
        Urls.hostKey(url.get()).ifPresent(scope::add);
        frontier.add(channelId, url.get(), depth);
        known.add(channelId + " " + url.get());
    }

    private void runWave(List<Frontier.Row> queued) {
        Map<String, Deque<Frontier.Row>> byHost = new LinkedHashMap<>();
        // Several workers of one host may take from and add to its queue at once.
        for (Frontier.Row row : queued) {
            Optional<String> host = Urls.hostKey(row.url());
            if (host.isEmpty()) {
                attempted.add(row.id());
                skip(row, "网址无法解析，无法抓取");
                continue;
            }
            byHost.computeIfAbsent(host.get(), k -> new ConcurrentLinkedDeque<>()).add(row);
        }
        Semaphore permits = new Semaphore(settings.maxParallelHosts());
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var entry : byHost.entrySet()) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        crawlHost(entry.getKey(), entry.getValue());
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
        }
        RuntimeException failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("抓取被中断，未完成的网址仍在队列中，可重新运行继续", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = new IllegalStateException(e.getCause() instanceof WarcFailure warcFailure
                            ? warcFailure.getMessage()
                            : "抓取中止，未完成的网址仍在队列中，可重新运行继续：" + e.getCause(), e.getCause());
                } else {
                    failure.addSuppressed(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void crawlHost(String hostKey, Deque<Frontier.Row> queue) throws Exception {
        HostState state = hosts.computeIfAbsent(hostKey, k -> new HostState());
        URI first = URI.create(queue.peek().url());
        if (state.decision == null) {
            state.decision = addressPolicy.check(first.getHost());
        }
        if (state.decision.refused()) {
            for (Frontier.Row row : queue) {
                if (attempted.add(row.id())) {
                    skip(row, state.decision.refusal());
                }
            }
            return;
        }
        if (state.robots == null) {
            state.delayMs = delayMs;
            state.robots = loadRobots(hostKey, first, queue.peek().channelId(), state);
        }
        if (state.pausedReason != null) {
            for (Frontier.Row row : queue) {
                if (attempted.add(row.id())) {
                    frontier.requeue(row.id(), 0, "站点已暂停抓取：" + state.pausedReason);
                }
            }
            return;
        }
        int workers = Math.max(1, Math.min(settings.connectionsPerHost(), queue.size()));
        if (workers == 1) {
            drain(hostKey, state, queue);
        } else {
            List<Future<?>> futures = new ArrayList<>();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < workers; i++) {
                    futures.add(executor.submit(() -> {
                        drain(hostKey, state, queue);
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw e;
                }
            }
        }
        if (state.pausedReason != null) {
            // what is left stays queued for the next crawl of the round, with the reason; this call leaves the
            // host alone
            for (Frontier.Row row : queue) {
                if (attempted.add(row.id())) {
                    frontier.requeue(row.id(), 0, "站点已暂停抓取：" + state.pausedReason);
                }
            }
        }
    }

    private void drain(String hostKey, HostState state, Deque<Frontier.Row> queue) throws Exception {
        Frontier.Row row;
        while (!aborted.get() && state.pausedReason == null && (row = queue.poll()) != null) {
            if (!attempted.add(row.id())) {
                continue;
            }
            try {
                crawlPage(hostKey, state, row, queue);
            } catch (Exception e) {
                aborted.set(true);
                throw e;
            }
        }
    }

    /**
     * A wall or an error page instead of content: the capture keeps the evidence under the fitting status and the
     * reason; a wall the next request would meet again pauses the host, an error page ends only this URL.
     */
    private void block(String hostKey, HostState state, Frontier.Row row, int attempts, Blocking.Block wall,
            FetchResult fetch, long captureId) {
        captures.markBlocked(captureId, wall.status(), wall.reason());
        if (wall.pausesHost()) {
            pause(hostKey, state, row, attempts, wall.reason() + "，已暂停抓取该站点", fetch, captureId);
        } else {
            failures.incrementAndGet();
            frontier.finish(row.id(), Frontier.FAILED, attempts, wall.reason());
        }
    }

    /** An error status's body read for a challenge or a firewall's block page; only small bodies are parsed. */
    private Optional<Blocking.Block> errorPageWall(FetchResult fetch) {
        byte[] body = fetch.body() == null ? new byte[0] : fetch.body();
        List<String> cookies = fetch.headers("Set-Cookie");
        if (!Blocking.mayBeWall(body.length)) {
            return Blocking.recognise(fetch.status(), cookies, null, null, null, body.length);
        }
        String html = PageExtractor.decode(body, fetch.contentType());
        Document doc = Jsoup.parse(html, fetch.uri().toString());
        return Blocking.recognise(fetch.status(), cookies, html, PageExtractor.pageTitle(doc),
                doc.body() == null ? "" : doc.body().text(), body.length);
    }

    /** Stops fetching from a host for the rest of this crawl, recording why; its URLs stay queued. */
    private void pause(String hostKey, HostState state, Frontier.Row row, int attempts, String reason,
            FetchResult fetch, long captureId) {
        synchronized (state) {
            if (state.pausedReason != null) {
                frontier.requeue(row.id(), attempts, state.pausedReason);
                return;
            }
            state.pausedReason = reason;
        }
        pausedHosts.incrementAndGet();
        dsl.insertInto(HOST_PAUSE)
                .set(HOST_PAUSE.ROUND_ID, roundId)
                .set(HOST_PAUSE.HOST, Text.clip(hostKey, 300))
                .set(HOST_PAUSE.REASON, Text.clip(reason, 1000))
                .set(HOST_PAUSE.HTTP_STATUS, fetch == null || fetch.failed() ? null : fetch.status())
                .set(HOST_PAUSE.CAPTURE_ID, captureId > 0 ? captureId : null)
                .set(HOST_PAUSE.PAUSED_AT, LocalDateTime.now(ZoneOffset.UTC))
                .execute();
        frontier.requeue(row.id(), attempts, reason);
        log.warn("Round {}: host {} paused: {}", roundId, hostKey, reason);
    }

    private BaseRobotRules loadRobots(String hostKey, URI sample, long channelId, HostState state)
            throws IOException, InterruptedException {
        URI robotsUri = URI.create(sample.getScheme() + "://" + sample.getRawAuthority() + "/robots.txt");
        String url = Urls.normalize(robotsUri.toString()).orElse(robotsUri.toString());
        Instant start = gate.acquire(hostKey, state.delayMs);
        FetchResult fetch = fetcher.fetch(robotsUri, start, state.decision.address());
        archive(channelId, url, fetch);
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        BaseRobotRules rules;
        if (fetch.failed() || (fetch.status() >= 300 && fetch.status() < 400)) {
            // No answer, or a redirect we do not chase: fetch the pages anyway. Their own failures are the
            // evidence the evaluation needs; a missing robots.txt must not silence a whole site.
            rules = new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL);
        } else if (fetch.status() < 300) {
            rules = parser.parseContent(url, fetch.body(), fetch.contentType(), List.of(robotName));
        } else {
            rules = parser.failedFetch(fetch.status()); // 4xx: no rules; 5xx: site asks us to stay away for now
        }
        if (rules.getCrawlDelay() != BaseRobotRules.UNSET_CRAWL_DELAY && rules.getCrawlDelay() > state.delayMs) {
            state.delayMs = Math.min(rules.getCrawlDelay(), MAX_ROBOTS_DELAY_MS);
        }
        return rules;
    }

    private void crawlPage(String hostKey, HostState state, Frontier.Row row, Deque<Frontier.Row> queue)
            throws IOException, InterruptedException {
        String robotsNote = null;
        if (!state.robots.isAllowed(row.url())) {
            String why = state.robots.isAllowNone()
                    ? "robots.txt 禁止抓取本站（或 robots.txt 返回服务器错误，按 RFC 9309 暂不抓取）"
                    : "robots.txt 不允许抓取该网址";
            if (!ignoreRobots) {
                skip(row, why);
                return;
            }
            robotsNote = why + "；本轮按设定忽略 robots.txt，理由：" + robotsOverrideReason;
        }
        URI uri = URI.create(row.url());
        FetchResult fetch;
        long captureId;
        int attempt = 0;
        while (true) {
            attempt++;
            Instant start = gate.acquire(hostKey, state.delayMs);
            fetch = fetcher.fetch(uri, start, state.decision.address());
            captureId = archive(row.channelId(), row.url(), fetch);
            if (!(fetch.retryable() || fetch.status() == 429) || attempt >= MAX_ATTEMPTS) {
                break;
            }
            // exponential backoff, never shorter than what the server asked for in Retry-After
            long wait = Math.max(MIN_BACKOFF_MS, state.delayMs) * (1L << (attempt - 1));
            Optional<Duration> retryAfter = fetch.retryAfter();
            if (retryAfter.isPresent()) {
                if (retryAfter.get().toMillis() > MAX_RETRY_AFTER_MS) {
                    pause(hostKey, state, row, attempt, "服务器要求 " + retryAfter.get().toSeconds()
                            + " 秒后再访问（HTTP " + fetch.status() + "，Retry-After），超过单次抓取可等待的上限，已暂停抓取该站点",
                            fetch, captureId);
                    return;
                }
                wait = Math.max(wait, retryAfter.get().toMillis());
            }
            Thread.sleep(wait);
        }
        if (!fetch.failed() && fetch.status() >= 400) {
            Optional<Blocking.Block> wall = errorPageWall(fetch);
            if (wall.isPresent()) {
                block(hostKey, state, row, attempt, wall.get(), fetch, captureId);
                return;
            }
        }
        if (fetch.status() == 429) {
            pause(hostKey, state, row, attempt, "服务器返回 HTTP 429（请求过多），重试后仍被拒绝，已暂停抓取该站点", fetch,
                    captureId);
            return;
        }
        if (fetch.status() == 403) {
            if (state.forbiddenInARow.incrementAndGet() >= FORBIDDEN_IN_A_ROW || row.depth() == 0) {
                pause(hostKey, state, row, attempt, "服务器" + (row.depth() == 0 ? "对首页" : "连续")
                        + "返回 HTTP 403（拒绝访问），可能在阻止自动访问，已暂停抓取该站点", fetch, captureId);
                return;
            }
        } else if (!fetch.failed()) {
            state.forbiddenInARow.set(0);
        }
        String status = Captures.status(fetch);
        if (!status.equals(Captures.OK)) {
            failures.incrementAndGet();
            frontier.finish(row.id(), Frontier.FAILED, attempt,
                    status.equals(Captures.FAILED) ? fetch.error() : "服务器返回 HTTP " + fetch.status());
            return;
        }
        String problem = null;
        List<String> notes = new ArrayList<>();
        if (robotsNote != null) {
            notes.add(robotsNote);
        }
        if (fetch.truncated()) {
            notes.add("响应体超过 " + settings.maxBodyBytes() + " 字节上限，已截断保存，仅解析了保存的部分");
        }
        if (fetch.status() >= 300) {
            problem = followRedirect(hostKey, row, fetch, queue);
        } else {
            try {
                Optional<Blocking.Block> wall = readPage(hostKey, row, fetch, captureId, queue, notes);
                if (wall.isPresent()) {
                    block(hostKey, state, row, attempt, wall.get(), fetch, captureId);
                    return;
                }
            } catch (RuntimeException e) {
                if (e instanceof org.jooq.exception.DataAccessException) {
                    throw e;
                }
                // A page our parser cannot read is still captured evidence; only its extraction is lost.
                log.warn("Extraction failed for {}: {}", row.url(), e.toString());
                notes.add("页面已保存，但内容解析失败：" + Text.clip(e.toString(), 200));
            } catch (StackOverflowError e) {
                // Markup nested beyond reason; the thread's stack unwound, the crawl goes on.
                log.warn("Extraction overflowed the stack for {}", row.url());
                notes.add("页面已保存，但标签嵌套过深，内容未能解析");
            }
        }
        pagesFetched.incrementAndGet();
        if (problem != null) {
            failures.incrementAndGet();
            frontier.finish(row.id(), Frontier.FAILED, attempt, problem);
        } else {
            frontier.finish(row.id(), Frontier.DONE, attempt, notes.isEmpty() ? null : String.join("；", notes));
        }
    }

    /** Writes the exchange to WARC, forces it to disk, and only then indexes it. Returns the capture id. */
    long archive(long channelId, String url, FetchResult fetch) throws IOException {
        Optional<WarcLocation> location;
        try {
            location = warc.write(fetch);
        } catch (IOException e) {
            throw new WarcFailure(warcDirectory, e);
        }
        bytes.addAndGet(fetch.body().length);
        return captures.insert(channelId, url, fetch, location);
    }

    /** Queues a redirect's target; returns why the chain is broken (a loop, too many hops), or null. */
    private String followRedirect(String hostKey, Frontier.Row row, FetchResult fetch, Deque<Frontier.Row> queue) {
        String location = fetch.header("Location");
        if (location == null || location.isBlank()) {
            return "重定向响应（HTTP " + fetch.status() + "）缺少 Location";
        }
        String target;
        try {
            target = URI.create(row.url()).resolve(location.strip()).toString();
        } catch (IllegalArgumentException e) {
            return "重定向目标网址无效：" + Text.clip(location, 200);
        }
        Optional<String> normalized = Urls.normalize(target);
        if (normalized.isEmpty()) {
            return "重定向目标网址无效：" + Text.clip(location, 200);
        }
        String next = normalized.get();
        // A loop: the target is somewhere up the chain that led here.
        List<String> chain = new ArrayList<>();
        chain.add(row.url());
        for (String u = redirectedFrom.get(row.url()); u != null && chain.size() <= settings.maxRedirects() + 1;
                u = redirectedFrom.get(u)) {
            chain.add(u);
        }
        if (next.equals(row.url()) || chain.contains(next)) {
            List<String> shown = new ArrayList<>(chain.reversed());
            shown.add(next);
            return "重定向循环：" + Text.clip(String.join(" → ", shown), 400);
        }
        int hops = row.redirectHops() + 1;
        if (hops > settings.maxRedirects()) {
            return "重定向超过 " + settings.maxRedirects() + " 次，未继续跟随：" + Text.clip(next, 300);
        }
        redirectedFrom.putIfAbsent(next, row.url());
        // A homepage may move to another host (http to https, a new domain): that move is followed, since the
        // channel's homepage is wherever it leads. Deeper redirects stay within the channel's hosts. Either way
        // the target's host is checked against the address policy before it is fetched.
        if (row.depth() == 0 && !inScope(row.channelId(), next)) {
            Urls.hostKey(next).ifPresent(h -> scopes.get(row.channelId()).add(h));
        }
        if (inScope(row.channelId(), next) || isAttachment(next)) {
            enqueue(row.channelId(), next, row.depth(), hops, hostKey, queue);
        }
        return null;
    }

    private static boolean isAttachment(String url) {
        return Attachments.type(null, url).isPresent();
    }

    /**
     * Extracts and follows links; returns what the page is instead of content (a wall, a soft 404), if it is. What
     * the evaluator should know about how the page was read (cut, partly decoded) is added to {@code notes}.
     */
    private Optional<Blocking.Block> readPage(String hostKey, Frontier.Row row, FetchResult fetch, long captureId,
            Deque<Frontier.Row> queue, List<String> notes) {
        String contentType = fetch.contentType();
        byte[] body = contentDecoded(fetch, settings.maxBodyBytes(), notes);
        Optional<String> attachment = Attachments.type(contentType, row.url());
        if (!isHtml(contentType, body)) {
            attachment.ifPresent(type -> captures.insertItems(captureId, List.of(new Captures.Item("ATTACHMENT",
                    null, row.url(), null, type))));
            return Optional.empty();
        }
        String html = PageExtractor.decode(body, contentType);
        Document doc = Jsoup.parse(html, row.url());
        // Only a page small enough to be a wall pays for its text here.
        Optional<Blocking.Block> wall = Blocking.mayBeWall(body.length)
                ? Blocking.recognise(fetch.status(), fetch.headers("Set-Cookie"), html, PageExtractor.pageTitle(doc),
                        doc.body() == null ? "" : doc.body().text(), body.length)
                : Blocking.recognise(fetch.status(), fetch.headers("Set-Cookie"), null, null, null, body.length);
        if (wall.isPresent()) {
            return wall;
        }
        if (wechat.isWechat(row.channelId())) {
            captures.insertItems(captureId, List.of(wechat.article(row, doc)));
            return Optional.empty();
        }
        LocalDate captureDay = LocalDate.ofInstant(fetch.startedAt(), CHINA);
        List<Captures.Item> items = new ArrayList<>();
        boolean articleMeta = !doc.select("meta[name=PubDate], meta[name=ArticleTitle]").isEmpty();
        List<ListItem> listItems = articleMeta ? List.of() : PageExtractor.listItems(doc, captureDay);
        if (articleMeta || listItems.isEmpty()) {
            Optional<LocalDate> pubDate = PageExtractor.pubDate(doc);
            // An article with metadata but no date is recorded all the same: a missing date counts against it.
            if (articleMeta || pubDate.isPresent()) {
                String excerpt = doc.select("meta[name=Description]").attr("content").strip();
                items.add(new Captures.Item("ARTICLE", PageExtractor.articleTitle(doc).orElse(null), row.url(),
                        pubDate.orElse(null), excerpt.isEmpty() ? null : excerpt));
            }
        }
        for (ListItem item : listItems) {
            items.add(new Captures.Item("LIST_ITEM", item.title(), item.url(), item.date(), null));
        }
        for (PageExtractor.Message m : PageExtractor.messages(doc)) {
            // MESSAGE: pub_date is 留言时间; the excerpt keeps reply date, status and unit for the checkers
            String excerpt = "status=" + m.status() + (m.repliedAt() == null ? "" : ";replied=" + m.repliedAt())
                    + (m.replyUnit() == null ? "" : ";unit=" + m.replyUnit());
            items.add(new Captures.Item("MESSAGE", m.title(), m.url(), m.askedAt(), excerpt));
        }
        for (PageExtractor.Attachment a : PageExtractor.attachments(doc)) {
            items.add(new Captures.Item("ATTACHMENT", a.text(), a.url(), null, a.type()));
        }
        if (items.size() > MAX_ITEMS_PER_PAGE) {
            notes.add("页面条目超过 " + MAX_ITEMS_PER_PAGE + " 条（共 " + items.size() + " 条），仅索引了前 "
                    + MAX_ITEMS_PER_PAGE + " 条");
            items = items.subList(0, MAX_ITEMS_PER_PAGE);
        }
        captures.insertItems(captureId, items);
        // A page's attachments are part of what it publishes (an annual report is often only a PDF on its page), so
        // they are fetched even from a page at the depth limit; being files, nothing is followed from them.
        followPagination(hostKey, row, doc, queue);
        discoverLinks(hostKey, row, doc, queue, row.depth() >= settings.maxDepth());
        return Optional.empty();
    }

    /**
     * Queues the further pages of a list at the list's own depth, so that depth never cuts a column's pagination; the
     * per-column budget does, counted per list (the frontier id of its first page). Runs before the page's other links
     * are followed, so that a next page is never queued as an ordinary link one level deeper.
     */
    private void followPagination(String hostKey, Frontier.Row row, Document doc, Deque<Frontier.Row> queue) {
        long channelId = row.channelId();
        List<String> next = new ArrayList<>();
        for (String page : PageExtractor.pagination(doc)) {
            Urls.normalize(page).filter(Urls::worthFetching).filter(u -> inScope(channelId, u))
                    .filter(u -> !isAttachment(u)).filter(u -> !known.contains(channelId + " " + u))
                    .ifPresent(next::add);
        }
        if (next.isEmpty()) {
            return;
        }
        long root = row.listRootId() != null ? row.listRootId() : row.id();
        if (row.listRootId() == null) {
            frontier.markListRoot(row.id());
        }
        AtomicInteger pages = listCounts.computeIfAbsent(root, k -> new AtomicInteger(1));
        for (String url : next) {
            if (pages.incrementAndGet() > settings.maxListPagesPerColumn()) {
                pages.decrementAndGet();
                if (known.add(channelId + " " + url)) {
                    cut(channelId, url, row.depth(), root, cutByLists, Frontier.CUT_BY_LIST_BUDGET + "（"
                            + settings.maxListPagesPerColumn() + " 页），该列表页未读；提高上限后重新抓取即继续");
                }
                continue;
            }
            if (!enqueue(channelId, url, row.depth(), 0, hostKey, queue, root)) {
                pages.decrementAndGet();
            }
        }
    }

    /** Records a URL a budget leaves out: counted always, stored up to {@link #MAX_CUT_RECORDED} per budget. */
    private void cut(long channelId, String url, int depth, Long listRootId, Map<Long, AtomicInteger> counter,
            String reason) {
        int n = counter.computeIfAbsent(channelId, k -> new AtomicInteger()).incrementAndGet();
        if (n <= MAX_CUT_RECORDED) {
            frontier.addCut(channelId, url, depth, listRootId, reason);
        }
    }

    private void discoverLinks(String hostKey, Frontier.Row row, Document doc, Deque<Frontier.Row> queue,
            boolean attachmentsOnly) {
        Set<String> links = new LinkedHashSet<>();
        for (Element e : doc.select("a[href], area[href], frame[src], iframe[src]")) {
            String abs = e.hasAttr("href") ? e.absUrl("href") : e.absUrl("src");
            // attachments may live on another host (a file server, a CDN); they are fetched, not followed
            Urls.normalize(abs)
                    .filter(Urls::worthFetching)
                    .filter(u -> attachmentsOnly ? isAttachment(u) : inScope(row.channelId(), u) || isAttachment(u))
                    .ifPresent(links::add);
        }
        for (String link : links) {
            Optional<String> trap = traps.check(row.channelId(), link);
            if (trap.isPresent()) {
                if (known.add(row.channelId() + " " + link)
                        && frontier.addSkipped(row.channelId(), link, row.depth() + 1, trap.get())) {
                    skipped.incrementAndGet();
                }
                continue;
            }
            enqueue(row.channelId(), link, row.depth() + 1, 0, hostKey, queue);
        }
    }

    private boolean inScope(long channelId, String url) {
        Set<String> scope = scopes.get(channelId);
        return scope != null && Urls.hostKey(url).map(scope::contains).orElse(false);
    }

    private void enqueue(long channelId, String url, int depth, int redirectHops, String workerHost,
            Deque<Frontier.Row> queue) {
        enqueue(channelId, url, depth, redirectHops, workerHost, queue, null);
    }

    /** Queues a URL unless known or over the channel's page budget; returns whether it was queued. */
    private boolean enqueue(long channelId, String url, int depth, int redirectHops, String workerHost,
            Deque<Frontier.Row> queue, Long listRootId) {
        if (!known.add(channelId + " " + url)) {
            return false; // already queued or fetched for this channel in this call
        }
        AtomicInteger count = channelCounts.computeIfAbsent(channelId, k -> new AtomicInteger());
        if (count.incrementAndGet() > settings.maxPagesPerChannel()) {
            count.decrementAndGet();
            cut(channelId, url, depth, listRootId, cutByPages, Frontier.CUT_BY_PAGE_BUDGET + "（"
                    + settings.maxPagesPerChannel() + " 个），未抓取；提高上限后重新抓取即继续");
            return false;
        }
        Optional<Frontier.Row> added = frontier.add(channelId, url, depth, redirectHops, listRootId);
        if (added.isEmpty()) {
            count.decrementAndGet(); // in the frontier from an earlier crawl, counted there
            return false;
        }
        if (Urls.hostKey(url).map(workerHost::equals).orElse(false)) {
            queue.add(added.get());
        }
        return true;
    }

    private void skip(Frontier.Row row, String reason) {
        skipped.incrementAndGet();
        frontier.finish(row.id(), Frontier.SKIPPED, 0, reason);
    }

    private static boolean isHtml(String contentType, byte[] body) {
        if (contentType != null) {
            String ct = contentType.toLowerCase(Locale.ROOT);
            return ct.contains("html");
        }
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '<';
            }
        }
        return false;
    }

    /**
     * The archive keeps the bytes as sent; extraction needs them without a gzip Content-Encoding. Inflating stops
     * at the body cap: a megabyte of gzip can expand to gigabytes (a decompression bomb), and only the cap bounds
     * what one page may cost in memory.
     */
    static byte[] contentDecoded(FetchResult fetch, long cap, List<String> notes) {
        String encoding = fetch.header("Content-Encoding");
        if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            return fetch.body();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(fetch.body()))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (out.size() + (long) n > cap) {
                    out.write(buffer, 0, (int) (cap - out.size()));
                    notes.add("gzip 压缩的响应体解压后超过 " + cap + " 字节上限（疑似解压炸弹），仅解析了前 " + cap + " 字节");
                    return out.toByteArray();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            if (out.size() > 0) {
                // a body cut at the cap, or damaged midway: what inflated is still the page's beginning
                notes.add("gzip 压缩的响应体不完整，仅解析了可解压的前 " + out.size() + " 字节");
                return out.toByteArray();
            }
            notes.add("响应声明为 gzip 压缩，但无法解压，按原始字节解析");
            return fetch.body();
        }
    }
}
