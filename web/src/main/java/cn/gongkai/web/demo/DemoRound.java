package cn.gongkai.web.demo;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundJob;
import cn.gongkai.web.round.RunRoundCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The offline demo: the sandbox's synthetic government sites run on loopback, and the built-in demo round is
 * imported and run through Quartz as soon as the application is ready.
 */
@Component
@ConditionalOnProperty(name = "gongkai.demo", havingValue = "true")
class DemoRound implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoRound.class);

    private final Sandbox sandbox = Sandbox.start(LocalDate.now());
    private final RoundImporter importer;
    private final Scheduler scheduler;

    DemoRound(RoundImporter importer, Scheduler scheduler) {
        this.importer = importer;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startDemoRound() throws SchedulerException {
        String yaml;
        try {
            yaml = RunRoundCommand.demoRoundYaml();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        JobDetail job = JobBuilder.newJob(RoundJob.class)
                .withIdentity("round-" + roundId, "rounds")
                .usingJobData(RoundJob.ROUND_ID, roundId)
                .requestRecovery()
                .build();
        Trigger now = TriggerBuilder.newTrigger()
                .withIdentity("round-" + roundId + "-now", "rounds")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .startNow()
                .build();
        scheduler.scheduleJob(job, now);
        log.info("Demo round {} imported; capture of {} sandbox sites scheduled", roundId, sandbox.sites().size());
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
