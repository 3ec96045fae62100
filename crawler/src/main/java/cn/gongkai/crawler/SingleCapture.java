package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;

import cn.gongkai.crawler.fetch.AddressPolicy;
import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.fetch.Fetcher;
import cn.gongkai.crawler.warc.WarcFileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * One URL captured now, on an evaluator's request (the page an appeal points at): fetched under the round's address
 * policy, every hop written to WARC and indexed in {@code capture} exactly as a crawl would, redirects followed up
 * to the crawl's limit. It is one request a person asked for, not crawling, so robots.txt and the per-host delay
 * do not apply; the address policy does, since the URL comes from outside, and so does the {@link CaptureScope}.
 */
final class SingleCapture {

    private final DSLContext dsl;
    private final Path warcDirectory;
    private final CrawlSettings settings;

    SingleCapture(DSLContext dsl, Path warcDirectory, CrawlSettings settings) {
        this.dsl = dsl;
        this.warcDirectory = warcDirectory;
        this.settings = settings;
    }

    Crawler.Captured capture(long roundId, long channelId, String url, CaptureScope scope) {
        Boolean allowPrivate = dsl.select(ASSESSMENT_ROUND.ALLOW_PRIVATE_ADDRESSES).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne(ASSESSMENT_ROUND.ALLOW_PRIVATE_ADDRESSES);
        if (allowPrivate == null) {
            throw new IllegalArgumentException("评估轮次不存在：" + roundId);
        }
        if (!dsl.fetchExists(CHANNEL, CHANNEL.ID.eq(channelId))) {
            throw new IllegalArgumentException("栏目不存在：" + channelId);
        }
        String current = Urls.normalize(url).filter(u -> u.length() <= Urls.MAX_URL_LENGTH)
                .orElseThrow(() -> new IllegalArgumentException("网址无效：" + Text.clip(url, 200)));
        AddressPolicy policy = new AddressPolicy(Boolean.TRUE.equals(allowPrivate));
        Captures captures = new Captures(dsl, roundId, settings.maxBodyBytes());
        try (Fetcher fetcher = new Fetcher(settings.connectTimeout(), settings.requestTimeout(),
                settings.maxBodyBytes(), settings.userAgent());
             WarcFileWriter warc = new WarcFileWriter(warcDirectory, roundId, WarcFileWriter.DEFAULT_ROTATE_BYTES)) {
            for (int hop = 0; ; hop++) {
                URI uri = URI.create(current);
                String outOfScope = scope.refusal(uri);
                AddressPolicy.Decision decision = outOfScope != null
                        ? new AddressPolicy.Decision(null, outOfScope, null) : policy.check(uri.getHost());
                FetchResult fetch = decision.refused()
                        ? new FetchResult(uri, Instant.now(), decision.address(), Map.of(), -1, Map.of(), new byte[0],
                                false, 0, decision.refusal())
                        : fetcher.fetch(uri, Instant.now(), decision.address());
                // To disk first, then indexed: the index never points at evidence a crash could take away. A refused
                // address was never asked, so there is no exchange to archive; its row says why.
                long captureId = captures.insert(channelId, current, fetch,
                        decision.refused() ? Optional.empty() : warc.write(fetch));
                String status = Captures.status(fetch);
                Optional<String> next = redirectTarget(current, fetch);
                if (next.isEmpty() || hop >= settings.maxRedirects()) {
                    String error = fetch.failed() ? fetch.error()
                            : status.equals(Captures.HTTP_ERROR) ? "服务器返回 HTTP " + fetch.status()
                            : next.isPresent() ? "重定向超过 " + settings.maxRedirects() + " 次，未继续跟随" : null;
                    return new Crawler.Captured(captureId, current, status, fetch.failed() ? null : fetch.status(),
                            error);
                }
                current = next.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("写入 WARC 文件失败：" + e.getMessage(), e);
        }
    }

    private static Optional<String> redirectTarget(String from, FetchResult fetch) {
        if (fetch.failed() || fetch.status() < 300 || fetch.status() >= 400) {
            return Optional.empty();
        }
        String location = fetch.header("Location");
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        try {
            return Urls.normalize(URI.create(from).resolve(location.strip()).toString()).filter(u -> !u.equals(from));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
