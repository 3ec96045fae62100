package cn.gongkai.web.capture;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.sql.TestDatabase;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.impl.StdSchedulerFactory;

class CaptureScheduleIT {

    private final DSLContext dsl = TestDatabase.get().dsl();

    private long round(String cron, int probesPerDay) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        long system = dsl.insertInto(INDICATOR_SYSTEM).set(INDICATOR_SYSTEM.CODE, "s" + System.nanoTime())
                .set(INDICATOR_SYSTEM.VERSION, 1).set(INDICATOR_SYSTEM.NAME, "测试").set(INDICATOR_SYSTEM.CREATED_AT, now)
                .returningResult(INDICATOR_SYSTEM.ID).fetchOne().value1();
        return dsl.insertInto(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.NAME, "排程测试")
                .set(ASSESSMENT_ROUND.PERIOD_START, LocalDate.now()).set(ASSESSMENT_ROUND.PERIOD_END, LocalDate.now())
                .set(ASSESSMENT_ROUND.REFERENCE_DATE, LocalDate.now()).set(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, system)
                .set(ASSESSMENT_ROUND.STATUS, "CAPTURING").set(ASSESSMENT_ROUND.CONFIG_YAML, "#")
                .set(ASSESSMENT_ROUND.CREATED_AT, now).set(ASSESSMENT_ROUND.CAPTURE_CRON, cron)
                .set(ASSESSMENT_ROUND.PROBES_PER_DAY, probesPerDay)
                .returningResult(ASSESSMENT_ROUND.ID).fetchOne().value1();
    }

    private long channel(long roundId, String kind) {
        long unit = dsl.insertInto(UNIT).set(UNIT.CODE, "u" + System.nanoTime()).set(UNIT.NAME, "单位")
                .set(UNIT.UNIT_TYPE, "COUNTY_GOVERNMENT").returningResult(UNIT.ID).fetchOne().value1();
        long channel = dsl.insertInto(CHANNEL).set(CHANNEL.UNIT_ID, unit).set(CHANNEL.KIND, kind)
                .set(CHANNEL.NAME, "渠道").set(CHANNEL.URL, "http://www.example.gov.cn/")
                .returningResult(CHANNEL.ID).fetchOne().value1();
        dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(roundId, channel).execute();
        return channel;
    }

    @Test
    void aCaptureJobPerChannelOnTheRoundsCronAndSpacedProbesWithStatedMisfirePolicies() throws Exception {
        TestDatabase.get().reset();
        long roundId = round("0 30 1 * * ?", 24);
        long website = channel(roundId, "WEBSITE");
        long wechat = channel(roundId, "WECHAT");
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "capture-schedule-test");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        try {
            var keys = CaptureSchedule.schedule(scheduler, dsl, roundId);

            assertThat(keys).containsExactly(CaptureSchedule.captureKey(roundId, website),
                    CaptureSchedule.captureKey(roundId, wechat), CaptureSchedule.probeKey(roundId));
            var capture = (CronTrigger) scheduler.getTriggersOfJob(CaptureSchedule.captureKey(roundId, website)).getFirst();
            assertThat(capture.getCronExpression()).isEqualTo("0 30 1 * * ?");
            assertThat(capture.getTimeZone().getID()).isEqualTo("Asia/Shanghai");
            assertThat(capture.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
            assertThat(scheduler.getJobDetail(CaptureSchedule.captureKey(roundId, website)).requestsRecovery()).isTrue();
            var probe = (SimpleTrigger) scheduler.getTriggersOfJob(CaptureSchedule.probeKey(roundId)).getFirst();
            assertThat(probe.getRepeatInterval()).isEqualTo(3_600_000L);
            assertThat(probe.getMisfireInstruction())
                    .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT);

            // rescheduling replaces rather than adds; unscheduling removes all
            CaptureSchedule.schedule(scheduler, dsl, roundId);
            assertThat(scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.anyJobGroup())).hasSize(3);
            CaptureSchedule.unschedule(scheduler, roundId);
            assertThat(scheduler.getJobKeys(org.quartz.impl.matchers.GroupMatcher.anyJobGroup())).isEmpty();

            long tooFew = round(null, 12);
            assertThatThrownBy(() -> CaptureSchedule.schedule(scheduler, dsl, tooFew))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("至少 20 次");
            long badCron = round("every day", 24);
            assertThatThrownBy(() -> CaptureSchedule.schedule(scheduler, dsl, badCron))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cron");
        } finally {
            scheduler.shutdown();
        }
    }
}
