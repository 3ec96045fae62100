package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.USER_ROLE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        properties = {"spring.quartz.auto-startup=false", "gongkai.login.max-failures-per-account=3",
                "gongkai.login.max-failures-per-address=8", "gongkai.login.lock=PT2S",
                "server.forward-headers-strategy=native", "gongkai.security.hsts-max-age=180d"})
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
        accounts.create("test", "sr-guess", "被猜密码的领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        for (int i = 0; i < 50; i++) {
            accounts.create("test", "sr-crowd-" + i, "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        }
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

    private String signIn(String username, String password) throws Exception {
        HttpResponse<String> login = WebSession.anonymous(port)
                .post("/login", "username=" + username + "&password=" + password);
        assertThat(login.statusCode()).isEqualTo(302);
        return login.headers().firstValue("Location").orElseThrow();
    }

    private List<String> loginAudit(String actor) {
        return dsl.select(AUDIT_LOG.ACTION).from(AUDIT_LOG)
                .where(AUDIT_LOG.ENTITY.eq("login"), AUDIT_LOG.ACTOR.eq(actor)).orderBy(AUDIT_LOG.ID)
                .fetch(AUDIT_LOG.ACTION);
    }

    @Test
    void guessingLocksTheAccountThenTheAddressAndEveryFailureIsAudited() throws Exception {
        // Limits for this test: 3 failures per account, 8 per address, locks from 2 s doubling.
        assertThat(signIn("sr-guess", "wrong-1")).endsWith("/login?error");
        assertThat(signIn("sr-guess", "wrong-2")).endsWith("/login?error");
        assertThat(signIn("sr-guess", "wrong-3")).endsWith("/login?locked");
        // Locked: the right password does not get in, and the page says why.
        assertThat(signIn("sr-guess", PASSWORD)).endsWith("/login?locked");
        assertThat(WebSession.anonymous(port).get("/login?locked").body()).contains("已被临时锁定");
        assertThat(loginAudit("sr-guess"))
                .containsExactly("LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_FAILED", "LOGIN_LOCKED", "LOGIN_REFUSED");
        assertThat(dsl.select(AUDIT_LOG.ENTITY_ID).from(AUDIT_LOG).where(AUDIT_LOG.ACTOR.eq("sr-guess"))
                .and(AUDIT_LOG.ENTITY.eq("login")).fetch(AUDIT_LOG.ENTITY_ID)).containsOnly("127.0.0.1");
        Thread.sleep(2_500);
        assertThat(signIn("sr-guess", PASSWORD)).doesNotContain("/login");

        // Guessing over many accounts from one address locks the address, for the right password of another too.
        for (int i = 4; i < 8; i++) {
            assertThat(signIn("nobody-" + i, "wrong")).endsWith("/login?error");
        }
        assertThat(signIn("nobody-8", "wrong")).endsWith("/login?locked");
        assertThat(signIn("sr-eva", PASSWORD)).endsWith("/login?locked");
        assertThat(loginAudit("nobody-8")).containsExactly("LOGIN_FAILED", "LOGIN_LOCKED");
        assertThat(loginAudit("sr-eva")).containsExactly("LOGIN_REFUSED");
        Thread.sleep(2_500);
        assertThat(signIn("sr-eva", PASSWORD)).doesNotContain("/login");
    }

    @Test
    void fiftySimultaneousCorrectSignInsAreNotThrottled() throws Exception {
        List<Callable<String>> logins = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String username = "sr-crowd-" + i;
            logins.add(() -> signIn(username, PASSWORD));
        }
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (Future<String> login : pool.invokeAll(logins)) {
                assertThat(login.get()).doesNotContain("/login");
            }
        }
        System.out.printf("50 simultaneous sign-ins: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ENTITY.eq("login"), AUDIT_LOG.ACTOR.like("sr-crowd-%")))
                .isZero();
    }

    private HttpResponse<String> loginPage(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sessionCookieIsSameSiteLaxAndSecureWithHstsOverHttpsOnly() throws Exception {
        HttpResponse<String> plain = loginPage();
        String cookie = plain.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("JSESSIONID=").containsIgnoringCase("SameSite=Lax").containsIgnoringCase("HttpOnly")
                .doesNotContainIgnoringCase("Secure");
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();

        // As a TLS-terminating proxy on the same machine forwards it (server.forward-headers-strategy=native).
        HttpResponse<String> https = loginPage("X-Forwarded-Proto", "https");
        assertThat(https.headers().firstValue("Set-Cookie").orElseThrow())
                .containsIgnoringCase("SameSite=Lax").containsIgnoringCase("Secure");
        assertThat(https.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=15552000");
    }

    @Test
    void aCsrfTokenInTheQueryStringIsRefused() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "sr-eva", PASSWORD);
        int users = dsl.fetchCount(APP_USER);
        String account = "username=sr-csrf&displayName=x&role=LEADER";
        assertThat(evaluator.postTokenInQuery("/workbench/accounts", account).statusCode()).isEqualTo(403);
        assertThat(dsl.fetchCount(APP_USER)).isEqualTo(users);
        // The same token in the body is accepted.
        assertThat(evaluator.post("/workbench/accounts", account).statusCode()).isEqualTo(302);
        assertThat(dsl.fetchCount(APP_USER)).isEqualTo(users + 1);
    }
}
