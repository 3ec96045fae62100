package cn.gongkai.crawler.fetch;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * Recognises a server that is turning the crawler away or answering with something other than the page: anti-bot
 * challenges (瑞数, 加速乐), WAF block pages (安全狗, 云锁, 创宇盾), captcha and verification walls, WeChat's
 * verification and deleted-article pages, soft 404s and maintenance pages. Continuing past a wall would only
 * produce more walls, and worse, archive them and judge them as if they were the site.
 *
 * <p>Cheap by design, since every page passes here: a page over 64 KB is never a wall, the status code and cookies
 * come first, then a handful of marker strings; the caller parses only pages small enough to be walls.
 */
public final class Blocking {

    /** A capture that is a wall or an error page rather than the content asked for. */
    public static final String BLOCKED = "BLOCKED";
    /** A page that says it does not exist (soft 404, an article deleted by its publisher) with a success status. */
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String MAINTENANCE = "MAINTENANCE";

    /**
     * What the page is instead of content.
     *
     * @param status     the capture status: {@link #BLOCKED}, {@link #NOT_FOUND} or {@link #MAINTENANCE}
     * @param reason     why, in Chinese, for the evaluator
     * @param pausesHost whether more requests to the host would only meet the same answer
     */
    public record Block(String status, String reason, boolean pausesHost) {
    }

    private static final List<String> CAPTCHA_MARKERS = List.of("captcha", "geetest", "人机验证", "安全验证",
            "请输入验证码", "滑动验证", "访问验证", "请完成验证", "verify you are human", "are you a robot",
            "访问过于频繁", "访问频率过高");
    private static final int MAX_WALL_BYTES = 64 * 1024;
    /** Visible text longer than this is content, whatever it mentions; walls and error pages say little. */
    private static final int MAX_WALL_TEXT = 1500;

    /** 瑞数 (Ruishu): a script bootstrapping {@code $_ts}, or its {@code <meta … r='m'>} seed. */
    private static final Pattern RUISHU_TS = Pattern.compile("\\$_ts\\s*=\\s*window");
    private static final Pattern RUISHU_META = Pattern.compile("<meta[^>]+\\br\\s*=\\s*['\"]m['\"]");
    /** Ruishu's cookies end in 80S/80T after a long random name (FSSBBIl1UgzbN7N80S). */
    private static final Pattern RUISHU_COOKIE = Pattern.compile("^\\s*\\w{8,}80[ST]\\s*=");
    /** 加速乐 (Jiasule): the {@code __jsl_clearance} cookie set by script after a 521. */
    private static final Pattern JIASULE = Pattern.compile("__jsl_clearance|__jsluid");
    private static final List<String[]> WAF_MARKERS = List.of(
            new String[] {"safedog", "安全狗"}, new String[] {"安全狗", "安全狗"},
            new String[] {"yunsuo", "云锁"}, new String[] {"云锁", "云锁"},
            new String[] {"创宇盾", "创宇盾"}, new String[] {"365cyd", "创宇盾"}, new String[] {"yunaq.com", "创宇盾"},
            new String[] {"网站防火墙", "网站防火墙"}, new String[] {"web应用防火墙", "Web 应用防火墙"},
            new String[] {"您的请求带有不合法参数", "网站防火墙"}, new String[] {"已被网站管理员设置拦截", "网站防火墙"},
            new String[] {"您的访问被拦截", "网站防火墙"}, new String[] {"请求已被拦截", "网站防火墙"},
            new String[] {"当前访问疑似黑客攻击", "网站防火墙"});
    private static final List<String> DELETED_MARKERS = List.of("已被发布者删除", "此内容因违规无法查看",
            "该内容已被删除", "此内容被多人投诉");
    private static final List<String> NOT_FOUND_MARKERS = List.of("您访问的页面不存在", "页面不存在", "页面未找到",
            "找不到页面", "找不到该页面", "页面找不到了", "404 not found", "页面已删除", "信息不存在", "文章不存在",
            "该信息已删除");
    private static final List<String> MAINTENANCE_MARKERS = List.of("系统维护中", "网站维护中", "正在维护", "升级维护",
            "系统升级中", "网站升级中", "暂停访问", "停机维护", "维护期间");

    private Blocking() {
    }

    /**
     * Why the response is a wall or an error page instead of content, or empty.
     *
     * @param httpStatus  the HTTP status
     * @param setCookies  the Set-Cookie header values
     * @param html        the decoded body; only its first 64 KB is looked at
     * @param title       the page title (first {@code <title>}), or null when not parsed
     * @param visibleText the text a reader sees, or null when not parsed or longer than a wall's (see
     *                    {@link #visibleTextIfShort})
     * @param bytes       the body's size
     */
    public static Optional<Block> recognise(int httpStatus, List<String> setCookies, String html, String title,
            String visibleText, int bytes) {
        for (String cookie : setCookies) {
            if (JIASULE.matcher(cookie).find()) {
                return blocked("加速乐（__jsl_clearance）JavaScript Cookie 验证", httpStatus);
            }
            if (RUISHU_COOKIE.matcher(cookie).find() && (httpStatus == 412 || httpStatus == 202)) {
                return blocked("瑞数动态安全 JavaScript 验证", httpStatus);
            }
        }
        if (bytes > MAX_WALL_BYTES || html == null) {
            return Optional.empty();
        }
        // Content pages (long text, status 200) must not pay for a scan of their whole markup: the Ruishu markers
        // matter only on a short page or a challenge status, and the Jiasule names are looked for literally first.
        boolean challengeStatus = httpStatus == 412 || httpStatus == 202;
        if ((challengeStatus || shortText(visibleText)) && isRuishu(html)) {
            return blocked("瑞数动态安全 JavaScript 验证", httpStatus);
        }
        if (containsIgnoringAsciiCase(html, "__jsl")
                && JIASULE.matcher(html.toLowerCase(Locale.ROOT)).find()) {
            return blocked("加速乐（__jsl_clearance）JavaScript Cookie 验证", httpStatus);
        }
        String text = (title == null ? "" : title) + " " + (visibleText == null ? "" : visibleText);
        String hay = text.toLowerCase(Locale.ROOT);
        boolean error = httpStatus >= 400;
        // A WAF page at an error status may carry its name only in markup (an image, a link); at 200 the name must
        // be said on a short page: a portal's footer may well thank its firewall vendor.
        if (error || shortText(visibleText)) {
            String where = error ? html.toLowerCase(Locale.ROOT) : hay;
            for (String[] marker : WAF_MARKERS) {
                if (where.contains(marker[0])) {
                    return blocked("网站防火墙（" + marker[1] + "）拦截页", httpStatus);
                }
            }
        }
        if (httpStatus == 412 && shortText(visibleText) && html.toLowerCase(Locale.ROOT).contains("<script")) {
            return blocked("HTTP 412 JavaScript 验证页（疑似瑞数等反爬虫防护）", httpStatus);
        }
        if (!shortText(visibleText)) {
            return Optional.empty();
        }
        if (hay.contains("环境异常") && (hay.contains("完成验证") || hay.contains("去验证"))) {
            return Optional.of(new Block(BLOCKED, "微信“环境异常”验证页，需人工完成验证后才能查看", true));
        }
        for (String marker : CAPTCHA_MARKERS) {
            if (hay.contains(marker)) {
                return Optional.of(new Block(BLOCKED,
                        "页面为验证码或访问验证页（含“" + marker + "”），站点可能在阻止自动访问", true));
            }
        }
        if (error) {
            return Optional.empty(); // an honest error status already says what the page is
        }
        for (String marker : DELETED_MARKERS) {
            if (hay.contains(marker)) {
                return Optional.of(new Block(NOT_FOUND, "页面显示内容已删除或无法查看（含“" + marker + "”）", false));
            }
        }
        for (String marker : NOT_FOUND_MARKERS) {
            if (hay.contains(marker)) {
                return Optional.of(new Block(NOT_FOUND,
                        "页面显示“" + marker + "”但返回 HTTP " + httpStatus + "（软 404）", false));
            }
        }
        for (String marker : MAINTENANCE_MARKERS) {
            if (hay.contains(marker)) {
                return Optional.of(new Block(MAINTENANCE, "网站维护页（含“" + marker + "”），暂不能访问内容", true));
            }
        }
        return Optional.empty();
    }

    /**
     * The page's visible text ({@code body.text()}) for {@link #recognise}, or null when the page provably says more
     * than {@value #MAX_WALL_TEXT} characters: then recognise answers the same with null as with the text, which it
     * only reads on short pages. The proof is a count, stopped as soon as it is over the limit, of the characters of
     * the page's text nodes that {@code text()} keeps whatever surrounds them (neither whitespace to jsoup or to
     * {@link String#strip()}, nor invisible); so a content page never pays for building its text.
     */
    public static String visibleTextIfShort(Document doc) {
        Element body = doc.body();
        if (body == null) {
            return "";
        }
        int[] kept = {0};
        body.filter((node, depth) -> {
            if (node instanceof TextNode text) {
                kept[0] += keptCharacters(text.getWholeText());
                if (kept[0] > MAX_WALL_TEXT) {
                    return NodeFilter.FilterResult.STOP;
                }
            }
            return NodeFilter.FilterResult.CONTINUE;
        });
        return kept[0] > MAX_WALL_TEXT ? null : body.text();
    }

    private static int keptCharacters(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > ' ' && !Character.isWhitespace(c) && !StringUtil.isActuallyWhitespace(c)
                    && !StringUtil.isInvisibleChar(c)) {
                n++;
            }
        }
        return n;
    }

    /** Whether a body of this size can be a wall at all; larger pages are checked by status and cookies only. */
    public static boolean mayBeWall(int bytes) {
        return bytes <= MAX_WALL_BYTES;
    }

    /** Why a 2xx page is a captcha wall rather than content, or empty. Only small pages qualify: a wall is short. */
    public static Optional<String> captcha(String title, String text, int bytes) {
        return recognise(200, List.of(), "", title, text, bytes).filter(b -> b.status().equals(BLOCKED))
                .map(Block::reason);
    }

    private static Optional<Block> blocked(String what, int httpStatus) {
        return Optional.of(new Block(BLOCKED, "反爬虫防护拦截：" + what + "（HTTP " + httpStatus
                + "），抓取程序无法执行验证，未取得页面内容", true));
    }

    /**
     * Ruishu's markers, each looked for only where its literal start is: a regular expression tried at every
     * character of the page cost more than all the rest of this check. A meta seed lies within one tag.
     */
    private static boolean isRuishu(String html) {
        int ts = html.indexOf("$_ts");
        if (ts >= 0 && RUISHU_TS.matcher(html).region(ts, html.length()).find()) {
            return true;
        }
        if (!html.contains("m'") && !html.contains("m\"")) {
            return false; // no quoted m anywhere, so no seed
        }
        Matcher meta = RUISHU_META.matcher(html);
        for (int at = html.indexOf("<meta"); at >= 0; at = html.indexOf("<meta", at + 1)) {
            int end = html.indexOf('>', at);
            if (meta.region(at, end < 0 ? html.length() : end).lookingAt()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code hay} contains {@code needle} (lower-case ASCII starting with two characters that are not letters)
     * with ASCII letters of any case, as the lower-cased text would; found by the JDK's fast search for its start.
     */
    private static boolean containsIgnoringAsciiCase(String hay, String needle) {
        String start = needle.substring(0, 2);
        for (int i = hay.indexOf(start); i >= 0 && i + needle.length() <= hay.length(); i = hay.indexOf(start, i + 1)) {
            int j = 2;
            while (j < needle.length() && asciiLower(hay.charAt(i + j)) == needle.charAt(j)) {
                j++;
            }
            if (j == needle.length()) {
                return true;
            }
        }
        return false;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean shortText(String visibleText) {
        return visibleText != null && visibleText.strip().length() <= MAX_WALL_TEXT;
    }
}
