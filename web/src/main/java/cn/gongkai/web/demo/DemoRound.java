package cn.gongkai.web.demo;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.round.RunRoundCommand;
import java.io.IOException;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The offline demo: the whole sandbox (靶场) runs on loopback, and once the application is ready two demo rounds of
 * the default catalog run in the background, each captured, checked, scored by the demo accounts ({@link DemoScoring})
 * and published: last year's (on the sandbox as it was a year ago, another seed) for the dashboard's year-over-year,
 * then this year's.
 */
@Component
@ConditionalOnProperty(name = "gongkai.demo", havingValue = "true")
class DemoRound implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoRound.class);

    private final LocalDate today = LocalDate.now();
    /** Kept running for the demo's life: appeals re-capture from it. */
    private final Sandbox sandbox = Sandbox.startFull(today);
    private final DemoScoring demo;

    DemoRound(DemoScoring demo) {
        this.demo = demo;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startDemoRounds() {
        Thread.ofVirtual().name("demo-rounds").start(this::runDemoRounds);
    }

    private void runDemoRounds() {
        try {
            String yaml = RunRoundCommand.demoRoundYaml();
            LocalDate lastYear = today.minusYears(1);
            long previous;
            try (Sandbox then = Sandbox.startFull(lastYear)) {
                previous = demo.runRound(yaml, then, lastYear, "政务公开第三方评估演示轮次（上一年度）",
                        DemoScoring.PREVIOUS_SEED);
            }
            demo.publish(previous);
            long current = demo.runRound(yaml, sandbox, today, null, DemoScoring.SEED);
            demo.publish(current);
            log.info("Demo rounds {} (last year) and {} (this year) captured, scored, reviewed and published",
                    previous, current);
        } catch (IOException | RuntimeException e) {
            log.error("The demo rounds failed", e);
        }
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
