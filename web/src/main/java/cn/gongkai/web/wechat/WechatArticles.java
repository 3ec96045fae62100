package cn.gongkai.web.wechat;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_ARTICLE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.max;

import cn.gongkai.crawler.ChannelArticles;
import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.round.RoundStatus;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Article URLs of a round's WeChat accounts pasted by an evaluator, one article a line: the URL, optionally its
 * publication day and its title, separated by tabs (as cells copied from a spreadsheet) or commas. A paste with any bad
 * line stores nothing and names every bad line; each import is audited.
 */
@Component
public class WechatArticles {

    /** More than a year of a busy account's articles; larger lists come from a bridge feed. */
    static final int MAX_LINES = 5_000;
    static final int MAX_CHARS = 2_000_000;
    private static final Pattern DAY = Pattern.compile("((?:19|20)\\d{2})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?(?:[ T].*)?");

    /** A WeChat channel of the round as the page lists it. */
    public record Account(long channelId, String unitName, String name, String url, String feedUrl, int articles,
                          LocalDateTime lastImported, boolean bridgeAllowed) {
    }

    /** What an import stored. */
    public record Result(int lines, int added, int alreadyListed) {
    }

    private final DSLContext dsl;

    WechatArticles(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Account> accounts(long roundId) {
        var counts = dsl.select(CHANNEL_ARTICLE.CHANNEL_ID, count(), max(CHANNEL_ARTICLE.IMPORTED_AT))
                .from(CHANNEL_ARTICLE).join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL_ARTICLE.CHANNEL_ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId)).groupBy(CHANNEL_ARTICLE.CHANNEL_ID)
                .fetchMap(CHANNEL_ARTICLE.CHANNEL_ID);
        return dsl.select(CHANNEL.ID, UNIT.NAME, CHANNEL.NAME, CHANNEL.URL, CHANNEL.FEED_URL, CHANNEL.PRIVATE_FEED_ALLOWED)
                .from(ROUND_CHANNEL)
                .join(CHANNEL).on(CHANNEL.ID.eq(ROUND_CHANNEL.CHANNEL_ID)).join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), CHANNEL.KIND.eq("WECHAT"))
                .orderBy(UNIT.CODE, CHANNEL.ID)
                .fetch(r -> {
                    var c = counts.get(r.value1());
                    return new Account(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                            c == null ? 0 : c.value2(), c == null ? null : c.value3(),
                            r.value5() != null && r.value5().equals(r.value6()));
                });
    }

    /** Whether the channel is a WeChat account of the round. */
    public boolean isAccountOf(long roundId, long channelId) {
        return isAccountOf(dsl, roundId, channelId);
    }

    private static boolean isAccountOf(DSLContext db, long roundId, long channelId) {
        return db.fetchExists(db.selectOne().from(ROUND_CHANNEL).join(CHANNEL).on(CHANNEL.ID.eq(ROUND_CHANNEL.CHANNEL_ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), ROUND_CHANNEL.CHANNEL_ID.eq(channelId),
                        CHANNEL.KIND.eq("WECHAT")));
    }

    /**
     * Adds the pasted articles to the account's list. Refused in Chinese when the channel is not a WeChat account of
     * this round, the round is published, or any line is bad (every bad line named); nothing is stored then.
     */
    public Result importPaste(String actor, long roundId, long channelId, String paste) {
        if (paste == null || paste.isBlank()) {
            throw new IllegalArgumentException("请粘贴文章网址，每行一篇");
        }
        if (paste.length() > MAX_CHARS) {
            throw new IllegalArgumentException("粘贴的内容过长（超过 " + MAX_CHARS + " 个字符），请分批导入");
        }
        List<String> problems = new ArrayList<>();
        Map<String, ChannelArticles.Article> articles = new LinkedHashMap<>();
        String[] lines = paste.split("\\R");
        int filled = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (++filled > MAX_LINES) {
                throw new IllegalArgumentException("一次最多导入 " + MAX_LINES + " 篇文章，请分批导入");
            }
            parseLine(i + 1, line, problems, articles);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("导入未执行，有 " + problems.size() + " 行无法读取：" + String.join("；",
                    problems.subList(0, Math.min(problems.size(), 30))) + (problems.size() > 30 ? "……" : ""));
        }
        int lineCount = filled;
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            String status = db.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                    .where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne(ASSESSMENT_ROUND.STATUS);
            if (status == null) {
                throw new IllegalArgumentException("评估轮次不存在：" + roundId);
            }
            if (RoundStatus.valueOf(status) == RoundStatus.FINAL) {
                throw new IllegalStateException("该轮次已发布，不能再导入文章");
            }
            if (!isAccountOf(db, roundId, channelId)) {
                throw new IllegalArgumentException("该渠道不是本轮次的公众号");
            }
            int added = ChannelArticles.add(db, channelId, List.copyOf(articles.values()));
            AuditTrail.record(db, actor, "WECHAT_ARTICLES_IMPORTED", "channel", String.valueOf(channelId), null,
                    "{\"round\":" + roundId + ",\"lines\":" + lineCount + ",\"added\":" + added + "}",
                    "粘贴导入公众号文章网址");
            return new Result(lineCount, added, articles.size() - added);
        });
    }

    /**
     * Allows (or withdraws) the account's present feed URL on a private address: a bridge on the evaluator's machine or
     * LAN, without opening the whole round to private addresses. Needs a reason; audited before and after.
     */
    public void allowBridge(String actor, long roundId, long channelId, boolean allow, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("请填写理由");
        }
        cn.gongkai.web.input.TextInput.limited(reason, "理由", cn.gongkai.web.input.TextInput.REASON_MAX);
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            if (!isAccountOf(db, roundId, channelId)) {
                throw new IllegalArgumentException("该渠道不是本轮次的公众号");
            }
            var channel = db.select(CHANNEL.FEED_URL, CHANNEL.PRIVATE_FEED_ALLOWED).from(CHANNEL)
                    .where(CHANNEL.ID.eq(channelId)).forUpdate().fetchSingle();
            if (allow && (channel.value1() == null || channel.value1().isBlank())) {
                throw new IllegalArgumentException("该公众号没有订阅源网址，无需允许");
            }
            String after = allow ? channel.value1() : null;
            db.update(CHANNEL).set(CHANNEL.PRIVATE_FEED_ALLOWED, after).where(CHANNEL.ID.eq(channelId)).execute();
            AuditTrail.record(db, actor, allow ? "WECHAT_BRIDGE_ALLOWED" : "WECHAT_BRIDGE_WITHDRAWN", "channel",
                    String.valueOf(channelId), json(channel.value2()), json(after), reason.strip());
        });
    }

    private static String json(String feed) {
        return feed == null ? "{\"privateFeedAllowed\":null}"
                : "{\"privateFeedAllowed\":\"" + feed.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    /** One line: URL, then optionally a day and a title, split by tabs, else by the first two commas. */
    private static void parseLine(int number, String line, List<String> problems,
                                  Map<String, ChannelArticles.Article> articles) {
        String[] cells = line.contains("\t") ? line.split("\t", 3) : line.split("[,，]", 3);
        String url = cells[0].strip();
        var normalized = ChannelArticles.normalize(url);
        if (normalized.isEmpty()) {
            problems.add("第 " + number + " 行不是 http(s) 网址：" + shorten(url));
            return;
        }
        LocalDate day = null;
        if (cells.length > 1 && !cells[1].isBlank()) {
            Matcher m = DAY.matcher(cells[1].strip());
            try {
                day = m.matches() ? LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))) : null;
            } catch (java.time.DateTimeException e) {
                day = null;
            }
            if (day == null) {
                problems.add("第 " + number + " 行的发布日期无法识别（应如 2026-11-20）：" + shorten(cells[1].strip()));
                return;
            }
        }
        String title = cells.length > 2 && !cells[2].isBlank() ? cells[2].strip() : null;
        if (title != null && title.length() > 1000) {
            problems.add("第 " + number + " 行的标题超过 1000 个字");
            return;
        }
        articles.putIfAbsent(normalized.get(), ChannelArticles.Article.onDay(normalized.get(), day, title));
    }

    private static String shorten(String s) {
        String shown = s.replaceAll("\\p{Cc}", "?");
        return shown.length() <= 60 ? shown : shown.substring(0, 60) + "…";
    }
}
