package cn.gongkai.crawler.extract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * List data a page keeps in its scripts rather than its markup, as the CMS families of county portals write it:
 * Hanweb JCMS's {@code <datastore><recordset><record><![CDATA[<li>…</li>]]></record>}, markup written by
 * {@code document.write('<li>…')} with literal strings, and JSON arrays of entries assigned to a variable
 * ({@code var list = [{"title": …, "url": …, "pubDate": …}]}). No script is run: what needs running stays unread, and
 * an unread list is reported as such by {@link PageExtractor#readList}, never as an empty one.
 */
final class ScriptLists {

    private static final Pattern RECORD = Pattern.compile("<record>\\s*<!\\[CDATA\\[(.*?)]]>\\s*</record>",
            Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    /** {@code document.write("…")} or {@code document.writeln('…')} of one literal string. */
    private static final Pattern WRITE = Pattern.compile(
            "document\\.write(?:ln)?\\s*\\(\\s*(?:\"((?:\\\\.|[^\"\\\\])*)\"|'((?:\\\\.|[^'\\\\])*)')\\s*\\)");
    /** Where a JSON array of entries starts: {@code = [ {} or {@code : [ {} after a name. */
    private static final Pattern ARRAY_START = Pattern.compile("[=:]\\s*\\[\\s*\\{");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();
    private static final Pattern URL_KEY = Pattern.compile("(?i)url|link|href|docpuburl|puburl|path|linkurl|docurl");
    private static final Pattern TITLE_KEY = Pattern.compile("(?i)title|doctitle|name|subject|topic");
    private static final Pattern DATE_KEY = Pattern.compile(
            "(?i)(?:pub|publish|release|create|doc|rel|issue)?_?(?:date|time|day)|docreltime|pubtime|createtime");
    /** Parsed once: jsoup parses a query string on every call. */
    private static final org.jsoup.select.Evaluator INLINE_SCRIPTS =
            org.jsoup.select.QueryParser.parse("script:not([src])");
    /** A script larger than this is a library, not a page's list. */
    private static final int MAX_SCRIPT_CHARS = 2_000_000;
    private static final int MAX_ARRAYS = 20;

    private ScriptLists() {
    }

    /** The markup the page's scripts hold for lists, each parsed as a fragment with the page's address as base. */
    static List<Element> fragments(Document doc) {
        List<Element> fragments = new ArrayList<>();
        for (Element script : doc.select(INLINE_SCRIPTS)) {
            String code = script.data();
            if (code.length() > MAX_SCRIPT_CHARS || !code.contains("<")
                    || !(code.contains("<record") || code.contains("document.write"))) {
                continue;
            }
            StringBuilder markup = new StringBuilder();
            Matcher record = RECORD.matcher(code);
            while (record.find()) {
                markup.append(record.group(1)).append('\n');
            }
            Matcher write = WRITE.matcher(code);
            while (write.find()) {
                markup.append(unescape(write.group(1) != null ? write.group(1) : write.group(2)));
            }
            if (markup.indexOf("<a") >= 0) {
                fragments.add(Jsoup.parseBodyFragment(markup.toString(), doc.location()).body());
            }
        }
        return fragments;
    }

    /** Entries of JSON arrays in the page's scripts that each name a title, an address and a date. */
    static List<PageExtractor.ListItem> jsonItems(Document doc, LocalDate referenceDate) {
        List<PageExtractor.ListItem> items = new ArrayList<>();
        for (JsonEntry entry : jsonEntries(doc)) {
            LocalDate date = entry.dates().stream().map(value -> date(value, referenceDate))
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            if (date != null) {
                items.add(new PageExtractor.ListItem(entry.title(), entry.url(), date));
            }
        }
        return items;
    }

    /**
     * The links of the page's script-held lists, dated or not: the anchors of their markup, and for each JSON entry
     * that names a title and an address an anchor made from them (with the page's address as base). A crawler follows
     * them as it follows the page's own links, and a checker looks in them for an item as it looks in the page's, since
     * on Hanweb and TRS script-written columns and on single-page apps they are the only way to the articles.
     */
    static List<Element> anchors(Document doc) {
        List<Element> out = new ArrayList<>();
        for (Element fragment : fragments(doc)) {
            out.addAll(fragment.select(Css.of("a[href]")));
        }
        out.addAll(jsonAnchors(doc));
        return out;
    }

    /** The link of each {@link #jsonRows} row. */
    static List<Element> jsonAnchors(Document doc) {
        return jsonRows(doc).stream().map(row -> row.selectFirst(Css.of("a"))).toList();
    }

    /**
     * Each JSON entry of the page's scripts that names a title and an address, dated or not, as the list row a
     * browser shows for it: {@code <li><a href title>title</a> <span>date</span></li>}, the date as the entry gives
     * it (epoch numbers as ISO days), so that a list of rows reads JSON entries as it reads markup.
     */
    static List<Element> jsonRows(Document doc) {
        List<Element> rows = new ArrayList<>();
        for (JsonEntry entry : jsonEntries(doc)) {
            Element row = new Element(org.jsoup.parser.Tag.valueOf("li"), doc.location());
            row.appendElement("a").attr("href", entry.url()).attr("title", entry.title()).text(entry.title());
            for (JsonNode value : entry.dates()) {
                String text = value.isString() ? value.asString() : java.util.Objects.toString(epochDay(value), "");
                row.appendText(" ").appendElement("span").text(text);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The absolute addresses of {@link #anchors}, each once. */
    static List<String> links(Document doc) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Element a : anchors(doc)) {
            String url = a.absUrl("href");
            if (!url.isEmpty()) {
                out.add(url);
            }
        }
        return List.copyOf(out);
    }

    /** One entry of a JSON list: its title, absolute address and the values of its date fields, in order. */
    private record JsonEntry(String title, String url, List<JsonNode> dates) {
    }

    private static List<JsonEntry> jsonEntries(Document doc) {
        List<JsonEntry> items = new ArrayList<>();
        for (Element script : doc.select(INLINE_SCRIPTS)) {
            String code = script.data();
            if (code.length() > MAX_SCRIPT_CHARS || code.indexOf('{') < 0) {
                continue;
            }
            Matcher start = ARRAY_START.matcher(code);
            int arrays = 0;
            int from = 0;
            while (arrays < MAX_ARRAYS && start.find(from)) {
                int open = code.indexOf('[', start.start());
                int close = matchingBracket(code, open);
                if (close < 0) {
                    break;
                }
                arrays++;
                from = close;
                try {
                    JsonNode array = JSON.readTree(code.substring(open, close + 1));
                    for (JsonNode entry : array) {
                        JsonEntry item = entry(entry, doc);
                        if (item != null) {
                            items.add(item);
                        }
                    }
                } catch (JacksonException e) {
                    // not JSON (a JavaScript expression): nothing read from it
                }
            }
        }
        return items;
    }

    private static JsonEntry entry(JsonNode entry, Document doc) {
        if (!entry.isObject()) {
            return null;
        }
        String url = null;
        String title = null;
        List<JsonNode> dates = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = entry.properties().iterator(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (url == null && URL_KEY.matcher(key).matches() && value.isString()) {
                url = value.asString().strip();
            } else if (title == null && TITLE_KEY.matcher(key).matches() && value.isString()) {
                title = Jsoup.parse(value.asString()).text().strip();
            } else if (DATE_KEY.matcher(key).matches()) {
                dates.add(value);
            }
        }
        if (url == null || url.isEmpty() || title == null || title.isEmpty()) {
            return null;
        }
        String absolute = doc.location().isEmpty() ? url : resolve(doc.location(), url);
        return new JsonEntry(title, absolute, dates);
    }

    /** A date as text, or as epoch milliseconds or seconds (as list APIs give them), in China's time zone. */
    private static LocalDate date(JsonNode value, LocalDate referenceDate) {
        return value.isString() ? PageExtractor.dateIn(value.asString(), referenceDate) : epochDay(value);
    }

    /** The day in China of epoch milliseconds or seconds; null for any other value. */
    private static LocalDate epochDay(JsonNode value) {
        if (value.isIntegralNumber()) {
            long n = value.asLong();
            Instant instant = n > 100_000_000_000L ? Instant.ofEpochMilli(n) : n > 100_000_000L
                    ? Instant.ofEpochSecond(n) : null;
            return instant == null ? null : instant.atZone(Dates.CHINA).toLocalDate();
        }
        return null;
    }

    private static String resolve(String base, String url) {
        try {
            return java.net.URI.create(base).resolve(url.replace(" ", "%20")).toString();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** The index of the bracket closing the one at {@code open}, skipping strings; -1 if it is never closed. */
    private static int matchingBracket(String code, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** A JavaScript string literal's content as the string it stands for. */
    static String unescape(String literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\' || i + 1 >= literal.length()) {
                out.append(c);
                continue;
            }
            char next = literal.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    if (i + 4 < literal.length() && literal.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                        out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        out.append('u');
                    }
                }
                default -> out.append(next); // \' \" \\ \/ and anything else stand for themselves
            }
        }
        return out.toString();
    }
}
