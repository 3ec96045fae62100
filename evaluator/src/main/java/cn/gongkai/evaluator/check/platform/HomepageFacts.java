package cn.gongkai.evaluator.check.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a homepage's footer and head must carry (《政府网站发展指引》): the site identification code, the ICP record
 * number, the public-security record number, the 党政机关网站标识, the required meta tags and a search function.
 * Pure functions over a parsed page.
 */
public final class HomepageFacts {

    /** 10 digits (6-digit division code + 4-digit serial) for local sites, "bm" + 8 digits for central departments. */
    private static final Pattern SITE_CODE = Pattern.compile("网站标识码[：:\\s]*((?:bm\\d{8})|(?:\\d{10}))(?!\\d)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SITE_CODE_LABEL = Pattern.compile("网站标识码[：:\\s]*(\\S{0,16})");
    private static final Pattern ICP = Pattern.compile("[\\u4e00-\\u9fa5]ICP备\\d{6,10}号(?:-\\d+)?");
    private static final Pattern POLICE = Pattern.compile("[\\u4e00-\\u9fa5]公网安备\\s*\\d{14}号?");

    public static final List<String> HOMEPAGE_META = List.of("SiteName", "SiteDomain", "SiteIDCode");
    public static final List<String> COLUMN_META = List.of("ColumnName", "ColumnDescription", "ColumnKeywords",
            "ColumnType");
    public static final List<String> ARTICLE_META = List.of("ArticleTitle", "PubDate", "ContentSource", "Keywords",
            "Author", "Description", "Image", "Url");

    private HomepageFacts() {
    }

    /** Each identifier the page lacks or shows malformed, described in Chinese; empty when all are right. */
    public static List<String> identifierProblems(Document page) {
        String text = page.text();
        List<String> problems = new ArrayList<>();
        if (!SITE_CODE.matcher(text).find()) {
            Matcher label = SITE_CODE_LABEL.matcher(text);
            problems.add(label.find() ? "网站标识码格式不正确：" + label.group(1) : "缺少网站标识码");
        }
        if (!ICP.matcher(text).find()) {
            problems.add(text.contains("ICP") ? "ICP备案号格式不正确" : "缺少ICP备案号");
        }
        if (!POLICE.matcher(text).find()) {
            problems.add(text.contains("公网安备") ? "公安机关备案号格式不正确" : "缺少公安机关备案号");
        }
        boolean partyMark = text.contains("党政机关")
                || !page.select("img[src*=dzjg], a[href*=dzjg], img[alt*=党政机关], .dzjg").isEmpty();
        if (!partyMark) {
            problems.add("缺少党政机关网站标识");
        }
        return problems;
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
        boolean hasImage = !page.select(".content img, .article img, article img").isEmpty();
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
