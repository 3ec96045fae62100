package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

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

    /** New frontier rows, many to a statement; a row the frontier already holds is left as it is. */
    private static final RowInsert NEW_ROWS = new RowInsert(FRONTIER_URL, true, FRONTIER_URL.ROUND_ID,
            FRONTIER_URL.CHANNEL_ID, FRONTIER_URL.URL, FRONTIER_URL.URL_HASH, FRONTIER_URL.DEPTH, FRONTIER_URL.STATUS,
            FRONTIER_URL.ATTEMPTS, FRONTIER_URL.REDIRECT_HOPS, FRONTIER_URL.LIST_ROOT_ID, FRONTIER_URL.DISCOVERED_AT);

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

    /** Queues a normalised URL (a seed) for a channel, unless the channel already has it. */
    void add(long channelId, String url, int depth) {
        dsl.insertInto(FRONTIER_URL)
                .set(FRONTIER_URL.ROUND_ID, roundId)
                .set(FRONTIER_URL.CHANNEL_ID, channelId)
                .set(FRONTIER_URL.URL, url)
                .set(FRONTIER_URL.URL_HASH, Urls.sha256Hex(url))
                .set(FRONTIER_URL.DEPTH, depth)
                .set(FRONTIER_URL.STATUS, QUEUED)
                .set(FRONTIER_URL.ATTEMPTS, 0)
                .set(FRONTIER_URL.REDIRECT_HOPS, 0)
                .set(FRONTIER_URL.DISCOVERED_AT, now())
                .onDuplicateKeyIgnore()
                .execute();
    }

    /** A URL to queue for a channel, found on a page; {@code listRootId} as in {@link Row}. */
    record NewUrl(String url, int depth, int redirectHops, Long listRootId) {
    }

    /** A URL recorded as not fetched (a trap, cut by a budget), with the reason. */
    record Skip(String url, int depth, Long listRootId, String reason) {
    }

    /** A change of a row's status once it was tried: the row is DONE, FAILED, SKIPPED, or stays QUEUED with a note. */
    record Update(long id, String status, int attempts, String reason) {
    }

    /**
     * Of these normalised URLs, those the channel's frontier already holds (from an earlier crawl), asked in
     * statements of {@link Captures#ROWS_PER_STATEMENT}.
     */
    Set<String> existing(long channelId, Collection<String> urls) {
        Map<String, String> byHash = new HashMap<>();
        for (String url : urls) {
            byHash.put(Urls.sha256Hex(url), url);
        }
        Set<String> found = new HashSet<>();
        List<String> hashes = new ArrayList<>(byHash.keySet());
        for (int from = 0; from < hashes.size(); from += Captures.ROWS_PER_STATEMENT) {
            dsl.select(FRONTIER_URL.URL_HASH).from(FRONTIER_URL)
                    .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.CHANNEL_ID.eq(channelId),
                            FRONTIER_URL.URL_HASH.in(hashes.subList(from,
                                    Math.min(hashes.size(), from + Captures.ROWS_PER_STATEMENT))))
                    .forEach(r -> found.add(byHash.get(r.value1())));
        }
        return found;
    }

    /**
     * Queues URLs the frontier does not hold yet (see {@link #existing}), in one multi-row statement per
     * {@link Captures#ROWS_PER_STATEMENT}; returns their rows, ids read back by key, in the order given.
     */
    List<Row> addAll(long channelId, List<NewUrl> urls) {
        if (urls.isEmpty()) {
            return List.of();
        }
        LocalDateTime now = now();
        Map<String, Long> ids = new HashMap<>();
        for (int from = 0; from < urls.size(); from += Captures.ROWS_PER_STATEMENT) {
            List<NewUrl> chunk = urls.subList(from, Math.min(urls.size(), from + Captures.ROWS_PER_STATEMENT));
            List<Object[]> values = new ArrayList<>(chunk.size());
            List<String> hashes = new ArrayList<>();
            for (NewUrl u : chunk) {
                String hash = Urls.sha256Hex(u.url());
                hashes.add(hash);
                values.add(new Object[] {roundId, channelId, u.url(), hash, u.depth(), QUEUED, 0, u.redirectHops(),
                    u.listRootId(), now});
            }
            dsl.connection(c -> NEW_ROWS.insert(c, values));
            // Read back by key rather than through generated keys, which INSERT IGNORE reports unreliably.
            dsl.select(FRONTIER_URL.URL_HASH, FRONTIER_URL.ID).from(FRONTIER_URL)
                    .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.CHANNEL_ID.eq(channelId),
                            FRONTIER_URL.URL_HASH.in(hashes))
                    .forEach(r -> ids.put(r.value1(), r.value2()));
        }
        List<Row> rows = new ArrayList<>(urls.size());
        for (NewUrl u : urls) {
            rows.add(new Row(ids.get(Urls.sha256Hex(u.url())), channelId, u.url(), u.depth(), u.redirectHops(),
                    u.listRootId()));
        }
        return rows;
    }

    /** Records URLs found but not fetched, with their reasons, in multi-row statements; returns how many are new. */
    int addSkipped(long channelId, List<Skip> skips) {
        LocalDateTime now = now();
        int inserted = 0;
        for (int from = 0; from < skips.size(); from += Captures.ROWS_PER_STATEMENT) {
            var insert = dsl.insertInto(FRONTIER_URL, FRONTIER_URL.ROUND_ID, FRONTIER_URL.CHANNEL_ID, FRONTIER_URL.URL,
                    FRONTIER_URL.URL_HASH, FRONTIER_URL.DEPTH, FRONTIER_URL.STATUS, FRONTIER_URL.ATTEMPTS,
                    FRONTIER_URL.REASON, FRONTIER_URL.LIST_ROOT_ID, FRONTIER_URL.DISCOVERED_AT);
            for (Skip s : skips.subList(from, Math.min(skips.size(), from + Captures.ROWS_PER_STATEMENT))) {
                String url = s.url().length() > Urls.MAX_URL_LENGTH ? s.url().substring(0, Urls.MAX_URL_LENGTH)
                        : s.url();
                insert = insert.values(roundId, channelId, url, Urls.sha256Hex(url), s.depth(), SKIPPED, 0,
                        Text.clip(s.reason(), 500), s.listRootId(), now);
            }
            inserted += insert.onDuplicateKeyIgnore().execute();
        }
        return inserted;
    }

    /**
     * Applies status changes of many rows in one statement per {@link Captures#ROWS_PER_STATEMENT} (one CASE per
     * column); run inside the transaction that indexes the pages' captures, so a row is DONE only with its capture.
     */
    static void update(DSLContext dsl, List<Update> updates) {
        for (int from = 0; from < updates.size(); from += Captures.ROWS_PER_STATEMENT) {
            Map<Long, String> status = new LinkedHashMap<>();
            Map<Long, Integer> attempts = new LinkedHashMap<>();
            Map<Long, String> reason = new LinkedHashMap<>();
            for (Update u : updates.subList(from, Math.min(updates.size(), from + Captures.ROWS_PER_STATEMENT))) {
                // a row updated twice in one batch (a rare requeue after a pause) takes its last state
                status.put(u.id(), u.status());
                attempts.put(u.id(), u.attempts());
                reason.put(u.id(), Text.clip(u.reason(), 500));
            }
            dsl.update(FRONTIER_URL)
                    .set(FRONTIER_URL.STATUS, DSL.case_(FRONTIER_URL.ID).mapValues(status).else_(FRONTIER_URL.STATUS))
                    .set(FRONTIER_URL.ATTEMPTS,
                            DSL.case_(FRONTIER_URL.ID).mapValues(attempts).else_(FRONTIER_URL.ATTEMPTS))
                    .set(FRONTIER_URL.REASON, DSL.case_(FRONTIER_URL.ID).mapValues(reason).else_(FRONTIER_URL.REASON))
                    .where(FRONTIER_URL.ID.in(status.keySet()))
                    .execute();
        }
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

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }
}
