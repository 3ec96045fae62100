package cn.gongkai.crawler.extract;

import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * The parts of a government page around its content: header, navigation and menus, breadcrumb, footer and link
 * boxes. One definition for every checker and extractor, so that a site template the sandbox does not use is stripped
 * the same way everywhere. County CMS templates mark these parts by tag ({@code nav}, {@code header}, {@code footer})
 * or by class and id, in English or in pinyin: TRS WCM's {@code top}/{@code dh}/{@code bottom}, Hanweb's
 * {@code head}/{@code menu}/{@code foot}, 当前位置 as {@code position}, {@code location}, {@code crumb} or
 * {@code dqwz} or {@code weizhi}, 友情链接 as {@code yqlj} or {@code friendlink}.
 */
public final class PageChrome {

    /** Parts of a class or id name, split at {@code -} and {@code _}, that mark chrome wherever they appear. */
    private static final Pattern PART = Pattern.compile(
            "(?i)(?:^|[\\s_-])(?:nav|navbar|menu|footer|foot|crumbs?|breadcrumbs?|position|yqlj|friend\\w*|daohang|dqwz|weizhi)"
                    + "(?:$|[\\s_-])");
    /**
     * A header by name: {@code header}, {@code head_nav}, {@code site-header}; not {@code article-header} or
     * {@code list-head}, which hold an article's title and date or a list's column names.
     */
    private static final Pattern HEADER = Pattern.compile(
            "(?i)(?:^|\\s)(?:(?:site|page|top|gov|main|g)[_-])?(?:header|head)(?:$|[\\s_-])");
    /**
     * Whole class or id names that mark chrome only on their own: {@code top-news} or {@code bottom-list} may hold a
     * column's list, a bare {@code top} or {@code bottom} is the template's header or footer.
     */
    private static final Pattern WHOLE = Pattern.compile(
            "(?i)(?:^|\\s)(?:top|topbar|bottom|dh|location|wzdh|copyright|banner)(?:$|\\s)");
    private static final Evaluator NOT_CONTENT = QueryParser.parse("script, style, noscript, template");

    private PageChrome() {
    }

    /** Whether {@code e} or one of its ancestors is part of the page's chrome. */
    public static boolean contains(Element e) {
        for (Element p = e; p != null; p = p.parent()) {
            if (isChrome(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of {@code root} (of a page's body, for a whole page) without its chrome, scripts and styles; the page
     * itself is left as it was.
     */
    public static Element content(Element root) {
        Element from = root instanceof Document doc ? doc.body() : root;
        Element copy = from == null ? new Element("body") : from.clone();
        copy.select(NOT_CONTENT).remove();
        for (Element e : copy.getAllElements()) {
            if (e != copy && e.parent() != null && isChrome(e)) {
                e.remove();
            }
        }
        return copy;
    }

    private static boolean isChrome(Element e) {
        String tag = e.normalName();
        if (tag.equals("nav") || tag.equals("header") || tag.equals("footer")) {
            return true;
        }
        String names = e.className() + " " + e.id();
        return !names.isBlank() && (PART.matcher(names).find() || HEADER.matcher(names.strip()).find()
                || WHOLE.matcher(names.strip()).find());
    }
}
