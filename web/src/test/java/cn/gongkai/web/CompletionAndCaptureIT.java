package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.appeal.Appeals;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundPipeline;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
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

/**
 * Completion and capture on the workbench, on the embedded MariaDB with sandbox sites on loopback: one county whose
 * site is read, one whose host is down (then comes up and is captured again from the workbench), one behind a
 * firewall's block page. Every unit also has an unscored MANUAL point.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompletionAndCaptureIT {

    private static final String PASSWORD = "test-password-1";
    private static Path home;

    private final Sandbox sandbox = Sandbox.start(LocalDate.now());
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer firewall;
    private HttpServer cameUp;
    private int downPort;

    @Autowired RoundImporter importer;
    @Autowired RoundPipeline pipeline;
    @Autowired RoundLifecycle lifecycle;
    @Autowired UserAccounts accounts;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    private long roundId;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-completion");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void runRound() throws IOException {
        // A port nothing listens on yet: the county's host is down during the round's capture.
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            downPort = probe.getLocalPort();
        }
        firewall = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        firewall.createContext("/", exchange -> {
            byte[] body = "<html><head><title>访问拦截</title></head><body><p>您的访问被拦截</p><p>网站防火墙</p></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        firewall.start();
        String yaml = """
                name: 完成情况测试轮次
                indicatorSystem: default
                points: [ptjs-gx-01, xxgk-pt-03]
                allowPrivateAddresses: true
                crawlDelayMs: 50
                groups:
                  - code: counties
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                    units:
                      - {code: qinghe, name: 清河区人民政府, channels: [{kind: WEBSITE, name: 清河区门户网站, url: '%s/'}]}
                      - {code: yunshan, name: 云山县人民政府, channels: [{kind: WEBSITE, name: 云山县门户网站, url: 'http://127.0.0.1:%d/'}]}
                      - {code: baiyang, name: 白杨县人民政府, channels: [{kind: WEBSITE, name: 白杨县门户网站, url: 'http://127.0.0.1:%d/'}]}
                """.formatted(sandbox.baseUrl("qinghe"), downPort, firewall.getAddress().getPort());
        roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        pipeline.run(roundId);
        accounts.create("test", "eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "qinghe", "清河区", PASSWORD, unitId("qinghe"), EnumSet.of(Role.COUNTY));
    }

    @AfterAll
    void stop() {
        sandbox.close();
        firewall.stop(0);
        if (cameUp != null) {
            cameUp.stop(0);
        }
    }

    @Test
    void theWorkbenchShowsCompletionAndFailedCapturesAndTheEvaluatorRecapturesAChannelWhoseHostCameUp()
            throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        long yunshan = unitId("yunshan");
        long baiyang = unitId("baiyang");
        long downChannel = channelOf(yunshan);
        long blockedChannel = channelOf(baiyang);

        // The round moved on to 复核中 by itself; the workbench says which channels brought nothing and why.
        String workbench = evaluator.get("/workbench").body();
        assertThat(workbench).contains("/workbench/rounds/" + roundId + "/completion", "2 个渠道采集失败或被拦截",
                "云山县人民政府", "白杨县人民政府", "待评 ");

        String page = evaluator.get("/workbench/rounds/" + roundId + "/completion").body();
        assertThat(page).contains("采集失败率 <strong>66.7%</strong>", "data-outcome=\"OK\">采集成功 1",
                "data-outcome=\"FAILED\">采集失败 1", "data-outcome=\"BLOCKED\">被拦截 1");
        String downRow = row(page, "channel-" + downChannel);
        assertThat(downRow).contains("采集失败", "首页未能抓取", "重新采集")
                .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(row(page, "channel-" + blockedChannel)).contains("被拦截", "网站防火墙", "重新采集");
        assertThat(page).doesNotContain("id=\"channel-" + channelOf(unitId("qinghe")) + "\"");
        // Per unit: assessed of applicable, and what is missing with where it is resolved.
        assertThat(unitRow(page, "qinghe")).contains("已评 1/2", "xxgk-pt-03", "人工评估项尚未评分",
                "/workbench/rounds/" + roundId + "/manual-scores?method=MANUAL&amp;unit=qinghe");
        assertThat(unitRow(page, "yunshan")).contains("已评 0/2", "ptjs-gx-01", "该渠道本轮采集失败",
                "href=\"#channel-" + downChannel + "\"");
        assertThat(unitRow(page, "baiyang")).contains("已评 0/2", "未采集到任何页面", "href=\"#channel-" + blockedChannel + "\"");
        // Per point: how many units are still 待评 on it.
        assertThat(row(page, "point-completion")).contains("xxgk-pt-03", "3 / 3", "ptjs-gx-01", "2 / 3");

        // A phase move with failed channels goes on, and says so.
        evaluator.post("/workbench/rounds/" + roundId + "/move", "target=FEEDBACK");
        assertThat(lifecycle.status(roundId)).isEqualTo(RoundStatus.FEEDBACK);
        assertThat(evaluator.get("/workbench").body()).contains("评估轮次已转为「反馈申诉期」；注意：2 个渠道采集失败或被拦截",
                "云山县人民政府 云山县门户网站（采集失败");
        countyReadsItsProvisionalResult();
        evaluator.post("/workbench/rounds/" + roundId + "/move", "target=REVIEWING");
        assertThat(lifecycle.status(roundId)).isEqualTo(RoundStatus.REVIEWING);

        // The host comes up; the evaluator captures the channel again from the workbench.
        cameUp = proxyTo(downPort, sandbox.baseUrl("yunshan"));
        evaluator.post("/workbench/rounds/" + roundId + "/channels/" + downChannel + "/recapture", "reason=主机已恢复");
        waitForAudit("CHANNEL_RECAPTURED", downChannel);
        assertThat(dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("CHANNEL_RECAPTURE"))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(downChannel))).fetchOne())
                .satisfies(a -> {
                    assertThat(a.getActor()).isEqualTo("eva");
                    assertThat(a.getReason()).isEqualTo("主机已恢复");
                    assertThat(a.getBeforeJson()).contains("FAILED");
                });
        assertThat(findingStatus(yunshan, "ptjs-gx-01")).isIn("PASS", "FAIL");
        assertThat(dsl.select(UNIT_RESULT.PENDING_POINTS).from(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.UNIT_ID.eq(yunshan)).fetchOne(UNIT_RESULT.PENDING_POINTS)).isEqualTo(1);
        page = evaluator.get("/workbench/rounds/" + roundId + "/completion").body();
        assertThat(page).doesNotContain("id=\"channel-" + downChannel + "\"");
        assertThat(page).contains("采集失败率 <strong>33.3%</strong>", "data-outcome=\"OK\">采集成功 2");
        assertThat(unitRow(page, "yunshan")).contains("已评 1/2").doesNotContain("ptjs-gx-01");
        // The firewall's county was not captured again: still 待评, never judged from a block page.
        assertThat(findingStatus(baiyang, "ptjs-gx-01")).isEqualTo("UNCERTAIN");

        unitPageAndPdfLabelThePendingPoints(evaluator, baiyang);
        theWorkbookLeavesProvisionalTotalsEmpty(evaluator);
        screenshots(baiyang);
    }

    private void countyReadsItsProvisionalResult() throws Exception {
        String page = WebSession.loggedIn(port, "qinghe", PASSWORD)
                .get("/rounds/" + roundId + "/units/" + unitId("qinghe")).body();
        assertThat(page).contains("暂定总分", "（暂定，待评 1 项）", "暂不排名", "待评：人工评估项尚未评分");
    }

    private void unitPageAndPdfLabelThePendingPoints(WebSession evaluator, long baiyang) throws Exception {
        String page = evaluator.get("/rounds/" + roundId + "/units/" + baiyang).body();
        assertThat(page).contains("暂定总分", "（暂定，待评 2 项）", "<span class=\"pending\">待评</span>",
                "待评：检查结果不确定，待评估人员复核（该渠道本轮未采集到任何页面");
        byte[] pdf = evaluator.getBytes("/exports/rounds/" + roundId + "/units/" + baiyang + "/report.pdf").body();
        try (var document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document).replaceAll("\\s+", "");
            assertThat(text).contains("暂定总分", "暂定，待评2项", "暂不排名", "得分待评", "待评原因：人工评估项尚未评分");
        }
        // Capture statuses of an appeal's re-capture read in Chinese, like the workbench's.
        assertThat(new Appeals.RecaptureLine(1, "u", null, "BLOCKED", 200, null, null, "eva").statusLabel())
                .isEqualTo("被拦截");
        assertThat(new Appeals.RecaptureLine(1, "u", null, "NOT_FOUND", 200, null, null, "eva").statusLabel())
                .isEqualTo("页面不存在");
        assertThat(new Appeals.RecaptureLine(1, "u", null, "MAINTENANCE", 200, null, null, "eva").statusLabel())
                .isEqualTo("网站维护中");
    }

    private void theWorkbookLeavesProvisionalTotalsEmpty(WebSession evaluator) throws Exception {
        byte[] bytes = evaluator.getBytes("/exports/rounds/" + roundId + "/results.xlsx").body();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            Sheet ranking = workbook.getSheet("排名");
            for (int r = 2; r <= ranking.getLastRowNum(); r++) {
                Row line = ranking.getRow(r);
                assertThat(line.getCell(4)).as("provisional total of " + line.getCell(3)).isNull();
                assertThat(line.getCell(5).getStringCellValue()).isEqualTo("待评");
            }
            Sheet byPoint = workbook.getSheet("评估点得分");
            int pendingCells = 0;
            for (int r = 1; r <= byPoint.getLastRowNum(); r++) {
                for (int c = 4; c < byPoint.getRow(0).getLastCellNum(); c++) {
                    var cell = byPoint.getRow(r).getCell(c);
                    if (cell != null && cell.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING) {
                        assertThat(cell.getStringCellValue()).isEqualTo("待评");
                        pendingCells++;
                    }
                }
            }
            // Three unscored MANUAL cells and the blocked county's unread point.
            assertThat(pendingCells).isEqualTo(4);
        }
    }

    private void screenshots(long baiyang) throws Exception {
        if (!Browser.available()) {
            return;
        }
        try (Browser browser = new Browser(port)) {
            browser.login("eva", PASSWORD);
            for (int width : new int[] {1440, 390}) {
                browser.driver.manage().window().setSize(new Dimension(width, 1000));
                browser.open("/workbench");
                browser.screenshot("workbench-" + width);
                browser.open("/workbench/rounds/" + roundId + "/completion");
                assertThat(browser.driver.findElement(By.id("capture-rate")).getText()).contains("33.3%");
                // Nothing on the page is wider than the phone's screen but the tables, which scroll.
                Number overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as("horizontal overflow at " + width + " px").isLessThanOrEqualTo(0);
                browser.screenshot("completion-" + width);
                browser.open("/rounds/" + roundId + "/units/" + baiyang);
                browser.screenshot("unit-pending-" + width);
            }
        }
    }

    private static String row(String page, String id) {
        int at = page.indexOf("id=\"" + id + "\"");
        assertThat(at).as(id).isPositive();
        int end = page.indexOf("</tr>", at);
        return id.startsWith("point") ? page.substring(at, page.indexOf("</table>", at)) : page.substring(at, end);
    }

    private static String unitRow(String page, String code) {
        int at = page.indexOf("data-unit=\"" + code + "\"");
        assertThat(at).as(code).isPositive();
        return page.substring(at, page.indexOf("</tr>", at));
    }

    private void waitForAudit(String action, long channelId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.in(action, "CHANNEL_RECAPTURE_FAILED")
                    .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(channelId))))) {
                assertThat(dsl.fetchExists(AUDIT_LOG, AUDIT_LOG.ACTION.eq(action)
                        .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(channelId))))).as("re-capture ended well").isTrue();
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + action + " in the audit log");
    }

    /** A reverse proxy on the port that was down, to the sandbox site: the county's host has come up. */
    private HttpServer proxyTo(int listenPort, String target) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 0);
        server.createContext("/", exchange -> {
            try {
                HttpResponse<byte[]> upstream = http.send(HttpRequest.newBuilder(
                                URI.create(target + exchange.getRequestURI())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                upstream.headers().firstValue("Content-Type")
                        .ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
                upstream.headers().firstValue("Location").ifPresent(location -> exchange.getResponseHeaders()
                        .add("Location", location.replace(target, "http://127.0.0.1:" + listenPort)));
                byte[] body = upstream.body();
                exchange.sendResponseHeaders(upstream.statusCode(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    private long unitId(String code) {
        return dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(code)).fetchOne(UNIT.ID);
    }

    private long channelOf(long unitId) {
        return dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.UNIT_ID.eq(unitId)).fetchOne(CHANNEL.ID);
    }

    private String findingStatus(long unitId, String pointCode) {
        return dsl.select(FINDING.STATUS).from(FINDING).join(EVALUATION_POINT)
                .on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.UNIT_ID.eq(unitId))
                .and(EVALUATION_POINT.CODE.eq(pointCode)).fetchOne(FINDING.STATUS);
    }
}
