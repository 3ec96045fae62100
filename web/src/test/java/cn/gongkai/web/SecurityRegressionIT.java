package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.USER_ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Replays the attacks of issue 16 on sessions, logins and headers against the running application. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityRegressionIT {

    private static final String PASSWORD = "test-password-1";

    private static Path home;

    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @LocalServerPort int port;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-security");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void accounts() {
        accounts.create("test", "sr-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        for (String leader : new String[] {"sr-lead-disabled", "sr-lead-reset", "sr-lead-role", "sr-lead-kept"}) {
            accounts.create("test", leader, "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        }
    }

    private long userId(String username) {
        return dsl.select(APP_USER.ID).from(APP_USER).where(APP_USER.USERNAME.eq(username)).fetchOne(APP_USER.ID);
    }

    private static void assertSignedOut(WebSession session) throws Exception {
        HttpResponse<String> page = session.get("/rankings");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(session.get("/api/v1/rounds").statusCode()).isEqualTo(401);
    }

    @Test
    void aDisabledResetOrChangedAccountLosesItsOpenSessionsAtOnce() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "sr-eva", PASSWORD);
        WebSession disabled = WebSession.loggedIn(port, "sr-lead-disabled", PASSWORD);
        WebSession reset = WebSession.loggedIn(port, "sr-lead-reset", PASSWORD);
        WebSession changed = WebSession.loggedIn(port, "sr-lead-role", PASSWORD);
        WebSession kept = WebSession.loggedIn(port, "sr-lead-kept", PASSWORD);
        for (WebSession leader : new WebSession[] {disabled, reset, changed, kept}) {
            assertThat(leader.get("/rankings").statusCode()).isEqualTo(200);
            assertThat(leader.get("/api/v1/rounds").statusCode()).isEqualTo(200);
        }

        assertThat(evaluator.post("/workbench/accounts/" + userId("sr-lead-disabled") + "/enabled", "enabled=false")
                .statusCode()).isEqualTo(302);
        assertThat(evaluator.post("/workbench/accounts/" + userId("sr-lead-reset") + "/password", "x=1")
                .statusCode()).isEqualTo(302);
        // No page changes roles yet; a change written by another node or by hand must end the session all the same.
        dsl.update(USER_ROLE).set(USER_ROLE.ROLE, Role.DEPARTMENT_SCORER.name())
                .where(USER_ROLE.USER_ID.eq(userId("sr-lead-role"))).execute();

        assertSignedOut(disabled);
        assertSignedOut(reset);
        assertSignedOut(changed);
        // Enabled again, the old session stays ended: the account signs in anew.
        evaluator.post("/workbench/accounts/" + userId("sr-lead-disabled") + "/enabled", "enabled=true");
        assertSignedOut(disabled);
        WebSession.loggedIn(port, "sr-lead-disabled", PASSWORD);
        // Nobody else is signed out.
        assertThat(kept.get("/rankings").statusCode()).isEqualTo(200);
        assertThat(evaluator.get("/workbench/accounts").statusCode()).isEqualTo(200);
    }
}
