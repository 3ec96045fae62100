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
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

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
            // every label starts with one of these characters; testing that first spares trying each label at
            // every character of the page
            "(?=[发公更日时])(?:(发布日期|发布时间|发稿时间|发表时间|发表于|发布于|发布|公开日期|更新时间)\\s*[:：]?\\s*"
                    // bare 日期/时间 only as a label of their own with a colon: 出道日期, 成文日期 are other dates
                    + "|(?<![\\p{IsHan}])(日期|时间)\\s*[:：]\\s*)");
    private static final List<String> LABEL_STRENGTH = List.of("发布日期", "发布时间", "发稿时间", "发表时间", "发表于",
            "发布于", "发布", "公开日期", "日期", "时间", "更新时间");

    /**
     * A line that opens a readers' comment thread. Only a short line of its own counts: "我来说两句(0)" inside the
     * article's byline is a link, not the start of the thread.
     */
    static final Pattern COMMENT_HEADING = Pattern.compile(
            "(?m)^[\\s\\u00A0\\u3000]*(?:网友评论|网友留言|我来说两句|发表评论|评论列表|相关评论|最新评论|热门评论|全部评论"
                    + "|读者评论|已有\\s*\\d+\\s*条评论|共\\s*\\d+\\s*条评论)[^\\n]{0,20}$");
    /** Elements named as a comment thread; their dates are the readers', not the article's. */
    /** What a reader does not see: scripts, styles, templates and hidden elements. */
    private static final String UNREAD = "script, style, noscript, template, [style~=(?i)display\\s*:\\s*none]";
    private static final Evaluator UNREAD_ELEMENTS = Css.of(UNREAD);
    static final String COMMENT_BLOCKS = "[id~=(?i)comment|pinglun|plun], [class~=(?i)comment|pinglun|plun]";
    /**
     * A short script that writes a date ({@code showDate("2019/06/17 10:00")}, {@code document.write('2019-06-17')}):
     * the reader sees the date where the script stands.
     */
    private static final Pattern SCRIPT_DATE_CALL = Pattern.compile(
            "(?i)[\\w$.]*(?:date|time|write)[\\w$]*\\s*\\(\\s*(?:['\"]([^'\"]{6,60})['\"])");

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
        return pubDate(PageHead.of(doc), false);
    }

    /**
     * Only the strict sources: metadata and visible labels (what a crawl records for an article page). The text's
     * other dates are not read at all: they were the larger part of reading a page's date.
     */
    static Optional<PubDate> statedPubDate(PageHead head) {
        return pubDate(head, true);
    }

    private static Optional<PubDate> pubDate(PageHead head, boolean statedOnly) {
        Document doc = head.doc();
        List<Element> metas = head.select(Css.of("meta[content]"));
        for (String name : DATE_META) {
            for (Element meta : metas) {
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
        // Readers' comments carry their own 发表时间; the article's label comes before the thread, which follows
        // the article's heading (a sidebar's 最新评论 before it is not the thread). Without a heading found in the
        // text nothing says where the article starts, and the whole text is read.
        Optional<String> heading = head.heading();
        int headingAt = heading.map(h -> positionAfter(text, h)).orElse(-1);
        Matcher comments = COMMENT_HEADING.matcher(text);
        boolean thread = headingAt >= 0 && comments.find(headingAt);
        Optional<PubDate> labelled = labelledDate(thread ? text.substring(0, comments.start()) : text);
        if (labelled.isPresent() || statedOnly) {
            return labelled;
        }
        // The first date after the title is the byline's; a date before it belongs to the header (today's date,
        // a site notice) and is only the fallback.
        int titleAt = titlePosition(doc, text, heading);
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
    private static int titlePosition(Document doc, String text, Optional<String> heading) {
        List<String> candidates = new ArrayList<>();
        heading.filter(h -> h.length() >= 4).ifPresent(candidates::add);
        String title = pageTitle(doc);
        String head = title.split("\\s*[_|｜—–]\\s*|\\s+-\\s+", 2)[0].strip();
        if (head.length() >= 4) {
            candidates.add(head);
        }
        for (String c : candidates) {
            int at = positionAfter(text, c);
            if (at >= 0) {
                return at;
            }
        }
        return -1;
    }

    /** Where the text first shows the start of {@code title} (its first 24 characters), just after it; or -1. */
    private static int positionAfter(String text, String title) {
        String probe = title.length() > 24 ? title.substring(0, 24) : title;
        int at = text.replace('\n', ' ').indexOf(probe);
        return at >= 0 ? at + probe.length() : -1;
    }

    /** The first {@code <title>} anywhere but inside SVG, as browsers read it; jsoup's own needs it in the head. */
    static String pageTitle(Document doc) {
        for (Element t : doc.getElementsByTag("title")) {
            if (t.closest(Css.of("svg")) == null) {
                return t.text().strip();
            }
        }
        return "";
    }

    /**
     * The heading that shares the longest run of characters with the page's stated title (Open Graph, else
     * {@code <title>}), since the first {@code <h1>} is often the site's logo or a navigation box. Without a stated
     * title, the first heading that is not a link. Empty when no heading shares at least four characters (or most
     * of a short heading) with the stated title.
     */
    static Optional<String> headingTitle(Document doc) {
        return PageHead.of(doc).heading();
    }

    static Optional<String> headingTitle(PageHead head) {
        Document doc = head.doc();
        String reference = head.select(Css.of("meta[property=og:title]")).attr("content").strip();
        if (reference.isEmpty()) {
            reference = pageTitle(doc);
        }
        String ref = squeeze(reference);
        String best = null;
        int bestScore = 0;
        int seen = 0;
        for (Element h : doc.select(Css.of("h1, h2, h3"))) {
            String text = h.text().strip();
            if (text.length() < 2 || text.length() > 200 || h.closest(Css.of("a")) != null) {
                continue;
            }
            if (ref.isEmpty()) {
                return Optional.of(text);
            }
            String squeezed = squeeze(text);
            int score = commonRun(squeezed, ref);
            boolean enough = score >= 4 || score >= Math.max(2, (squeezed.length() * 3 + 3) / 4);
            // Equal scores go to the higher level and then the earlier heading: the select is in page order.
            int weighted = score * 4 - (h.tagName().charAt(1) - '1');
            if (enough && weighted > bestScore) {
                bestScore = weighted;
                best = text;
            }
            if (++seen >= 40) {
                break;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String squeeze(String s) {
        return s.replaceAll("[\\s\\u00A0\\u3000]+", "");
    }

    /** Length of the longest common substring; both strings are short (headings, titles). */
    private static int commonRun(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        String s = a.length() > 200 ? a.substring(0, 200) : a;
        String t = b.length() > 200 ? b.substring(0, 200) : b;
        int[] prev = new int[t.length() + 1];
        int[] cur = new int[t.length() + 1];
        int best = 0;
        for (int i = 1; i <= s.length(); i++) {
            for (int j = 1; j <= t.length(); j++) {
                cur[j] = s.charAt(i - 1) == t.charAt(j - 1) ? prev[j - 1] + 1 : 0;
                best = Math.max(best, cur[j]);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return best;
    }

    static Optional<PubDate> labelledDate(String text) {
        PubDate best = null;
        int bestRank = Integer.MAX_VALUE;
        // The expression is tried only where a label's first character stands, as find() would find it but
        // without the regex engine stepping through every character of a long page; bounds stay transparent so
        // that the look-behind sees the character before.
        Matcher label = DATE_LABEL.matcher(text).useTransparentBounds(true);
        int n = text.length();
        for (int from = nextLabelStart(text, 0); from >= 0; from = nextLabelStart(text, from)) {
            label.region(from, n);
            if (!label.lookingAt()) {
                from++;
                continue;
            }
            from = label.end();
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

    /** The first position from {@code from} holding a character that starts a date label, or -1. */
    private static int nextLabelStart(String text, int from) {
        for (int i = from, n = text.length(); i < n; i++) {
            switch (text.charAt(i)) {
                case '发', '公', '更', '日', '时' -> {
                    return i;
                }
                default -> { }
            }
        }
        return -1;
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
        for (Element e : body.select(Css.of("div, td, article, section, font, span"))) {
            int score = 0;
            for (Node child : e.childNodes()) {
                if (child instanceof TextNode t) {
                    score += t.text().strip().length();
                } else if (child instanceof Element c && (c.tagName().equals("p") || c.tagName().equals("br")
                        || c.tagName().equals("span") || c.tagName().equals("font") || c.tagName().equals("strong"))) {
                    int linkText = c.select(Css.of("a")).text().length();
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
        return blockText(root, null);
    }

    /**
     * {@link #blockText(Element)}; with {@code page} given, read as {@link #readable} leaves it: what it drops is
     * skipped, and a script that writes a date gives that date.
     */
    private static String blockText(Element root, Document page) {
        StringBuilder out = new StringBuilder();
        NodeTraversor.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    appendText(out, t);
                } else if (node instanceof Element e) {
                    if (page != null && UNREAD_ELEMENTS.matches(page, e)) {
                        String date = e.normalName().equals("script") ? writtenDate(e) : null;
                        if (date != null) {
                            appendText(out, new TextNode(date));
                        }
                        return FilterResult.SKIP_ENTIRELY;
                    }
                    if (BLOCKS.contains(e.tagName())) {
                        newline(out);
                    }
                }
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                if (node instanceof Element e && BLOCKS.contains(e.tagName())) {
                    newline(out);
                } else if (node instanceof Element e && (e.tagName().equals("td") || e.tagName().equals("th"))) {
                    out.append(' ');
                }
                return FilterResult.CONTINUE;
            }
        }, root);
        return collapseSpaceRuns(collapseLineBreaks(out));
    }

    /** {@code out.append(t.text())} without the string in between: a text node's text is its normalised blanks. */
    private static void appendText(StringBuilder out, TextNode t) {
        if (t.getClass() == TextNode.class) {
            StringUtil.appendNormalisedWhitespace(out, t.getWholeText(), false);
        } else {
            out.append(t.text()); // CDATA keeps its blanks
        }
    }

    /**
     * Each line break, with the blanks before it and every blank character after it (further breaks included), as
     * one break: {@code replaceAll("[ \\t\\u00A0\\u3000]*\\n[\\s\\u00A0\\u3000]*", "\n")} in one pass; on a long page
     * the expression cost more than building the text.
     */
    static String collapseLineBreaks(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (!isBlankBeforeBreak(c) && c != '\n') {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < n && isBlankBeforeBreak(s.charAt(j))) {
                j++;
            }
            if (j < n && s.charAt(j) == '\n') {
                j++;
                while (j < n && isBlankAfterBreak(s.charAt(j))) {
                    j++;
                }
                out.append('\n');
            } else {
                out.append(s, i, j);
            }
            i = j;
        }
        return out.toString();
    }

    /** Runs of two or more spaces, tabs or no-break spaces as one: {@code replaceAll("[ \\t\\u00A0]{2,}", " ")}. */
    static String collapseSpaceRuns(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && isSpace(s.charAt(j))) {
                j++;
            }
            if (j - i >= 2) {
                out.append(' ');
                i = j;
            } else {
                out.append(s.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isBlankBeforeBreak(char c) {
        return c == ' ' || c == '\t' || c == '\u00A0' || c == '\u3000';
    }

    /** {@code [\s\u00A0\u3000]}, Java's {@code \s} being {@code [ \t\n\x0B\f\r]}. */
    private static boolean isBlankAfterBreak(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u00A0'
                || c == '\u3000';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u00A0';
    }

    private static void newline(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static String textWithoutLinkLists(Document doc) {
        Document copy = readable(doc);
        removeCommentBlocks(copy);
        // An entry of a link list: one row, one titled link, little else; it takes three siblings to make a list.
        java.util.Map<Element, List<Element>> byParent = new java.util.LinkedHashMap<>();
        for (Element row : copy.select(Css.of("li, tr, dd"))) {
            if (PageExtractor.holdsAnother(row, Css.of("li, tr, dd")) || row.parent() == null) {
                continue;
            }
            var links = row.select(Css.of("a[href]"));
            String linkText = links.text();
            if (links.size() <= 2 && linkText.length() >= 4 && row.text().length() - linkText.length() < 40) {
                byParent.computeIfAbsent(row.parent(), k -> new ArrayList<>()).add(row);
            }
        }
        byParent.values().stream().filter(rows -> rows.size() >= 3).flatMap(List::stream).forEach(Element::remove);
        // A date in link text is the linked page's ("…（截止2019年8月10日）"), not this page's.
        copy.select(Css.of("a[href]")).remove();
        Element body = copy.body();
        return body == null ? copy.text() : blockText(body);
    }

    /** What a reader sees: the body without scripts, styles and hidden templates. */
    static String visibleText(Document doc) {
        Element page = doc.body();
        // Without a comment thread to weigh against the page, the page is read as it stands, passing over what a
        // readable copy would drop, instead of being copied whole first.
        if (page != null && !hasCommentBlock(doc) && !UNREAD_ELEMENTS.matches(doc, page)) {
            return blockText(page, doc);
        }
        return copiedVisibleText(doc);
    }

    /**
     * Whether an element is named as a comment thread: {@code doc.selectFirst(COMMENT_BLOCKS) != null}, with the
     * names read by {@link #namesComment} instead of the expression run over every id and class of the page.
     */
    private static boolean hasCommentBlock(Document doc) {
        return doc.stream().anyMatch(e -> namesComment(e.attr("id")) || namesComment(e.attr("class")));
    }

    /** {@code (?i)comment|pinglun|plun} found in the name, ignoring ASCII case only, as the expression does. */
    static boolean namesComment(String name) {
        return containsAsciiFolded(name, "comment") || containsAsciiFolded(name, "pinglun")
                || containsAsciiFolded(name, "plun");
    }

    private static boolean containsAsciiFolded(String s, String lowerWord) {
        for (int i = 0, last = s.length() - lowerWord.length(); i <= last; i++) {
            int k = 0;
            while (k < lowerWord.length()) {
                char c = s.charAt(i + k);
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                }
                if (c != lowerWord.charAt(k)) {
                    break;
                }
                k++;
            }
            if (k == lowerWord.length()) {
                return true;
            }
        }
        return false;
    }

    /** {@link #visibleText} read off a readable copy, the comment threads removed from it. */
    static String copiedVisibleText(Document doc) {
        Document copy = readable(doc);
        removeCommentBlocks(copy);
        Element body = copy.body();
        return body == null ? copy.text() : blockText(body);
    }

    /** A copy without scripts, styles and hidden templates; a script that writes a date leaves the date. */
    private static Document readable(Document doc) {
        Document copy = doc.clone();
        for (Element script : copy.select(Css.of("script"))) {
            String date = writtenDate(script);
            if (date != null) {
                script.before(new TextNode(date));
            }
        }
        copy.select(Css.of(UNREAD)).remove();
        return copy;
    }

    /** The date a short script writes where it stands ({@code showDate("2019/06/17 10:00")}), or null. */
    private static String writtenDate(Element script) {
        String code = script.data();
        if (code.length() > 600) {
            return null; // a library or a data block, not a byline's date call
        }
        Matcher call = SCRIPT_DATE_CALL.matcher(code);
        while (call.find()) {
            Matcher date = Dates.FULL_DATE.matcher(call.group(1));
            if (date.find() && Dates.date(date) != null) {
                return date.group();
            }
        }
        return null;
    }

    /**
     * Drops comment threads named as such, unless the element is most of the page (some templates wrap the whole
     * article in a "comment"-named box) or holds the article's heading.
     */
    static void removeCommentBlocks(Document copy) {
        Element body = copy.body();
        if (body == null) {
            return;
        }
        int total = -1;
        for (Element block : copy.select(Css.of(COMMENT_BLOCKS))) {
            if (total < 0) {
                total = body.text().length();
            }
            if (block.parent() != null && block.text().length() * 2 < total && block.select(Css.of("h1")).isEmpty()) {
                block.remove();
            }
        }
    }
}
