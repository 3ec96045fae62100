package cn.gongkai.crawler.extract;

import cn.gongkai.crawler.fetch.AddressPolicy;
import cn.gongkai.crawler.fetch.Blocking;
import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.fetch.Fetcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * What extraction sees in one page, for evaluators debugging a site and for judging extraction on pages nobody
 * tuned it to ({@code gongkai inspect-page <file-or-url>}). The result is plain data, ready to print as JSON.
 */
public final class PageInspector {

    private static final int MAX_BODY_TEXT = 4000;
    private static final int MAX_REDIRECTS = 5;

    private PageInspector() {
    }

    /**
     * Reads a page: a URL (http/https; redirects followed, each hop checked by the address policy) or a file.
     *
     * @param allowPrivate whether a URL may point at loopback or private addresses (the sandbox needs it)
     */
    public static Map<String, Object> inspect(String fileOrUrl, boolean allowPrivate) {
        return inspect(fileOrUrl, allowPrivate, null);
    }

    /**
     * As {@link #inspect(String, boolean)}, and with a site's extraction profile tried on the page: what each of its
     * selectors selects, under {@code profile}, beside what the generic extractor reads.
     */
    public static Map<String, Object> inspect(String fileOrUrl, boolean allowPrivate, ExtractionProfile profile) {
        String lower = fileOrUrl.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return inspectUrl(fileOrUrl, allowPrivate, profile);
        }
        Path file = Path.of(fileOrUrl);
        try {
            byte[] body = Files.readAllBytes(file);
            String contentType = lower.endsWith(".html") || lower.endsWith(".htm") ? "text/html" : null;
            return inspect(body, contentType, file.toAbsolutePath().toUri().toString(), today(), 200, List.of(),
                    profile);
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取文件：" + fileOrUrl, e);
        }
    }

    private static Map<String, Object> inspectUrl(String url, boolean allowPrivate, ExtractionProfile profile) {
        AddressPolicy policy = new AddressPolicy(allowPrivate);
        try (Fetcher fetcher = new Fetcher(Duration.ofSeconds(10), Duration.ofSeconds(30), 20L * 1024 * 1024,
                "gongkai-inspect/0.1")) {
            URI uri = URI.create(url);
            for (int hop = 0; ; hop++) {
                AddressPolicy.Decision decision = policy.check(uri.getHost());
                if (decision.refused()) {
                    throw new IllegalArgumentException(decision.refusal());
                }
                FetchResult fetch = fetcher.fetch(uri, Instant.now(), decision.address());
                if (fetch.failed()) {
                    throw new IllegalStateException("抓取失败：" + fetch.error());
                }
                String location = fetch.header("Location");
                if (fetch.status() >= 300 && fetch.status() < 400 && location != null && hop < MAX_REDIRECTS) {
                    uri = uri.resolve(location.strip());
                    continue;
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("httpStatus", fetch.status());
                out.putAll(inspect(fetch.body(), fetch.contentType(), uri.toString(), today(), fetch.status(),
                        fetch.headers("Set-Cookie"), profile));
                return out;
            }
        }
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    /** Pure: the extraction of one body as the crawler would see it, captured on {@code referenceDate}. */
    public static Map<String, Object> inspect(byte[] body, String contentType, String url, LocalDate referenceDate) {
        return inspect(body, contentType, url, referenceDate, 200, List.of());
    }

    /**
     * As {@link #inspect(byte[], String, String, LocalDate)}, for a response with that status and those cookies;
     * {@code blocked} is why the crawler would not take the page as content (a wall, a soft 404), or null.
     */
    public static Map<String, Object> inspect(byte[] body, String contentType, String url, LocalDate referenceDate,
            int httpStatus, List<String> setCookies) {
        return inspect(body, contentType, url, referenceDate, httpStatus, setCookies, null);
    }

    /** As above, with {@code profile} (may be null) tried on the page. */
    public static Map<String, Object> inspect(byte[] body, String contentType, String url, LocalDate referenceDate,
            int httpStatus, List<String> setCookies, ExtractionProfile profile) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", url);
        String attachment = Attachments.type(contentType, url).orElse(null);
        Charsets.Decoded decoded = Charsets.decode(body, contentType);
        if (attachment != null && !looksLikeHtml(decoded.text())) {
            out.put("contentType", contentType);
            out.put("attachmentType", attachment);
            out.put("bytes", body.length);
            return out;
        }
        Document doc = Jsoup.parse(decoded.text(), url);
        Optional<Blocking.Block> wall = Blocking.mayBeWall(body.length)
                ? Blocking.recognise(httpStatus, setCookies, decoded.text(), PageExtractor.pageTitle(doc),
                        Blocking.visibleTextIfShort(doc), body.length)
                : Blocking.recognise(httpStatus, setCookies, null, null, null, body.length);
        out.put("blocked", wall.map(Blocking.Block::reason).orElse(null));
        out.put("blockedStatus", wall.map(Blocking.Block::status).orElse(null));
        PageExtractor.Article article = PageExtractor.article(doc);
        out.put("charset", decoded.charset().name());
        out.put("charsetSource", decoded.source());
        out.put("declaredCharset", decoded.declared());
        out.put("malformedBytes", decoded.malformed());
        out.put("title", article.title());
        out.put("pubDate", article.pubDate() == null ? null : article.pubDate().iso());
        out.put("pubDateSource", article.pubDate() == null ? null : article.pubDate().source());
        out.put("metaTags", PageExtractor.metaTags(doc));
        out.put("policyMeta", article.policyMeta());
        out.put("items", PageExtractor.listItems(doc, referenceDate).stream()
                .map(i -> row("title", i.title(), "url", i.url(), "date", i.date().toString())).toList());
        out.put("pagination", PageExtractor.pagination(doc));
        out.put("messages", PageExtractor.messages(doc).stream()
                .map(m -> {
                    Map<String, Object> r = row("title", m.title(), "url", m.url(), "askedAt", m.askedAt().toString());
                    r.put("repliedAt", m.repliedAt() == null ? null : m.repliedAt().toString());
                    r.put("status", m.status());
                    r.put("statusText", m.statusText());
                    r.put("replyUnit", m.replyUnit());
                    return r;
                }).toList());
        out.put("attachments", PageExtractor.attachments(doc).stream()
                .map(a -> row("text", a.text(), "url", a.url(), "type", a.type())).toList());
        List<PageExtractor.Link> links = PageExtractor.links(doc);
        out.put("links", links.stream().map(l -> row("text", l.text(), "url", l.url())).toList());
        SiteIdentifiers identifiers = SiteIdentifiers.read(doc);
        Map<String, Object> ids = new LinkedHashMap<>();
        ids.put("siteCode", identifiers.siteCode());
        ids.put("icp", identifiers.icp());
        ids.put("police", identifiers.police());
        ids.put("partyMark", identifiers.partyMark());
        ids.put("problems", identifiers.problems());
        out.put("identifiers", ids);
        String text = article.bodyText();
        out.put("bodyText", cut(text));
        if (profile != null) {
            out.put("profile", profiled(doc, profile, referenceDate));
        }
        return out;
    }

    private static String cut(String text) {
        return text.length() > MAX_BODY_TEXT ? text.substring(0, MAX_BODY_TEXT) + "…" : text;
    }

    /** What each selector of the profile selects on the page; null where it is not given or selects nothing. */
    private static Map<String, Object> profiled(Document doc, ExtractionProfile profile, LocalDate referenceDate) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("selectors", profile.selectors());
        out.put("listItemsSelected", profile.listItem() == null ? null : doc.select(profile.listItem()).size());
        Optional<PageExtractor.ListReading> list = profile.readList(doc, referenceDate);
        out.put("listShape", list.map(l -> l.shape().name()).orElse(null));
        out.put("listNote", list.map(PageExtractor.ListReading::note).orElse(null));
        out.put("items", list.map(l -> l.items().stream()
                .map(i -> row("title", i.title(), "url", i.url(), "date", i.date().toString())).toList())
                .orElse(List.of()));
        out.put("nextPages", profile.nextPages(doc));
        out.put("articleTitle", profile.articleTitle(doc).orElse(null));
        Optional<PubDate> date = profile.articleDate(doc);
        out.put("articleDate", date.map(PubDate::iso).orElse(null));
        out.put("articleBody", profile.articleBody(doc).map(e -> cut(e.text())).orElse(null));
        return out;
    }

    private static boolean looksLikeHtml(String text) {
        String head = text.substring(0, Math.min(text.length(), 512)).stripLeading().toLowerCase(java.util.Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<head");
    }

    private static Map<String, Object> row(String... kv) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            r.put(kv[i], kv[i + 1]);
        }
        return r;
    }
}
