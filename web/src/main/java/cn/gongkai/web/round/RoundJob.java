package cn.gongkai.web.round;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.PersistJobDataAfterExecution;

/** Runs one round's pipeline under Quartz, so the run survives in the JDBC job store and can be clustered. */
@DisallowConcurrentExecution
@PersistJobDataAfterExecution
public class RoundJob implements Job {

    public static final String ROUND_ID = "roundId";

    private final RoundPipeline pipeline;

    public RoundJob(RoundPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        long roundId = context.getMergedJobDataMap().getLong(ROUND_ID);
        try {
            pipeline.run(roundId);
        } catch (RuntimeException e) {
            throw new JobExecutionException("评估轮次 " + roundId + " 运行失败：" + e.getMessage(), e, false);
        }
    }
}
