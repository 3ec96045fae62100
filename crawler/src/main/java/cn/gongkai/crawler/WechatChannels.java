package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CHANNEL_ARTICLE;

import cn.gongkai.crawler.extract.Css;
import cn.gongkai.crawler.extract.Feeds;
import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.fetch.AddressPolicy;
import cn.gongkai.crawler.fetch.FetchResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jsoup.nodes.Document;

/**
 * WeChat official accounts in a crawl. An account's articles come from its bridge feed (RSS, Atom or JSON Feed),
 * fetched and archived at the start of each crawl, and from article URLs imported into {@code channel_article};
 * each article page is then fetched like any page, but not followed. The publish time is the page's own {@code ct}
 * timestamp, else the feed's. A bridge that fails makes the account's capture FAILED with the reason: the checkers
 * must call the account uncertain, never "not updated".
 */
final class WechatChannels {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final CrawlRun run;
    private final Set<Long> channels = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> feedTimes = new ConcurrentHashMap<>();

    WechatChannels(CrawlRun run) {
        this.run = run;
    }

    boolean isWechat(long channelId) {
        return channels.contains(channelId);
    }

    Optional<String> failure(long channelId) {
        return Optional.ofNullable(failures.get(channelId));
    }

    /**
     * {@code bridgeAllowed}: an evaluator allowed this account's feed on a private address (a bridge on the
     * evaluator's machine or LAN); its articles are still fetched under the round's address policy.
     */
    void seed(long channelId, String feedUrl, boolean bridgeAllowed, Set<String> scope) {
        channels.add(channelId);
        if (feedUrl != null && !feedUrl.isBlank()) {
            readFeed(channelId, feedUrl.strip(), bridgeAllowed);
        }
        var articles = run.dsl.select(CHANNEL_ARTICLE.URL, CHANNEL_ARTICLE.PUBLISHED_AT).from(CHANNEL_ARTICLE)
                .where(CHANNEL_ARTICLE.CHANNEL_ID.eq(channelId)).orderBy(CHANNEL_ARTICLE.ID).fetch();
        for (var a : articles) {
            Urls.normalize(a.value1()).ifPresent(u -> {
                if (a.value2() != null) {
                    feedTimes.put(channelId + " " + u, a.value2().toInstant(ZoneOffset.UTC));
                }
            });
            // depth at the limit: an article is captured, its links are not followed
            run.discovery.seedUrl(channelId, a.value1(), run.settings(channelId).maxDepth(), scope);
        }
        if (articles.isEmpty() && !failures.containsKey(channelId)) {
            failures.put(channelId, "公众号既没有可用的订阅源，也没有导入文章网址，无法抓取");
        }
    }

    /** Fetches, archives and reads the bridge feed; its entries join the account's article list. */
    private void readFeed(long channelId, String feedUrl, boolean bridgeAllowed) {
        Optional<String> url = Urls.normalize(feedUrl);
        if (url.isEmpty()) {
            failures.put(channelId, "订阅源网址无效：" + feedUrl);
            return;
        }
        URI uri = URI.create(url.get());
        AddressPolicy.Decision decision = (bridgeAllowed ? new AddressPolicy(true) : run.addressPolicy)
                .check(uri.getHost());
        if (decision.refused()) {
            failures.put(channelId, "订阅源：" + decision.refusal() + "（可由评估人员在「公众号文章」中为该订阅源单独允许内网地址）");
            return;
        }
        FetchResult fetch;
        try {
            Instant start = run.gate.acquire(Urls.hostKey(uri), run.delayMs);
            fetch = run.fetcher.fetch(uri, start, decision.address());
            run.indexer.submit(new Indexer.Entry().capture(run.evidence.write(channelId, url.get(), fetch)));
        } catch (IOException e) {
            throw new UncheckedIOException("写入 WARC 失败", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("抓取被中断", e);
        }
        if (fetch.failed() || fetch.status() >= 300) {
            failures.put(channelId, "订阅桥接服务不可用（" + (fetch.failed() ? fetch.error() : "HTTP " + fetch.status())
                    + "），本次未能获取文章列表；结论应为不确定，而非未更新");
            return;
        }
        List<Feeds.Entry> entries;
        try {
            entries = Feeds.parse(fetch.body(), fetch.contentType());
        } catch (Feeds.NotAFeedException e) {
            failures.put(channelId, "订阅桥接服务返回的内容无法解析：" + e.getMessage() + "；结论应为不确定，而非未更新");
            return;
        }
        List<ChannelArticles.Article> articles = new java.util.ArrayList<>();
        for (Feeds.Entry entry : entries) {
            Urls.normalize(entry.url()).ifPresent(article ->
                    articles.add(new ChannelArticles.Article(article, entry.published(), entry.title())));
        }
        ChannelArticles.add(run.dsl, channelId, articles);
    }

    /** The ARTICLE item of a captured article page: its title and publish day (page ct, else the feed's time). */
    Captures.Item article(Frontier.Row row, Document doc) {
        String title = doc.select(Css.of("meta[property=og:title]")).attr("content").strip();
        if (title.isEmpty()) {
            title = PageExtractor.articleTitle(doc).orElse(null);
        }
        Optional<Instant> ct = Feeds.wechatPublishTime(doc.html());
        Instant feed = feedTimes.get(row.channelId() + " " + row.url());
        Instant at = ct.orElse(feed);
        String source = ct.isPresent() ? "发布时间取自页面 ct 时间戳" : feed != null ? "发布时间取自订阅源" : "页面和订阅源均无发布时间";
        LocalDate day = at == null ? null : LocalDate.ofInstant(at, CHINA);
        return new Captures.Item("ARTICLE", title, row.url(), day, source);
    }
}
