package cn.gongkai.crawler.extract;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds of WeChat bridges (self-hosted services that follow official accounts): RSS 2.0, Atom and JSON Feed, read
 * into entries. Pure; a feed that is none of these is an error, never an empty feed: a bridge that answers with an
 * error page must not make an account look silent.
 */
public final class Feeds {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One entry: its article URL, title and the time the feed gives (null when it gives none). */
    public record Entry(String url, String title, Instant published) {
    }

    /** The body is not a feed we can read. */
    public static final class NotAFeedException extends Exception {
        NotAFeedException(String message) {
            super(message);
        }
    }

    private Feeds() {
    }

    public static List<Entry> parse(byte[] body, String contentType) throws NotAFeedException {
        String text = Charsets.decode(body, contentType).text().strip();
        if (text.startsWith("{")) {
            return jsonFeed(text);
        }
        if (!text.startsWith("<")) {
            throw new NotAFeedException("订阅源不是 RSS、Atom 或 JSON Feed");
        }
        Document xml = Jsoup.parse(text, "", Parser.xmlParser());
        List<Entry> out = new ArrayList<>();
        if (xml.selectFirst(Css.of("rss, rdf|RDF")) != null) {
            for (Element item : xml.select(Css.of("item"))) {
                String link = childText(item, "link");
                if (link.isEmpty()) {
                    link = childText(item, "guid");
                }
                out.add(new Entry(link, childText(item, "title"), rfc1123(childText(item, "pubDate"))));
            }
            return out;
        }
        if (xml.selectFirst(Css.of("feed")) != null) {
            for (Element entry : xml.select(Css.of("entry"))) {
                Element link = entry.selectFirst(Css.of("link[rel=alternate], link:not([rel])"));
                String url = link != null ? link.attr("href") : childText(entry, "id");
                String published = childText(entry, "published");
                out.add(new Entry(url, childText(entry, "title"),
                        iso(published.isEmpty() ? childText(entry, "updated") : published)));
            }
            return out;
        }
        throw new NotAFeedException("订阅源不是 RSS、Atom 或 JSON Feed");
    }

    private static List<Entry> jsonFeed(String text) throws NotAFeedException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new NotAFeedException("JSON Feed 无法解析：" + e.getOriginalMessage());
        }
        if (!root.path("version").asString("").contains("jsonfeed.org") || !root.path("items").isArray()) {
            throw new NotAFeedException("JSON 不是 JSON Feed（缺少 version 或 items）");
        }
        List<Entry> out = new ArrayList<>();
        for (JsonNode item : root.path("items")) {
            String url = item.path("url").asString(item.path("external_url").asString(item.path("id").asString("")));
            out.add(new Entry(url, item.path("title").asString(null), iso(item.path("date_published").asString(""))));
        }
        return out;
    }

    private static String childText(Element parent, String tag) {
        for (Element child : parent.children()) {
            if (child.tagName().equalsIgnoreCase(tag)) {
                return child.text().strip();
            }
        }
        return "";
    }

    private static Instant rfc1123(String s) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ENGLISH)).toInstant();
        } catch (DateTimeParseException e) {
            return iso(s);
        }
    }

    private static Instant iso(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            PubDate d = Dates.fromMeta(s, "feed");
            return d == null ? null : d.date().atTime(d.time() == null ? java.time.LocalTime.NOON : d.time())
                    .atZone(Dates.CHINA).toInstant();
        }
    }

    /** The publish time a WeChat article page carries in its script ({@code var ct = "1764412200"}), if any. */
    public static java.util.Optional<Instant> wechatPublishTime(String html) {
        var m = java.util.regex.Pattern.compile("\\bct\\s*[=:]\\s*[\"']?(\\d{9,11})[\"']?").matcher(html);
        return m.find() ? java.util.Optional.of(Instant.ofEpochSecond(Long.parseLong(m.group(1))))
                : java.util.Optional.empty();
    }
}
