package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.APPEAL;
import static cn.gongkai.sql.jooq.Tables.APPEAL_ATTACHMENT;
import static cn.gongkai.sql.jooq.Tables.APPEAL_RECAPTURE;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.publish.Publisher;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundPipeline;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jooq.DSLContext;
import org.openqa.selenium.By;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Dashboard data, the API and its roles, the county page, evidence marking and the exports, over HTTP against the
 * demo round on the embedded MariaDB. A previous round is made from the demo's results with the county ranking
 * reversed, so the year-over-year movement has something to show. The browser tests extend this class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsEndToEndIT {

    static final String PASSWORD = "test-password-2";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PUBLIC_URL = "https://gongkai.example.gov.cn/pinggu";
    private static Path home;
    private final Sandbox sandbox = Sandbox.start(LocalDate.now());

    @Autowired RoundImporter importer;
    @Autowired RoundPipeline pipeline;
    @Autowired Rankings rankings;
    @Autowired RoundLifecycle lifecycle;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @Autowired RequestMappingHandlerMapping mappings;
    @LocalServerPort int port;

    long roundId;
    long previousRoundId;
    long shimen;
    long qinghe;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-reports");
        registry.add("gongkai.home", () -> home.toString());
        // As behind a reverse proxy: the PDF's links must use this address, not the one the test client reached.
        registry.add("gongkai.public-url", () -> PUBLIC_URL + "/");
    }

    @BeforeAll
    void runDemoRound() throws IOException {
        String yaml = cn.gongkai.web.SliceRound.yaml();
        roundId = importer.importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
        pipeline.run(roundId);
        shimen = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("shimen")).fetchOne(UNIT.ID);
        qinghe = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("qinghe")).fetchOne(UNIT.ID);
        previousRoundId = previousRoundWithReversedRanks();
        // Counties read their 初评 in the feedback window; leaders would read only a published snapshot, so the
        // content checks below read as evaluators (DemoRoundEndToEndIT covers who reads what in which status).
        lifecycle.move(roundId, RoundStatus.FEEDBACK, "test", "进入反馈期");
        accounts.create("test", "eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        accounts.create("test", "score", "评分人", PASSWORD, null, EnumSet.of(Role.DEPARTMENT_SCORER));
        accounts.create("test", "shimen", "石门县", PASSWORD, shimen, EnumSet.of(Role.COUNTY));
        accounts.create("test", "qinghe", "清河区", PASSWORD, qinghe, EnumSet.of(Role.COUNTY));
    }

    /** Last year's round: same units and groups, each group's ranking reversed. */
    private long previousRoundWithReversedRanks() {
        var round = dsl.selectFrom(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne();
        var previous = dsl.newRecord(ASSESSMENT_ROUND, round);
        previous.setId(null);
        previous.setName("上年度评估");
        previous.setReferenceDate(round.getReferenceDate().minusYears(1));
        previous.setPeriodStart(round.getPeriodStart().minusYears(1));
        previous.setPeriodEnd(round.getPeriodEnd().minusYears(1));
        previous.setStatus("FINAL");
        previous.setCreatedAt(LocalDateTime.now());
        previous.store();
        long id = previous.getId();
        for (var group : rankings.of(roundId).stream().collect(java.util.stream.Collectors.groupingBy(
                Rankings.Row::groupId)).values()) {
            int n = group.size();
            for (int i = 0; i < n; i++) {
                Rankings.Row row = group.get(i);
                dsl.insertInto(UNIT_RESULT)
                        .set(UNIT_RESULT.ROUND_ID, id).set(UNIT_RESULT.UNIT_ID, row.unitId())
                        .set(UNIT_RESULT.GROUP_ID, row.groupId())
                        .set(UNIT_RESULT.TOTAL, java.math.BigDecimal.valueOf(50 + i))
                        .set(UNIT_RESULT.RAW_SCORE, java.math.BigDecimal.valueOf(50 + i))
                        .set(UNIT_RESULT.MAX_SCORE, java.math.BigDecimal.valueOf(100))
                        .set(UNIT_RESULT.RANK_IN_GROUP, n - i)
                        .set(UNIT_RESULT.GRADE, "不合格").set(UNIT_RESULT.NEGATIVE_LIST, false)
                        .set(UNIT_RESULT.COMPUTED_AT, LocalDateTime.now())
                        .execute();
            }
        }
        // Year over year compares only with published rounds.
        new Publisher(dsl).publish(id, "test", "上年度结果");
        return id;
    }

    @AfterAll
    void stopSandbox() {
        sandbox.close();
    }

    JsonNode json(WebSession session, String path) throws Exception {
        HttpResponse<String> response = session.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    long captureOf(long unit) {
        return dsl.select(CAPTURE.ID).from(CAPTURE).join(CHANNEL).on(CHANNEL.ID.eq(CAPTURE.CHANNEL_ID))
                .where(CHANNEL.UNIT_ID.eq(unit)).and(CAPTURE.ROUND_ID.eq(roundId)).and(CAPTURE.STATUS.eq("OK"))
                .limit(1).fetchOne(CAPTURE.ID);
    }

    @Test
    void dashboardDataHoldsRankingsUncertaintyAreasDistributionMovementAndTheNegativeList() throws Exception {
        JsonNode dashboard = json(WebSession.loggedIn(port, "eva", PASSWORD), "/api/v1/rounds/" + roundId + "/dashboard");
        assertThat(dashboard.get("round").get("id").asLong()).isEqualTo(roundId);
        assertThat(dashboard.get("view").asString()).isEqualTo("工作结果（反馈申诉期，未发布）");
        assertThat(dashboard.get("previousRound").get("id").asLong()).isEqualTo(previousRoundId);
        List<String> areas = new ArrayList<>();
        dashboard.get("areas").forEach(a -> areas.add(a.get("name").asString()));
        assertThat(areas).isNotEmpty().contains("平台建设");

        JsonNode counties = null;
        for (JsonNode group : dashboard.get("groups")) {
            if (group.get("name").asString().equals("区县政府")) {
                counties = group;
            }
        }
        assertThat(counties).isNotNull();
        assertThat(counties.get("units")).hasSize(4);
        int distributed = 0;
        for (JsonNode count : counties.get("distribution")) {
            distributed += count.asInt();
        }
        assertThat(distributed).isEqualTo(4);
        assertThat(counties.get("areaAverage")).hasSize(areas.size());
        // The previous ranking was reversed, so the two rankings disagree (tau-b < 0; ties keep it above -1).
        assertThat(counties.get("kendallTau").asDouble()).isLessThan(0).isGreaterThanOrEqualTo(-1.0);
        Map<Long, Integer> before = dsl.select(UNIT_RESULT.UNIT_ID, UNIT_RESULT.RANK_IN_GROUP).from(UNIT_RESULT)
                .where(UNIT_RESULT.ROUND_ID.eq(previousRoundId)).fetchMap(UNIT_RESULT.UNIT_ID, UNIT_RESULT.RANK_IN_GROUP);
        for (JsonNode unit : counties.get("units")) {
            assertThat(unit.get("areaPercents")).hasSize(areas.size());
            int rank = unit.get("rank").asInt();
            assertThat(unit.get("rankChange").asInt()).isEqualTo(before.get(unit.get("unitId").asLong()) - rank);
            if (unit.get("p05Rank") != null && !unit.get("p05Rank").isNull()) {
                assertThat(unit.get("p05Rank").asInt()).isLessThanOrEqualTo(unit.get("p95Rank").asInt());
            }
            for (int a = 0; a < areas.size(); a++) {
                JsonNode value = unit.get("areaPercents").get(a);
                if (!value.isNull()) {
                    assertThat(value.asDouble()).isBetween(0.0, 100.0)
                            .isLessThanOrEqualTo(counties.get("areaBest").get(a).asDouble());
                }
            }
        }
        JsonNode stale = null;
        for (JsonNode unit : counties.get("units")) {
            if (unit.get("code").asString().equals("shimen")) {
                stale = unit;
            }
        }
        assertThat(stale.get("negativeList").asBoolean()).isTrue();
        assertThat(stale.get("rank").asInt()).isEqualTo(4);
        assertThat(dashboard.get("negativeList")).anySatisfy(entry -> {
            assertThat(entry.get("unitName").asString()).isEqualTo("石门县人民政府");
            assertThat(entry.get("reason").asString()).contains("首页超过两周未更新");
            // the captured homepage behind the veto finding, opened with the finding's excerpt marked
            assertThat(entry.get("evidence")).isNotEmpty().allSatisfy(e -> {
                assertThat(e.get("kind").asString()).isEqualTo("capture");
                assertThat(e.get("mark").isNull()).isFalse();
            });
        });

        HttpResponse<String> page = WebSession.loggedIn(port, "eva", PASSWORD).get("/dashboard?round=" + roundId);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("石门县人民政府", "首页超过两周未更新", "/js/dashboard.js", "chart-radar",
                "chart-heatmap", "chart-distribution", "chart-movement", "同比对象：上年度评估", "class=\"evidence-link\"",
                "比上一轮平均分").doesNotContain("<script>");
        long capture = dashboard.get("negativeList").get(0).get("evidence").get(0).get("id").asLong();
        assertThat(page.body()).contains("/evidence/" + capture + "?mark=");
    }

    @Test
    void theOpenApiDescriptionNamesEveryApiEndpointAndNothingElse() throws Exception {
        HttpResponse<String> response = WebSession.loggedIn(port, "score", PASSWORD).get("/api/v1/openapi.yaml");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        JsonNode spec = YAMLMapper.builder().build().readTree(response.body());
        assertThat(spec.get("openapi").asString()).startsWith("3.");
        Set<String> described = new TreeSet<>();
        spec.get("paths").propertyNames().forEach(path -> described.add("/api/v1" + path));
        Set<String> mapped = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            entry.getKey().getPatternValues().stream().filter(p -> p.startsWith("/api/")).forEach(mapped::add);
        }
        assertThat(described).isEqualTo(mapped);
        // Every $ref resolves.
        List<String> refs = new ArrayList<>();
        collectRefs(spec, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            String[] parts = ref.substring(2).split("/");
            JsonNode node = spec;
            for (String part : parts) {
                node = node.get(part);
                assertThat(node).as(ref).isNotNull();
            }
        });
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asString());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    @Test
    void theCountyPageShowsAreasGroupAveragesAndHowToFixAndTheEvidenceIsMarkedWithoutScripts() throws Exception {
        WebSession county = WebSession.loggedIn(port, "shimen", PASSWORD);
        HttpResponse<String> page = county.get("/rounds/" + roundId + "/units/" + shimen);
        assertThat(page.body()).contains("各领域得分", "组平均", "整改建议", "下载评估报告（PDF）", " / 4");
        JsonNode detail = json(county, "/api/v1/rounds/" + roundId + "/units/" + shimen);
        double mean = rankings.of(roundId).stream().filter(r -> r.groupName().equals("区县政府"))
                .mapToDouble(r -> r.total().doubleValue()).average().orElseThrow();
        assertThat(detail.get("summary").get("groupAverage").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(0.01));
        assertThat(page.body()).contains(String.format("组平均 %.2f", mean));

        var evidence = dsl.select(FINDING_EVIDENCE.ID, FINDING_EVIDENCE.CAPTURE_ID, FINDING_EVIDENCE.EXCERPT)
                .from(FINDING_EVIDENCE).join(FINDING).on(FINDING.ID.eq(FINDING_EVIDENCE.FINDING_ID))
                .join(CAPTURE).on(CAPTURE.ID.eq(FINDING_EVIDENCE.CAPTURE_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.UNIT_ID.eq(shimen)).and(FINDING.STATUS.eq("FAIL"))
                .and(FINDING_EVIDENCE.EXCERPT.isNotNull()).and(CAPTURE.CONTENT_TYPE.contains("html"))
                .limit(1).fetchOne();
        assertThat(evidence).isNotNull();
        assertThat(page.body()).contains("/evidence/" + evidence.value2() + "?mark=" + evidence.value1());
        String viewer = county.get("/evidence/" + evidence.value2() + "?mark=" + evidence.value1()).body();
        assertThat(viewer).contains("证据摘录", "#gongkai-mark", "下载存档内容");
        HttpResponse<String> replay = county.get("/evidence/" + evidence.value2() + "/replay?mark=" + evidence.value1());
        assertThat(replay.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("sandbox;").contains("default-src 'none'").doesNotContain("script-src");
        assertThat(replay.body()).contains("<mark id=\"gongkai-mark\"");
        // A mark id from another capture is ignored, not a way to read other findings' text.
        long otherEvidence = dsl.select(FINDING_EVIDENCE.ID).from(FINDING_EVIDENCE)
                .where(FINDING_EVIDENCE.CAPTURE_ID.ne(evidence.value2())).limit(1).fetchOne(FINDING_EVIDENCE.ID);
        assertThat(county.get("/evidence/" + evidence.value2() + "/replay?mark=" + otherEvidence).body())
                .doesNotContain("gongkai-mark\"");

        HttpResponse<byte[]> download = county.getBytes("/evidence/" + evidence.value2() + "/download");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        assertThat(download.headers().firstValue("X-Content-Type-Options").orElseThrow()).isEqualTo("nosniff");
        assertThat(download.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/octet-stream");
        assertThat(county.getBytes("/evidence/" + captureOf(qinghe) + "/download").statusCode()).isEqualTo(403);
    }

    @Test
    void evaluatorsSeeCrawlProgressPerSiteWithBarsAndNobodyElseDoes() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        JsonNode sites = json(evaluator, "/api/v1/rounds/" + roundId + "/progress");
        assertThat(sites.size()).isGreaterThanOrEqualTo(6);
        assertThat(sites).allSatisfy(site -> assertThat(site.get("done").asInt()).isPositive());
        String page = evaluator.get("/rounds/" + roundId + "/progress").body();
        assertThat(page).contains("采集进度", "<progress", "/js/progress.js", sites.get(0).get("channelName").asString());
        assertThat(page.split("<progress", -1)).hasSize(sites.size() + 1);
        assertThat(WebSession.loggedIn(port, "lead", PASSWORD).get("/rounds/" + roundId + "/progress").statusCode())
                .isEqualTo(403);
    }

    @Test
    void theResultsWorkbookHoldsARankingSheetAndAUnitByPointSheet() throws Exception {
        HttpResponse<byte[]> response = WebSession.loggedIn(port, "eva", PASSWORD)
                .getBytes("/exports/rounds/" + roundId + "/results.xlsx");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment", ".xlsx");
        checkWorkbook(response.body());
    }

    void checkWorkbook(byte[] bytes) throws IOException {
        List<Rankings.Row> rows = rankings.of(roundId);
        int points = dsl.fetchCount(ROUND_POINT, ROUND_POINT.ROUND_ID.eq(roundId));
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            Sheet ranking = workbook.getSheet("排名");
            // A label line says whose results these are, then the header, then a line per unit.
            assertThat(ranking.getLastRowNum()).isEqualTo(rows.size() + 1);
            assertThat(ranking.getRow(0).getCell(0).getStringCellValue()).isEqualTo("本表内容：工作结果（反馈申诉期，未发布）");
            assertThat(ranking.getRow(1).getCell(3).getStringCellValue()).isEqualTo("单位名称");
            for (int i = 0; i < rows.size(); i++) {
                var line = ranking.getRow(i + 2);
                assertThat(line.getCell(3).getStringCellValue()).isEqualTo(rows.get(i).unitName());
                assertThat(line.getCell(4).getNumericCellValue()).isEqualTo(rows.get(i).total().doubleValue());
                assertThat(line.getCell(6).getStringCellValue()).isEqualTo(rows.get(i).negativeList() ? "是" : "否");
            }
            Sheet byPoint = workbook.getSheet("评估点得分");
            assertThat(byPoint.getRow(0).getLastCellNum()).isEqualTo((short) (4 + points));
            assertThat(byPoint.getLastRowNum()).isEqualTo(rows.size());
        }
    }

    @Test
    void aCountyDownloadsItsOwnReportAsAPdfWithAnEmbeddedChineseFont() throws Exception {
        HttpResponse<byte[]> response = WebSession.loggedIn(port, "shimen", PASSWORD)
                .getBytes("/exports/rounds/" + roundId + "/units/" + shimen + "/report.pdf");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/pdf");
        // In the feedback window the county's report is its 初评, and says so in its name and on its first page.
        assertThat(java.net.URLDecoder.decode(response.headers().firstValue("Content-Disposition").orElseThrow(),
                StandardCharsets.UTF_8)).contains("石门县人民政府初评报告（未发布）.pdf");
        checkReport(response.body());
        try (PDDocument pdf = Loader.loadPDF(response.body())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("本报告内容：初评，未发布");
        }
    }

    void checkReport(byte[] bytes) throws IOException {
        assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("石门县人民政府", "政务公开评估报告", "组内名次", "证据清单", "首页");
            // how to fix goes with the machine's deduction, until an evaluator overrides it (another test does)
            if (text.contains("机器检查结论（历史）：不通过")) {
                assertThat(text).contains("改判为「通过」").doesNotContain("整改建议");
            } else {
                assertThat(text).contains("整改建议");
            }
            for (var page : pdf.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                    assertThat(font.getName()).contains("NotoSansSC");
                }
            }
        }
    }

    /**
     * Evidence first: through the running application an evaluator overrides one of shimen's deductions with a
     * screenshot, moves the round to its feedback window; shimen appeals on that point with an attachment, and the
     * evaluator re-captures the appeal's URL and rejects it; qinghe gets an evaluator's file of its own. The API and
     * the PDF list, beside the point, each county's file (name, time, size, SHA-256, a download link that works), the
     * appeal (time, text, status, answer, attachment with name, time, size, SHA-256 and a working download link) and
     * re-capture (URL, time, status, digest, links to the evidence viewer and replay); neither county sees the
     * other's, not even through the links. The PDF's links use gongkai.public-url, as behind a reverse proxy.
     */
    @Test
    void theApiAndThePdfListTheReviewFilesAndRecapturesBehindADeductionAndOnlyToItsOwnUnit() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "eva", PASSWORD);
        WebSession shimenCounty = WebSession.loggedIn(port, "shimen", PASSWORD);
        WebSession qingheCounty = WebSession.loggedIn(port, "qinghe", PASSWORD);
        byte[] screenshot = png();
        byte[] record = "%PDF-1.4\n% gongkai qinghe check record\n".getBytes(StandardCharsets.US_ASCII);
        var shimenFinding = findingOf(shimen, "FAIL");
        var qingheFinding = findingOf(qinghe, "PASS");
        override(evaluator, shimenFinding.value1(), "石门首页截图.png", screenshot, "单位提供了首页更新截图");
        override(evaluator, qingheFinding.value1(), "清河核查记录.pdf", record, "核查记录显示栏目已更新");
        var shimenFile = dsl.selectFrom(REVIEW_FILE).where(REVIEW_FILE.FILE_NAME.eq("石门首页截图.png")).fetchSingle();
        var qingheFile = dsl.selectFrom(REVIEW_FILE).where(REVIEW_FILE.FILE_NAME.eq("清河核查记录.pdf")).fetchSingle();
        assertThat(shimenFile.getSha256()).isEqualTo(cn.gongkai.web.evidence.EvidenceFiles.sha256(screenshot));

        assertThat(evaluator.post("/workbench/rounds/" + roundId + "/move", "target=FEEDBACK&reason=x").statusCode())
                .isEqualTo(302);
        byte[] proof = "%PDF-1.4\n% gongkai shimen appeal proof\n".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> filed = shimenCounty.postMultipart("/appeals", Map.of("roundId", String.valueOf(roundId),
                "pointId", String.valueOf(shimenFinding.value2()), "text", "首页已于检查日前更新",
                "url", sandbox.baseUrl("shimen") + "/"), List.of(new WebSession.FilePart("files", "石门申诉说明.pdf", proof)));
        assertThat(filed.statusCode()).isEqualTo(302);
        long appeal = dsl.select(APPEAL.ID).from(APPEAL).where(APPEAL.UNIT_ID.eq(shimen)).fetchSingle(APPEAL.ID);
        evaluator.post("/workbench/appeals/" + appeal + "/recapture", "roundId=" + roundId);
        assertThat(evaluator.post("/workbench/appeals/" + appeal + "/decide", "roundId=" + roundId
                + "&decision=REJECT&reason=" + java.net.URLEncoder.encode("检查日首页未更新", StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(302);
        var appealRow = dsl.selectFrom(APPEAL).where(APPEAL.ID.eq(appeal)).fetchSingle();
        assertThat(appealRow.getStatus()).isEqualTo("REJECTED");
        var attachment = dsl.selectFrom(APPEAL_ATTACHMENT).where(APPEAL_ATTACHMENT.APPEAL_ID.eq(appeal)).fetchSingle();
        assertThat(attachment.getSha256()).isEqualTo(cn.gongkai.web.evidence.EvidenceFiles.sha256(proof));
        var recapture = dsl.select(CAPTURE.fields()).from(APPEAL_RECAPTURE).join(CAPTURE)
                .on(CAPTURE.ID.eq(APPEAL_RECAPTURE.CAPTURE_ID)).where(APPEAL_RECAPTURE.APPEAL_ID.eq(appeal))
                .fetchSingle().into(CAPTURE);
        assertThat(recapture.getStatus()).isEqualTo("OK");
        assertThat(recapture.getPayloadDigest()).isNotBlank();

        // The API: beside the point, exactly what the unit's page shows, with links the same roles may follow.
        // The leader reads published results only, and this round is not published.
        assertThat(WebSession.loggedIn(port, "lead", PASSWORD).get("/api/v1/rounds/" + roundId + "/units/" + shimen)
                .statusCode()).isEqualTo(403);
        for (String reader : List.of("shimen", "eva")) {
            WebSession session = WebSession.loggedIn(port, reader, PASSWORD);
            JsonNode point = pointOf(json(session, "/api/v1/rounds/" + roundId + "/units/" + shimen),
                    shimenFinding.value2());
            JsonNode file = point.get("reviewFiles").get(0);
            assertThat(point.get("reviewFiles")).hasSize(1);
            assertThat(file.get("fileId").asLong()).isEqualTo(shimenFile.getId());
            assertThat(file.get("fileName").asString()).isEqualTo("石门首页截图.png");
            assertThat(file.get("sizeBytes").asLong()).isEqualTo(screenshot.length);
            assertThat(file.get("sha256").asString()).isEqualTo(shimenFile.getSha256());
            assertThat(LocalDateTime.parse(file.get("uploadedAt").asString())).isEqualTo(shimenFile.getUploadedAt());
            assertThat(file.get("decision").asString()).isEqualTo("OVERRIDE");
            assertThat(file.get("reason").asString()).isEqualTo("单位提供了首页更新截图");
            HttpResponse<byte[]> download = session.getBytes(file.get("downloadUrl").asString());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(screenshot);

            assertThat(point.get("recaptures")).hasSize(1);
            JsonNode capture = point.get("recaptures").get(0);
            assertThat(capture.get("captureId").asLong()).isEqualTo(recapture.getId());
            assertThat(capture.get("url").asString()).isEqualTo(recapture.getUrl()).startsWith(sandbox.baseUrl("shimen"));
            assertThat(LocalDateTime.parse(capture.get("capturedAt").asString())).isEqualTo(recapture.getCapturedAt());
            assertThat(capture.get("status").asString()).isEqualTo("OK");
            assertThat(capture.get("httpStatus").asInt()).isEqualTo(200);
            assertThat(capture.get("payloadDigest").asString()).isEqualTo(recapture.getPayloadDigest());
            assertThat(capture.get("evidenceUrl").asString()).isEqualTo("/evidence/" + recapture.getId());
            assertThat(session.get(capture.get("evidenceUrl").asString()).body()).contains("已校验，与存档内容一致");
            HttpResponse<String> replay = session.get(capture.get("replayUrl").asString());
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(replay.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox;");

            // The appeal itself, as the page's 申诉记录 shows it, with the county's attachment.
            assertThat(point.get("appeals")).hasSize(1);
            JsonNode filedAppeal = point.get("appeals").get(0);
            assertThat(filedAppeal.get("appealId").asLong()).isEqualTo(appeal);
            assertThat(LocalDateTime.parse(filedAppeal.get("filedAt").asString())).isEqualTo(appealRow.getFiledAt());
            assertThat(filedAppeal.get("text").asString()).isEqualTo("首页已于检查日前更新");
            assertThat(filedAppeal.get("status").asString()).isEqualTo("REJECTED");
            assertThat(filedAppeal.get("decisionReason").asString()).isEqualTo("检查日首页未更新");
            assertThat(filedAppeal.get("attachments")).hasSize(1);
            JsonNode attached = filedAppeal.get("attachments").get(0);
            assertThat(attached.get("attachmentId").asLong()).isEqualTo(attachment.getId());
            assertThat(attached.get("fileName").asString()).isEqualTo("石门申诉说明.pdf");
            assertThat(attached.get("sizeBytes").asLong()).isEqualTo(proof.length);
            assertThat(attached.get("sha256").asString()).isEqualTo(attachment.getSha256());
            assertThat(LocalDateTime.parse(attached.get("uploadedAt").asString())).isEqualTo(attachment.getUploadedAt());
            assertThat(attached.get("downloadUrl").asString()).isEqualTo("/appeals/attachments/" + attachment.getId());
            HttpResponse<byte[]> proofDownload = session.getBytes(attached.get("downloadUrl").asString());
            assertThat(proofDownload.statusCode()).isEqualTo(200);
            assertThat(proofDownload.body()).isEqualTo(proof);
        }
        // Points without any carry empty lists, not nulls.
        JsonNode shimenDetail = json(shimenCounty, "/api/v1/rounds/" + roundId + "/units/" + shimen);
        assertThat(shimenDetail.get("points")).allSatisfy(p -> {
            assertThat(p.get("reviewFiles").isArray()).isTrue();
            assertThat(p.get("recaptures").isArray()).isTrue();
            assertThat(p.get("appeals").isArray()).isTrue();
        });

        // qinghe sees its own file and nothing of shimen's, and shimen's objects stay closed to it.
        JsonNode qingheDetail = json(qingheCounty, "/api/v1/rounds/" + roundId + "/units/" + qinghe);
        JsonNode qinghePoint = pointOf(qingheDetail, qingheFinding.value2());
        assertThat(qinghePoint.get("reviewFiles")).hasSize(1);
        assertThat(qinghePoint.get("reviewFiles").get(0).get("sha256").asString()).isEqualTo(qingheFile.getSha256());
        assertThat(qingheDetail.toString()).doesNotContain("石门首页截图", shimenFile.getSha256(),
                "\"/evidence/" + recapture.getId() + "\"", recapture.getPayloadDigest(), "首页已于检查日前更新",
                "检查日首页未更新", "石门申诉说明", attachment.getSha256(), "/appeals/attachments/");
        assertThat(qingheDetail.get("points")).allSatisfy(p -> assertThat(p.get("appeals")).isEmpty());
        assertThat(shimenDetail.toString()).doesNotContain("清河核查记录", qingheFile.getSha256());
        assertThat(qingheCounty.get("/api/v1/rounds/" + roundId + "/units/" + shimen).statusCode()).isEqualTo(403);
        assertThat(qingheCounty.getBytes("/review-files/" + shimenFile.getId()).statusCode()).isEqualTo(403);
        assertThat(qingheCounty.getBytes("/appeals/attachments/" + attachment.getId()).statusCode()).isEqualTo(403);
        assertThat(qingheCounty.get("/evidence/" + recapture.getId()).statusCode()).isEqualTo(403);
        assertThat(qingheCounty.get("/evidence/" + recapture.getId() + "/replay").statusCode()).isEqualTo(403);
        assertThat(qingheCounty.getBytes("/exports/rounds/" + roundId + "/units/" + shimen + "/report.pdf").statusCode())
                .isEqualTo(403);

        // The PDF: the same, in Chinese, with clickable links to the file and the evidence viewer.
        HttpResponse<byte[]> report = shimenCounty.getBytes("/exports/rounds/" + roundId + "/units/" + shimen + "/report.pdf");
        assertThat(report.statusCode()).isEqualTo(200);
        Files.createDirectories(Browser.SCREENSHOTS); // kept for a person to look at, beside the screenshots
        Files.write(Browser.SCREENSHOTS.resolve("county-report-with-review-files.pdf"), report.body());
        // Stored in UTC, printed in Beijing time (gongkai.time-zone's default), digests as hex.
        java.util.function.Function<LocalDateTime, String> time = utc -> java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd HH:mm:ss").format(utc.atOffset(java.time.ZoneOffset.UTC)
                        .atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")));
        try (PDDocument pdf = Loader.loadPDF(report.body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("评估人员复核证据：石门首页截图.png（改判依据）",
                    "上传时间（北京时间）" + time.apply(shimenFile.getUploadedAt()), "大小 " + screenshot.length + " 字节",
                    "SHA-256：" + shimenFile.getSha256(), "改判理由：单位提供了首页更新截图",
                    "申诉网址重新采集：" + recapture.getUrl(), "采集时间（北京时间）" + time.apply(recapture.getCapturedAt()),
                    "状态：采集成功", "采集记录 #" + recapture.getId(), "摘要 sha256:" + new org.netpreserve.jwarc.WarcDigest(recapture.getPayloadDigest()).hex(),
                    "/review-files/" + shimenFile.getId(), "/evidence/" + recapture.getId(),
                    "单位申诉（提交时间（北京时间）" + time.apply(appealRow.getFiledAt()) + "）：首页已于检查日前更新",
                    "处理结果：未采纳", "评估人员答复：检查日首页未更新",
                    "申诉附件：石门申诉说明.pdf  上传时间（北京时间）" + time.apply(attachment.getUploadedAt()) + "  大小 "
                            + proof.length + " 字节", "SHA-256：" + attachment.getSha256(),
                    "下载：" + PUBLIC_URL + "/appeals/attachments/" + attachment.getId());
            assertThat(text).doesNotContain("清河核查记录", qingheFile.getSha256());
            // The appeal comes under its point, before the re-capture made for it.
            assertThat(text.indexOf("石门首页截图.png")).isLessThan(text.indexOf("单位申诉"));
            assertThat(text.indexOf("单位申诉")).isLessThan(text.indexOf("申诉网址重新采集"));
            // The file and the re-capture are printed under their point, before the evidence list.
            int pointAt = text.indexOf(dsl.select(cn.gongkai.sql.jooq.Tables.EVALUATION_POINT.TEXT)
                    .from(cn.gongkai.sql.jooq.Tables.EVALUATION_POINT)
                    .where(cn.gongkai.sql.jooq.Tables.EVALUATION_POINT.ID.eq(shimenFinding.value2()))
                    .fetchSingle().value1().substring(0, 8));
            assertThat(pointAt).isNotNegative().isLessThan(text.indexOf("石门首页截图.png"));
            assertThat(text.indexOf("申诉网址重新采集")).isLessThan(text.indexOf("、证据清单"));
            List<String> links = new ArrayList<>();
            for (var page : pdf.getPages()) {
                for (var annotation : page.getAnnotations()) {
                    if (annotation instanceof org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink link
                            && link.getAction() instanceof org.apache.pdfbox.pdmodel.interactive.action.PDActionURI uri) {
                        links.add(uri.getURI());
                    }
                }
            }
            // gongkai.public-url, not the address the client used (127.0.0.1), as behind a reverse proxy.
            assertThat(links).contains(PUBLIC_URL + "/review-files/" + shimenFile.getId(),
                    PUBLIC_URL + "/evidence/" + recapture.getId(), PUBLIC_URL + "/appeals/attachments/" + attachment.getId());
            assertThat(links).allSatisfy(link -> assertThat(link).startsWith(PUBLIC_URL + "/"));
            assertThat(text).doesNotContain("127.0.0.1:" + port);
        }
        try (PDDocument pdf = Loader.loadPDF(qingheCounty.getBytes("/exports/rounds/" + roundId + "/units/" + qinghe
                + "/report.pdf").body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("评估人员复核证据：清河核查记录.pdf", "SHA-256：" + qingheFile.getSha256())
                    .doesNotContain("石门首页截图", shimenFile.getSha256(), "申诉网址重新采集", "/evidence/", "单位申诉",
                            "首页已于检查日前更新", "石门申诉说明", attachment.getSha256(), "/appeals/attachments/");
        }
    }

    /** The unit's first finding (id, point) with that status. */
    private org.jooq.Record2<Long, Long> findingOf(long unit, String status) {
        return dsl.select(FINDING.ID, FINDING.POINT_ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                .and(FINDING.UNIT_ID.eq(unit)).and(FINDING.STATUS.eq(status)).orderBy(FINDING.ID).limit(1).fetchSingle();
    }

    private void override(WebSession evaluator, long finding, String fileName, byte[] bytes, String reason)
            throws Exception {
        HttpResponse<String> response = evaluator.postMultipart("/workbench/findings/" + finding + "/review",
                Map.of("roundId", String.valueOf(roundId), "decision", "OVERRIDE", "status", "PASS", "reason", reason),
                List.of(new WebSession.FilePart("evidence", fileName, bytes)));
        assertThat(response.statusCode()).isEqualTo(302);
    }

    private static JsonNode pointOf(JsonNode detail, long pointId) {
        for (JsonNode point : detail.get("points")) {
            if (point.get("pointId").asLong() == pointId) {
                return point;
            }
        }
        throw new AssertionError("no point " + pointId + " in the unit detail");
    }

    /** A real PNG image, as a screenshot would be. */
    private static byte[] png() throws IOException {
        var image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Autowired cn.gongkai.web.GongkaiProperties properties;

    /** Archives {@code html} as a capture of the shimen homepage into this round's WARC, as the crawler would. */
    long hostileCapture(String html) throws IOException {
        var template = dsl.selectFrom(CAPTURE).where(CAPTURE.ID.eq(captureOf(shimen))).fetchOne();
        var fetch = new cn.gongkai.crawler.fetch.FetchResult(java.net.URI.create(template.getUrl()),
                java.time.Instant.now(), null, Map.of(), 200,
                Map.of("Content-Type", List.of("text/html; charset=utf-8")), html.getBytes(StandardCharsets.UTF_8), false,
                1, null);
        cn.gongkai.crawler.warc.WarcLocation location;
        try (var writer = new cn.gongkai.crawler.warc.WarcFileWriter(properties.warcDirectory(), roundId,
                cn.gongkai.crawler.warc.WarcFileWriter.DEFAULT_ROTATE_BYTES)) {
            location = writer.write(fetch).orElseThrow();
        }
        var copy = dsl.newRecord(CAPTURE, template);
        copy.setId(null);
        copy.setContentType("text/html; charset=utf-8");
        copy.setWarcFile(location.warcFile());
        copy.setWarcOffset(location.offset());
        copy.setWarcLength(location.length());
        copy.setPayloadDigest(location.payloadDigest());
        copy.setPayloadLength(location.payloadLength());
        copy.store();
        return copy.getId();
    }

    /** The same checks a person makes, in headless Chromium; skipped where Debian's chromedriver is not installed. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class InABrowser {

        private static final String SERIES = "var out = {};"
                + "document.querySelectorAll('.chart').forEach(function (el) {"
                + "  var chart = echarts.getInstanceByDom(el); if (!chart) { return; }"
                + "  out[el.id] = chart.getOption().series.map(function (s) { return {"
                + "    name: s.name, type: s.type, data: (s.data || []).map(function (d) {"
                + "      if (d === null || d === undefined) { return null; }"
                + "      if (typeof d === 'object' && !Array.isArray(d)) {"
                + "        return {name: d.name || null, value: d.value, colour: d.itemStyle ? d.itemStyle.color : null}; }"
                + "      return d; }) }; });"
                + "});"
                + "return JSON.stringify(out);";

        @BeforeAll
        void needsChromium() {
            Assumptions.assumeTrue(Browser.available(), "Debian's chromium and chromedriver are not installed");
        }

        private JsonNode series(Browser browser) throws Exception {
            browser.waitFor(d -> "true".equals(d.findElement(By.id("dashboard-root")).getAttribute("data-rendered")));
            return JSON.readTree((String) browser.script(SERIES));
        }

        private static List<String> names(JsonNode chart) {
            List<String> out = new ArrayList<>();
            chart.forEach(series -> out.add(series.get("name").asString() + ":" + series.get("type").asString()));
            return out;
        }

        @Test
        void leadersAndEvaluatorsSeeTheDashboardChartsWithTheRightSeries() throws Exception {
            JsonNode data = json(WebSession.loggedIn(port, "eva", PASSWORD), "/api/v1/rounds/" + roundId + "/dashboard");
            // Leaders see only published rounds: DemoRoundEndToEndIT looks at their pages.
            for (String user : List.of("eva")) {
                try (Browser browser = new Browser(port)) {
                    browser.login(user, PASSWORD);
                    browser.open("/dashboard?round=" + roundId);
                    JsonNode charts = series(browser);
                    for (int g = 0; g < data.get("groups").size(); g++) {
                        JsonNode group = data.get("groups").get(g);
                        int units = group.get("units").size();
                        JsonNode rank = charts.get("chart-rank-" + g);
                        assertThat(names(rank)).containsExactly("总分:bar", "负面清单:scatter");
                        assertThat(rank.get(0).get("data")).hasSize(units);
                        int negative = 0;
                        for (int u = 0; u < units; u++) {
                            JsonNode unit = group.get("units").get(u);
                            JsonNode bar = rank.get(0).get("data").get(u);
                            assertThat(bar.get("value").asDouble()).isEqualTo(unit.get("total").asDouble());
                            if (unit.get("negativeList").asBoolean()) {
                                negative++;
                                assertThat(bar.get("colour").asString()).isEqualTo("#c62828");
                            } else {
                                assertThat(bar.get("colour").asString()).isNotEqualTo("#c62828");
                            }
                        }
                        assertThat(rank.get(1).get("data")).hasSize(negative);
                        assertThat(names(charts.get("chart-uncertainty-" + g)))
                                .containsExactly("区间起点:bar", "名次区间:bar", "中位名次:scatter", "实际名次:scatter");
                    }
                    JsonNode first = data.get("groups").get(0);
                    int areas = data.get("areas").size();
                    JsonNode radar = charts.get("chart-radar");
                    assertThat(names(radar)).containsExactly("领域得分率:radar");
                    assertThat(radar.get(0).get("data")).extracting(d -> d.get("name").asString())
                            .containsExactly(first.get("units").get(0).get("name").asString(), "组平均", "组最佳");
                    assertThat(radar.get(0).get("data").get(0).get("value")).hasSize(areas);
                    JsonNode heatmap = charts.get("chart-heatmap");
                    assertThat(names(heatmap)).containsExactly("领域得分率:heatmap");
                    assertThat(heatmap.get(0).get("data")).hasSize(first.get("units").size() * areas);
                    assertThat(names(charts.get("chart-movement"))).containsExactly("名次变化:bar");
                    assertThat(charts.get("chart-movement").get(0).get("data")).hasSize(first.get("units").size());
                    assertThat(charts.get("chart-distribution")).hasSize(data.get("groups").size());
                    assertThat(browser.driver.findElement(By.id("negative-list")).getText()).contains("石门县人民政府");
                    browser.screenshot("dashboard-" + user);

                    // Another unit in the radar, then projector mode: charts redraw with larger type.
                    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("unit-select")))
                            .selectByIndex(first.get("units").size() - 1);
                    JsonNode after = JSON.readTree((String) browser.script(SERIES));
                    assertThat(after.get("chart-radar").get(0).get("data").get(0).get("name").asString())
                            .isEqualTo(first.get("units").get(first.get("units").size() - 1).get("name").asString());
                    browser.driver.findElement(By.id("projector-toggle")).click();
                    assertThat(browser.driver.findElement(By.tagName("body")).getAttribute("class")).contains("projector");
                    browser.screenshot("dashboard-projector-" + user);

                    {
                        // The ranking page: the first group's bar chart, a bar per unit listed, negative list in red.
                        browser.open("/rankings?round=" + roundId);
                        browser.waitFor(d -> Boolean.TRUE.equals(browser.script("var el = document.getElementById('chart-0');"
                                + " return !!(el && window.echarts && echarts.getInstanceByDom(el));")));
                        JsonNode bars = JSON.readTree((String) browser.script(SERIES)).get("chart-0");
                        assertThat(names(bars)).containsExactly("总分:bar");
                        JsonNode units = first.get("units");
                        assertThat(bars.get(0).get("data")).hasSize(Math.min(50, units.size()));
                        for (int u = 0; u < bars.get(0).get("data").size(); u++) {
                            JsonNode bar = bars.get(0).get("data").get(u);
                            assertThat(bar.get("value").asDouble()).isEqualTo(units.get(u).get("total").asDouble());
                            assertThat("#c62828".equals(bar.get("colour").asString()))
                                    .isEqualTo(units.get(u).get("negativeList").asBoolean());
                        }
                        assertThat(browser.driver.findElement(By.tagName("main")).getText())
                                .contains(first.get("name").asString() + "排名", "名次区间", "石门县人民政府");
                        browser.screenshot("rankings-" + user);
                    }
                    if (user.equals("eva")) {
                        browser.open("/dashboard?round=" + roundId);
                        browser.driver.findElement(By.partialLinkText("导出评估结果")).click();
                        checkWorkbook(Files.readAllBytes(browser.download(".xlsx")));
                    }
                }
            }
        }

        @Test
        void aCountyFollowsADeductionToItsMarkedEvidenceAndDownloadsItsReport() throws Exception {
            try (Browser browser = new Browser(port)) {
                browser.login("shimen", PASSWORD);
                assertThat(browser.driver.getCurrentUrl()).contains("/units/" + shimen);
                browser.open("/rounds/" + roundId + "/units/" + shimen);
                assertThat(browser.driver.findElement(By.id("area-scores")).getText()).contains("平台建设");
                browser.screenshot("county-unit-page");
                // the machine's deduction, unless an evaluator has since overridden it (another test of this class
                // does): then the row shows the evaluator's verdict with the machine's kept beneath it
                var deduction = browser.driver.findElements(By.cssSelector("li.point")).stream()
                        .filter(row -> !row.findElements(By.cssSelector(".status-FAIL, div.machine-status"))
                                .isEmpty())
                        .filter(row -> !row.findElements(By.cssSelector("a.evidence-link")).isEmpty())
                        .findFirst().orElseThrow();
                if (deduction.findElements(By.cssSelector("div.machine-status")).isEmpty()) {
                    assertThat(deduction.getText()).contains("整改建议");
                } else {
                    assertThat(deduction.getText()).contains("改判为「通过」", "机器检查结论：不通过")
                            .doesNotContain("整改建议");
                }
                deduction.findElement(By.cssSelector("a.evidence-link")).click();
                browser.waitFor(d -> d.getCurrentUrl().contains("/evidence/"));
                assertThat(browser.driver.getPageSource()).contains("已校验，与存档内容一致");
                var frame = browser.driver.findElement(By.cssSelector("iframe.replay"));
                assertThat(frame.getAttribute("sandbox")).isEmpty();
                assertThat(frame.getAttribute("src")).contains("mark=").endsWith("#gongkai-mark");
                browser.driver.switchTo().frame(frame);
                var mark = browser.driver.findElement(By.id("gongkai-mark"));
                assertThat(mark.getText()).isNotBlank();
                browser.driver.switchTo().defaultContent();
                browser.screenshot("county-evidence");

                browser.driver.navigate().back();
                browser.driver.findElement(By.id("pdf-report")).click();
                checkReport(Files.readAllBytes(browser.download(".pdf")));

                browser.open("/dashboard");
                assertThat(browser.driver.getPageSource()).doesNotContain("chart-radar");
            }
        }

        /**
         * A captured page that tries everything to run or to call out: inline and SVG scripts, event handlers, a
         * javascript: link, a meta refresh, a srcdoc frame, remote images, styles, frames and objects. All of them
         * point at a loopback listener that counts requests, so "nothing ran, nothing was fetched" is measured.
         */
        @Test
        void scriptsInACapturedPageNeverRunInTheEvidenceViewer() throws Exception {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            com.sun.net.httpserver.HttpServer listener = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0), 0);
            listener.createContext("/", ex -> {
                calls.incrementAndGet();
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            listener.start();
            String beacon = "http://127.0.0.1:" + listener.getAddress().getPort();
            String ran = "document.documentElement.setAttribute('data-ran', 'yes');";
            String page = "<html><head><meta charset=\"utf-8\"><title>恶意页面</title>"
                    + "<meta http-equiv=\"refresh\" content=\"0;url=" + beacon + "/refresh\">"
                    + "<link rel=\"stylesheet\" href=\"" + beacon + "/css\"><base href=\"" + beacon + "/\">"
                    + "<script>" + ran + "new Image().src='" + beacon + "/script';</script></head>"
                    + "<body onload=\"" + ran + "\"><p>正文：政务公开栏目</p>"
                    + "<img src=\"" + beacon + "/img\" onerror=\"" + ran + "\"><img src=\"x\" onerror=\"" + ran + "\">"
                    + "<svg><script>" + ran + "</script></svg><iframe src=\"" + beacon + "/frame\"></iframe>"
                    + "<iframe srcdoc=\"&lt;script&gt;parent." + ran + "&lt;/script&gt;\"></iframe>"
                    + "<object data=\"" + beacon + "/object\"></object>"
                    + "<form action=\"" + beacon + "/form\"><input autofocus onfocus=\"" + ran + "\"></form>"
                    + "<a id=\"js\" href=\"javascript:" + ran + "\">链接</a></body></html>";
            long capture = hostileCapture(page);
            try (Browser browser = new Browser(port)) {
                browser.login("eva", PASSWORD);
                browser.open("/evidence/" + capture);
                var frame = browser.driver.findElement(By.cssSelector("iframe.replay"));
                assertThat(frame.getAttribute("sandbox")).isEmpty();
                browser.driver.switchTo().frame(frame);
                assertThat(browser.driver.findElement(By.tagName("p")).getText()).contains("政务公开栏目");
                assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("data-ran")).isNull();
                browser.driver.findElement(By.id("js")).click();
                assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("data-ran")).isNull();
                browser.driver.switchTo().defaultContent();
                browser.screenshot("evidence-hostile-page");

                // opened on its own, outside our frame, the replay is still sandboxed by its CSP header
                browser.open("/evidence/" + capture + "/replay");
                assertThat(browser.driver.findElement(By.tagName("p")).getText()).contains("政务公开栏目");
                assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("data-ran")).isNull();
                // a meta refresh would fire right after load: give it a moment, then nothing may have called out
                Thread.sleep(1_000);
                assertThat(browser.driver.getCurrentUrl()).endsWith("/evidence/" + capture + "/replay");
                assertThat(calls.get()).as("requests from the captured page to its beacon").isZero();
            } finally {
                listener.stop(0);
            }
        }

        @Test
        void aDepartmentScorerIsTurnedAwayFromTheDashboard() throws Exception {
            try (Browser browser = new Browser(port)) {
                browser.login("score", PASSWORD);
                browser.open("/dashboard?round=" + roundId);
                assertThat(browser.driver.getPageSource()).doesNotContain("chart-radar", "石门县人民政府");
                browser.screenshot("scorer-dashboard-refused");
            }
        }
    }
}
