package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** The crawl frontier of one round in {@code frontier_url}: what is queued survives a restart of the crawler. */
final class Frontier {

    static final String QUEUED = "QUEUED";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final String SKIPPED = "SKIPPED";

    record Row(long id, long channelId, String url, int depth, int redirectHops) {
    }

    private final DSLContext dsl;
    private final long roundId;
    private final org.jooq.Condition channelFilter;

    /** The frontier of a round, or of one channel of it when {@code onlyChannel} is not null. */
    Frontier(DSLContext dsl, long roundId, Long onlyChannel) {
        this.dsl = dsl;
        this.roundId = roundId;
        this.channelFilter = onlyChannel == null ? org.jooq.impl.DSL.noCondition()
                : FRONTIER_URL.CHANNEL_ID.eq(onlyChannel);
    }

    /** Queues a normalised URL for a channel; returns the new row, or empty when the channel already has it. */
    Optional<Row> add(long channelId, String url, int depth) {
        return add(channelId, url, depth, 0);
    }

    /** Queues a URL reached through {@code redirectHops} redirects. */
    Optional<Row> add(long channelId, String url, int depth, int redirectHops) {
        String hash = Urls.sha256Hex(url);
        int inserted = dsl.insertInto(FRONTIER_URL)
                .set(FRONTIER_URL.ROUND_ID, roundId)
                .set(FRONTIER_URL.CHANNEL_ID, channelId)
                .set(FRONTIER_URL.URL, url)
                .set(FRONTIER_URL.URL_HASH, hash)
                .set(FRONTIER_URL.DEPTH, depth)
                .set(FRONTIER_URL.STATUS, QUEUED)
                .set(FRONTIER_URL.ATTEMPTS, 0)
                .set(FRONTIER_URL.REDIRECT_HOPS, redirectHops)
                .set(FRONTIER_URL.DISCOVERED_AT, now())
                .onDuplicateKeyIgnore()
                .execute();
        if (inserted == 0) {
            return Optional.empty();
        }
        // Looked up by key rather than through generated keys, which INSERT IGNORE reports unreliably.
        Long id = dsl.select(FRONTIER_URL.ID).from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.CHANNEL_ID.eq(channelId),
                        FRONTIER_URL.URL_HASH.eq(hash))
                .fetchOne(FRONTIER_URL.ID);
        return Optional.of(new Row(id, channelId, url, depth, redirectHops));
    }

    /** Records a configured URL that cannot be fetched at all, so the evaluator sees it rather than nothing. */
    boolean addUnusable(long channelId, String rawUrl, int depth, String reason) {
        return addSkipped(channelId, rawUrl, depth, reason);
    }

    /** Records a URL that was found but deliberately not fetched (a trap, out of scope), with the reason. */
    boolean addSkipped(long channelId, String rawUrl, int depth, String reason) {
        String url = rawUrl.length() > Urls.MAX_URL_LENGTH ? rawUrl.substring(0, Urls.MAX_URL_LENGTH) : rawUrl;
        return dsl.insertInto(FRONTIER_URL)
                .set(FRONTIER_URL.ROUND_ID, roundId)
                .set(FRONTIER_URL.CHANNEL_ID, channelId)
                .set(FRONTIER_URL.URL, url)
                .set(FRONTIER_URL.URL_HASH, Urls.sha256Hex(url))
                .set(FRONTIER_URL.DEPTH, depth)
                .set(FRONTIER_URL.STATUS, SKIPPED)
                .set(FRONTIER_URL.ATTEMPTS, 0)
                .set(FRONTIER_URL.REASON, Text.clip(reason, 500))
                .set(FRONTIER_URL.DISCOVERED_AT, now())
                .onDuplicateKeyIgnore()
                .execute() > 0;
    }

    List<Row> queued() {
        return dsl.select(FRONTIER_URL.ID, FRONTIER_URL.CHANNEL_ID, FRONTIER_URL.URL, FRONTIER_URL.DEPTH,
                        FRONTIER_URL.REDIRECT_HOPS)
                .from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.STATUS.eq(QUEUED), channelFilter)
                .orderBy(FRONTIER_URL.DEPTH, FRONTIER_URL.ID)
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    Map<Long, Integer> countsByChannel() {
        Map<Long, Integer> counts = new HashMap<>();
        dsl.select(FRONTIER_URL.CHANNEL_ID, org.jooq.impl.DSL.count())
                .from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), channelFilter)
                .groupBy(FRONTIER_URL.CHANNEL_ID)
                .forEach(r -> counts.put(r.value1(), r.value2()));
        return counts;
    }

    void finish(long id, String status, int attempts, String reason) {
        dsl.update(FRONTIER_URL)
                .set(FRONTIER_URL.STATUS, status)
                .set(FRONTIER_URL.ATTEMPTS, attempts)
                .set(FRONTIER_URL.REASON, Text.clip(reason, 500))
                .where(FRONTIER_URL.ID.eq(id))
                .execute();
    }

    /**
     * Puts the channel's failed URLs back in the queue with their attempts reset, so that the next crawl of the
     * channel tries them again; returns how many. Done and skipped URLs stay as they are.
     */
    static int requeueFailed(DSLContext dsl, long roundId, long channelId, String reason) {
        return dsl.update(FRONTIER_URL)
                .set(FRONTIER_URL.STATUS, QUEUED)
                .set(FRONTIER_URL.ATTEMPTS, 0)
                .set(FRONTIER_URL.REASON, Text.clip(reason, 500))
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.CHANNEL_ID.eq(channelId),
                        FRONTIER_URL.STATUS.eq(FAILED))
                .execute();
    }

    /** Leaves a URL queued for a later crawl, noting why it was put back (a paused host). */
    void requeue(long id, int attempts, String reason) {
        dsl.update(FRONTIER_URL)
                .set(FRONTIER_URL.ATTEMPTS, attempts)
                .set(FRONTIER_URL.REASON, Text.clip(reason, 500))
                .where(FRONTIER_URL.ID.eq(id))
                .execute();
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }
}
