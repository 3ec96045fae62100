package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;

import cn.gongkai.crawler.CrawlReport;
import cn.gongkai.crawler.Crawler;
import cn.gongkai.evaluator.check.RoundChecker;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.error.NotFound;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * An evaluator captures one channel of a round again (its host was down, a wall is gone): the crawler's own channel
 * crawl with the round's settings, then the unit's checks and the round's scores, so that the points its failure
 * left 待评 are judged. A crawl can take minutes, so it runs in the background; the request and its end are audited.
 */
@Service
class ChannelRecapture {

    private static final Logger log = LoggerFactory.getLogger(ChannelRecapture.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext dsl;
    private final Crawler crawler;
    private final RoundChecker checker;
    private final RoundScorer scorer;
    private final RoundLifecycle lifecycle;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ChannelRecapture(DSLContext dsl, Crawler crawler, RoundChecker checker, RoundScorer scorer,
                     RoundLifecycle lifecycle) {
        this.dsl = dsl;
        this.crawler = crawler;
        this.checker = checker;
        this.scorer = scorer;
        this.lifecycle = lifecycle;
    }

    /**
     * Starts the capture and returns at once.
     *
     * @throws IllegalStateException    when the round is a draft or published, or the channel is being captured
     * @throws IllegalArgumentException when the channel is not a website or WeChat account
     * @throws NotFound                 when the channel is not one of the round's
     */
    void start(long roundId, long channelId, String actor, String reason) {
        start(roundId, channelId, actor, reason, () -> { });
    }

    /**
     * As {@link #start(long, long, String, String)}, running {@code beforeCapture} (a budget raised, say) once the
     * re-capture is allowed and before it starts; if it fails, nothing is captured.
     */
    void start(long roundId, long channelId, String actor, String reason, Runnable beforeCapture) {
        if (!dsl.fetchExists(ROUND_CHANNEL,
                ROUND_CHANNEL.ROUND_ID.eq(roundId).and(ROUND_CHANNEL.CHANNEL_ID.eq(channelId)))) {
            throw new NotFound("本轮次中没有这个渠道：" + channelId);
        }
        RoundStatus status = lifecycle.status(roundId);
        if (status == RoundStatus.DRAFT || status == RoundStatus.FINAL) {
            throw new IllegalStateException("「" + status.label() + "」的评估轮次不能重新采集渠道");
        }
        var channel = dsl.select(CHANNEL.UNIT_ID, CHANNEL.NAME, CHANNEL.URL).from(CHANNEL)
                .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId)).and(CHANNEL.ID.eq(channelId))
                .and(CHANNEL.KIND.in("WEBSITE", "WECHAT"))
                .fetchOne();
        if (channel == null) {
            throw new IllegalArgumentException("该渠道不是本轮次的网站或公众号，无法重新采集");
        }
        var before = dsl.select(CHANNEL_CAPTURE.STATUS, CHANNEL_CAPTURE.REASON).from(CHANNEL_CAPTURE)
                .where(CHANNEL_CAPTURE.ROUND_ID.eq(roundId)).and(CHANNEL_CAPTURE.CHANNEL_ID.eq(channelId))
                .fetchOne();
        String key = roundId + "/" + channelId;
        if ((before != null && "RUNNING".equals(before.value1())) || !running.add(key)) {
            throw new IllegalStateException("渠道「" + channel.value2() + "」正在采集，请等待本次采集结束");
        }
        try {
            beforeCapture.run();
            String why = reason == null || reason.isBlank() ? "重新采集采集失败或被拦截的渠道" : reason.strip().substring(0, Math.min(500, reason.strip().length()));
            AuditTrail.record(dsl, actor, "CHANNEL_RECAPTURE", "channel", String.valueOf(channelId),
                    json("roundId", roundId, "status", before == null ? null : before.value1(),
                            "reason", before == null ? null : before.value2()),
                    null, why);
            executor.submit(() -> run(roundId, channelId, channel.value1(), actor, key));
        } catch (RuntimeException e) {
            running.remove(key);
            throw e;
        }
    }

    /** Whether a re-capture of the channel started here has not ended yet. */
    boolean running(long roundId, long channelId) {
        return running.contains(roundId + "/" + channelId);
    }

    private void run(long roundId, long channelId, long unitId, String actor, String key) {
        try {
            CrawlReport report = crawler.recapture(roundId, channelId);
            int findings = checker.checkUnit(roundId, unitId);
            scorer.score(roundId);
            var after = dsl.select(CHANNEL_CAPTURE.STATUS, CHANNEL_CAPTURE.REASON).from(CHANNEL_CAPTURE)
                    .where(CHANNEL_CAPTURE.ROUND_ID.eq(roundId)).and(CHANNEL_CAPTURE.CHANNEL_ID.eq(channelId))
                    .fetchOne();
            AuditTrail.record(dsl, actor, "CHANNEL_RECAPTURED", "channel", String.valueOf(channelId), null,
                    json("roundId", roundId, "status", after == null ? null : after.value1(),
                            "reason", after == null ? null : after.value2(), "pages", report.pagesFetched(),
                            "failures", report.failures(), "findings", findings),
                    "重新采集完成，已重新检查该单位并重新计分");
        } catch (RuntimeException e) {
            log.warn("Re-capture of round {} channel {} failed", roundId, channelId, e);
            AuditTrail.record(dsl, actor, "CHANNEL_RECAPTURE_FAILED", "channel", String.valueOf(channelId), null,
                    json("roundId", roundId), "重新采集未能完成：" + e.getMessage());
        } finally {
            running.remove(key);
        }
    }

    private static String json(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return JSON.writeValueAsString(map);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
