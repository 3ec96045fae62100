package cn.gongkai.web.demo;

import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundScheduler;
import cn.gongkai.web.round.RunRoundCommand;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.EnumSet;
import org.jooq.DSLContext;
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

    /** Every demo account has this password; README.md lists the accounts. */
    static final String DEMO_PASSWORD = "gongkai-demo";

    private final Sandbox sandbox = Sandbox.start(LocalDate.now());
    private final RoundImporter importer;
    private final RoundScheduler scheduler;
    private final UserAccounts accounts;
    private final DSLContext dsl;

    DemoRound(RoundImporter importer, RoundScheduler scheduler, UserAccounts accounts, DSLContext dsl) {
        this.importer = importer;
        this.scheduler = scheduler;
        this.accounts = accounts;
        this.dsl = dsl;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startDemoRound() {
        String yaml;
        try {
            yaml = RunRoundCommand.demoRoundYaml();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        createDemoAccounts(roundId);
        scheduler.runNow(roundId);
        log.info("Demo round {} imported; capture of {} sandbox sites scheduled", roundId, sandbox.sites().size());
    }

    /** evaluator, leader, scorer, and one account per unit named by the unit's code. */
    private void createDemoAccounts(long roundId) {
        account("evaluator", "演示评估人员", null, Role.EVALUATOR);
        account("leader", "演示领导", null, Role.LEADER);
        account("scorer", "演示主管部门评分人", null, Role.DEPARTMENT_SCORER);
        dsl.select(UNIT.ID, UNIT.CODE, UNIT.NAME).from(UNIT).join(ROUND_UNIT).on(ROUND_UNIT.UNIT_ID.eq(UNIT.ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId))
                .forEach(unit -> account(unit.value2(), unit.value3(), unit.value1(), Role.COUNTY));
    }

    private void account(String username, String displayName, Long unitId, Role role) {
        if (!accounts.exists(username)) {
            accounts.create("demo", username, displayName, DEMO_PASSWORD, unitId, EnumSet.of(role));
        }
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
