package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;

import cn.gongkai.crawler.CrawlReport;
import cn.gongkai.crawler.Crawler;
import cn.gongkai.evaluator.check.RoundChecker;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.ScoringSummary;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** One round from capture to ranking: crawl, check, score; each stage's move of the round is recorded. */
@Service
public class RoundPipeline {

    private static final Logger log = LoggerFactory.getLogger(RoundPipeline.class);

    private final DSLContext dsl;
    private final Crawler crawler;
    private final RoundChecker checker;
    private final RoundScorer scorer;

    public RoundPipeline(DSLContext dsl, Crawler crawler, RoundChecker checker, RoundScorer scorer) {
        this.dsl = dsl;
        this.crawler = crawler;
        this.checker = checker;
        this.scorer = scorer;
    }

    public void run(long roundId) {
        move(roundId, "CAPTURING", "开始采集");
        CrawlReport crawl = crawler.crawl(roundId);
        log.info("Round {} captured: {} pages, {} failures, {} skipped, {} bytes", roundId, crawl.pagesFetched(),
                crawl.failures(), crawl.skipped(), crawl.bytes());
        int findings = checker.check(roundId);
        log.info("Round {} checked: {} findings", roundId, findings);
        ScoringSummary summary = scorer.score(roundId);
        log.info("Round {} scored: {} units, {} on the negative list", roundId, summary.units(),
                summary.negativeListEntries());
        move(roundId, "REVIEWING", "采集、检查与计分完成，待评估人员复核");
    }

    private void move(long roundId, String status, String reason) {
        dsl.transaction(tx -> {
            String before = tx.dsl().select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                    .where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne(ASSESSMENT_ROUND.STATUS);
            tx.dsl().update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, status)
                    .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
            tx.dsl().insertInto(AUDIT_LOG, AUDIT_LOG.AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION, AUDIT_LOG.ENTITY,
                            AUDIT_LOG.ENTITY_ID, AUDIT_LOG.BEFORE_JSON, AUDIT_LOG.AFTER_JSON, AUDIT_LOG.REASON)
                    .values(LocalDateTime.now(ZoneOffset.UTC), "system", "ROUND_STATUS", "assessment_round",
                            String.valueOf(roundId), "{\"status\":\"" + before + "\"}",
                            "{\"status\":\"" + status + "\"}", reason)
                    .execute();
        });
    }
}
