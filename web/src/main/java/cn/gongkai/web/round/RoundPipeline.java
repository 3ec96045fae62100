package cn.gongkai.web.round;

import cn.gongkai.crawler.CrawlReport;
import cn.gongkai.crawler.Crawler;
import cn.gongkai.evaluator.check.RoundChecker;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.ScoringSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** One round from capture to ranking: crawl, check, score; the round's moves go through the lifecycle. */
@Service
public class RoundPipeline {

    private static final Logger log = LoggerFactory.getLogger(RoundPipeline.class);

    private final RoundLifecycle lifecycle;
    private final Crawler crawler;
    private final RoundChecker checker;
    private final RoundScorer scorer;

    public RoundPipeline(RoundLifecycle lifecycle, Crawler crawler, RoundChecker checker, RoundScorer scorer) {
        this.lifecycle = lifecycle;
        this.crawler = crawler;
        this.checker = checker;
        this.scorer = scorer;
    }

    public void run(long roundId) {
        if (lifecycle.status(roundId) != RoundStatus.CAPTURING) {
            lifecycle.move(roundId, RoundStatus.CAPTURING, "system", "开始采集");
        }
        CrawlReport crawl = crawler.crawl(roundId);
        log.info("Round {} captured: {} pages, {} failures, {} skipped, {} bytes", roundId, crawl.pagesFetched(),
                crawl.failures(), crawl.skipped(), crawl.bytes());
        int findings = checker.check(roundId);
        log.info("Round {} checked: {} findings", roundId, findings);
        ScoringSummary summary = scorer.score(roundId);
        log.info("Round {} scored: {} units, {} on the negative list", roundId, summary.units(),
                summary.negativeListEntries());
        lifecycle.move(roundId, RoundStatus.REVIEWING, "system", "采集、检查与计分完成，待评估人员复核");
    }
}
