package cn.gongkai.web.capture;

import cn.gongkai.crawler.AvailabilityProber;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** One availability probe of every website homepage of a round. */
@DisallowConcurrentExecution
public class ProbeJob implements Job {

    public static final String ROUND_ID = "roundId";

    private final AvailabilityProber prober;

    public ProbeJob(AvailabilityProber prober) {
        this.prober = prober;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        long roundId = context.getMergedJobDataMap().getLong(ROUND_ID);
        try {
            prober.probeRound(roundId);
        } catch (RuntimeException e) {
            throw new JobExecutionException("评估轮次 " + roundId + " 可用性监测失败：" + e.getMessage(), e, false);
        }
    }
}
