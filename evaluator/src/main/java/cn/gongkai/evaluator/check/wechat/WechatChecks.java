package cn.gongkai.evaluator.check.wechat;

import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * WeChat official accounts (微信公众号): updated within two weeks (a veto), updated regularly over the period, the
 * share of original articles, articles linking back to the unit's website, and signs of an interaction function.
 * The articles are the account's captured article pages; when the feed bridge failed, nothing can be said, so the
 * findings are uncertain — never "not updated".
 */
public final class WechatChecks {

    private WechatChecks() {
    }

    /** 公众号两周内有更新. */
    public static Checker update() {
        return checker("wechat-update", (context, articles) -> {
            int maxDays = context.intParam("maxDays", 14);
            Optional<DatedItem> newest = articles.stream()
                    .filter(a -> !a.date().isAfter(context.referenceDate()))
                    .max(Comparator.comparing(DatedItem::date));
            if (newest.isEmpty()) {
                return CheckResult.uncertain("采集到的公众号文章均没有可识别的发布时间，需人工核实");
            }
            long age = ChronoUnit.DAYS.between(newest.get().date(), context.referenceDate());
            String summary = "公众号最近一篇文章《" + newest.get().title() + "》发布于 " + newest.get().date() + "，距检查日已 "
                    + age + " 天";
            List<Evidence> evidence = List.of(new Evidence(newest.get().captureId(),
                    "《" + newest.get().title() + "》" + newest.get().date()));
            return age > maxDays ? CheckResult.fail(String.valueOf(age), summary + "，超过 " + maxDays + " 天未更新", evidence)
                    : CheckResult.pass(String.valueOf(age), summary, evidence);
        });
    }

    /** 更新频率：at least {@code minPerWeek} articles a week over the {@code windowDays} before the reference date. */
    public static Checker frequency() {
        return checker("wechat-frequency", (context, articles) -> {
            int windowDays = context.intParam("windowDays", 90);
            double minPerWeek = context.doubleParam("minPerWeek", 1);
            LocalDate from = context.referenceDate().minusDays(windowDays);
            List<DatedItem> inWindow = articles.stream()
                    .filter(a -> a.date().isAfter(from) && !a.date().isAfter(context.referenceDate())).toList();
            double perWeek = inWindow.size() / (windowDays / 7.0);
            String measured = String.format(Locale.ROOT, "%.2f", perWeek);
            String summary = String.format(Locale.ROOT, "检查前 %d 天发布 %d 篇，平均每周 %.2f 篇（要求不少于 %.1f 篇）",
                    windowDays, inWindow.size(), perWeek, minPerWeek);
            List<Evidence> evidence = inWindow.stream().limit(5)
                    .map(a -> new Evidence(a.captureId(), "《" + a.title() + "》" + a.date())).toList();
            if (perWeek >= minPerWeek) {
                return CheckResult.pass(measured, summary, evidence);
            }
            List<Evidence> shown = evidence.isEmpty() ? articles.stream().limit(1)
                    .map(a -> new Evidence(a.captureId(), "最近文章《" + a.title() + "》" + a.date())).toList() : evidence;
            return CheckResult.partial(perWeek / minPerWeek, measured, summary, shown);
        });
    }

    /** What an article page shows of itself, as WeChat prints it. */
    private record Page(DatedItem item, Document doc) {

        /** The 原创 tag next to the account name, or copyright_stat 1 in the page script: declared original. */
        boolean original() {
            Element tag = doc.getElementById("copyright_logo");
            return tag != null && tag.text().contains("原创") || COPYRIGHT_ORIGINAL.matcher(doc.html()).find();
        }

        /** The 「以下文章来源于」 card of a repost, or a 转载自 line; null when the page shows neither. */
        String repostedFrom() {
            Element card = doc.selectFirst(".original_area_primary, #js_share_source");
            if (card != null || doc.text().contains("以下文章来源于")) {
                Element name = doc.selectFirst(".original_primary_nickname, #js_share_source .account_nickname");
                return name == null ? "" : name.text();
            }
            Matcher m = REPOSTED.matcher(content());
            return m.find() ? m.group(1) : null;
        }

        /** The 阅读原文 target (msg_source_url) and the addresses written in the text. */
        List<String> links() {
            List<String> out = new ArrayList<>();
            Matcher source = SOURCE_URL.matcher(doc.html());
            if (source.find() && !source.group(1).isBlank()) {
                out.add(source.group(1).strip());
            }
            Element content = doc.getElementById("js_content");
            if (content != null) {
                content.select("a[href]").forEach(a -> out.add(a.absUrl("href")));
                Matcher url = TEXT_URL.matcher(content.text());
                while (url.find()) {
                    out.add(url.group());
                }
            }
            return out;
        }

        String content() {
            Element content = doc.getElementById("js_content");
            return content == null ? "" : content.text();
        }

        /** The comment area is open when the page script carries a comment_id other than 0. */
        boolean commentsOpen() {
            Matcher m = COMMENT_ID.matcher(doc.html());
            return m.find() && !m.group(1).matches("0*");
        }

        String describe() {
            return "《" + item.title() + "》" + item.date();
        }
    }

    private static final Pattern COPYRIGHT_ORIGINAL = Pattern.compile("copyright_stat\\s*=\\s*[\"']1[\"']");
    private static final Pattern REPOSTED = Pattern.compile("转载自[:：]?\\s*([^，。,；\\s）)]{1,30})");
    private static final Pattern SOURCE_URL = Pattern.compile("msg_source_url\\s*=\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern TEXT_URL = Pattern.compile("https?://[A-Za-z0-9.:\\-]+[^\\s，。；）)\"'<>]*");
    private static final Pattern COMMENT_ID = Pattern.compile("comment_id\\s*=\\s*[\"'](\\d*)[\"']");
    private static final Pattern INTERACTION_HINT = Pattern.compile("菜单|后台回复|回复关键词|文末留言|留言区|在线咨询|在线留言|自动回复");
    private static final int EVIDENCE_SHOWN = 10;

    /**
     * 原创信息占比: the share of the account's articles over {@code windowDays} (default 365) that WeChat marks as
     * original. A repost and an article without the 原创 mark are not original. At or above {@code fullShare}
     * (default 0.5) PASS; below it PARTIAL with the share (the point's PROPORTIONAL rule scores it); none at all FAIL.
     */
    public static Checker originality() {
        return checker("wechat-originality", (context, articles) -> {
            List<Page> pages = pages(context, articles);
            if (pages.isEmpty()) {
                return CheckResult.uncertain("检查期内没有可读取的公众号文章页面，无法判断原创占比");
            }
            List<Page> original = pages.stream().filter(Page::original).toList();
            double share = original.size() / (double) pages.size();
            String measured = String.format(Locale.ROOT, "%.2f", share);
            String summary = String.format(Locale.ROOT, "检查期内 %d 篇文章中标注原创 %d 篇，原创占比 %.0f%%", pages.size(),
                    original.size(), share * 100);
            if (share >= context.doubleParam("fullShare", 0.5)) {
                return CheckResult.pass(measured, summary, original.stream().limit(EVIDENCE_SHOWN)
                        .map(p -> new Evidence(p.item().captureId(), "原创：" + p.describe())).toList());
            }
            List<Evidence> evidence = pages.stream().filter(p -> !p.original()).limit(EVIDENCE_SHOWN)
                    .map(p -> {
                        String from = p.repostedFrom();
                        return new Evidence(p.item().captureId(), (from == null ? "未标注原创：" : "转载"
                                + (from.isEmpty() ? "" : "自「" + from + "」") + "：") + p.describe());
                    }).toList();
            return share == 0 ? CheckResult.fail(measured, summary + "，没有原创文章", evidence)
                    : CheckResult.partial(share, measured, summary, evidence);
        });
    }

    /**
     * 文章链接回本单位网站: the share of articles over {@code windowDays} (default 365) whose 阅读原文 or text links to
     * one of the unit's websites in the round. At or above {@code minShare} (default 0.2) PASS, none FAIL, between
     * PARTIAL.
     */
    public static Checker siteLinks() {
        return checker("wechat-site-links", (context, articles) -> {
            List<String> hosts = context.captures().websiteUrls(context.roundId(), context.unitId()).stream()
                    .map(WechatChecks::authority).filter(h -> !h.isEmpty()).toList();
            if (hosts.isEmpty()) {
                return CheckResult.notAssessable("本轮未登记该单位的网站，无法判断公众号文章是否链接回网站，需人工核实");
            }
            List<Page> pages = pages(context, articles);
            if (pages.isEmpty()) {
                return CheckResult.uncertain("检查期内没有可读取的公众号文章页面，无法判断是否链接回网站");
            }
            List<Evidence> linked = new ArrayList<>();
            for (Page p : pages) {
                p.links().stream().filter(l -> hosts.contains(authority(l))).findFirst().ifPresent(l ->
                        linked.add(new Evidence(p.item().captureId(), p.describe() + " 链接到本单位网站：" + l)));
            }
            double share = linked.size() / (double) pages.size();
            String measured = String.format(Locale.ROOT, "%.2f", share);
            String summary = String.format(Locale.ROOT, "检查期内 %d 篇文章中 %d 篇通过“阅读原文”或正文链接回本单位网站（%s）",
                    pages.size(), linked.size(), String.join("、", hosts));
            if (share >= context.doubleParam("minShare", 0.2)) {
                return CheckResult.pass(measured, summary, linked.stream().limit(EVIDENCE_SHOWN).toList());
            }
            if (linked.isEmpty()) {
                return CheckResult.fail(measured, summary + "，没有文章链接回网站", pages.stream().limit(EVIDENCE_SHOWN)
                        .map(p -> new Evidence(p.item().captureId(), "未链接本单位网站：" + p.describe())).toList());
            }
            return CheckResult.partial(share / context.doubleParam("minShare", 0.2), measured, summary,
                    linked.stream().limit(EVIDENCE_SHOWN).toList());
        });
    }

    /**
     * 互动功能 (machine-assisted): a menu and automatic replies live in the WeChat client and cannot be captured from
     * the web, so the checker looks for what article pages show of them — an open comment area, or a hint to use
     * the menu, the comment area or keyword replies. Seen: PASS with the article as evidence. Not seen: UNCERTAIN
     * for a person to check in the client — an absence on article pages proves nothing about the menu.
     */
    public static Checker interaction() {
        return checker("wechat-interaction", (context, articles) -> {
            List<Page> pages = pages(context, articles);
            if (pages.isEmpty()) {
                return CheckResult.uncertain("检查期内没有可读取的公众号文章页面，无法判断互动功能");
            }
            List<Evidence> seen = new ArrayList<>();
            for (Page p : pages) {
                Matcher hint = INTERACTION_HINT.matcher(p.content());
                if (p.commentsOpen()) {
                    seen.add(new Evidence(p.item().captureId(), p.describe() + " 开放留言（评论区）"));
                } else if (hint.find()) {
                    seen.add(new Evidence(p.item().captureId(), p.describe() + " 含互动提示：" + sentence(p.content(),
                            hint.start())));
                }
            }
            String measured = Integer.toString(seen.size());
            if (!seen.isEmpty()) {
                return CheckResult.pass(measured, "检查期内 " + pages.size() + " 篇文章中 " + seen.size()
                        + " 篇显示留言或菜单、自动回复等互动功能", seen.stream().limit(EVIDENCE_SHOWN).toList());
            }
            return CheckResult.uncertain("检查期内 " + pages.size() + " 篇文章均关闭留言，也没有菜单或自动回复的咨询提示；"
                    + "公众号菜单和自动回复无法从网页采集，需人工在微信客户端中核实互动功能是否可用",
                    pages.stream().limit(EVIDENCE_SHOWN)
                            .map(p -> new Evidence(p.item().captureId(), "未见互动功能：" + p.describe())).toList());
        });
    }

    /** The readable article pages dated within {@code windowDays} before the reference date, one per URL. */
    private static List<Page> pages(CheckContext context, List<DatedItem> articles) {
        LocalDate from = context.referenceDate().minusDays(context.intParam("windowDays", 365));
        Map<String, Page> pages = new LinkedHashMap<>();
        for (DatedItem a : articles) {
            if (a.date().isBefore(from) || a.date().isAfter(context.referenceDate()) || pages.containsKey(a.url())) {
                continue;
            }
            context.captures().html(a.captureId()).ifPresent(doc -> pages.put(a.url(), new Page(a, doc)));
        }
        return List.copyOf(pages.values());
    }

    /** host[:port] without a leading www., lower-cased; "" when the URL has none. */
    private static String authority(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getHost() == null) {
                return "";
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
            int port = uri.getPort();
            boolean usual = port == -1 || port == 80 || port == 443;
            return usual ? host : host + ":" + port;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String sentence(String text, int at) {
        int start = Math.max(0, Math.max(text.lastIndexOf('。', at) + 1, at - 40));
        int end = text.indexOf('。', at);
        return text.substring(start, end < 0 ? Math.min(text.length(), at + 40) : end + 1);
    }

    private static Checker checker(String type, BiFunction<CheckContext, List<DatedItem>, CheckResult> judge) {
        return new Checker() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public String channelKind() {
                return "WECHAT";
            }

            @Override
            public CheckResult check(CheckContext context) {
                Optional<String[]> capture = context.captures().channelCapture(context.roundId(), context.channelId());
                if (capture.isPresent() && "FAILED".equals(capture.get()[0])) {
                    return CheckResult.uncertain("公众号采集失败（" + capture.get()[1] + "），无法判断更新情况，需重新采集");
                }
                List<DatedItem> articles = context.captures()
                        .itemsOfChannel(context.roundId(), context.channelId(), "ARTICLE").stream()
                        .filter(a -> a.date() != null).toList();
                if (articles.isEmpty()) {
                    // The feed may have been read while its articles were not: say what stood in the way (WeChat's
                    // 环境异常 wall, deleted articles), with that page as evidence.
                    Optional<Captures.CaptureRef> unread = context.captures().all(context.roundId(), context.channelId())
                            .stream().filter(c -> c.unread().isPresent()).findFirst();
                    return unread.map(c -> CheckResult.uncertain("未采集到该公众号的文章（文章页未能读取：" + c.unread().get()
                                    + "），无从判断：请在微信客户端核实或重新采集该公众号后再检查",
                                    List.of(new Evidence(c.id(), "未能读取的文章页：" + c.url()))))
                            .orElseGet(() -> CheckResult.uncertain("未采集到该公众号的文章，无法判断更新情况"));
                }
                return judge.apply(context, articles);
            }
        };
    }
}
