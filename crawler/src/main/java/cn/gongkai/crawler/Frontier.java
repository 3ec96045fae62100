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

    /**
     * Reasons of URLs found but left out by a budget (stored SKIPPED). They start with these words, by which a later
     * crawl finds them again: to report the channel INCOMPLETE, and to queue them when the budget has been raised.
     */
    static final String CUT_BY_PAGE_BUDGET = "超出每渠道网址上限";
    static final String CUT_BY_LIST_BUDGET = "超出每栏目列表页上限";

    /** @param listRootId the frontier id of the first page of the column list this page is a further page of */
    record Row(long id, long channelId, String url, int depth, int redirectHops, Long listRootId) {

        Row(long id, long channelId, String url, int depth, int redirectHops) {
            this(id, channelId, url, depth, redirectHops, null);
        }
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
        return add(channelId, url, depth, redirectHops, null);
    }

    /** Queues a URL; {@code listRootId} when it is a further page of the list whose first page has that id. */
    Optional<Row> add(long channelId, String url, int depth, int redirectHops, Long listRootId) {
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
                .set(FRONTIER_URL.LIST_ROOT_ID, listRootId)
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
        return Optional.of(new Row(id, channelId, url, depth, redirectHops, listRootId));
    }

    /** Records a URL left out by a budget, with the reason (starting with a CUT_BY_… prefix). */
    boolean addCut(long channelId, String url, int depth, Long listRootId, String reason) {
        return dsl.insertInto(FRONTIER_URL)
                .set(FRONTIER_URL.ROUND_ID, roundId)
                .set(FRONTIER_URL.CHANNEL_ID, channelId)
                .set(FRONTIER_URL.URL, url)
                .set(FRONTIER_URL.URL_HASH, Urls.sha256Hex(url))
                .set(FRONTIER_URL.DEPTH, depth)
                .set(FRONTIER_URL.STATUS, SKIPPED)
                .set(FRONTIER_URL.ATTEMPTS, 0)
                .set(FRONTIER_URL.REASON, Text.clip(reason, 500))
                .set(FRONTIER_URL.LIST_ROOT_ID, listRootId)
                .set(FRONTIER_URL.DISCOVERED_AT, now())
                .onDuplicateKeyIgnore()
                .execute() > 0;
    }

    /** Marks a page as the first page of a column list, once pagination is found on it. */
    void markListRoot(long id) {
        dsl.update(FRONTIER_URL).set(FRONTIER_URL.LIST_ROOT_ID, id)
                .where(FRONTIER_URL.ID.eq(id), FRONTIER_URL.LIST_ROOT_ID.isNull())
                .execute();
    }

    private static org.jooq.Condition cutBy(String prefix) {
        return FRONTIER_URL.STATUS.eq(SKIPPED).and(FRONTIER_URL.REASON.isNotNull())
                .and(FRONTIER_URL.REASON.startsWith(prefix));
    }

    private static final org.jooq.Condition CUT = cutBy(CUT_BY_PAGE_BUDGET).or(cutBy(CUT_BY_LIST_BUDGET));

    /** How many URLs of the channel are recorded as left out by the budget whose reasons start with {@code prefix}. */
    int countCut(long channelId, String prefix) {
        return dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(roundId)
                .and(FRONTIER_URL.CHANNEL_ID.eq(channelId)).and(cutBy(prefix)));
    }

    /** How many column lists of the channel have further pages left out by the list-page budget. */
    int countListsCut(long channelId) {
        return dsl.select(org.jooq.impl.DSL.countDistinct(FRONTIER_URL.LIST_ROOT_ID)).from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.CHANNEL_ID.eq(channelId),
                        cutBy(CUT_BY_LIST_BUDGET))
                .fetchOne(0, int.class);
    }

    /** Per column list (the id of its first page), its pages queued or fetched, left-out ones not counted. */
    Map<Long, Integer> listPageCounts() {
        Map<Long, Integer> counts = new HashMap<>();
        dsl.select(FRONTIER_URL.LIST_ROOT_ID, org.jooq.impl.DSL.count())
                .from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.LIST_ROOT_ID.isNotNull(),
                        org.jooq.impl.DSL.not(CUT), channelFilter)
                .groupBy(FRONTIER_URL.LIST_ROOT_ID)
                .forEach(r -> counts.put(r.value1(), r.value2()));
        return counts;
    }

    /**
     * Queues again, in the order they were found, the channel's URLs an earlier crawl left out by a budget, as far as
     * the budgets now allow (an evaluator raised them); returns how many. What still does not fit stays recorded.
     */
    int requeueCut(long channelId, int maxPages, int maxListPages) {
        var cut = dsl.select(FRONTIER_URL.ID, FRONTIER_URL.REASON, FRONTIER_URL.LIST_ROOT_ID).from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.CHANNEL_ID.eq(channelId), CUT)
                .orderBy(FRONTIER_URL.ID)
                .fetch();
        if (cut.isEmpty()) {
            return 0;
        }
        int pages = dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(roundId)
                .and(FRONTIER_URL.CHANNEL_ID.eq(channelId)).and(org.jooq.impl.DSL.not(CUT)));
        Map<Long, Integer> lists = listPageCounts();
        int requeued = 0;
        for (var r : cut) {
            if (pages >= maxPages) {
                break;
            }
            Long root = r.value3();
            boolean listPage = r.value2().startsWith(CUT_BY_LIST_BUDGET) && root != null;
            if (listPage && lists.getOrDefault(root, 1) >= maxListPages) {
                continue;
            }
            dsl.update(FRONTIER_URL).set(FRONTIER_URL.STATUS, QUEUED)
                    .set(FRONTIER_URL.REASON, "上次抓取因上限未抓取，上限已提高，重新排队")
                    .where(FRONTIER_URL.ID.eq(r.value1()))
                    .execute();
            pages++;
            requeued++;
            if (listPage) {
                lists.merge(root, 1, Integer::sum);
            }
        }
        return requeued;
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
                        FRONTIER_URL.REDIRECT_HOPS, FRONTIER_URL.LIST_ROOT_ID)
                .from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.STATUS.eq(QUEUED), channelFilter)
                .orderBy(FRONTIER_URL.DEPTH, FRONTIER_URL.ID)
                .fetch(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** Per channel, the URLs queued or fetched (what counts against the page budget; left-out ones do not). */
    Map<Long, Integer> countsByChannel() {
        Map<Long, Integer> counts = new HashMap<>();
        dsl.select(FRONTIER_URL.CHANNEL_ID, org.jooq.impl.DSL.count())
                .from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), org.jooq.impl.DSL.not(CUT), channelFilter)
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
