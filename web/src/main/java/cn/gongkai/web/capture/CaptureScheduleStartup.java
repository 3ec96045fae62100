package cn.gongkai.web.capture;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;

import org.jooq.DSLContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start, every round that is CAPTURING with a capture schedule ({@code capture_cron}) gets its capture and
 * probe jobs, unless the clustered job store has them already (another node, or an earlier run of this one).
 */
@Component
class CaptureScheduleStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CaptureScheduleStartup.class);

    private final Scheduler scheduler;
    private final DSLContext dsl;

    CaptureScheduleStartup(Scheduler scheduler, DSLContext dsl) {
        this.scheduler = scheduler;
        this.dsl = dsl;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Long roundId : dsl.select(ASSESSMENT_ROUND.ID).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.STATUS.eq("CAPTURING"), ASSESSMENT_ROUND.CAPTURE_CRON.isNotNull())
                .fetch(ASSESSMENT_ROUND.ID)) {
            try {
                if (!CaptureSchedule.isScheduled(scheduler, roundId)) {
                    int jobs = CaptureSchedule.schedule(scheduler, dsl, roundId).size();
                    log.info("Round {}: {} capture and probe jobs scheduled", roundId, jobs);
                }
            } catch (org.quartz.ObjectAlreadyExistsException e) {
                log.info("Round {}: capture jobs scheduled by another node starting at the same time", roundId);
            } catch (SchedulerException | IllegalArgumentException e) {
                // one round's bad schedule must not keep the platform from starting
                log.error("Round {}: capture schedule not set up: {}", roundId, e.getMessage());
            }
        }
    }
}
