package cn.gongkai.evaluator.check.platform;

import cn.gongkai.crawler.extract.PageChrome;
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

    /**
     * 10 digits (6-digit division code + 4-digit serial) for local sites, "bm" + 8 digits for central departments.
     * Footers also write 网站识别码.
     */
    private static final Pattern SITE_CODE = Pattern.compile(
            "网站(?:标识|识别)码[：:\\s]*((?:bm\\d{8})|(?:\\d{10}))(?!\\d)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SITE_CODE_LABEL = Pattern.compile("网站(?:标识|识别)码[：:\\s]*(\\S{0,16})");
    /** As footers write it: 蒙ICP备05006530号, 蒙ICP备 05006530号-1, 京ICP备 1234567 号. */
    private static final Pattern ICP = Pattern.compile(
            "\\p{IsHan}\\s*ICP\\s*备\\s*\\d{6,10}\\s*号(?:\\s*-\\s*\\d+)?", Pattern.CASE_INSENSITIVE);
    /** 京公网安备 11010202000001号, or the 14 digits after 公安机关备案号： / 公安备案号: without the province's prefix. */
    private static final Pattern POLICE = Pattern.compile(
            "\\p{IsHan}\\s*公网安备\\s*\\d{14}|公安(?:机关)?备案号?\\s*[：:]?\\s*(?:\\p{IsHan}\\s*公网安备\\s*)?\\d{14}(?!\\d)");
    /**
     * The 党政机关网站标识 as it is embedded: the issuing centre's script (dcs.conac.cn) in a span, its image, or a link to
     * its verification page (bszs.conac.cn); older templates copy the image under a dzjg name.
     */
    private static final String PARTY_MARK = "script[src*=conac.cn], a[href*=conac.cn], img[src*=conac], "
            + "#_ideConac, img[src*=dzjg], a[href*=dzjg], img[alt*=党政机关], .dzjg";

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
        String text = page.text();
        List<String> problems = new ArrayList<>();
        if (!SITE_CODE.matcher(text).find()) {
            Matcher label = SITE_CODE_LABEL.matcher(text);
            problems.add(label.find() ? "网站标识码格式不正确：" + label.group(1) : "缺少网站标识码");
        }
        if (!ICP.matcher(text).find()) {
            problems.add(text.toUpperCase(java.util.Locale.ROOT).contains("ICP") ? "ICP备案号格式不正确" : "缺少ICP备案号");
        }
        if (!POLICE.matcher(text).find()) {
            problems.add(text.contains("公网安备") || text.contains("公安机关备案") || text.contains("公安备案")
                    ? "公安机关备案号格式不正确" : "缺少公安机关备案号");
        }
        boolean partyMark = text.contains("党政机关") || !page.select(PARTY_MARK).isEmpty();
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
