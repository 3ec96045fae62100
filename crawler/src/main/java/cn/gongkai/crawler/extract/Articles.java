package cn.gongkai.crawler.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/** Article pages: publication date, policy metadata header, main body text. */
final class Articles {

    /** Metadata that states the publication time, strongest first: the national guideline's PubDate leads. */
    private static final List<String> DATE_META = List.of("pubdate", "publishdate", "publish_date", "publishtime",
            "article:published_time", "datepublished", "og:release_date", "citation_publication_date",
            "citation_date", "dc.date.issued", "dcterms.issued", "dc.date", "weibo:article:create_at", "firstpublishedtime");

    /**
     * Visible labels before a publication date, strongest first. 成文日期 (the day a document was signed) is not a
     * publication date and is never read as one; neither is 生成日期 or 印发日期.
     */
    private static final Pattern DATE_LABEL = Pattern.compile(
            "(发布日期|发布时间|发稿时间|发表时间|发表于|发布于|发布|公开日期|更新时间)\\s*[:：]?\\s*"
                    // bare 日期/时间 only as a label of their own with a colon: 出道日期, 成文日期 are other dates
                    + "|(?<![\\p{IsHan}])(日期|时间)\\s*[:：]\\s*");
    private static final List<String> LABEL_STRENGTH = List.of("发布日期", "发布时间", "发稿时间", "发表时间", "发表于",
            "发布于", "发布", "公开日期", "日期", "时间", "更新时间");

    /** Labels of the metadata header (信息索引) of policy documents, in the order they are reported. */
    static final List<String> POLICY_LABELS = List.of("索引号", "主题分类", "发文机关", "发布机构", "文号", "成文日期",
            "发布日期", "有效性");
    private static final Map<String, String> POLICY_ALIASES = Map.of("发文字号", "文号", "公文字号", "文号",
            "生成日期", "成文日期", "信息索引号", "索引号", "主题词", "主题分类", "发文单位", "发文机关");
    /** Labels as pages print them, often spread out with spaces ("索 引 号", "标　　题") to line up a table. */
    private static final Pattern POLICY_LABEL = Pattern.compile("(" + String.join("|", java.util.stream.Stream.of(
                    "信息索引号", "索引号", "主题分类", "主题词", "发文机关", "发文单位", "发布机构", "发文字号", "公文字号",
                    "文号", "成文日期", "生成日期", "发布日期", "有效性", "标题", "名称", "来源", "关键词", "生效日期", "废止日期")
            .map(l -> String.join("[\\s\\u00A0\\u3000]*", l.split(""))).toList())
            + ")[\\s\\u00A0\\u3000]*[:：]?[\\s\\u00A0\\u3000]*");

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
            "h6", "table", "section", "article", "dd", "dt", "blockquote", "pre");

    private Articles() {
    }

    /** The publication date: metadata, then a labelled visible date, then the first full date, then a month. */
    static Optional<PubDate> pubDate(Document doc) {
        for (String name : DATE_META) {
            for (Element meta : doc.select("meta[content]")) {
                String key = meta.hasAttr("name") ? meta.attr("name")
                        : meta.hasAttr("property") ? meta.attr("property") : meta.attr("itemprop");
                if (key.toLowerCase(Locale.ROOT).equals(name)) {
                    PubDate d = Dates.fromMeta(meta.attr("content"), "meta:" + key);
                    if (d != null) {
                        return Optional.of(d);
                    }
                }
            }
        }
        String text = visibleText(doc);
        Optional<PubDate> labelled = labelledDate(text);
        if (labelled.isPresent()) {
            return labelled;
        }
        // The first date after the title is the byline's; a date before it belongs to the header (today's date,
        // a site notice) and is only the fallback.
        int titleAt = titlePosition(doc, text);
        if (titleAt >= 0) {
            PubDate near = Dates.firstFullDate(text.substring(titleAt, Math.min(text.length(), titleAt + 600)),
                    "text-after-title");
            if (near != null) {
                return Optional.of(near);
            }
        }
        // Dates of link lists (related articles, archives, comments) and of links are other pages' dates.
        PubDate first = Dates.firstFullDate(textWithoutLinkLists(doc), "text");
        if (first != null) {
            return Optional.of(first);
        }
        return Optional.ofNullable(Dates.firstYearMonth(text, "text-month"));
    }

    /** Where the visible text first shows the article's title (its h1, or the first part of {@code <title>}). */
    private static int titlePosition(Document doc, String text) {
        List<String> candidates = new ArrayList<>();
        Element h1 = doc.selectFirst("h1");
        if (h1 != null && h1.text().strip().length() >= 4) {
            candidates.add(h1.text().strip());
        }
        String title = doc.title().strip();
        String head = title.split("\\s*[_|｜—–]\\s*|\\s+-\\s+", 2)[0].strip();
        if (head.length() >= 4) {
            candidates.add(head);
        }
        String flat = text.replace('\n', ' ');
        for (String c : candidates) {
            String probe = c.length() > 24 ? c.substring(0, 24) : c;
            int at = flat.indexOf(probe);
            if (at >= 0) {
                return at + probe.length();
            }
        }
        return -1;
    }

    /** Only the strict sources: metadata and visible labels (what a crawl records for an article page). */
    static Optional<PubDate> statedPubDate(Document doc) {
        Optional<PubDate> d = pubDate(doc);
        return d.filter(p -> p.source().startsWith("meta:") || p.source().startsWith("label:"));
    }

    static Optional<PubDate> labelledDate(String text) {
        PubDate best = null;
        int bestRank = Integer.MAX_VALUE;
        Matcher label = DATE_LABEL.matcher(text);
        while (label.find()) {
            String name = label.group(1) != null ? label.group(1) : label.group(2);
            int rank = LABEL_STRENGTH.indexOf(name);
            if (rank >= bestRank) {
                continue;
            }
            Matcher m = Dates.FULL_DATE.matcher(text);
            m.region(label.end(), Math.min(text.length(), label.end() + 30));
            if (!m.lookingAt()) {
                m = Dates.US_DATE.matcher(text);
                m.region(label.end(), Math.min(text.length(), label.end() + 30));
                if (!m.lookingAt()) {
                    continue;
                }
            }
            var d = Dates.date(m);
            if (d != null) {
                best = new PubDate(d, Dates.time(m), PubDate.Precision.DAY, "label:" + name);
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The metadata header of a policy document (索引号、发文机关、文号、成文日期、发布日期…), read from the text in
     * reading order whether it is a table, a list or a line of spans; a value runs until the next label.
     */
    static Map<String, String> policyMeta(Document doc) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = visibleText(doc).replace('\n', ' ');
        Matcher m = POLICY_LABEL.matcher(text);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            names.add(m.group(1).replaceAll("[\\s\\u00A0\\u3000]", ""));
        }
        for (int i = 0; i < spans.size(); i++) {
            String name = POLICY_ALIASES.getOrDefault(names.get(i), names.get(i));
            if (!POLICY_LABELS.contains(name) || fields.containsKey(name)) {
                continue;
            }
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
            String value = text.substring(spans.get(i)[1], Math.min(end, spans.get(i)[1] + 80)).strip();
            if (name.endsWith("日期")) {
                PubDate d = Dates.firstFullDate(value, "policy");
                if (d == null) {
                    continue;
                }
                value = d.date().toString();
            }
            if (!value.isEmpty() && value.length() <= 60) {
                fields.put(name, value);
            }
        }
        // A lone 发布日期 in a byline is not a policy header: at least two header fields make one.
        long headerFields = fields.keySet().stream().filter(k -> !k.equals("发布日期")).count();
        return headerFields >= 2 ? fields : Map.of();
    }

    /**
     * The main text: the element whose own paragraphs hold the most text that is not link text, as readability
     * tools do, returned with one line per block.
     */
    static String bodyText(Document doc) {
        Element body = doc.body();
        if (body == null) {
            return "";
        }
        Element best = null;
        int bestScore = 0;
        for (Element e : body.select("div, td, article, section, font, span")) {
            int score = 0;
            for (Node child : e.childNodes()) {
                if (child instanceof TextNode t) {
                    score += t.text().strip().length();
                } else if (child instanceof Element c && (c.tagName().equals("p") || c.tagName().equals("br")
                        || c.tagName().equals("span") || c.tagName().equals("font") || c.tagName().equals("strong"))) {
                    int linkText = c.select("a").text().length();
                    score += Math.max(0, c.text().length() - 2 * linkText);
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = e;
            }
        }
        return best == null ? "" : blockText(best).strip();
    }

    /** Text with a line break at every block element, for reading and for regexes that must not cross lines. */
    static String blockText(Element root) {
        StringBuilder out = new StringBuilder();
        root.traverse(new org.jsoup.select.NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.text());
                } else if (node instanceof Element e && BLOCKS.contains(e.tagName())) {
                    newline(out);
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.tagName())) {
                    newline(out);
                } else if (node instanceof Element e && (e.tagName().equals("td") || e.tagName().equals("th"))) {
                    out.append(' ');
                }
            }
        });
        return out.toString().replaceAll("[ \\t\\u00A0\\u3000]*\\n[\\s\\u00A0\\u3000]*", "\n")
                .replaceAll("[ \\t\\u00A0]{2,}", " ");
    }

    private static void newline(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static String textWithoutLinkLists(Document doc) {
        Document copy = doc.clone();
        copy.select("script, style, noscript, template, [style~=(?i)display\\s*:\\s*none]").remove();
        // An entry of a link list: one row, one titled link, little else; it takes three siblings to make a list.
        java.util.Map<Element, List<Element>> byParent = new java.util.LinkedHashMap<>();
        for (Element row : copy.select("li, tr, dd")) {
            if (row.select("li, tr, dd").size() > 1 || row.parent() == null) {
                continue;
            }
            var links = row.select("a[href]");
            String linkText = links.text();
            if (links.size() <= 2 && linkText.length() >= 4 && row.text().length() - linkText.length() < 40) {
                byParent.computeIfAbsent(row.parent(), k -> new ArrayList<>()).add(row);
            }
        }
        byParent.values().stream().filter(rows -> rows.size() >= 3).flatMap(List::stream).forEach(Element::remove);
        // A date in link text is the linked page's ("…（截止2006年8月10日）"), not this page's.
        copy.select("a[href]").remove();
        Element body = copy.body();
        return body == null ? copy.text() : blockText(body);
    }

    /** What a reader sees: the body without scripts, styles and hidden templates. */
    static String visibleText(Document doc) {
        Document copy = doc.clone();
        copy.select("script, style, noscript, template, [style~=(?i)display\\s*:\\s*none]").remove();
        Element body = copy.body();
        return body == null ? copy.text() : blockText(body);
    }
}
