package cn.gongkai.crawler.sandbox;

import static cn.gongkai.crawler.sandbox.Pages.esc;

import cn.gongkai.crawler.sandbox.Sandbox.SandboxWechat;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WeChat official accounts of the sandbox: article pages as mp.weixin.qq.com serves them (the publish time only in
 * the script's {@code var ct}), and a feed bridge serving RSS 2.0, Atom or JSON Feed per account.
 *
 * <p>Article pages carry the marks WeChat prints: the 原创 tag ({@code #copyright_logo}, {@code copyright_stat = "1"})
 * on original articles, the 「以下文章来源于」 card on reposts, {@code msg_source_url} (阅读原文) pointing back to the
 * unit's website on some, and an open comment area ({@code comment_id}) with a 留言/菜单 hint. The ground truth plants
 * LOW_ORIGINALITY (only {@code original} articles are original), NO_SITE_LINKS, NO_INTERACTION and LOW_FREQUENCY
 * (one article every {@code everyDays}). Two plantings are not defects of the unit but pages that cannot be read:
 * VERIFY_WALL serves every article of the account as WeChat's 环境异常 verification page, from a front-end of its
 * own (WeChat shows the wall to a client, so it would stop every account read through that host), and
 * DELETED_ARTICLES serves the newest {@code count} articles as 该内容已被发布者删除 pages.
 */
final class Wechat {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    /** About weekly over three months, as an account in good standing posts; newest first. */
    static final int[] DAYS = {0, 2, 4, 7, 9, 12, 15, 19, 24, 30, 38, 45, 52, 59, 66, 73, 80, 87, 95, 102};
    private static final List<String> TITLES = List.of("{n}：{t}工作取得新进展", "权威发布｜{t}最新政策解读",
            "提醒！{t}相关事项请注意", "一图读懂{t}", "{n}召开{t}工作推进会", "关注｜{t}这些变化与你有关");
    private static final List<String> TOPICS = List.of("政务服务", "民生实事", "安全生产", "乡村振兴", "营商环境",
            "就业创业", "医疗保障", "教育惠民");

    record Feed(byte[] body, String contentType) {
    }

    record Served(Map<String, byte[]> articles, Map<String, Feed> feeds, Set<String> failing,
                  List<SandboxWechat> accounts) {
    }

    /** What mp.weixin.qq.com answers a client it takes for a robot, whatever article was asked for. */
    static final byte[] VERIFY_PAGE = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>微信公众平台</title></head>
            <body><div class="weui-msg"><div class="weui-msg__icon-area"><i class="weui-icon-warn"></i></div>
            <div class="weui-msg__text-area"><h2 class="weui-msg__title">环境异常</h2>
            <p class="weui-msg__desc">当前环境异常，完成验证后即可继续访问。</p></div>
            <div class="weui-msg__opr-area"><a id="js_verify" class="weui-btn weui-btn_primary" href="javascript:;">去验证</a>
            </div></div></body></html>""".getBytes(StandardCharsets.UTF_8);

    /** An article its account deleted: WeChat answers 200 with a notice instead of the article. */
    static final byte[] DELETED_PAGE = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>微信公众平台</title></head>
            <body><div class="weui-msg"><div class="weui-msg__text-area">
            <p class="weui-msg__desc">该内容已被发布者删除</p></div></div></body></html>"""
            .getBytes(StandardCharsets.UTF_8);

    record Post(String title, String url, ZonedDateTime published, String summary) {
    }

    /** How an article is marked: declared original, a repost of another account, or neither. */
    enum Origin { ORIGINAL, REPOST, PLAIN }

    /** The default mix, 13 of 20 original; LOW_ORIGINALITY keeps only the first {@code original} as such. */
    static Origin origin(GroundTruth.WechatTruth account, int i) {
        var low = account.defect("LOW_ORIGINALITY");
        if (low.isPresent()) {
            return i < low.get().integer("original") ? Origin.ORIGINAL : Origin.REPOST;
        }
        return i % 4 == 3 ? Origin.REPOST : i % 6 == 5 ? Origin.PLAIN : Origin.ORIGINAL;
    }

    private Wechat() {
    }

    /** @param websites the base URL of each unit's website, by unit code, for 阅读原文 links back to it */
    /** @param wallBase the front-end that answers every request with {@link #VERIFY_PAGE} */
    static Served render(List<GroundTruth.WechatTruth> accounts, LocalDate today, String mpBase, String wallBase,
                         String bridgeBase, Map<String, String> websites) {
        Map<String, byte[]> articles = new LinkedHashMap<>();
        Map<String, Feed> feeds = new LinkedHashMap<>();
        Set<String> failing = new HashSet<>();
        List<SandboxWechat> out = new ArrayList<>();
        int index = 0;
        for (GroundTruth.WechatTruth account : accounts) {
            index++;
            int stale = account.defect("STALE_WECHAT").map(d -> d.integer("days")).orElse(0);
            int every = account.defect("LOW_FREQUENCY").map(d -> d.integer("everyDays")).orElse(0);
            int deleted = account.defect("DELETED_ARTICLES").map(d -> d.integer("count")).orElse(0);
            String base = account.defect("VERIFY_WALL").isPresent() ? wallBase : mpBase;
            List<Post> posts = new ArrayList<>();
            for (int i = 0; i < DAYS.length; i++) {
                LocalDate day = today.minusDays((every > 0 ? i * every : DAYS[i]) + stale);
                ZonedDateTime at = ZonedDateTime.of(day, LocalTime.of(18 + i % 4, 30), CHINA);
                String topic = TOPICS.get((i + index) % TOPICS.size());
                String title = TITLES.get((i + index) % TITLES.size()).replace("{n}", account.name())
                        .replace("{t}", topic);
                String path = "/s/" + account.code() + "-" + (i + 1);
                String summary = account.name() + "发布" + topic + "相关信息。";
                posts.add(new Post(title, base + path, at, summary));
                String website = websites.get(account.unit());
                String sourceUrl = website != null && i % 3 == 0 && account.defect("NO_SITE_LINKS").isEmpty()
                        ? website + "/" : "";
                boolean interaction = account.defect("NO_INTERACTION").isEmpty();
                articles.put(path, i < deleted ? DELETED_PAGE : articlePage(account, title, at, summary,
                        origin(account, i), sourceUrl, interaction && i % 2 == 0,
                        interaction ? 2_400_000_000L + index * 100 + i : 0).getBytes(StandardCharsets.UTF_8));
            }
            String feedPath = switch (account.feed()) {
                case "rss" -> "/feeds/" + account.code() + ".xml";
                case "atom" -> "/feeds/" + account.code() + ".atom";
                case "jsonfeed" -> "/feeds/" + account.code() + ".json";
                default -> null;
            };
            if (feedPath != null) {
                Feed feed = switch (account.feed()) {
                    case "rss" -> new Feed(rss(account, posts), "application/rss+xml; charset=utf-8");
                    case "atom" -> new Feed(atom(account, posts, bridgeBase + feedPath), "application/atom+xml; charset=utf-8");
                    default -> new Feed(jsonFeed(account, posts, bridgeBase + feedPath), "application/feed+json; charset=utf-8");
                };
                feeds.put(feedPath, feed);
                if (account.defect("BRIDGE_FAILED").isPresent()) {
                    failing.add(feedPath);
                }
            }
            out.add(new SandboxWechat(account.code(), account.unit(), account.name(),
                    feedPath == null ? null : bridgeBase + feedPath, posts.stream().map(Post::url).toList()));
        }
        return new Served(articles, feeds, failing, out);
    }

    private static String articlePage(GroundTruth.WechatTruth account, String title, ZonedDateTime at, String summary,
                                      Origin origin, String sourceUrl, boolean hint, long commentId) {
        String originalTag = origin == Origin.ORIGINAL
                ? "<span id=\"copyright_logo\" class=\"rich_media_meta meta_original_tag\">原创</span>\n" : "";
        String repostCard = origin == Origin.REPOST ? """
                <div class="original_area_primary"><span class="original_primary_card_tips">以下文章来源于</span>\
                <strong class="original_primary_nickname">示范市发布</strong></div>
                """ : "";
        String source = origin == Origin.REPOST ? "示范市发布" : account.name();
        String readMore = sourceUrl.isEmpty() ? "" : "<a id=\"js_view_source\" href=\"##\">阅读原文</a>\n";
        String hintText = hint ? "<p>欢迎在文末留言，或点击菜单“政民互动”在线咨询。</p>" : "";
        return """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8">
                <meta property="og:title" content="%s">
                <meta property="og:description" content="%s">
                <title>%s</title></head>
                <body><div id="js_article" class="rich_media">
                <h1 class="rich_media_title" id="activity-name">%s</h1>
                %s<div id="meta_content">%s<span class="rich_media_meta_nickname" id="js_name">%s</span>
                <em id="publish_time" class="rich_media_meta_text"></em></div>
                <div class="rich_media_content" id="js_content"><p>%s</p><p>（来源：%s）</p>%s</div>
                %s</div>
                <script type="text/javascript">
                var nickname = "%s";
                var msg_title = "%s".html(false);
                var ct = "%d";
                var publish_time = "" || "";
                var copyright_stat = "%s";
                var msg_source_url = '%s';
                var comment_id = "%d" * 1;
                </script>
                </body></html>
                """.formatted(esc(title), esc(summary), esc(title), esc(title), repostCard, originalTag,
                esc(account.name()), esc(summary), esc(source), hintText, readMore, esc(account.name()), esc(title),
                at.toEpochSecond(), origin == Origin.ORIGINAL ? "1" : "0", sourceUrl, commentId);
    }

    private static byte[] rss(GroundTruth.WechatTruth account, List<Post> posts) {
        StringBuilder items = new StringBuilder();
        for (Post p : posts) {
            items.append("""
                      <item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>
                    """.formatted(esc(p.title()), esc(p.url()), esc(p.url()),
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(p.published()), esc(p.summary())));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>%s</title><link>https://mp.weixin.qq.com/</link>
                <description>%s 微信公众号</description>
                %s</channel></rss>
                """.formatted(esc(account.name()), esc(account.name()), items).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] atom(GroundTruth.WechatTruth account, List<Post> posts, String self) {
        StringBuilder entries = new StringBuilder();
        for (Post p : posts) {
            entries.append("""
                      <entry><title>%s</title><link href="%s"/><id>%s</id><updated>%s</updated><published>%s</published><summary>%s</summary></entry>
                    """.formatted(esc(p.title()), esc(p.url()), esc(p.url()),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(p.published()),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(p.published()), esc(p.summary())));
        }
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title><id>%s</id><updated>%s</updated>
                %s</feed>
                """.formatted(esc(account.name()), esc(self),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(posts.getFirst().published()), entries)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] jsonFeed(GroundTruth.WechatTruth account, List<Post> posts, String self) {
        List<String> items = new ArrayList<>();
        for (Post p : posts) {
            items.add("""
                    {"id": "%s", "url": "%s", "title": "%s", "summary": "%s", "date_published": "%s"}"""
                    .formatted(json(p.url()), json(p.url()), json(p.title()), json(p.summary()),
                            DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(p.published())));
        }
        return """
                {"version": "https://jsonfeed.org/version/1.1", "title": "%s", "feed_url": "%s", "items": [
                %s
                ]}
                """.formatted(json(account.name()), json(self), String.join(",\n", items))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
