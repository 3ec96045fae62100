package cn.gongkai.evaluator.check.platform;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.crawler.extract.SiteIdentifiers;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a homepage's footer and head must carry (《政府网站发展指引》): the site identification code, the ICP record
 * number, the public-security record number, the 党政机关网站标识, the required meta tags and a search function.
 * Pure functions over a parsed page.
 */
public final class HomepageFacts {

    /** Images around an article that are not part of it: logos, icons, QR codes (二维码, ewm), bullets. */
    private static final Pattern DECORATION = Pattern.compile("(?i)logo|icon|qr|ewm|二维码|dot\\.|bullet|spacer|share");

    public static final List<String> HOMEPAGE_META = List.of("SiteName", "SiteDomain", "SiteIDCode");
    public static final List<String> COLUMN_META = List.of("ColumnName", "ColumnDescription", "ColumnKeywords",
            "ColumnType");
    public static final List<String> ARTICLE_META = List.of("ArticleTitle", "PubDate", "ContentSource", "Keywords",
            "Author", "Description", "Image", "Url");

    private HomepageFacts() {
    }

    /** Each identifier the page lacks or shows malformed, described in Chinese; empty when all are right. */
    public static List<String> identifierProblems(Document page) {
        return SiteIdentifiers.read(page).problems();
    }

    /** The required meta tags missing from a page; names compared case-insensitively, empty content counts as missing. */
    public static List<String> missingMeta(Document page, List<String> required) {
        return required.stream()
                .filter(name -> page.select("meta[name]").stream()
                        .noneMatch(meta -> meta.attr("name").equalsIgnoreCase(name) && !meta.attr("content").isBlank()))
                .toList();
    }

    /** Article meta tags missing; {@code Image} is required only of an article that shows an image. */
    public static List<String> missingArticleMeta(Document page) {
        boolean hasImage = PageChrome.content(page).select("img").stream().anyMatch(img -> !DECORATION.matcher(
                img.attr("src") + " " + img.attr("alt") + " " + img.className()).find());
        return missingMeta(page, ARTICLE_META.stream().filter(name -> hasImage || !name.equals("Image")).toList());
    }

    /** A search form or a link to a search page. */
    public static boolean hasSearch(Document page) {
        for (Element form : page.select("form")) {
            String marker = (form.attr("action") + " " + form.attr("id") + " " + form.attr("class") + " "
                    + form.text()).toLowerCase();
            boolean textInput = !form.select("input[type=search], input[type=text], input:not([type])").isEmpty();
            if (textInput && (marker.contains("search") || marker.contains("搜索") || marker.contains("检索")
                    || marker.contains("query"))) {
                return true;
            }
        }
        return !page.select("a[href]").stream()
                .filter(a -> a.text().contains("搜索") || a.text().contains("检索")
                        || a.attr("href").toLowerCase().contains("search"))
                .toList().isEmpty();
    }
}
