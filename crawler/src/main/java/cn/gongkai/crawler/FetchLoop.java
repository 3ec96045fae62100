package cn.gongkai.crawler;

import cn.gongkai.crawler.fetch.AddressPolicy;
import cn.gongkai.crawler.fetch.Blocking;
import cn.gongkai.crawler.fetch.FetchResult;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch loop of a wave: every host gets a virtual thread (or {@link CrawlSettings#connectionsPerHost()}) that
 * fetches its queued URLs one after the other, politely spaced, honouring robots.txt, retrying what may be retried and
 * pausing a host that blocks the crawler. Each page goes to WARC ({@link Evidence}), is read ({@link PageReader}),
 * has its links followed ({@link Discovery}) and is handed to {@link Indexer} with its new frontier status.
 */
final class FetchLoop {

    private static final Logger log = LoggerFactory.getLogger(FetchLoop.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final long MAX_ROBOTS_DELAY_MS = 10_000;
    private static final long MIN_BACKOFF_MS = 500;
    /** A Retry-After longer than this is not waited out inside one crawl: the host is paused instead. */
    private static final long MAX_RETRY_AFTER_MS = 120_000;
    /** Two 403s in a row from one host is a block, not one forbidden page. */
    private static final int FORBIDDEN_IN_A_ROW = 2;

    private static final class HostState {
        AddressPolicy.Decision decision;
        BaseRobotRules robots;
        long delayMs;
        volatile String pausedReason;
        final AtomicInteger forbiddenInARow = new AtomicInteger();
    }

    private final CrawlRun run;
    private final Evidence evidence;
    private final Indexer indexer;
    private final PageReader reader;
    private final Discovery discovery;
    private final String robotName;
    private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
    /** Frontier ids this call has taken up (fetched, skipped or left queued); a wave offers each only once. */
    private final Set<Long> attempted = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean aborted = new AtomicBoolean();

    FetchLoop(CrawlRun run, Evidence evidence, Indexer indexer, PageReader reader, Discovery discovery) {
        this.run = run;
        this.evidence = evidence;
        this.indexer = indexer;
        this.reader = reader;
        this.discovery = discovery;
        this.robotName = cn.gongkai.crawler.fetch.Fetcher.robotName(run.settings.userAgent());
    }

    /** The queued rows this call has not taken up yet. */
    List<Frontier.Row> untried(List<Frontier.Row> queued) {
        return queued.stream().filter(row -> !attempted.contains(row.id())).toList();
    }

    /** Fetches the rows, every host on its own, until each host's queue (which grows with its links) is empty. */
    void wave(List<Frontier.Row> queued) {
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
        Semaphore permits = new Semaphore(run.settings.maxParallelHosts());
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
                    failure = new IllegalStateException(e.getCause() instanceof Evidence.WarcFailure warcFailure
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
            state.decision = run.addressPolicy.check(first.getHost());
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
            // Channels sharing a host share its pace: the slowest any of them asks for.
            state.delayMs = queue.stream().mapToLong(row -> run.delayMs(row.channelId())).max().orElse(run.delayMs);
            state.robots = loadRobots(hostKey, first, queue.peek().channelId(), state);
        }
        if (state.pausedReason == null) {
            int workers = Math.max(1, Math.min(run.settings.connectionsPerHost(), queue.size()));
            if (workers == 1) {
                drain(hostKey, state, queue);
            } else {
                drainInParallel(hostKey, state, queue, workers);
            }
        }
        if (state.pausedReason != null) {
            // what is left stays queued for the next crawl of the round, with the reason; this call leaves the
            // host alone
            for (Frontier.Row row : queue) {
                if (attempted.add(row.id())) {
                    indexer.submit(update(row, Frontier.QUEUED, 0, "站点已暂停抓取：" + state.pausedReason));
                }
            }
        }
    }

    private void drainInParallel(String hostKey, HostState state, Deque<Frontier.Row> queue, int workers)
            throws Exception {
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

    private BaseRobotRules loadRobots(String hostKey, URI sample, long channelId, HostState state)
            throws IOException, InterruptedException {
        URI robotsUri = URI.create(sample.getScheme() + "://" + sample.getRawAuthority() + "/robots.txt");
        String url = Urls.normalize(robotsUri.toString()).orElse(robotsUri.toString());
        Instant start = run.gate.acquire(hostKey, state.delayMs);
        FetchResult fetch = run.fetcher.fetch(robotsUri, start, state.decision.address());
        indexer.submit(new Indexer.Entry().capture(evidence.write(channelId, url, fetch)));
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

    /** Fetches one page (with retries), archives every attempt, reads and follows it, and hands it to the index. */
    private void crawlPage(String hostKey, HostState state, Frontier.Row row, Deque<Frontier.Row> queue)
            throws IOException, InterruptedException {
        String robotsNote = null;
        if (!state.robots.isAllowed(row.url())) {
            String why = state.robots.isAllowNone()
                    ? "robots.txt 禁止抓取本站（或 robots.txt 返回服务器错误，按 RFC 9309 暂不抓取）"
                    : "robots.txt 不允许抓取该网址";
            if (!run.ignoreRobots) {
                skip(row, why);
                return;
            }
            robotsNote = why + "；本轮按设定忽略 robots.txt，理由：" + run.robotsOverrideReason;
        }
        URI uri = URI.create(row.url());
        Indexer.Entry page = new Indexer.Entry();
        FetchResult fetch;
        int attempt = 0;
        while (true) {
            attempt++;
            Instant start = run.gate.acquire(hostKey, state.delayMs);
            fetch = run.fetcher.fetch(uri, start, state.decision.address());
            page.capture(evidence.write(row.channelId(), row.url(), fetch));
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
                            fetch, page);
                    return;
                }
                wait = Math.max(wait, retryAfter.get().toMillis());
            }
            Thread.sleep(wait);
        }
        if (!fetch.failed() && fetch.status() >= 400) {
            Optional<Blocking.Block> wall = PageReader.errorPageWall(fetch);
            if (wall.isPresent()) {
                block(hostKey, state, row, attempt, wall.get(), fetch, page);
                return;
            }
        }
        if (fetch.status() == 429) {
            pause(hostKey, state, row, attempt, "服务器返回 HTTP 429（请求过多），重试后仍被拒绝，已暂停抓取该站点", fetch,
                    page);
            return;
        }
        if (fetch.status() == 403) {
            if (state.forbiddenInARow.incrementAndGet() >= FORBIDDEN_IN_A_ROW || row.depth() == 0) {
                pause(hostKey, state, row, attempt, "服务器" + (row.depth() == 0 ? "对首页" : "连续")
                        + "返回 HTTP 403（拒绝访问），可能在阻止自动访问，已暂停抓取该站点", fetch, page);
                return;
            }
        } else if (!fetch.failed()) {
            state.forbiddenInARow.set(0);
        }
        String status = Captures.status(fetch);
        if (!status.equals(Captures.OK)) {
            run.failures.incrementAndGet();
            page.update = new Frontier.Update(row.id(), Frontier.FAILED, attempt,
                    status.equals(Captures.FAILED) ? fetch.error() : "服务器返回 HTTP " + fetch.status());
            indexer.submit(page);
            return;
        }
        String problem = null;
        List<String> notes = new ArrayList<>();
        if (robotsNote != null) {
            notes.add(robotsNote);
        }
        if (fetch.truncated()) {
            notes.add("响应体超过 " + run.settings.maxBodyBytes() + " 字节上限，已截断保存，仅解析了保存的部分");
        }
        if (fetch.status() >= 300) {
            problem = discovery.followRedirect(hostKey, row, fetch, queue);
        } else {
            try {
                PageReader.Reading reading = reader.read(row, fetch, notes);
                if (reading.wall().isPresent()) {
                    block(hostKey, state, row, attempt, reading.wall().get(), fetch, page);
                    return;
                }
                page.items = reading.items();
                if (reading.doc() != null) {
                    discovery.follow(hostKey, row, reading.doc(), reading.nextPages(), queue);
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
        run.pagesFetched.incrementAndGet();
        if (problem != null) {
            run.failures.incrementAndGet();
            page.update = new Frontier.Update(row.id(), Frontier.FAILED, attempt, problem);
        } else {
            page.update = new Frontier.Update(row.id(), Frontier.DONE, attempt,
                    notes.isEmpty() ? null : String.join("；", notes));
        }
        indexer.submit(page);
    }

    /**
     * A wall or an error page instead of content: the capture keeps the evidence under the fitting status and the
     * reason; a wall the next request would meet again pauses the host, an error page ends only this URL.
     */
    private void block(String hostKey, HostState state, Frontier.Row row, int attempts, Blocking.Block wall,
            FetchResult fetch, Indexer.Entry page) {
        page.markLast(wall.status(), wall.reason());
        if (wall.pausesHost()) {
            pause(hostKey, state, row, attempts, wall.reason() + "，已暂停抓取该站点", fetch, page);
        } else {
            run.failures.incrementAndGet();
            page.update = new Frontier.Update(row.id(), Frontier.FAILED, attempts, wall.reason());
            indexer.submit(page);
        }
    }

    /** Stops fetching from a host for the rest of this crawl, recording why; its URLs stay queued. */
    private void pause(String hostKey, HostState state, Frontier.Row row, int attempts, String reason,
            FetchResult fetch, Indexer.Entry page) {
        String pausedBefore;
        synchronized (state) {
            pausedBefore = state.pausedReason;
            if (pausedBefore == null) {
                state.pausedReason = reason;
            }
        }
        if (pausedBefore != null) {
            page.update = new Frontier.Update(row.id(), Frontier.QUEUED, attempts, pausedBefore);
            indexer.submit(page);
            return;
        }
        run.pausedHosts.incrementAndGet();
        page.pause = new Indexer.HostPause(hostKey, reason, fetch == null || fetch.failed() ? null : fetch.status(),
                LocalDateTime.now(ZoneOffset.UTC));
        page.update = new Frontier.Update(row.id(), Frontier.QUEUED, attempts, reason);
        indexer.submit(page);
        log.warn("Round {}: host {} paused: {}", run.roundId, hostKey, reason);
    }

    private void skip(Frontier.Row row, String reason) {
        run.skipped.incrementAndGet();
        indexer.submit(update(row, Frontier.SKIPPED, 0, reason));
    }

    private static Indexer.Entry update(Frontier.Row row, String status, int attempts, String reason) {
        Indexer.Entry entry = new Indexer.Entry();
        entry.update = new Frontier.Update(row.id(), status, attempts, reason);
        return entry;
    }
}
