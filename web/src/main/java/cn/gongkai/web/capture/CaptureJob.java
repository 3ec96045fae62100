package cn.gongkai.web.capture;

import cn.gongkai.crawler.CrawlReport;
import cn.gongkai.crawler.Crawler;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures one channel of one round. Never two at once for the same (round, channel); a run whose node died is run
 * again by another node (the job requests recovery), and since the frontier lives in the database it resumes where
 * the dead node stopped instead of starting over.
 */
@DisallowConcurrentExecution
public class CaptureJob implements Job {

    public static final String ROUND_ID = "roundId";
    public static final String CHANNEL_ID = "channelId";
    private static final Logger log = LoggerFactory.getLogger(CaptureJob.class);

    private final Crawler crawler;

    public CaptureJob(Crawler crawler) {
        this.crawler = crawler;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        long roundId = context.getMergedJobDataMap().getLong(ROUND_ID);
        long channelId = context.getMergedJobDataMap().getLong(CHANNEL_ID);
        try {
            CrawlReport report = crawler.crawl(roundId, channelId);
            log.info("Capture of round {} channel {}{}: {}", roundId, channelId,
                    context.isRecovering() ? " (recovered from a failed node)" : "", report);
        } catch (RuntimeException e) {
            throw new JobExecutionException("评估轮次 " + roundId + " 渠道 " + channelId + " 采集失败：" + e.getMessage(),
                    e, false);
        }
    }
}
