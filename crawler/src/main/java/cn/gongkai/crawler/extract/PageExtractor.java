package cn.gongkai.crawler.extract;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Reads what the evaluation needs from a captured page: its text in the right charset, the dated entries of list
 * pages, and an article's publication date. Pure functions, so they can be tested on saved pages.
 */
public final class PageExtractor {

    /** [11-20], 【11-20】, (11-20), （11月20日）: list pages that omit the year. */
    private static final Pattern BRACKET_DATE = Pattern.compile(
            "[\\[【(（]\\s*(\\d{1,2})\\s*(?:[-/.]|月)\\s*(\\d{1,2})\\s*日?\\s*[\\]】)）]");
    /** A text node that is nothing but 11-20 (e.g. {@code <span>11-20</span>}). */
    private static final Pattern BARE_SHORT_DATE = Pattern.compile("^\\s*(\\d{1,2})[-/.](\\d{1,2})\\s*$");

    /** Links that act on the page ("我来说两句(0)", "发表评论", "回复") rather than lead to a published item. */
    static final Pattern INTERACTION_LINK = Pattern.compile(
            "(?:我来说两句|我要评论|发表评论|查看评论|网友评论|参与评论|评论|回复|引用|举报|顶|踩|支持|反对|分享)"
                    + "\\s*[(（\\[【]?\\s*\\d*\\s*[)）\\]】]?(?:条评论)?");
    private static final Pattern COMMENT_NAME = Pattern.compile("(?i)comment|pinglun|plun");
    /** How comment threads sign a comment; list pages of published items never do. */
    private static final Pattern COMMENTER = Pattern.compile(
            "网友[：:]|网友\\s*\\S{1,12}\\s*(?:发表于|说)|发表于\\s*[:：]?\\s*\\d|评论时间|评论于");

    private PageExtractor() {
    }

    /**
     * Decodes a page body: byte order mark, HTTP header charset, {@code <meta>} charset, then ICU4J detection;
     * GB2312 and GBK labels are decoded as GB18030 (see {@link Charsets}).
     */
    public static String decode(byte[] body, String contentTypeHeader) {
        return Charsets.decode(body, contentTypeHeader).text();
    }

    /**
     * The dated entries of a list page: each {@code <li>} or table row that holds a link and a date; repeated sibling
     * blocks of other elements ({@code div}, {@code dl}, {@code dd}, {@code p} …) that do, at least three under one
     * parent; and the same within list data a page's scripts write (Hanweb's {@code <recordset>} records, literal
     * {@code document.write} markup) or hold as JSON ({@code var list = [{title, url, date}, …]}), see
     * {@link ScriptLists}. A date written without its year ({@code [11-20]}) gets the latest year that does not put it
     * after {@code referenceDate}, the day the page was captured. Entries without a date are left out: for the
     * evaluation an undated item counts as not updated, which the caller sees as "no item".
     */
    public static List<ListItem> listItems(Document doc, LocalDate referenceDate) {
        Set<ListItem> items = new LinkedHashSet<>();
        markupItems(doc, referenceDate, items);
        for (Element fragment : ScriptLists.fragments(doc)) {
            markupItems(fragment, referenceDate, items);
        }
        items.addAll(ScriptLists.jsonItems(doc, referenceDate));
        return List.copyOf(items);
    }

    /** Rows ({@code li}, {@code tr}) and repeated sibling blocks under {@code root}, each one holding a link and a date. */
    private static void markupItems(Element root, LocalDate referenceDate, Set<ListItem> items) {
        for (Element row : root.select(ROWS)) {
            if (holdsAnother(row, ROWS)) {
                continue; // a container of rows; its rows are visited on their own
            }
            addItem(row, referenceDate, items);
        }
        for (Element block : repeatedBlocks(root, referenceDate)) {
            addItem(block, referenceDate, items);
        }
    }

    private static void addItem(Element row, LocalDate referenceDate, Set<ListItem> items) {
        Element anchor = firstLink(row);
        if (anchor == null || INTERACTION_LINK.matcher(anchor.text().strip()).matches()) {
            return;
        }
        DateHit hit = findDate(row, anchor, referenceDate);
        if (hit == null) {
            return;
        }
        String title = anchor.attr("title").strip();
        if (title.isEmpty()) {
            title = anchor.text();
            if (hit.insideAnchor()) {
                title = title.replace(hit.text(), "");
            }
            title = title.strip();
        }
        if (title.isEmpty()) {
            return;
        }
        // A comment thread's entries look like a list's; asked last, since it climbs the tree and reads the row's text.
        if (isComment(row)) {
            return;
        }
        String url = Hrefs.of(anchor).abs(anchor, "href");
        if (url.isEmpty()) {
            url = anchor.attr("href").strip();
        }
        items.add(new ListItem(title, url, hit.date()));
    }

    /** Parsed once: jsoup parses a query string on every call. */
    private static final Evaluator ROWS = QueryParser.parse("li, tr");
    private static final Evaluator LINKS = QueryParser.parse("a[href]");

    /** Blocks of one tag under one parent (jsoup elements compare by identity). */
    private record SiblingKey(Element parent, String tag) {
    }

    /** Block elements a list may repeat instead of {@code li} or {@code tr}. */
    private static final Set<String> BLOCK_TAGS = Set.of("div", "dl", "dd", "dt", "p", "section", "article");
    /** A block with more links than this is a container or a box of links, not one entry. */
    private static final int MAX_BLOCK_LINKS = 3;
    /** How many enclosing blocks of a link are tried for its date ({@code dl > dt > a} with the date in {@code dd}). */
    private static final int BLOCK_LEVELS = 3;

    /**
     * The innermost blocks outside {@code li}/{@code tr} rows and page chrome that each hold a link and a date, kept
     * where at least {@link Lists#MIN_ENTRIES} of one tag share a parent: a list, not a lone dated link. Found from the
     * links up (the nearest block around a link that also holds a date, at most {@link #BLOCK_LEVELS} blocks up), so
     * a page costs its links times their depth, not every block's whole subtree.
     */
    private static List<Element> repeatedBlocks(Element root, LocalDate referenceDate) {
        Set<Element> candidates = new LinkedHashSet<>();
        Set<Element> tried = new HashSet<>();
        for (Element a : root.select(LINKS)) {
            if (inRow(a)) {
                continue; // rows are read as rows
            }
            int levels = 0;
            for (Element e = a.parent(); e != null && e != root && levels < BLOCK_LEVELS; e = e.parent()) {
                if (!BLOCK_TAGS.contains(e.normalName())) {
                    continue;
                }
                levels++;
                if (!tried.add(e)) {
                    break; // reached from another link of the same block
                }
                Element anchor = firstLink(e);
                if (anchor == null || e.select(LINKS).size() > MAX_BLOCK_LINKS || e.selectFirst(ROWS) != null) {
                    break;
                }
                if (findDate(e, anchor, referenceDate) != null) {
                    candidates.add(e);
                    break;
                }
            }
        }
        // Innermost only: a wrapper around dated blocks is not an entry of its own.
        Set<Element> wrappers = new HashSet<>();
        for (Element e : candidates) {
            for (Element p = e.parent(); p != null; p = p.parent()) {
                if (!wrappers.add(p)) {
                    break;
                }
            }
        }
        Map<SiblingKey, List<Element>> siblings = new LinkedHashMap<>();
        for (Element e : candidates) {
            if (!wrappers.contains(e) && !PageChrome.contains(e)) {
                siblings.computeIfAbsent(new SiblingKey(e.parent(), e.normalName()), k -> new ArrayList<>()).add(e);
            }
        }
        List<Element> blocks = new ArrayList<>();
        for (List<Element> group : siblings.values()) {
            if (group.size() >= Lists.MIN_ENTRIES) {
                blocks.addAll(group);
            }
        }
        return blocks;
    }

    /**
     * How a page's list was read: dated entries ({@link #listItems}), a list whose entries show no date, a page that
     * says its list is empty (暂无信息), or no list recognised at all. Only the last is unread: the list may be written
     * in markup or scripts this extractor does not read, so nothing about the column may be concluded from it.
     */
    public static ListReading readList(Document doc, LocalDate referenceDate) {
        List<ListItem> items = listItems(doc, referenceDate);
        if (!items.isEmpty()) {
            return new ListReading(ListShape.DATED, items, null);
        }
        Optional<String> marker = Lists.emptyMarker(doc);
        if (marker.isPresent()) {
            return new ListReading(ListShape.EMPTY, items, marker.get());
        }
        List<String> undated = Lists.undatedTitles(doc);
        if (!undated.isEmpty()) {
            return new ListReading(ListShape.UNDATED, items, undated.size() + " 条信息均无发布日期，如：" + undated.get(0));
        }
        return new ListReading(ListShape.UNRECOGNISED, items, null);
    }

    /**
     * A row of a readers' comment thread: inside a box named as comments, or signed by a commenter (网友, 发表于,
     * 评论时间); replies of a message board are not comments. Its link is the commenter's and its date the comment's, not a published item's.
     */
    static boolean isComment(Element row) {
        for (Element p = row; p != null; p = p.parent()) {
            if (COMMENT_NAME.matcher(p.className()).find() || COMMENT_NAME.matcher(p.id()).find()) {
                return true;
            }
        }
        return COMMENTER.matcher(row.text()).find();
    }

    /** {@code a.closest(ROWS) != null} without finding the tree's root for every link first, as closest does. */
    private static boolean inRow(Element a) {
        for (Element p = a; p != null; p = p.parent()) {
            if (p.nameIs("li") || p.nameIs("tr")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an element below {@code e} matches: {@code e.select(query).size() > 1} for an element that matches
     * itself, but stopping at the first, since on a table-layout page the outer rows hold the whole page.
     */
    static boolean holdsAnother(Element e, Evaluator query) {
        for (Element child = e.firstElementChild(); child != null; child = child.nextElementSibling()) {
            if (child.selectFirst(query) != null) {
                return true;
            }
        }
        return false;
    }

    static Element firstLink(Element row) {
        for (Element a : row.select(LINKS)) {
            String href = a.attr("href").strip().toLowerCase(Locale.ROOT);
            if (href.isEmpty() || href.equals("#") || href.startsWith("javascript:") || href.startsWith("mailto:")) {
                continue;
            }
            if (!a.text().isBlank() || !a.attr("title").isBlank()) {
                return a;
            }
        }
        return null;
    }

    private record DateHit(LocalDate date, String text, boolean insideAnchor) {
    }

    /**
     * Prefers a date outside the link (the usual {@code <span>2026-11-20</span>}), taking the last one since dates
     * trail titles; a date inside the link counts only when its text node is little more than the date, so that
     * a title such as "2026年11月20日全区工作会议" is not read as the publication date.
     */
    private static DateHit findDate(Element row, Element anchor, LocalDate referenceDate) {
        DateHit outside = null;
        DateHit inside = null;
        for (TextNode node : textNodes(row)) {
            String text = node.text();
            if (text.isBlank()) {
                continue;
            }
            boolean inAnchor = isInside(node, anchor);
            DateMatch m = matchDate(text, referenceDate);
            if (m == null) {
                continue;
            }
            if (!inAnchor) {
                outside = new DateHit(m.date(), m.text(), false);
            } else if (inside == null && isMostlyDate(text, m.text())) {
                inside = new DateHit(m.date(), text.strip(), true);
            }
        }
        return outside != null ? outside : inside;
    }

    private static boolean isMostlyDate(String nodeText, String dateText) {
        String rest = nodeText.replace(dateText, "").replaceAll("[\\s\\[\\]【】()（）:：发布日期时间]", "");
        return rest.length() <= 2;
    }

    private static boolean isInside(TextNode node, Element anchor) {
        for (Element p = node.parent() instanceof Element e ? e : null; p != null; p = p.parent()) {
            if (p == anchor) {
                return true;
            }
        }
        return false;
    }

    private static List<TextNode> textNodes(Element root) {
        List<TextNode> nodes = new ArrayList<>();
        root.traverse((node, depth) -> {
            if (node instanceof TextNode t) {
                nodes.add(t);
            }
        });
        return nodes;
    }

    private record DateMatch(LocalDate date, String text) {
    }

    /** The first date in a text as a list row would show it ({@code 2026-11-20}, {@code [11-20]} …), if any. */
    static LocalDate dateIn(String text, LocalDate referenceDate) {
        DateMatch m = matchDate(text, referenceDate);
        return m == null ? null : m.date();
    }

    private static DateMatch matchDate(String text, LocalDate referenceDate) {
        Matcher full = Dates.FULL_DATE.matcher(text);
        while (full.find()) {
            LocalDate d = Dates.date(full);
            if (d != null) {
                return new DateMatch(d, full.group());
            }
        }
        Matcher bracket = BRACKET_DATE.matcher(text);
        while (bracket.find()) {
            LocalDate d = inferYear(Integer.parseInt(bracket.group(1)), Integer.parseInt(bracket.group(2)),
                    referenceDate);
            if (d != null) {
                return new DateMatch(d, bracket.group());
            }
        }
        Matcher bare = BARE_SHORT_DATE.matcher(text);
        if (bare.find()) {
            LocalDate d = inferYear(Integer.parseInt(bare.group(1)), Integer.parseInt(bare.group(2)), referenceDate);
            if (d != null) {
                return new DateMatch(d, bare.group().strip());
            }
        }
        return null;
    }

    private static LocalDate date(int year, int month, int day) {
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The latest year that makes month-day a real date not after the reference date (29 February looks further). */
    static LocalDate inferYear(int month, int day, LocalDate referenceDate) {
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        for (int year = referenceDate.getYear(); year >= referenceDate.getYear() - 8; year--) {
            LocalDate d = date(year, month, day);
            if (d != null && !d.isAfter(referenceDate)) {
                return d;
            }
        }
        return null;
    }

    /**
     * The stated publication date of an article page: publication metadata ({@code <meta name="PubDate">} as the
     * national website guideline asks for, or the common Open Graph, schema.org and Dublin Core forms), otherwise
     * a labelled visible date ("发布日期：…", "发布时间：…"; never 成文日期). Dates that are merely somewhere in the
     * text are not stated publication dates: see {@link #publicationDate(Document)}.
     */
    public static Optional<LocalDate> pubDate(Document doc) {
        return pubDate(PageHead.of(doc));
    }

    /** {@link #pubDate(Document)} of the page whose head is read. */
    public static Optional<LocalDate> pubDate(PageHead head) {
        return Articles.statedPubDate(head).map(PubDate::date);
    }

    /**
     * The best reading of when a page was published, with where it was found and at what precision: stated
     * metadata and labels first, then the first full date of the visible text, then a year and month.
     */
    public static Optional<PubDate> publicationDate(Document doc) {
        return Articles.pubDate(doc);
    }

    /** An article page read as a whole. */
    public static Article article(Document doc) {
        return new Article(articleTitle(doc).orElse(null), publicationDate(doc).orElse(null),
                Articles.policyMeta(doc), Articles.bodyText(doc));
    }

    /** The messages of a message-board page (领导信箱、咨询投诉), in page order. */
    public static List<Message> messages(Document doc) {
        return Messages.extract(doc);
    }

    /** Links to documents (pdf, doc, docx, wps, xls, xlsx, ofd), by the extension of their URL or link text. */
    public static List<Attachment> attachments(Document doc) {
        Set<Attachment> out = new LinkedHashSet<>();
        Hrefs hrefs = Hrefs.of(doc);
        for (Element a : doc.select(Css.of("a[href]"))) {
            String url = hrefs.abs(a, "href");
            if (url.isEmpty()) {
                continue;
            }
            Optional<String> type = Attachments.type(null, url).or(() -> Attachments.byExtension(a.text()));
            type.ifPresent(t -> out.add(new Attachment(a.text().strip(), url, t)));
        }
        return List.copyOf(out);
    }

    /**
     * The addresses that lists held in the page's scripts link to (Hanweb records, literal {@code document.write}
     * markup, JSON entries with a title and an address), as absolute URLs; see {@link ScriptLists#links}.
     */
    public static List<String> scriptListLinks(Document doc) {
        return ScriptLists.links(doc);
    }

    /**
     * The lists the page's scripts hold, as the markup a browser shows for them: Hanweb recordset records and literal
     * {@code document.write} markup each parsed as a fragment with the page's address as base
     * ({@link ScriptLists#fragments}), and JSON entries as one {@code <ul>} of rows ({@link ScriptLists#jsonRows}).
     */
    public static List<Element> scriptListMarkup(Document doc) {
        List<Element> out = new ArrayList<>(ScriptLists.fragments(doc));
        List<Element> rows = ScriptLists.jsonRows(doc);
        if (!rows.isEmpty()) {
            Element list = new Element(org.jsoup.parser.Tag.valueOf("ul"), doc.location());
            rows.forEach(list::appendChild);
            out.add(list);
        }
        return out;
    }

    /**
     * Every link a reader of the page can follow: its own {@code a[href]} elements, then those of the lists its
     * scripts hold ({@link ScriptLists#anchors}), so that a checker looking for an item (a year's annual report) finds
     * it whether the column is written in markup, by a Hanweb recordset or as JSON.
     */
    public static List<Element> allAnchors(Document doc) {
        List<Element> out = new ArrayList<>(doc.select(LINKS));
        out.addAll(ScriptLists.anchors(doc));
        return out;
    }

    /**
     * The further pages of a column list that this page links to (下一页, 尾页, index_1.html, {@code ?page=2}) or
     * that its TRS pager script names ({@code createPageHTML(total, current, "index", "html")}), as absolute URLs.
     */
    public static List<String> pagination(Document doc) {
        return Pagination.pages(doc);
    }

    /** Every http(s) link of the page with its text, in page order, each URL once. */
    public static List<Link> links(Document doc) {
        Set<String> seen = new java.util.HashSet<>();
        List<Link> out = new ArrayList<>();
        Hrefs hrefs = Hrefs.of(doc);
        for (Element e : doc.select(Css.of("a[href], area[href], frame[src], iframe[src]"))) {
            String url = e.hasAttr("href") ? hrefs.abs(e, "href") : hrefs.abs(e, "src");
            String lower = url.toLowerCase(Locale.ROOT);
            if ((lower.startsWith("http://") || lower.startsWith("https://")) && seen.add(url)) {
                String text = e.text().strip();
                out.add(new Link(text.isEmpty() ? e.attr("title").strip() : text, url));
            }
        }
        return out;
    }

    /** {@code <meta name|property|itemprop=… content=…>} in page order; the first value of a repeated name wins. */
    public static java.util.Map<String, String> metaTags(Document doc) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Element meta : doc.select(Css.of("meta[content]"))) {
            String key = meta.hasAttr("name") ? meta.attr("name")
                    : meta.hasAttr("property") ? meta.attr("property") : meta.attr("itemprop");
            if (!key.isBlank()) {
                out.putIfAbsent(key.strip(), meta.attr("content").strip());
            }
        }
        return out;
    }

    /**
     * The title of an article page: {@code ArticleTitle} metadata, else the heading that best matches the page's own
     * title (a logo or a navigation box is often the first {@code <h1>}), else the page title.
     */
    public static Optional<String> articleTitle(Document doc) {
        return articleTitle(PageHead.of(doc));
    }

    /** {@link #articleTitle(Document)} of the page whose head is read. */
    public static Optional<String> articleTitle(PageHead head) {
        String meta = head.select(Css.of("meta[name=ArticleTitle]")).attr("content").strip();
        if (!meta.isEmpty()) {
            return Optional.of(meta);
        }
        return head.heading().or(() -> {
            String title = Articles.pageTitle(head.doc());
            return title.isEmpty() ? Optional.empty() : Optional.of(title);
        });
    }

    /** The first {@code <title>} anywhere, as browsers take it, even when stray text before {@code <html>} moved it. */
    public static String pageTitle(Document doc) {
        return Articles.pageTitle(doc);
    }

    /**
     * An article page: title, publication date, the policy metadata header (索引号、发文机关、文号、成文日期、发布日期,
     * empty when the page has none) and the main body text.
     */
    public record Article(String title, PubDate pubDate, java.util.Map<String, String> policyMeta, String bodyText) {
    }

    /**
     * One message of a message board.
     *
     * @param status     ANSWERED, IN_PROGRESS, UNANSWERED or UNKNOWN, read from the status text and the reply date
     * @param statusText the status as the page shows it, or null
     */
    public record Message(String title, String url, LocalDate askedAt, LocalDate repliedAt, String status,
                          String statusText, String replyUnit) {
    }

    /** A link to a document file; {@code type} is pdf, doc, docx, wps, xls, xlsx or ofd. */
    public record Attachment(String text, String url, String type) {
    }

    public record Link(String text, String url) {
    }

    /** One dated entry of a list page: the title as shown (or its full title attribute), its absolute URL and date. */
    public record ListItem(String title, String url, LocalDate date) {
    }

    /** What a page's list amounts to; see {@link #readList}. */
    public enum ListShape {
        /** Entries with a link and a date were read. */
        DATED,
        /** A list of at least three entries linking to the site's pages, none with a date. */
        UNDATED,
        /** The page says the list is empty: 暂无信息, 没有相关信息. */
        EMPTY,
        /** No list was recognised: it may be in markup or scripts the extractor does not read. */
        UNRECOGNISED
    }

    /**
     * @param items the dated entries (empty unless DATED)
     * @param note  for EMPTY the marker as the page shows it, for UNDATED how many entries and the first title
     */
    public record ListReading(ListShape shape, List<ListItem> items, String note) {
    }
}
