package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * How each crawled channel of a round was captured: read, or failed, blocked, not found, under maintenance. A channel
 * that brought no page to judge leaves its points 待评 (the evaluator's {@code Captures.captureFailure}); this is
 * the same rule seen from the workbench, with the reason and the time of the last attempt.
 */
@Repository
class CaptureHealth {

    /** How a channel's capture ended, as the workbench counts it. */
    enum Outcome {
        OK("采集成功", false),
        INCOMPLETE("未采完", false),
        FAILED("采集失败", true),
        BLOCKED("被拦截", true),
        NOT_FOUND("页面不存在", true),
        MAINTENANCE("网站维护中", true),
        RUNNING("采集中", false),
        NOT_STARTED("未采集", false);

        private final String label;
        private final boolean failure;

        Outcome(String label, boolean failure) {
            this.label = label;
            this.failure = failure;
        }

        public String label() {
            return label;
        }

        /** Nothing was read: the channel's points are 待评 until it is captured again. */
        public boolean failure() {
            return failure;
        }
    }

    /**
     * One channel. {@code lastAttempt} is when its last capture ended (or started, while running);
     * {@code captureId} the last page that was not read (a wall, an error page), if any was stored.
     */
    record Channel(long channelId, long unitId, String unitName, String channelName, String url, String kind,
                   Outcome outcome, String reason, LocalDateTime lastAttempt, Long captureId, int pagesRead) {
    }

    /** The round's channels counted by outcome; {@code failed} of the {@code attempted} brought nothing to judge. */
    record Summary(Map<Outcome, Integer> counts, int attempted, int failed, List<Channel> problems) {

        public boolean anyFailed() {
            return failed > 0;
        }

        /** The failure rate in percent, one decimal. */
        public String failureRate() {
            return attempted == 0 ? "0.0" : String.format("%.1f", failed * 100.0 / attempted);
        }

        /** The failed channels as one line for a warning: unit, channel and why. */
        public String failedLine() {
            StringBuilder text = new StringBuilder();
            for (Channel c : problems) {
                if (c.outcome().failure()) {
                    text.append(text.isEmpty() ? "" : "；").append(c.unitName()).append(" ").append(c.channelName())
                            .append("（").append(c.outcome().label())
                            .append(c.reason() == null ? "" : "：" + c.reason()).append("）");
                }
            }
            return text.toString();
        }
    }

    private final DSLContext dsl;

    CaptureHealth(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Every website and WeChat channel of the round, by unit. */
    List<Channel> channels(long roundId) {
        Map<Long, Integer> pagesRead = new HashMap<>();
        dsl.select(CAPTURE.CHANNEL_ID, org.jooq.impl.DSL.count()).from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId)).and(CAPTURE.STATUS.eq("OK"))
                // robots.txt is archived as well, but it is not a page of the channel's content
                .and(CAPTURE.URL.notLike("%/robots.txt"))
                .groupBy(CAPTURE.CHANNEL_ID)
                .forEach(r -> pagesRead.put(r.value1(), r.value2()));
        // The channel's last page that was not read says what stood in the way (a wall, a 404 page, maintenance).
        Map<Long, Object[]> lastUnread = new HashMap<>();
        dsl.select(CAPTURE.CHANNEL_ID, CAPTURE.ID, CAPTURE.STATUS, CAPTURE.ERROR, CAPTURE.WARC_FILE)
                .from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId)).and(CAPTURE.STATUS.ne("OK"))
                .orderBy(CAPTURE.CAPTURED_AT, CAPTURE.ID)
                .forEach(r -> lastUnread.put(r.value1(),
                        new Object[] {r.value5() == null ? null : r.value2(), r.value3(), r.value4()}));
        return dsl.select(CHANNEL.ID, UNIT.ID, UNIT.NAME, CHANNEL.NAME, CHANNEL.URL, CHANNEL.KIND,
                        CHANNEL_CAPTURE.STATUS, CHANNEL_CAPTURE.REASON, CHANNEL_CAPTURE.STARTED_AT,
                        CHANNEL_CAPTURE.FINISHED_AT)
                .from(ROUND_CHANNEL)
                .join(CHANNEL).on(CHANNEL.ID.eq(ROUND_CHANNEL.CHANNEL_ID))
                .join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .leftJoin(CHANNEL_CAPTURE).on(CHANNEL_CAPTURE.ROUND_ID.eq(ROUND_CHANNEL.ROUND_ID)
                        .and(CHANNEL_CAPTURE.CHANNEL_ID.eq(CHANNEL.ID)))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId)).and(CHANNEL.KIND.in("WEBSITE", "WECHAT"))
                .orderBy(UNIT.CODE, CHANNEL.ID)
                .fetch(r -> {
                    long channelId = r.value1();
                    int read = pagesRead.getOrDefault(channelId, 0);
                    Object[] unread = lastUnread.get(channelId);
                    Outcome outcome = outcome(r.value7(), read, unread == null ? null : (String) unread[1]);
                    // A wall's or an error page's own reason says more than "URLs left queued" on a paused host.
                    String unreadReason = unread == null ? null : (String) unread[2];
                    boolean wall = outcome.failure() && outcome != Outcome.FAILED && unreadReason != null;
                    String reason = wall || r.value8() == null ? unreadReason : r.value8();
                    LocalDateTime last = r.value10() != null ? r.value10() : r.value9();
                    Long captureId = unread == null ? null : (Long) unread[0];
                    return new Channel(channelId, r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), outcome,
                            outcome == Outcome.OK ? null : reason, last, captureId, read);
                });
    }

    Summary summary(long roundId) {
        return summary(channels(roundId));
    }

    static Summary summary(List<Channel> channels) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        int attempted = 0;
        int failed = 0;
        for (Channel c : channels) {
            counts.merge(c.outcome(), 1, Integer::sum);
            if (c.outcome() != Outcome.NOT_STARTED && c.outcome() != Outcome.RUNNING) {
                attempted++;
            }
            if (c.outcome().failure()) {
                failed++;
            }
        }
        List<Channel> problems = channels.stream()
                .filter(c -> c.outcome().failure() || c.outcome() == Outcome.INCOMPLETE).toList();
        return new Summary(counts, attempted, failed, problems);
    }

    /**
     * The crawler's end state of the channel and what it read: FAILED, or finished without one page read, is a
     * failure, named after the last unread page's status when that was a wall, a 404 page or maintenance.
     */
    private static Outcome outcome(String captureStatus, int pagesRead, String lastUnreadStatus) {
        if (captureStatus == null) {
            return Outcome.NOT_STARTED;
        }
        if ("RUNNING".equals(captureStatus)) {
            return Outcome.RUNNING;
        }
        if ("FAILED".equals(captureStatus) || pagesRead == 0) {
            if (lastUnreadStatus == null) {
                return Outcome.FAILED;
            }
            return switch (lastUnreadStatus) {
                case "BLOCKED" -> Outcome.BLOCKED;
                case "NOT_FOUND" -> Outcome.NOT_FOUND;
                case "MAINTENANCE" -> Outcome.MAINTENANCE;
                default -> Outcome.FAILED;
            };
        }
        return "INCOMPLETE".equals(captureStatus) ? Outcome.INCOMPLETE : Outcome.OK;
    }
}
