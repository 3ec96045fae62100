package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.PROBE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;

import cn.gongkai.crawler.fetch.AddressPolicy;
import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.fetch.Fetcher;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;

/**
 * Availability probes: one visit of each website homepage of a round, recorded in {@code probe} with its status
 * and the time until the whole page was read. A schedule of spaced probes (at least 20 a day per site) is the
 * evidence of the "site unreachable" veto; a visit counts as failed when it errs or exceeds the load limit (15 s by
 * default). Probes are not archived: they measure reachability, the crawl is the evidence of content.
 */
public final class AvailabilityProber {

    /** One probe as recorded. */
    public record Probe(long channelId, String url, String status, Integer httpStatus, long elapsedMs, String error) {
    }

    private static final int MAX_REDIRECTS = 5;

    private final DSLContext dsl;
    private final Duration loadLimit;
    private final String userAgent;

    public AvailabilityProber(DSLContext dsl, Duration loadLimit, String userAgent) {
        this.dsl = dsl;
        this.loadLimit = loadLimit;
        this.userAgent = userAgent;
    }

    public AvailabilityProber(DSLContext dsl) {
        this(dsl, Duration.ofSeconds(15), CrawlSettings.defaults().userAgent());
    }

    /** Probes every website homepage of the round once, all sites at once, and records the results. */
    public List<Probe> probeRound(long roundId) {
        Boolean allowPrivate = dsl.select(ASSESSMENT_ROUND.ALLOW_PRIVATE_ADDRESSES).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne(ASSESSMENT_ROUND.ALLOW_PRIVATE_ADDRESSES);
        if (allowPrivate == null) {
            throw new IllegalArgumentException("评估轮次不存在：" + roundId);
        }
        AddressPolicy policy = new AddressPolicy(allowPrivate);
        var channels = dsl.select(CHANNEL.ID, CHANNEL.URL).from(CHANNEL)
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), CHANNEL.KIND.eq("WEBSITE"))
                .orderBy(CHANNEL.ID).fetch();
        List<Probe> out = new ArrayList<>();
        // the connect and header timeouts are the load limit; the fetcher's overall deadline adds a second
        try (Fetcher fetcher = new Fetcher(loadLimit, loadLimit, 20L * 1024 * 1024, userAgent);
             ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Probe>> futures = new ArrayList<>();
            for (var c : channels) {
                futures.add(executor.submit(() -> probe(fetcher, policy, c.value1(), c.value2())));
            }
            for (Future<Probe> f : futures) {
                try {
                    out.add(f.get());
                } catch (Exception e) {
                    throw new IllegalStateException("可用性监测失败：" + e, e);
                }
            }
        }
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        for (Probe p : out) {
            dsl.insertInto(PROBE)
                    .set(PROBE.ROUND_ID, roundId)
                    .set(PROBE.CHANNEL_ID, p.channelId())
                    .set(PROBE.URL, Text.clip(p.url(), Urls.MAX_URL_LENGTH))
                    .set(PROBE.PROBED_AT, now)
                    .set(PROBE.STATUS, p.status())
                    .set(PROBE.HTTP_STATUS, p.httpStatus())
                    .set(PROBE.ELAPSED_MS, (int) Math.min(Integer.MAX_VALUE, p.elapsedMs()))
                    .set(PROBE.ERROR, Text.clip(p.error(), 1000))
                    .execute();
        }
        return out;
    }

    private Probe probe(Fetcher fetcher, AddressPolicy policy, long channelId, String homepage) {
        URI uri;
        try {
            uri = URI.create(Urls.normalize(homepage).orElseThrow());
        } catch (RuntimeException e) {
            return new Probe(channelId, homepage, Captures.FAILED, null, 0, "网址无效");
        }
        long t0 = System.nanoTime();
        for (int hop = 0; ; hop++) {
            AddressPolicy.Decision decision = policy.check(uri.getHost());
            if (decision.refused()) {
                return new Probe(channelId, homepage, Captures.FAILED, null, 0, decision.refusal());
            }
            FetchResult fetch = fetcher.fetch(uri, Instant.now(), decision.address());
            long elapsed = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            String location = fetch.header("Location");
            if (!fetch.failed() && fetch.status() >= 300 && fetch.status() < 400 && location != null
                    && hop < MAX_REDIRECTS) {
                uri = uri.resolve(location.strip());
                continue;
            }
            if (fetch.failed()) {
                return new Probe(channelId, homepage, Captures.FAILED, null, elapsed, fetch.error());
            }
            if (elapsed > loadLimit.toMillis()) {
                return new Probe(channelId, homepage, Captures.FAILED, fetch.status(), elapsed,
                        "首页加载超过 " + loadLimit.toSeconds() + " 秒");
            }
            return new Probe(channelId, homepage, fetch.status() < 400 ? Captures.OK : Captures.HTTP_ERROR,
                    fetch.status(), elapsed, fetch.status() < 400 ? null : "服务器返回 HTTP " + fetch.status());
        }
    }
}
