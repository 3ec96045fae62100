package cn.gongkai.web.round;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.stereotype.Service;

/**
 * Starts a round's capture, checks and scoring as a Quartz job in the JDBC job store: the run is recoverable, and on
 * several nodes it runs on exactly one of them.
 */
@Service
public class RoundScheduler {

    private final Scheduler scheduler;

    public RoundScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Schedules the round to run now; refuses when a run of the same round is already scheduled. */
    public void runNow(long roundId) {
        JobKey key = JobKey.jobKey("round-" + roundId, "rounds");
        try {
            if (scheduler.checkExists(key)) {
                throw new IllegalStateException("该评估轮次已在运行队列中，请等待当前运行结束");
            }
            JobDetail job = JobBuilder.newJob(RoundJob.class)
                    .withIdentity(key)
                    .usingJobData(RoundJob.ROUND_ID, roundId)
                    .requestRecovery()
                    .build();
            // Fire now; after downtime a missed start still runs once, at once.
            Trigger now = TriggerBuilder.newTrigger()
                    .withIdentity("round-" + roundId + "-now", "rounds")
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .startNow()
                    .build();
            scheduler.scheduleJob(job, now);
        } catch (SchedulerException e) {
            throw new IllegalStateException("无法调度评估轮次 " + roundId + "：" + e.getMessage(), e);
        }
    }
}
