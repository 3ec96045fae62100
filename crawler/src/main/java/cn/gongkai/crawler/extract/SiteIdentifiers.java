package cn.gongkai.crawler.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;

/**
 * The identifiers a government site's footer must carry (《政府网站发展指引》): the site identification code, the ICP
 * record number, the public-security record number and the 党政机关网站标识, read as real footers write them. One
 * reader serves the checker of the homepage and {@code inspect-page}, so what an evaluator sees printed is what was
 * judged.
 *
 * @param siteCode        the code as found (10 digits, or bm + 8 digits), or null
 * @param siteCodeWritten what follows a 网站标识码/网站识别码 label when it is no valid code, or null
 * @param icp             the ICP record number as written, or null
 * @param icpMentioned    whether "ICP" appears at all (a malformed number rather than none)
 * @param police          the public-security record number as written, or null
 * @param policeMentioned whether a public-security record is mentioned at all
 * @param partyMark       whether the 党政机关 mark is there (its script, image or link, or the words)
 */
public record SiteIdentifiers(String siteCode, String siteCodeWritten, String icp, boolean icpMentioned,
                              String police, boolean policeMentioned, boolean partyMark) {

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

    /** The identifiers of the page, read from its whole text (footers sit in all kinds of markup) and its mark. */
    public static SiteIdentifiers read(Document page) {
        String text = page.text();
        Matcher code = SITE_CODE.matcher(text);
        String siteCode = code.find() ? code.group(1) : null;
        String written = null;
        if (siteCode == null) {
            Matcher label = SITE_CODE_LABEL.matcher(text);
            written = label.find() ? label.group(1) : null;
        }
        Matcher icp = ICP.matcher(text);
        Matcher police = POLICE.matcher(text);
        return new SiteIdentifiers(siteCode, written, icp.find() ? icp.group() : null,
                text.toUpperCase(Locale.ROOT).contains("ICP"), police.find() ? police.group() : null,
                text.contains("公网安备") || text.contains("公安机关备案") || text.contains("公安备案"),
                text.contains("党政机关") || !page.select(Css.of(PARTY_MARK)).isEmpty());
    }

    /** Each identifier the page lacks or shows malformed, described in Chinese; empty when all are right. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (siteCode == null) {
            problems.add(siteCodeWritten != null ? "网站标识码格式不正确：" + siteCodeWritten : "缺少网站标识码");
        }
        if (icp == null) {
            problems.add(icpMentioned ? "ICP备案号格式不正确" : "缺少ICP备案号");
        }
        if (police == null) {
            problems.add(policeMentioned ? "公安机关备案号格式不正确" : "缺少公安机关备案号");
        }
        if (!partyMark) {
            problems.add("缺少党政机关网站标识");
        }
        return problems;
    }
}
