package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.sum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** Crawl progress of a round per channel, read from the database, so any node (or the API) can report it. */
public final class CrawlProgress {

    /**
     * @param status the channel's capture state (RUNNING, DONE, INCOMPLETE, FAILED) or null before its first crawl
     * @param bytes  payload bytes archived for the channel in the round
     */
    public record SiteProgress(long channelId, String channelName, String url, String status, int done, int queued,
                               int failed, int skipped, long bytes) {
    }

    private CrawlProgress() {
    }

    public static List<SiteProgress> of(DSLContext dsl, long roundId) {
        Map<Long, Map<String, Integer>> counts = new HashMap<>();
        dsl.select(FRONTIER_URL.CHANNEL_ID, FRONTIER_URL.STATUS, count())
                .from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId))
                .groupBy(FRONTIER_URL.CHANNEL_ID, FRONTIER_URL.STATUS)
                .forEach(r -> counts.computeIfAbsent(r.value1(), k -> new HashMap<>()).put(r.value2(), r.value3()));
        Map<Long, Long> bytes = new HashMap<>();
        dsl.select(CAPTURE.CHANNEL_ID, sum(CAPTURE.PAYLOAD_LENGTH))
                .from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId))
                .groupBy(CAPTURE.CHANNEL_ID)
                .forEach(r -> bytes.put(r.value1(), r.value2() == null ? 0L : r.value2().longValue()));
        List<SiteProgress> out = new ArrayList<>();
        dsl.select(CHANNEL.ID, CHANNEL.NAME, CHANNEL.URL, CHANNEL_CAPTURE.STATUS)
                .from(CHANNEL)
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .leftJoin(CHANNEL_CAPTURE).on(CHANNEL_CAPTURE.CHANNEL_ID.eq(CHANNEL.ID)
                        .and(CHANNEL_CAPTURE.ROUND_ID.eq(roundId)))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId))
                .orderBy(CHANNEL.ID)
                .forEach(r -> {
                    Map<String, Integer> c = counts.getOrDefault(r.value1(), Map.of());
                    out.add(new SiteProgress(r.value1(), r.value2(), r.value3(), r.value4(),
                            c.getOrDefault(Frontier.DONE, 0), c.getOrDefault(Frontier.QUEUED, 0),
                            c.getOrDefault(Frontier.FAILED, 0), c.getOrDefault(Frontier.SKIPPED, 0),
                            bytes.getOrDefault(r.value1(), 0L)));
                });
        return out;
    }
}
