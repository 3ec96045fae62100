package cn.gongkai.web.capture;

import cn.gongkai.crawler.AvailabilityProber;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;

import org.jooq.DSLContext;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.SchedulerException;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** One availability probe of every website homepage of a round. */
@DisallowConcurrentExecution
public class ProbeJob implements Job {

    public static final String ROUND_ID = "roundId";

    private final AvailabilityProber prober;
    private final DSLContext dsl;

    public ProbeJob(AvailabilityProber prober, DSLContext dsl) {
        this.prober = prober;
        this.dsl = dsl;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        long roundId = context.getMergedJobDataMap().getLong(ROUND_ID);
        if (CaptureSchedule.retireIfNotCapturing(dsl, context, roundId)) {
            return;
        }
        try {
            prober.probeRound(roundId);
        } catch (RuntimeException e) {
            throw new JobExecutionException("评估轮次 " + roundId + " 可用性监测失败：" + e.getMessage(), e, false);
        }
    }
}
