package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.extract.PageExtractor.ListItem;
import cn.gongkai.crawler.fetch.AddressPolicy;
import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.fetch.Fetcher;
import cn.gongkai.crawler.fetch.HostGate;
import cn.gongkai.crawler.warc.WarcFileWriter;
import cn.gongkai.crawler.warc.WarcLocation;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
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
    private static final int MAX_PARALLEL_HOSTS = 32;
    private static final int MAX_ATTEMPTS = 3;
    private static final long MAX_ROBOTS_DELAY_MS = 10_000;
    private static final long MIN_BACKOFF_MS = 500;

    private final DSLContext dsl;
    private final long roundId;
    private final CrawlSettings settings;
    private final Path warcDirectory;
    private final Frontier frontier;
    private final Captures captures;
    private final HostGate gate = new HostGate();
    private final String robotName;

    private long delayMs;
    private AddressPolicy addressPolicy;
    /** Per channel, the host:port keys whose links are followed: the homepage's and the configured columns'. */
    private final Map<Long, Set<String>> scopes = new HashMap<>();
    private final Map<Long, AtomicInteger> channelCounts = new ConcurrentHashMap<>();
    private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
    private final Set<Long> attempted = ConcurrentHashMap.newKeySet();
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean aborted = new AtomicBoolean();

    private final AtomicInteger pagesFetched = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    private Fetcher fetcher;
    private WarcFileWriter warc;

    private static final class HostState {
        AddressPolicy.Decision decision;
        BaseRobotRules robots;
        long delayMs;
    }

    CrawlRun(DSLContext dsl, Path warcDirectory, CrawlSettings settings, long roundId) {
        this.dsl = dsl;
        this.warcDirectory = warcDirectory;
        this.settings = settings;
        this.roundId = roundId;
        this.frontier = new Frontier(dsl, roundId);
        this.captures = new Captures(dsl, roundId, settings.maxBodyBytes());
        this.robotName = Fetcher.robotName(settings.userAgent());
    }

    CrawlReport run() {
        var round = dsl.select(ASSESSMENT_ROUND.CRAWL_DELAY_MS, ASSESSMENT_ROUND.ALLOW_PRIVATE_ADDRESSES)
                .from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOne();
        if (round == null) {
            throw new IllegalArgumentException("评估轮次不存在：" + roundId);
        }
        delayMs = Math.max(0, round.value1());
        addressPolicy = new AddressPolicy(Boolean.TRUE.equals(round.value2()));
        seed();
        channelCounts.clear();
        frontier.countsByChannel().forEach((channel, n) -> channelCounts.put(channel, new AtomicInteger(n)));

        try (Fetcher f = new Fetcher(settings.connectTimeout(), settings.requestTimeout(), settings.maxBodyBytes(),
                settings.userAgent());
             WarcFileWriter w = new WarcFileWriter(warcDirectory, roundId, WarcFileWriter.DEFAULT_ROTATE_BYTES)) {
            this.fetcher = f;
            this.warc = w;
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
        } catch (IOException e) {
            throw new UncheckedIOException("关闭 WARC 文件失败", e);
        }
        CrawlReport report = new CrawlReport(pagesFetched.get(), failures.get(), bytes.get(), skipped.get());
        log.info("Round {} crawled: {}", roundId, report);
        return report;
    }

    private void seed() {
        var channels = dsl.select(CHANNEL.ID, CHANNEL.URL)
                .from(CHANNEL)
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), CHANNEL.KIND.eq("WEBSITE"))
                .orderBy(CHANNEL.ID)
                .fetch();
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
            Set<String> scope = new HashSet<>();
            scopes.put(channelId, scope);
            seedUrl(channelId, channel.value2(), 0, scope);
            for (String column : columns.getOrDefault(channelId, List.of())) {
                seedUrl(channelId, column, 1, scope);
            }
        }
    }

    private void seedUrl(long channelId, String rawUrl, int depth, Set<String> scope) {
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
        for (Frontier.Row row : queued) {
            Optional<String> host = Urls.hostKey(row.url());
            if (host.isEmpty()) {
                attempted.add(row.id());
                skip(row, "网址无法解析，无法抓取");
                continue;
            }
            byHost.computeIfAbsent(host.get(), k -> new ArrayDeque<>()).add(row);
        }
        Semaphore permits = new Semaphore(MAX_PARALLEL_HOSTS);
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
                    failure = new IllegalStateException("抓取中止，未完成的网址仍在队列中，可重新运行继续：" + e.getCause(),
                            e.getCause());
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
        Frontier.Row row;
        while ((row = queue.poll()) != null && !aborted.get()) {
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
        if (!state.robots.isAllowed(row.url())) {
            skip(row, state.robots.isAllowNone()
                    ? "robots.txt 禁止抓取本站（或 robots.txt 返回服务器错误，按 RFC 9309 暂不抓取）"
                    : "robots.txt 不允许抓取该网址");
            return;
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
            if (!fetch.retryable() || attempt >= MAX_ATTEMPTS) {
                break;
            }
            Thread.sleep(Math.max(MIN_BACKOFF_MS, state.delayMs) * attempt);
        }
        String status = Captures.status(fetch);
        if (!status.equals(Captures.OK)) {
            failures.incrementAndGet();
            frontier.finish(row.id(), Frontier.FAILED, attempt,
                    status.equals(Captures.FAILED) ? fetch.error() : "服务器返回 HTTP " + fetch.status());
            return;
        }
        if (fetch.status() >= 300) {
            followRedirect(hostKey, row, fetch, queue);
        } else {
            try {
                readPage(hostKey, row, fetch, captureId, queue);
            } catch (RuntimeException e) {
                if (e instanceof org.jooq.exception.DataAccessException) {
                    throw e;
                }
                // A page our parser cannot read is still captured evidence; only its extraction is lost.
                log.warn("Extraction failed for {}: {}", row.url(), e.toString());
            }
        }
        pagesFetched.incrementAndGet();
        frontier.finish(row.id(), Frontier.DONE, attempt, null);
    }

    /** Writes the exchange to WARC, forces it to disk, and only then indexes it. Returns the capture id. */
    private long archive(long channelId, String url, FetchResult fetch) throws IOException {
        Optional<WarcLocation> location = warc.write(fetch);
        bytes.addAndGet(fetch.body().length);
        return captures.insert(channelId, url, fetch, location);
    }

    private void followRedirect(String hostKey, Frontier.Row row, FetchResult fetch, Deque<Frontier.Row> queue) {
        String location = fetch.header("Location");
        if (location == null || location.isBlank()) {
            return;
        }
        String target;
        try {
            target = URI.create(row.url()).resolve(location.strip()).toString();
        } catch (IllegalArgumentException e) {
            return;
        }
        // A homepage may move to another host (http to https, a new domain): that move is followed once, since
        // the channel's homepage is wherever it leads. Deeper redirects stay within the channel's hosts.
        Urls.normalize(target)
                .filter(u -> row.depth() == 0 || inScope(row.channelId(), u))
                .ifPresent(u -> enqueue(row.channelId(), u, row.depth(), hostKey, queue));
    }

    private void readPage(String hostKey, Frontier.Row row, FetchResult fetch, long captureId,
            Deque<Frontier.Row> queue) {
        String contentType = fetch.contentType();
        byte[] body = contentDecoded(fetch);
        if (!isHtml(contentType, body)) {
            return;
        }
        Document doc = Jsoup.parse(PageExtractor.decode(body, contentType), row.url());
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
        captures.insertItems(captureId, items);
        if (row.depth() < settings.maxDepth()) {
            discoverLinks(hostKey, row, doc, queue);
        }
    }

    private void discoverLinks(String hostKey, Frontier.Row row, Document doc, Deque<Frontier.Row> queue) {
        Set<String> links = new LinkedHashSet<>();
        for (Element e : doc.select("a[href], area[href], frame[src], iframe[src]")) {
            String abs = e.hasAttr("href") ? e.absUrl("href") : e.absUrl("src");
            Urls.normalize(abs)
                    .filter(Urls::worthFetching)
                    .filter(u -> inScope(row.channelId(), u))
                    .ifPresent(links::add);
        }
        for (String link : links) {
            enqueue(row.channelId(), link, row.depth() + 1, hostKey, queue);
        }
    }

    private boolean inScope(long channelId, String url) {
        Set<String> scope = scopes.get(channelId);
        return scope != null && Urls.hostKey(url).map(scope::contains).orElse(false);
    }

    private void enqueue(long channelId, String url, int depth, String workerHost, Deque<Frontier.Row> queue) {
        if (!known.add(channelId + " " + url)) {
            return; // already queued or fetched for this channel in this call
        }
        AtomicInteger count = channelCounts.computeIfAbsent(channelId, k -> new AtomicInteger());
        if (count.get() >= settings.maxPagesPerChannel()) {
            return;
        }
        frontier.add(channelId, url, depth).ifPresent(added -> {
            count.incrementAndGet();
            if (Urls.hostKey(url).map(workerHost::equals).orElse(false)) {
                queue.add(added);
            }
        });
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

    /** The archive keeps the bytes as sent; extraction needs them without a gzip Content-Encoding. */
    private static byte[] contentDecoded(FetchResult fetch) {
        String encoding = fetch.header("Content-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip") && !fetch.truncated()) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(fetch.body()))) {
                return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, 64L * 1024 * 1024));
            } catch (IOException e) {
                return fetch.body();
            }
        }
        return fetch.body();
    }
}
