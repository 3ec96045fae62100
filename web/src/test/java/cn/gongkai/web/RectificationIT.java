package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_ANSWER;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_DECISION;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_FILE;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_ITEM;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_RECAPTURE;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_ROUND;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.web.rectification.Rectifications;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The 整改 loop end to end on the embedded MariaDB, with the counties' sites in the sandbox on loopback: a round is
 * published through the workbench and its deducted points become items; a county answers one with a file, is
 * refused in Chinese for bad uploads (nothing stored) and cannot see or answer another county's items; the evaluator
 * re-captures the answer's URL from the sandbox, closes one item and sends another back; the ledger xlsx is opened
 * with POI and compared with the database; the next round of the same indicator system marks the point that failed
 * again 屡查屡犯 on the county's page and the dashboard; the pages are looked at in Chromium at 1440 and 390 px.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RectificationIT {

    private static final String PASSWORD = "test-password-zg";
    private static final List<String> POINTS = List.of("xxgk-pt-03", "xxgk-zd-02", "xxgk-jg-04", "xxgk-zcwj-04");
    private static final String ROUND = """
            name: %s
            indicatorSystem: default
            referenceDate: %s
            allowPrivateAddresses: true
            points: [xxgk-pt-03, xxgk-zd-02, xxgk-jg-04, xxgk-zcwj-04]
            groups:
              - code: zg-counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - {code: zg-qinghe, name: 清河区人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: '${sandbox:qinghe}/'}]}
                  - {code: zg-yunshan, name: 云山县人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: '${sandbox:yunshan}/'}]}
            """;
    private static final byte[] PDF = "%PDF-1.4\n% gongkai rectification test\n".getBytes(StandardCharsets.US_ASCII);

    private static Path home;
    private final Sandbox sandbox = Sandbox.start(LocalDate.now());

    @Autowired RoundImporter importer;
    @Autowired RoundScorer scorer;
    @Autowired RoundLifecycle lifecycle;
    @Autowired UserAccounts accounts;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    private long round1;
    private long round2;
    private long qinghe;
    private long yunshan;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-rectification");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void firstRoundInItsFeedbackWindow() {
        // 清河区 fails two points, 云山县 one; everything else has full marks.
        round1 = scoredRound("2025年度整改测试", "2025-12-31",
                Map.of("zg-qinghe", Set.of("xxgk-jg-04", "xxgk-zcwj-04"), "zg-yunshan", Set.of("xxgk-pt-03")));
        qinghe = unitId("zg-qinghe");
        yunshan = unitId("zg-yunshan");
        accounts.create("test", "zg-eva", "评估员甲", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "zg-lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        accounts.create("test", "zg-qinghe", "清河区", PASSWORD, qinghe, EnumSet.of(Role.COUNTY));
        accounts.create("test", "zg-yunshan", "云山县", PASSWORD, yunshan, EnumSet.of(Role.COUNTY));
    }

    @AfterAll
    void stopSandbox() {
        sandbox.close();
    }

    private long scoredRound(String name, String referenceDate, Map<String, Set<String>> failed) {
        String yaml = ROUND.formatted(name, referenceDate);
        long roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        LocalDateTime entered = LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        for (var unit : failed.entrySet()) {
            long unitId = unitId(unit.getKey());
            for (String code : POINTS) {
                var point = point(roundId, code);
                boolean fails = unit.getValue().contains(code);
                dsl.insertInto(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID, MANUAL_SCORE.UNIT_ID, MANUAL_SCORE.POINT_ID,
                                MANUAL_SCORE.SCORE, MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY,
                                MANUAL_SCORE.ENTERED_AT, MANUAL_SCORE.REASON, MANUAL_SCORE.VETO_HIT)
                        .values(roundId, unitId, point.value1(), fails ? BigDecimal.ZERO : point.value2(), "MANUAL",
                                "zg-eva", entered, fails ? "未见" + code + "要求的内容" : "录入得分", false)
                        .execute();
            }
        }
        scorer.score(roundId);
        lifecycle.move(roundId, RoundStatus.CAPTURING, "test", "测试");
        lifecycle.move(roundId, RoundStatus.REVIEWING, "test", "测试");
        lifecycle.move(roundId, RoundStatus.FEEDBACK, "test", "测试");
        return roundId;
    }

    @Test
    @Order(1)
    void publishingTheRoundMakesEachDeductedPointAnItemWithTheDefaultDeadline() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "zg-eva", PASSWORD);
        assertThat(evaluator.getPage(ledger(round1)).body()).contains("该轮次尚未发布结果");
        HttpResponse<String> publish = evaluator.post("/workbench/rounds/" + round1 + "/move",
                "target=FINAL&reason=" + enc("发布"));
        assertThat(followed(evaluator, publish)).contains("生成整改事项 3 项");

        var items = dsl.select(UNIT.CODE, EVALUATION_POINT.CODE, RECTIFICATION_ITEM.STATUS, RECTIFICATION_ITEM.SCORE,
                        RECTIFICATION_ITEM.PROBLEM)
                .from(RECTIFICATION_ITEM).join(UNIT).on(UNIT.ID.eq(RECTIFICATION_ITEM.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(RECTIFICATION_ITEM.POINT_ID))
                .where(RECTIFICATION_ITEM.ROUND_ID.eq(round1)).orderBy(UNIT.CODE, EVALUATION_POINT.CODE).fetch();
        assertThat(items.map(r -> r.value1() + "|" + r.value2() + "|" + r.value3())).containsExactly(
                "zg-qinghe|xxgk-jg-04|OPEN", "zg-qinghe|xxgk-zcwj-04|OPEN", "zg-yunshan|xxgk-pt-03|OPEN");
        assertThat(items.getFirst().value4()).isEqualByComparingTo("0");
        assertThat(items.getFirst().value5()).contains("未见xxgk-jg-04要求的内容");
        assertThat(dsl.select(RECTIFICATION_ROUND.DEADLINE).from(RECTIFICATION_ROUND)
                .where(RECTIFICATION_ROUND.ROUND_ID.eq(round1)).fetchOne(RECTIFICATION_ROUND.DEADLINE))
                .isEqualTo(LocalDate.now(Rectifications.ZONE).plusDays(Rectifications.DEFAULT_DAYS));
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("RECTIFICATION_OPENED")
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(round1))))).isEqualTo(1);

        // Creating again (the workbench button) keeps the items as they are.
        evaluator.post("/workbench/rounds/" + round1 + "/rectification/open", "x=1");
        assertThat(dsl.fetchCount(RECTIFICATION_ITEM, RECTIFICATION_ITEM.ROUND_ID.eq(round1))).isEqualTo(3);

        WebSession county = WebSession.loggedIn(port, "zg-qinghe", PASSWORD);
        assertThat(county.get("/rounds/" + round1 + "/units/" + qinghe).body()).contains("整改事项 2 项");
        String page = county.get(unitPage(round1, qinghe)).body();
        assertThat(page).contains("待整改", "提交整改情况", "未见xxgk-jg-04要求的内容")
                .doesNotContain("OPEN", "xxgk-pt-03");
    }

    @Test
    @Order(2)
    void aCountySeesAndAnswersOnlyItsOwnItemsLeadersOnlyRead() throws Exception {
        WebSession other = WebSession.loggedIn(port, "zg-yunshan", PASSWORD);
        WebSession leader = WebSession.loggedIn(port, "zg-lead", PASSWORD);
        long item = item(round1, qinghe, "xxgk-jg-04");
        String before = stored();
        assertThat(other.get(unitPage(round1, qinghe)).statusCode()).isEqualTo(403);
        assertThat(other.get(ledger(round1)).statusCode()).isEqualTo(403);
        assertThat(other.get("/exports/rounds/" + round1 + "/rectification.xlsx").statusCode()).isEqualTo(403);
        assertThat(other.post("/rectification/items/" + item + "/answer", "text=" + enc("冒名答复")).statusCode())
                .isEqualTo(403);
        assertThat(other.post("/rectification/items/999999/answer", "text=" + enc("猜测编号")).statusCode())
                .isEqualTo(403);
        // its own page lists its own item only
        String own = other.get(unitPage(round1, yunshan)).body();
        assertThat(own).contains("xxgk-pt-03").doesNotContain("xxgk-jg-04", "清河区");

        String read = leader.get(unitPage(round1, qinghe)).body();
        assertThat(read).contains("未见xxgk-jg-04要求的内容").doesNotContain("提交整改情况");
        assertThat(leader.post("/rectification/items/" + item + "/answer", "text=" + enc("领导答复")).statusCode())
                .isEqualTo(403);
        assertThat(leader.get(ledger(round1)).body()).contains("清河区人民政府").doesNotContain("通过复核</button>");
        assertThat(leader.post("/workbench/rectification/items/" + item + "/decide",
                "decision=CLOSE&reason=" + enc("领导关闭")).statusCode()).isEqualTo(403);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void badAnswersAreRefusedInChineseNamingTheFieldAndNothingIsStored() throws Exception {
        WebSession county = WebSession.loggedIn(port, "zg-qinghe", PASSWORD);
        String path = "/rectification/items/" + item(round1, qinghe, "xxgk-jg-04") + "/answer";
        String before = stored();
        byte[] exe = "MZ\u0090\u0000 not really a program".getBytes(StandardCharsets.ISO_8859_1);
        Map<String, String> ok = Map.of("text", "已更新机构信息", "url", sandbox.baseUrl("qinghe") + "/");
        assertThat(refusal(county, path, ok, List.of(new WebSession.FilePart("files", "整改.exe", exe))))
                .contains("「佐证附件」", "类型不支持", "未作任何修改");
        assertThat(refusal(county, path, ok, List.of(new WebSession.FilePart("files", "整改.pdf", exe))))
                .contains("「佐证附件」", "内容与扩展名不符");
        assertThat(refusal(county, path, ok, List.of(new WebSession.FilePart("files", "a.pdf", PDF),
                new WebSession.FilePart("files", "b.pdf", PDF), new WebSession.FilePart("files", "c.pdf", PDF),
                new WebSession.FilePart("files", "d.pdf", PDF)))).contains("「佐证附件」最多上传 3 个");
        assertThat(refusal(county, path, Map.of("text", " "), List.of())).contains("请填写「整改情况」");
        assertThat(refusal(county, path, Map.of("text", "已整改\u202Efdp.exe"), List.of()))
                .contains("「整改情况」含有改变文字显示方向的不可见字符");
        assertThat(refusal(county, path, Map.of("text", "已整改\u0007"), List.of()))
                .contains("「整改情况」含有不可见的控制字符");
        assertThat(refusal(county, path, Map.of("text", "长".repeat(2001)), List.of()))
                .contains("「整改情况」不能超过 2000 个字符");
        assertThat(refusal(county, path, Map.of("text", "已整改", "url", "ftp://example.org/"), List.of()))
                .contains("「整改网址」须以 http:// 或 https:// 开头");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void theCountyAnswersWithAFileAndTheEvaluatorReCapturesAndClosesIt() throws Exception {
        WebSession county = WebSession.loggedIn(port, "zg-qinghe", PASSWORD);
        WebSession evaluator = WebSession.loggedIn(port, "zg-eva", PASSWORD);
        long item = item(round1, qinghe, "xxgk-jg-04");
        String url = sandbox.baseUrl("qinghe") + "/";
        HttpResponse<String> answered = county.postMultipart("/rectification/items/" + item + "/answer",
                Map.of("text", "已在门户网站更新领导信息和机构职能。\n见首页。", "url", url),
                List.of(new WebSession.FilePart("files", "整改说明.pdf", PDF)));
        assertThat(followed(county, answered)).contains("整改情况已提交", "已答复", "整改说明.pdf");
        var answer = dsl.selectFrom(RECTIFICATION_ANSWER).where(RECTIFICATION_ANSWER.ITEM_ID.eq(item)).fetchSingle();
        assertThat(answer.getUrl()).isEqualTo(url);
        var file = dsl.selectFrom(RECTIFICATION_FILE).where(RECTIFICATION_FILE.ANSWER_ID.eq(answer.getId())).fetchSingle();
        assertThat(file.getContentType()).isEqualTo("application/pdf");
        assertThat(status(item)).isEqualTo("ANSWERED");
        assertThat(county.getBytes("/rectification/files/" + file.getId()).body()).isEqualTo(PDF);
        assertThat(WebSession.loggedIn(port, "zg-yunshan", PASSWORD).get("/rectification/files/" + file.getId())
                .statusCode()).isEqualTo(403);
        assertThat(evaluator.get("/rectification/files/999999").statusCode()).isEqualTo(404);
        // answered: no second answer until the evaluator sends it back
        assertThat(followed(county, county.post("/rectification/items/" + item + "/answer", "text=" + enc("再答"))))
                .contains("该整改事项已答复，正等待评估人员复核");

        // The re-check fetches the answer's URL from the sandbox, as the appeal re-capture does.
        String recheck = followed(evaluator, evaluator.post("/workbench/rectification/items/" + item + "/recapture", "x=1"));
        assertThat(recheck).contains("复核采集完成", url + "：已采集（HTTP 200）");
        var capture = dsl.select(CAPTURE.URL, CAPTURE.STATUS, CAPTURE.HTTP_STATUS, CAPTURE.WARC_FILE)
                .from(RECTIFICATION_RECAPTURE).join(CAPTURE).on(CAPTURE.ID.eq(RECTIFICATION_RECAPTURE.CAPTURE_ID))
                .where(RECTIFICATION_RECAPTURE.ITEM_ID.eq(item)).fetchSingle();
        assertThat(capture.value1()).isEqualTo(url);
        assertThat(capture.value2()).isEqualTo("OK");
        assertThat(capture.value3()).isEqualTo(200);
        assertThat(capture.value4()).isNotNull();

        // Closing needs a reason.
        assertThat(followed(evaluator, evaluator.post("/workbench/rectification/items/" + item + "/decide",
                "decision=CLOSE&reason="))).contains("请填写「通过理由」");
        assertThat(status(item)).isEqualTo("ANSWERED");
        followed(evaluator, evaluator.post("/workbench/rectification/items/" + item + "/decide",
                "decision=CLOSE&reason=" + enc("复核采集首页，领导信息已更新")));
        assertThat(status(item)).isEqualTo("CLOSED");
        assertThat(county.get(unitPage(round1, qinghe)).body()).contains("已通过复核", "复核采集首页，领导信息已更新",
                "评估人员复核采集：采集成功");
        assertThat(dsl.select(AUDIT_LOG.ACTION).from(AUDIT_LOG).where(AUDIT_LOG.ENTITY.eq("rectification_item"))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(item))).orderBy(AUDIT_LOG.ID).fetch(AUDIT_LOG.ACTION))
                .containsExactly("RECTIFICATION_ANSWERED", "RECTIFICATION_RECAPTURE", "RECTIFICATION_CLOSED");
    }

    @Test
    @Order(5)
    void anOffSiteUrlIsNotFetchedAndTheItemIsSentBackThenTheDeadlineMoves() throws Exception {
        WebSession county = WebSession.loggedIn(port, "zg-qinghe", PASSWORD);
        WebSession evaluator = WebSession.loggedIn(port, "zg-eva", PASSWORD);
        long item = item(round1, qinghe, "xxgk-zcwj-04");
        // this application's own address: never one of the unit's sites
        String offSite = "http://127.0.0.1:" + port + "/login";
        followed(county, county.post("/rectification/items/" + item + "/answer",
                "text=" + enc("政策文件已补发") + "&url=" + enc(offSite)));
        String recheck = followed(evaluator, evaluator.post("/workbench/rectification/items/" + item + "/recapture", "x=1"));
        // The appeal re-capture's address rules: refused before any request, the refusal kept as the capture's row.
        assertThat(recheck).contains(offSite + "：未取得页面（");
        var refused = dsl.select(CAPTURE.STATUS, CAPTURE.WARC_FILE, CAPTURE.ERROR).from(RECTIFICATION_RECAPTURE)
                .join(CAPTURE).on(CAPTURE.ID.eq(RECTIFICATION_RECAPTURE.CAPTURE_ID))
                .where(RECTIFICATION_RECAPTURE.ITEM_ID.eq(item)).fetchSingle();
        assertThat(refused.value1()).isNotEqualTo("OK");
        assertThat(refused.value2()).isNull();
        assertThat(refused.value3()).isNotBlank();
        followed(evaluator, evaluator.post("/workbench/rectification/items/" + item + "/decide",
                "decision=REOPEN&reason=" + enc("所给网址不是本单位网站，请提供本单位网站上的政策文件栏目")));
        assertThat(status(item)).isEqualTo("REOPENED");
        assertThat(dsl.fetchCount(RECTIFICATION_DECISION, RECTIFICATION_DECISION.ITEM_ID.eq(item))).isEqualTo(1);
        assertThat(county.get(unitPage(round1, qinghe)).body()).contains("已退回", "退回重新整改", "提交整改情况");

        String bad = followed(evaluator, evaluator.post("/workbench/rounds/" + round1 + "/rectification/deadline",
                "deadline=2027-02-30&reason=" + enc("延期")));
        assertThat(bad).contains("「整改期限」不是有效日期");
        assertThat(followed(evaluator, evaluator.post("/workbench/rounds/" + round1 + "/rectification/deadline",
                "deadline=2027-03-31&reason="))).contains("请填写「修改理由」");
        followed(evaluator, evaluator.post("/workbench/rounds/" + round1 + "/rectification/deadline",
                "deadline=2027-03-31&reason=" + enc("春节顺延")));
        assertThat(dsl.select(RECTIFICATION_ROUND.DEADLINE).from(RECTIFICATION_ROUND)
                .where(RECTIFICATION_ROUND.ROUND_ID.eq(round1)).fetchOne(RECTIFICATION_ROUND.DEADLINE))
                .isEqualTo(LocalDate.of(2027, 3, 31));
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("RECTIFICATION_DEADLINE")).fetchSingle();
        assertThat(audit.getAfterJson()).contains("2027-03-31");
        assertThat(audit.getReason()).isEqualTo("春节顺延");
    }

    @Test
    @Order(6)
    void theLedgerXlsxHoldsWhatTheDatabaseHolds() throws Exception {
        for (String who : List.of("zg-eva", "zg-lead")) {
            HttpResponse<byte[]> response = WebSession.loggedIn(port, who, PASSWORD)
                    .getBytes("/exports/rounds/" + round1 + "/rectification.xlsx");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains(".xlsx");
            Files.createDirectories(Browser.SCREENSHOTS);
            Files.write(Browser.SCREENSHOTS.resolve("rectification-ledger.xlsx"), response.body());
            try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
                Sheet sheet = workbook.getSheet("整改台账");
                DataFormatter format = new DataFormatter();
                List<String> headers = new ArrayList<>();
                sheet.getRow(1).forEach(c -> headers.add(c.getStringCellValue()));
                assertThat(headers).startsWith("序号", "单位", "评估点编号", "评估点", "得分", "满分", "存在问题")
                        .contains("状态", "最近答复内容", "复核意见");
                List<String> rows = new ArrayList<>();
                for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                    Row row = sheet.getRow(r);
                    rows.add(format.formatCellValue(row.getCell(1)) + "|" + format.formatCellValue(row.getCell(2))
                            + "|" + format.formatCellValue(row.getCell(8)) + "|" + format.formatCellValue(row.getCell(9))
                            + "|" + format.formatCellValue(row.getCell(10)) + "|" + format.formatCellValue(row.getCell(15))
                            + "|" + format.formatCellValue(row.getCell(16)));
                }
                Map<String, String> labels = Map.of("OPEN", "待整改", "ANSWERED", "已答复", "CLOSED", "已通过复核",
                        "REOPENED", "已退回");
                var expected = dsl.select(UNIT.NAME, EVALUATION_POINT.CODE, RECTIFICATION_ROUND.DEADLINE,
                                RECTIFICATION_ITEM.STATUS, RECTIFICATION_ITEM.ID)
                        .from(RECTIFICATION_ITEM).join(UNIT).on(UNIT.ID.eq(RECTIFICATION_ITEM.UNIT_ID))
                        .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(RECTIFICATION_ITEM.POINT_ID))
                        .join(RECTIFICATION_ROUND).on(RECTIFICATION_ROUND.ROUND_ID.eq(RECTIFICATION_ITEM.ROUND_ID))
                        .where(RECTIFICATION_ITEM.ROUND_ID.eq(round1)).fetch(r -> {
                            long id = r.value5();
                            var decision = dsl.select(RECTIFICATION_DECISION.DECISION).from(RECTIFICATION_DECISION)
                                    .where(RECTIFICATION_DECISION.ITEM_ID.eq(id)).orderBy(RECTIFICATION_DECISION.ID.desc())
                                    .limit(1).fetchOne(RECTIFICATION_DECISION.DECISION);
                            return r.value1() + "|" + r.value2() + "|" + r.value3() + "|" + labels.get(r.value4()) + "|"
                                    + dsl.fetchCount(RECTIFICATION_ANSWER, RECTIFICATION_ANSWER.ITEM_ID.eq(id)) + "|"
                                    + dsl.fetchCount(RECTIFICATION_RECAPTURE, RECTIFICATION_RECAPTURE.ITEM_ID.eq(id))
                                    + "|" + (decision == null ? "" : decision.equals("CLOSE") ? "通过复核，关闭" : "退回重新整改");
                        });
                assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(rows).contains("清河区人民政府|xxgk-jg-04|2027-03-31|已通过复核|1|1|通过复核，关闭",
                        "清河区人民政府|xxgk-zcwj-04|2027-03-31|已退回|1|1|退回重新整改",
                        "云山县人民政府|xxgk-pt-03|2027-03-31|待整改|0|0|");
            }
        }
        // an unanswered item past its deadline is 逾期
        dsl.update(RECTIFICATION_ROUND).set(RECTIFICATION_ROUND.DEADLINE, LocalDate.of(2020, 1, 1))
                .where(RECTIFICATION_ROUND.ROUND_ID.eq(round1)).execute();
        String page = WebSession.loggedIn(port, "zg-eva", PASSWORD).get(ledger(round1) + "?state=" + enc("逾期")).body();
        assertThat(page).contains("逾期 2", "云山县人民政府", "所给网址不是本单位网站").doesNotContain("领导信息已更新");
        dsl.update(RECTIFICATION_ROUND).set(RECTIFICATION_ROUND.DEADLINE, LocalDate.of(2027, 3, 31))
                .where(RECTIFICATION_ROUND.ROUND_ID.eq(round1)).execute();
    }

    @Test
    @Order(7)
    void aPointFailingAgainInTheNextRoundIsMarkedOnTheCountyPageAndTheDashboard() throws Exception {
        // 清河区 fails xxgk-jg-04 again (closed last round, so the fix did not hold) and fixed xxgk-zcwj-04; 云山县 fixed.
        round2 = scoredRound("2026年度整改测试", "2026-12-31",
                Map.of("zg-qinghe", Set.of("xxgk-jg-04", "xxgk-zd-02"), "zg-yunshan", Set.of()));
        WebSession evaluator = WebSession.loggedIn(port, "zg-eva", PASSWORD);
        String working = evaluator.get("/rounds/" + round2 + "/units/" + qinghe).body();
        assertThat(marked(working)).containsExactly("xxgk-jg-04");

        followed(evaluator, evaluator.post("/workbench/rounds/" + round2 + "/move", "target=FINAL&reason=" + enc("发布")));
        String countyPage = WebSession.loggedIn(port, "zg-qinghe", PASSWORD).get("/rounds/" + round2 + "/units/" + qinghe).body();
        assertThat(countyPage).contains("id=\"repeat-points\"", "1 个评估点在上一轮次已列为整改事项，本轮仍扣分");
        assertThat(marked(countyPage)).containsExactly("xxgk-jg-04");
        assertThat(WebSession.loggedIn(port, "zg-yunshan", PASSWORD).get("/rounds/" + round2 + "/units/" + yunshan)
                .body()).doesNotContain("屡查屡犯");
        // The API and the unit's PDF say it too.
        WebSession county = WebSession.loggedIn(port, "zg-qinghe", PASSWORD);
        String api = county.get("/api/v1/rounds/" + round2 + "/units/" + qinghe).body();
        assertThat(api).contains("\"repeatOffence\":{\"previousRoundId\":" + round1
                + ",\"previousRoundName\":\"2025年度整改测试\"");
        assertThat(api.split("\"repeatOffence\":\\{", -1)).as("one point marked").hasSize(2);
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(county.getBytes("/exports/rounds/" + round2 + "/units/"
                + qinghe + "/report.pdf").body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(pdf).replaceAll("\\s+", ""))
                    .contains("屡查屡犯：上一轮次「2025年度整改测试」已将此项列为整改事项（已通过复核），本轮仍扣分");
        }

        String dashboard = WebSession.loggedIn(port, "zg-lead", PASSWORD).get("/dashboard?round=" + round2).body();
        assertThat(dashboard).contains("id=\"repeat-section\"", "上一轮次「2025年度整改测试」已列为整改事项、本轮仍扣分的评估点，共 1 项",
                "（上轮整改：已通过复核）");
        String pointText = dsl.select(EVALUATION_POINT.TEXT).from(EVALUATION_POINT)
                .where(EVALUATION_POINT.ID.eq(point(round2, "xxgk-jg-04").value1())).fetchOne(EVALUATION_POINT.TEXT);
        assertThat(dashboard.substring(dashboard.indexOf("id=\"repeat-list\""))).contains(pointText);
        // The round before has nothing to compare with.
        assertThat(WebSession.loggedIn(port, "zg-lead", PASSWORD).get("/dashboard?round=" + round1).body())
                .doesNotContain("repeat-section");
        // the new round's own items: 清河区's two points
        assertThat(dsl.fetchCount(RECTIFICATION_ITEM, RECTIFICATION_ITEM.ROUND_ID.eq(round2))).isEqualTo(2);
    }

    @Test
    @Order(8)
    void theCountysSectionAndTheLedgerReadAtDesktopAndPhoneWidths() throws Exception {
        if (!Browser.available()) {
            return;
        }
        for (String[] who : new String[][] {{"zg-qinghe", unitPage(round1, qinghe), "rectification-county"},
                {"zg-eva", ledger(round1), "rectification-ledger"},
                {"zg-qinghe", "/rounds/" + round2 + "/units/" + qinghe, "rectification-repeat-unit"}}) {
            try (Browser browser = new Browser(port)) {
                browser.login(who[0], PASSWORD);
                for (int width : new int[] {1440, 390}) {
                    browser.driver.manage().window().setSize(new Dimension(width, 1000));
                    browser.open(who[1]);
                    Number overflow = (Number) browser.script(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    if (who[2].equals("rectification-repeat-unit")) {
                        // The unit page's own layout at phone width is being reworked elsewhere (issue 17 item 1);
                        // here only the 屡查屡犯 marks are checked.
                        assertThat(browser.driver.findElement(By.id("repeat-points")).isDisplayed()).isTrue();
                        assertThat(browser.driver.findElements(By.className("repeat-offence"))).hasSize(1);
                    } else {
                        assertThat(overflow.intValue()).as(who[2] + ": horizontal overflow at " + width + " px")
                                .isLessThanOrEqualTo(0);
                    }
                    assertThat(browser.driver.findElement(By.tagName("main")).getText())
                            .doesNotContain("OPEN", "ANSWERED", "CLOSED", "REOPENED");
                    browser.screenshot(who[2] + "-" + width);
                }
            }
        }
    }

    // --- helpers ---

    private static String unitPage(long roundId, long unitId) {
        return "/rounds/" + roundId + "/units/" + unitId + "/rectification";
    }

    private static String ledger(long roundId) {
        return "/rounds/" + roundId + "/rectification";
    }

    private long unitId(String code) {
        return dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(code)).fetchOne(UNIT.ID);
    }

    private org.jooq.Record2<Long, BigDecimal> point(long roundId, String code) {
        return dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.MAX_SCORE).from(ROUND_POINT)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId)).and(EVALUATION_POINT.CODE.eq(code)).fetchOne();
    }

    private long item(long roundId, long unitId, String pointCode) {
        return dsl.select(RECTIFICATION_ITEM.ID).from(RECTIFICATION_ITEM)
                .where(RECTIFICATION_ITEM.ROUND_ID.eq(roundId)).and(RECTIFICATION_ITEM.UNIT_ID.eq(unitId))
                .and(RECTIFICATION_ITEM.POINT_ID.eq(point(roundId, pointCode).value1())).fetchOne(RECTIFICATION_ITEM.ID);
    }

    private String status(long itemId) {
        return dsl.select(RECTIFICATION_ITEM.STATUS).from(RECTIFICATION_ITEM).where(RECTIFICATION_ITEM.ID.eq(itemId))
                .fetchOne(RECTIFICATION_ITEM.STATUS);
    }

    /** The point codes whose row on a unit page carries the 屡查屡犯 marker. */
    private List<String> marked(String unitPage) {
        List<String> codes = new ArrayList<>();
        for (String code : POINTS) {
            String text = dsl.select(EVALUATION_POINT.TEXT).from(EVALUATION_POINT)
                    .where(EVALUATION_POINT.ID.eq(point(round1, code).value1())).fetchOne(EVALUATION_POINT.TEXT);
            String escaped = org.springframework.web.util.HtmlUtils.htmlEscape(text);
            if (unitPage.contains(escaped + "</strong> <span class=\"negative repeat-offence\">屡查屡犯</span>")) {
                codes.add(code);
            }
        }
        return codes;
    }

    /** What the answers, files and log hold: unchanged by a refused request. */
    private String stored() throws IOException {
        long files;
        try (Stream<Path> walk = Files.walk(home)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("upload")).count();
        }
        return dsl.fetchCount(RECTIFICATION_ANSWER) + "/" + dsl.fetchCount(RECTIFICATION_FILE) + "/"
                + dsl.fetchCount(AUDIT_LOG) + "/" + files + "/"
                + dsl.select(RECTIFICATION_ITEM.STATUS).from(RECTIFICATION_ITEM).orderBy(RECTIFICATION_ITEM.ID)
                .fetch(RECTIFICATION_ITEM.STATUS);
    }

    private static String refusal(WebSession session, String path, Map<String, String> fields,
                                  List<WebSession.FilePart> files) throws Exception {
        HttpResponse<String> response = session.postMultipart(path, fields, files);
        return followed(session, response);
    }

    private static String followed(WebSession session, HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return session.get(response.headers().firstValue("Location").orElseThrow()
                .replaceFirst("^https?://[^/]+", "").replaceFirst("#.*$", "")).body();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
