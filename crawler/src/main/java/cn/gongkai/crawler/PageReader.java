package cn.gongkai.crawler;

import cn.gongkai.crawler.extract.Attachments;
import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.fetch.Blocking;
import cn.gongkai.crawler.fetch.FetchResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The hand-off from a captured page to extraction: decodes and parses it once, tells a wall or an error page from
 * content, and has the {@link ExtractionChain} read the items to index (list entries, articles, messages,
 * attachments). What links to follow is {@link Discovery}'s part.
 */
final class PageReader {

    /** Government sites publish in China time; "today" for a page is the date there. */
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /**
     * What a page is: a wall or an error page instead of content, or its items and (for HTML) the parsed document
     * whose links are to be followed, with its list's further pages; {@code doc} is null for a WeChat article, which
     * is not followed, and for a file.
     */
    record Reading(Optional<Blocking.Block> wall, List<Captures.Item> items, Document doc, List<String> nextPages) {

        static Reading wall(Blocking.Block block) {
            return new Reading(Optional.of(block), List.of(), null, List.of());
        }

        static Reading notFollowed(List<Captures.Item> items) {
            return new Reading(Optional.empty(), items, null, List.of());
        }
    }

    private final long maxBodyBytes;
    private final WechatChannels wechat;
    private final Map<Long, ExtractionProfile> profiles;

    PageReader(long maxBodyBytes, WechatChannels wechat, Map<Long, ExtractionProfile> profiles) {
        this.maxBodyBytes = maxBodyBytes;
        this.wechat = wechat;
        this.profiles = profiles;
    }

    /** Reads the page; what the evaluator should know about how it was read (cut, partly decoded) goes to notes. */
    Reading read(Frontier.Row row, FetchResult fetch, List<String> notes) {
        String contentType = fetch.contentType();
        byte[] body = contentDecoded(fetch, maxBodyBytes, notes);
        Optional<String> attachment = Attachments.type(contentType, row.url());
        if (!isHtml(contentType, body)) {
            return Reading.notFollowed(attachment.map(type -> List.of(new Captures.Item("ATTACHMENT", null,
                    row.url(), null, type))).orElse(List.of()));
        }
        String html = PageExtractor.decode(body, contentType);
        Document doc = Jsoup.parse(html, row.url());
        // Only a page small enough to be a wall, and with little text, pays for its text here.
        Optional<Blocking.Block> wall = Blocking.mayBeWall(body.length)
                ? Blocking.recognise(fetch.status(), fetch.headers("Set-Cookie"), html, PageExtractor.pageTitle(doc),
                        Blocking.visibleTextIfShort(doc), body.length)
                : Blocking.recognise(fetch.status(), fetch.headers("Set-Cookie"), null, null, null, body.length);
        if (wall.isPresent()) {
            return Reading.wall(wall.get());
        }
        if (wechat.isWechat(row.channelId())) {
            return Reading.notFollowed(List.of(wechat.article(row, doc)));
        }
        LocalDate captureDay = LocalDate.ofInstant(fetch.startedAt(), CHINA);
        // Where the evaluator gave the site a profile, what it selects comes first; the generic reading fills in.
        ExtractionChain.Page page = ExtractionChain.read(row.url(), doc, captureDay, profiles.get(row.channelId()));
        List<Captures.Item> items = page.items();
        if (items.size() > CrawlRun.MAX_ITEMS_PER_PAGE) {
            notes.add("页面条目超过 " + CrawlRun.MAX_ITEMS_PER_PAGE + " 条（共 " + items.size() + " 条），仅索引了前 "
                    + CrawlRun.MAX_ITEMS_PER_PAGE + " 条");
            items = items.subList(0, CrawlRun.MAX_ITEMS_PER_PAGE);
        }
        return new Reading(Optional.empty(), items, doc, page.nextPages);
    }

    /** An error status's body read for a challenge or a firewall's block page; only small bodies are parsed. */
    static Optional<Blocking.Block> errorPageWall(FetchResult fetch) {
        byte[] body = fetch.body() == null ? new byte[0] : fetch.body();
        List<String> cookies = fetch.headers("Set-Cookie");
        if (!Blocking.mayBeWall(body.length)) {
            return Blocking.recognise(fetch.status(), cookies, null, null, null, body.length);
        }
        String html = PageExtractor.decode(body, fetch.contentType());
        Document doc = Jsoup.parse(html, fetch.uri().toString());
        return Blocking.recognise(fetch.status(), cookies, html, PageExtractor.pageTitle(doc),
                Blocking.visibleTextIfShort(doc), body.length);
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
