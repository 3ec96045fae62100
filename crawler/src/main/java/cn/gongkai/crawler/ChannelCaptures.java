package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/**
 * The state of each channel's capture in a round ({@code channel_capture}): a channel that could not be captured
 * (a dead WeChat bridge, an unreachable homepage) must make its findings uncertain, never "not updated".
 */
public final class ChannelCaptures {

    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String INCOMPLETE = "INCOMPLETE";
    public static final String FAILED = "FAILED";

    private ChannelCaptures() {
    }

    static void start(DSLContext dsl, long roundId, long channelId) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        // update, then insert: jOOQ's MySQL upsert syntax ("AS excluded") is not understood by MariaDB
        int updated = dsl.update(CHANNEL_CAPTURE)
                .set(CHANNEL_CAPTURE.STATUS, RUNNING)
                .set(CHANNEL_CAPTURE.REASON, (String) null)
                .set(CHANNEL_CAPTURE.STARTED_AT, now)
                .set(CHANNEL_CAPTURE.FINISHED_AT, (LocalDateTime) null)
                .where(CHANNEL_CAPTURE.ROUND_ID.eq(roundId), CHANNEL_CAPTURE.CHANNEL_ID.eq(channelId))
                .execute();
        if (updated == 0) {
            dsl.insertInto(CHANNEL_CAPTURE)
                    .set(CHANNEL_CAPTURE.ROUND_ID, roundId)
                    .set(CHANNEL_CAPTURE.CHANNEL_ID, channelId)
                    .set(CHANNEL_CAPTURE.STATUS, RUNNING)
                    .set(CHANNEL_CAPTURE.STARTED_AT, now)
                    .onDuplicateKeyIgnore()
                    .execute();
        }
    }

    static void finish(DSLContext dsl, long roundId, long channelId, String status, String reason) {
        dsl.update(CHANNEL_CAPTURE)
                .set(CHANNEL_CAPTURE.STATUS, status)
                .set(CHANNEL_CAPTURE.REASON, Text.clip(reason, 1000))
                .set(CHANNEL_CAPTURE.FINISHED_AT, LocalDateTime.now(ZoneOffset.UTC))
                .where(CHANNEL_CAPTURE.ROUND_ID.eq(roundId), CHANNEL_CAPTURE.CHANNEL_ID.eq(channelId))
                .execute();
    }

    /** The status of a channel's latest capture in the round (RUNNING, DONE, INCOMPLETE, FAILED), or null. */
    public static String status(DSLContext dsl, long roundId, long channelId) {
        return dsl.select(CHANNEL_CAPTURE.STATUS).from(CHANNEL_CAPTURE)
                .where(CHANNEL_CAPTURE.ROUND_ID.eq(roundId), CHANNEL_CAPTURE.CHANNEL_ID.eq(channelId))
                .fetchOne(CHANNEL_CAPTURE.STATUS);
    }
}
