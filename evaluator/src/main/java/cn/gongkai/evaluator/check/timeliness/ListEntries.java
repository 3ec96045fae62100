package cn.gongkai.evaluator.check.timeliness;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.crawler.extract.PageExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** The entries of a column list page: list items, table rows and definition lists that link to something. */
final class ListEntries {

    private static final Pattern DATE = Pattern.compile(
            "(\\d{4}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,2})|(\\d{1,2}-\\d{1,2})");

    private ListEntries() {
    }

    /**
     * Entries in the page's main lists, leaving out navigation, headers and footers; with those of the lists its
     * scripts hold (a Hanweb recordset's records, JSON entries), which a reader sees as the column's list.
     */
    static List<Element> of(Document page) {
        List<Element> entries = new ArrayList<>(rows(page));
        for (Element fragment : PageExtractor.scriptListMarkup(page)) {
            entries.addAll(rows(fragment));
        }
        return entries;
    }

    private static List<Element> rows(Element root) {
        return root.select("li:has(a[href]), tr:has(a[href]), dl:has(a[href])").stream()
                .filter(entry -> !PageChrome.contains(entry))
                .filter(entry -> entry.select("li, tr, dl").size() == 1)
                .toList();
    }

    static boolean hasDate(Element entry) {
        return DATE.matcher(entry.text()).find();
    }
}
