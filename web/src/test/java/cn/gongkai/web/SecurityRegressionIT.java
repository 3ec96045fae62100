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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
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

    // --- 6 and 11: unknown ids and bad requests get Chinese answers, never 500 or Spring's English page -------------

    private static void assertChinesePage(HttpResponse<String> page, int status, String... texts) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(status);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        // In the application's layout, with its style sheet and icon; nothing of the exception behind it.
        assertThat(page.body()).contains("政务公开第三方评估平台", "/css/gongkai.css", "/favicon.ico").contains(texts)
                .doesNotContain("Whitelabel", "Exception", "Error", "at cn.gongkai", "at org.");
    }

    @Test
    void unknownIdsAndBadRequestsGetChinesePagesAndTheApiChineseJson() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "sr-eva", PASSWORD);
        for (String path : List.of("/workbench/rounds/99999/review", "/workbench/rounds/99999/appeals",
                "/workbench/rounds/99999/manual-scores", "/workbench/rounds/99999/second-review",
                "/workbench/rounds/99999/units", "/rounds/99999/progress", "/rounds/99999/units/1",
                "/evidence/99999", "/review-files/99999", "/exports/rounds/99999/results.xlsx")) {
            assertChinesePage(evaluator.getPage(path), 404, "页面或记录不存在");
        }
        assertChinesePage(evaluator.getPage("/workbench/rounds/99999/review"), 404, "评估轮次不存在：99999");
        assertChinesePage(evaluator.getPage("/no/such/page"), 404, "您要找的页面或记录不存在");
        // Moving an unknown round starts nothing and does not say it did.
        HttpResponse<String> move = evaluator.post("/workbench/rounds/99999/move", "target=CAPTURING");
        assertThat(move.statusCode()).isEqualTo(404);
        assertThat(evaluator.getPage("/workbench").body()).doesNotContain("已开始采集");

        assertChinesePage(evaluator.getPage("/workbench/rounds/abc/review"), 400, "请求有误");
        assertChinesePage(evaluator.getPage("/units/1"), 400, "参数缺失或格式不正确");
        assertChinesePage(evaluator.getPage("/workbench/rounds"), 405, "不支持的请求方式");
        assertChinesePage(WebSession.loggedIn(port, "sr-lead-kept", PASSWORD).getPage("/workbench"), 403, "无权访问");

        // The API answers JSON, in Chinese, even to a browser asking for HTML.
        for (HttpResponse<String> api : List.of(evaluator.get("/api/v1/rounds/99999/rankings"),
                evaluator.getPage("/api/v1/rounds/99999/rankings"))) {
            assertThat(api.statusCode()).isEqualTo(404);
            assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(api.body()).contains("\"status\":404", "\"error\":\"页面或记录不存在\"",
                    "\"message\":\"评估轮次不存在：99999\"").doesNotContain("Not Found", "Exception");
        }
    }

    @Test
    void theErrorPageReadsWellInABrowserOnADesktopAndOnAPhone() throws Exception {
        Assumptions.assumeTrue(Browser.available(), "headless Chromium is not installed");
        try (Browser browser = new Browser(port)) {
            browser.login("sr-eva", PASSWORD);
            for (int width : new int[] {1440, 390}) {
                browser.driver.manage().window().setSize(new Dimension(width, 844));
                browser.open("/workbench/rounds/99999/review");
                assertThat(browser.driver.getTitle()).isEqualTo("页面或记录不存在 - 政务公开第三方评估平台");
                assertThat(browser.driver.findElement(By.cssSelector(".error-page h2")).getText())
                        .isEqualTo("页面或记录不存在");
                assertThat(browser.driver.findElement(By.cssSelector(".error-page")).getText())
                        .contains("404", "评估轮次不存在：99999", "返回首页");
                // The page fits the screen: nothing to scroll sideways on a phone.
                assertThat(((Number) browser.script("return document.documentElement.scrollWidth")).intValue())
                        .as("page width at %d px", width).isLessThanOrEqualTo(width);
                // The header wraps between its parts, not inside them: each name, link and button on one line.
                assertThat((String) browser.script("return Array.from(document.querySelectorAll("
                        + "'header h1 a, header nav a, header .account span, header .account button'))"
                        + ".filter(e => e.getClientRects().length !== 1 || e.getBoundingClientRect().height > 36)"
                        + ".map(e => e.textContent.trim()).join('、')")).as("broken at %d px", width).isEmpty();
                browser.screenshot("error-404-" + width);
            }
        }
    }

    @Test
    void theFaviconIsServedWithoutSignIn() throws Exception {
        WebSession anonymous = WebSession.anonymous(port);
        HttpResponse<byte[]> ico = anonymous.getBytes("/favicon.ico");
        assertThat(ico.statusCode()).isEqualTo(200);
        // An ICO directory with its images (PNG inside).
        assertThat(java.util.Arrays.copyOf(ico.body(), 4)).containsExactly(0, 0, 1, 0);
        HttpResponse<String> svg = anonymous.get("/favicon.svg");
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.body()).startsWith("<svg");
        assertThat(anonymous.get("/login").body()).contains("href=\"/favicon.ico\"", "href=\"/favicon.svg\"");
    }

    // --- 7: uploads over the limit ------------------------------------------------------------------------------------

    @Test
    void anUploadOverTheLimitGetsAChineseAnswerAndIsSentBackOnlyToAPathOfOurs() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "sr-eva", PASSWORD);
        List<WebSession.FilePart> tooLarge = List.of(new WebSession.FilePart("evidence", "截图.pdf",
                new byte[11 * 1024 * 1024]));
        java.util.Map<String, String> fields = java.util.Map.of("roundId", "1", "decision", "OVERRIDE",
                "status", "PASS", "reason", "附截图");
        String review = "/workbench/findings/1/review";
        // An ordinary form post: the container refuses the body before the application reads it.
        assertChinesePage(evaluator.postMultipart(review, fields, tooLarge, false, "Accept", "text/html"), 413,
                "上传的文件过大", "单个文件不能超过 10 MB");

        // With the token in a header the application reads the upload, and sends the user back where the Referer
        // says only when that is a page of ours.
        String base = "http://127.0.0.1:" + port;
        java.util.Map<String, String> referers = java.util.Map.of(
                "http://evil.example/x", "/",
                base + "//evil.example/x", "/",
                base + "/\\evil.example/x", "/",
                "http://127.0.0.1:" + (port == 65535 ? 1 : port + 1) + "/workbench", "/",
                "https://127.0.0.1:" + port + "/workbench", "/",
                base + "/workbench/rounds/7/review?status=FAIL", "/workbench/rounds/7/review?status=FAIL");
        for (var referer : referers.entrySet()) {
            HttpResponse<String> sentBack = evaluator.postMultipart(review, fields, tooLarge, true,
                    "Referer", referer.getKey());
            assertThat(sentBack.statusCode()).as(referer.getKey()).isEqualTo(302);
            String location = sentBack.headers().firstValue("Location").orElseThrow();
            assertThat(URI.create(location).getHost()).as(location).isIn(null, "127.0.0.1");
            assertThat(URI.create(location).getRawPath()).as(location).doesNotStartWith("//");
            assertThat(location).as(referer.getKey()).endsWith(referer.getValue()).doesNotContain("evil");
        }
        // Back on the form, the user reads why.
        evaluator.postMultipart(review, fields, tooLarge, true, "Referer", base + "/workbench");
        assertThat(evaluator.get("/workbench").body()).contains("上传的文件过大：单个文件不能超过 10 MB");
    }
}
