package cn.gongkai.crawler.extract;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The list structures {@link PageExtractor#readList} tells apart when a page gave no dated entry: an explicit empty
 * list, and a list of entries without dates. Deliberately narrow: what is not recognised here stays unrecognised, so
 * that a checker leaves it to a person rather than fails a column it could not read.
 */
final class Lists {

    /** The whole text of an element that says the list is empty: 暂无信息, 本栏目暂无内容, 没有相关信息, 没有找到相关记录. */
    private static final Pattern EMPTY_LIST = Pattern.compile(
            "(?:本栏目|该栏目|此栏目|当前栏目)?(?:暂无|暂时没有|没有|无)(?:相关|任何)?"
                    + "(?:信息|数据|内容|记录|文章|新闻|公告|文件)(?:发布|公开)?"
                    + "|没有找到(?:相关|任何|符合条件的)?(?:信息|数据|内容|记录|结果)");
    /** Fewer entries than this are a box of links, not a column's list. */
    static final int MIN_ENTRIES = 3;
    /** The elements one entry of a list is written in: list items, table rows, definition lists (dt title, dd date). */
    static final String ROWS = "li, tr, dl";
    /** Shorter link texts are menu labels (首页, 政务公开, 更多), not the titles of published items. */
    private static final int MIN_TITLE_CHARS = 8;
    private static final int MAX_MARKER_CHARS = 24;

    private Lists() {
    }

    /** A Hanweb JCMS datastore whose recordset holds no record: the column's list data, empty. */
    private static final Pattern EMPTY_DATASTORE = Pattern.compile(
            "<datastore>.*<recordset>\\s*</recordset>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    /**
     * List data a single-page app or a CMS's JSON interface carries in a script: an entries array that is empty
     * ({@code "list": []}) next to a count of zero ({@code "total": 0}). Both are required, as an empty array alone
     * is common in any script's settings.
     */
    private static final Pattern EMPTY_JSON_ENTRIES = Pattern.compile(
            "[\"'](?:list|data|datas|rows|records|items|results?|resultList|dataList|docs)[\"']\\s*:\\s*\\[\\s*]",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ZERO_TOTAL = Pattern.compile(
            "[\"'](?:total|totalCount|totalRecord|totalRecords|count|recordCount|totalNum|totalElements)[\"']"
                    + "\\s*:\\s*[\"']?0[\"']?\\s*[,}]", Pattern.CASE_INSENSITIVE);

    /**
     * The text of the first element outside navigation whose whole text says the list is empty; for list data held in
     * a Hanweb datastore, an empty recordset (the browser then shows no entry at all).
     */
    static Optional<String> emptyMarker(Document doc) {
        if (doc.body() == null) {
            return Optional.empty();
        }
        for (Element script : doc.select(Css.of("script"))) {
            String code = script.data();
            if (code.contains("<datastore") && EMPTY_DATASTORE.matcher(code).find()) {
                return Optional.of("列表数据为空（recordset 无记录）");
            }
            if (EMPTY_JSON_ENTRIES.matcher(code).find() && ZERO_TOTAL.matcher(code).find()) {
                return Optional.of("列表数据为空（JSON 列表无条目，总数为 0）");
            }
        }
        for (Element e : doc.body().getAllElements()) {
            String text = e.text().strip();
            if (text.isEmpty() || text.length() > MAX_MARKER_CHARS) {
                continue;
            }
            String bare = text.replaceAll("[\\s。！!.…]+$", "").replaceAll("\\s+", "");
            if (EMPTY_LIST.matcher(bare).matches() && !PageChrome.contains(e)) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /**
     * The titles of the largest group of sibling rows ({@code li}, {@code tr}, {@code dl}) outside navigation and comment threads,
     * in the page's markup or in the markup its scripts hold, each with one link to the page's own site titled like a
     * published item, none with a date; failing those, the JSON entries of its scripts that name a title and an
     * address but no date. Empty when no group has at least {@link #MIN_ENTRIES} such entries.
     */
    static List<String> undatedTitles(Document doc) {
        String host = host(doc.location());
        List<Element> best = undatedRows(doc, host);
        for (Element fragment : ScriptLists.fragments(doc)) {
            List<Element> rows = undatedRows(fragment, host);
            if (rows.size() > best.size()) {
                best = rows;
            }
        }
        if (!best.isEmpty()) {
            return best.stream().map(Lists::entryTitle).toList();
        }
        List<String> json = new ArrayList<>();
        for (Element a : ScriptLists.jsonAnchors(doc)) {
            String linkHost = host(a.absUrl("href"));
            if (a.text().length() >= MIN_TITLE_CHARS
                    && (host == null || linkHost == null || host.equalsIgnoreCase(linkHost))) {
                json.add(a.text());
            }
        }
        return json.size() >= MIN_ENTRIES ? json : List.of();
    }

    private static List<Element> undatedRows(Element root, String host) {
        Map<Element, List<Element>> byParent = new LinkedHashMap<>();
        for (Element row : root.select(Css.of(ROWS))) {
            if (PageExtractor.holdsAnother(row, Css.of(ROWS)) || row.parent() == null || PageChrome.contains(row)
                    || PageExtractor.isComment(row)) {
                continue;
            }
            Element anchor = PageExtractor.firstLink(row);
            if (anchor == null || PageExtractor.INTERACTION_LINK.matcher(anchor.text().strip()).matches()) {
                continue;
            }
            if (entryTitle(row).length() < MIN_TITLE_CHARS) {
                continue;
            }
            String linkHost = host(anchor.absUrl("href"));
            if (host != null && linkHost != null && !host.equalsIgnoreCase(linkHost)) {
                continue;
            }
            byParent.computeIfAbsent(row.parent(), p -> new ArrayList<>()).add(row);
        }
        List<Element> best = List.of();
        for (List<Element> rows : byParent.values()) {
            if (rows.size() >= MIN_ENTRIES && rows.size() > best.size()) {
                best = rows;
            }
        }
        return best;
    }

    /** The title of an entry: its link's title attribute, else its text. */
    static String entryTitle(Element row) {
        Element anchor = PageExtractor.firstLink(row);
        if (anchor == null) {
            return "";
        }
        String title = anchor.attr("title").strip();
        return title.isEmpty() ? anchor.text().strip() : title;
    }

    private static String host(String url) {
        if (url == null || url.isEmpty()) {
            return null;
        }
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
