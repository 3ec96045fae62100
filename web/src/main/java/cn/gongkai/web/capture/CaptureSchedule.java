package cn.gongkai.web.capture;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.jooq.DSLContext;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The Quartz schedule of a round's capture: one job per (round, channel) on the round's cron (China time), and one
 * probe job per round firing {@code probes_per_day} times a day, evenly spaced.
 *
 * <p>Misfires (the cluster was down when a trigger was due): a capture fires once as soon as a node is back and
 * then keeps its cron, since a late capture is still a capture and several missed ones are no more useful than one
 * ({@code MISFIRE_INSTRUCTION_FIRE_ONCE_NOW}); a probe that was missed is skipped, since the veto rule needs spaced
 * visits and a burst of late probes would measure nothing ({@code MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT}).
 * Both jobs request recovery: the job of a node that dies mid-run is run again by another node.
 */
public final class CaptureSchedule {

    /** Daily at 02:00 China time, when government sites are least busy. */
    public static final String DEFAULT_CRON = "0 0 2 * * ?";
    /** The national inspection rule asks for at least 20 spaced visits a day. */
    public static final int MIN_PROBES_PER_DAY = 20;
    static final String CAPTURE_GROUP = "capture";
    static final String PROBE_GROUP = "probe";
    private static final TimeZone CHINA = TimeZone.getTimeZone("Asia/Shanghai");

    private CaptureSchedule() {
    }

    /** Replaces the round's capture and probe jobs with ones that follow its current settings and channel list. */
    public static List<JobKey> schedule(Scheduler scheduler, DSLContext dsl, long roundId) throws SchedulerException {
        var round = dsl.select(ASSESSMENT_ROUND.CAPTURE_CRON, ASSESSMENT_ROUND.PROBES_PER_DAY).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne();
        if (round == null) {
            throw new IllegalArgumentException("评估轮次不存在：" + roundId);
        }
        String cron = round.value1() == null || round.value1().isBlank() ? DEFAULT_CRON : round.value1().strip();
        if (!CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("评估轮次 " + roundId + " 的采集时间表不是有效的 Quartz cron 表达式：" + cron);
        }
        int probesPerDay = round.value2();
        if (probesPerDay < MIN_PROBES_PER_DAY) {
            throw new IllegalArgumentException("可用性监测每天至少 " + MIN_PROBES_PER_DAY + " 次（国办检查指标要求），本轮设置为 "
                    + probesPerDay + " 次");
        }
        // All jobs are stored in one call that replaces existing ones in place: another node (starting up, or an
        // evaluator's action) scheduling the same round meanwhile never sees the round's jobs missing.
        Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
        List<Long> channels = dsl.select(CHANNEL.ID).from(CHANNEL).join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), CHANNEL.KIND.in("WEBSITE", "WECHAT"))
                .orderBy(CHANNEL.ID).fetch(CHANNEL.ID);
        for (long channelId : channels) {
            JobDetail job = JobBuilder.newJob(CaptureJob.class)
                    .withIdentity(captureKey(roundId, channelId))
                    .usingJobData(CaptureJob.ROUND_ID, roundId)
                    .usingJobData(CaptureJob.CHANNEL_ID, channelId)
                    .requestRecovery()
                    .storeDurably()
                    .build();
            Trigger trigger = TriggerBuilder.newTrigger()
                    .withIdentity("capture-" + roundId + "-" + channelId, CAPTURE_GROUP)
                    .forJob(job)
                    .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(CHINA)
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
            jobs.put(job, Set.of(trigger));
        }
        JobDetail probe = JobBuilder.newJob(ProbeJob.class)
                .withIdentity(probeKey(roundId))
                .usingJobData(ProbeJob.ROUND_ID, roundId)
                .requestRecovery()
                .storeDurably()
                .build();
        long intervalSeconds = 24L * 3600 / probesPerDay;
        Trigger probeTrigger = TriggerBuilder.newTrigger()
                .withIdentity("probe-" + roundId, PROBE_GROUP)
                .forJob(probe)
                .startNow()
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever((int) intervalSeconds)
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        jobs.put(probe, Set.of(probeTrigger));
        scheduler.scheduleJobs(jobs, true);
        List<JobKey> keys = jobs.keySet().stream().map(JobDetail::getKey).toList();
        // channels that left the round since it was last scheduled
        List<JobKey> stale = roundJobKeys(scheduler, roundId).stream().filter(key -> !keys.contains(key)).toList();
        scheduler.deleteJobs(stale);
        return keys;
    }

    /** Removes the round's capture and probe jobs (a round that leaves CAPTURING). */
    public static void unschedule(Scheduler scheduler, long roundId) throws SchedulerException {
        scheduler.deleteJobs(roundJobKeys(scheduler, roundId));
    }

    private static List<JobKey> roundJobKeys(Scheduler scheduler, long roundId) throws SchedulerException {
        List<JobKey> keys = new ArrayList<>();
        for (String group : List.of(CAPTURE_GROUP, PROBE_GROUP)) {
            for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group))) {
                if (key.getName().startsWith("capture-" + roundId + "-") || key.getName().equals("probe-" + roundId)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /**
     * A round that left CAPTURING (or was deleted) needs no more captures or probes: the job removes itself, so the
     * schedule follows the round's lifecycle without the lifecycle knowing about Quartz.
     */
    static boolean retireIfNotCapturing(DSLContext dsl, org.quartz.JobExecutionContext context, long roundId)
            throws org.quartz.JobExecutionException {
        String status = dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne(ASSESSMENT_ROUND.STATUS);
        if ("CAPTURING".equals(status)) {
            return false;
        }
        try {
            context.getScheduler().deleteJob(context.getJobDetail().getKey());
        } catch (SchedulerException e) {
            throw new org.quartz.JobExecutionException(e);
        }
        return true;
    }

    /** Whether the round's jobs are in the scheduler already. */
    static boolean isScheduled(Scheduler scheduler, long roundId) throws SchedulerException {
        return scheduler.checkExists(probeKey(roundId));
    }

    static JobKey captureKey(long roundId, long channelId) {
        return JobKey.jobKey("capture-" + roundId + "-" + channelId, CAPTURE_GROUP);
    }

    static JobKey probeKey(long roundId) {
        return JobKey.jobKey("probe-" + roundId, PROBE_GROUP);
    }
}
