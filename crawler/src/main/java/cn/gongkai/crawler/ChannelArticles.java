package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CHANNEL_ARTICLE;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * A WeChat account's article list, from its bridge feed or given by hand (an evaluator's paste): stored in
 * {@code channel_article} with the URL in the crawler's normal form, so the next capture of the account fetches each
 * article ({@link WechatChannels}).
 */
public final class ChannelArticles {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** An article to capture; {@code published} and {@code title} may be null. */
    public record Article(String url, Instant published, String title) {

        /** An article whose day is known but not its time: the day's first instant in China, as a feed would give it. */
        public static Article onDay(String url, LocalDate day, String title) {
            return new Article(url, day == null ? null : day.atStartOfDay(CHINA).toInstant(), title);
        }
    }

    private ChannelArticles() {
    }

    /** The URL as the crawler stores and fetches it, if it is an http(s) address it can fetch. */
    public static Optional<String> normalize(String url) {
        return Urls.normalize(url);
    }

    /**
     * Adds the articles (already normalised) to the channel's list inside the caller's transaction; one already listed
     * keeps its row. Returns how many were new.
     */
    public static int add(DSLContext db, long channelId, List<Article> articles) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        int added = 0;
        for (Article article : articles) {
            added += db.insertInto(CHANNEL_ARTICLE)
                    .set(CHANNEL_ARTICLE.CHANNEL_ID, channelId)
                    .set(CHANNEL_ARTICLE.URL, article.url())
                    .set(CHANNEL_ARTICLE.URL_HASH, Urls.sha256Hex(article.url()))
                    .set(CHANNEL_ARTICLE.TITLE, Text.clip(article.title(), 1000))
                    .set(CHANNEL_ARTICLE.PUBLISHED_AT, article.published() == null ? null
                            : LocalDateTime.ofInstant(article.published(), ZoneOffset.UTC))
                    .set(CHANNEL_ARTICLE.IMPORTED_AT, now)
                    .onDuplicateKeyIgnore()
                    .execute();
        }
        return added;
    }
}
