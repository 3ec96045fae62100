package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_NEGATIVE;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_POINT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_UNIT;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.TONGBAO_TEXT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.jooq.DSLContext;
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
 * The 通报 of a round scored from evaluators' entries (a veto hit among them) and published through the workbench:
 * refused before publication, then downloaded as docx and xlsx, opened with POI and compared with the published
 * snapshot in the database; the evaluator's edited words appear in the document, the data do not move when the
 * working results do after publication, and the editing page is looked at in Chromium at desktop and phone widths.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TongbaoIT {

    private static final String PASSWORD = "test-password-tb";
    // MANUAL BINARY points that apply to county governments and departments; hygq-hd-01 is a MANUAL veto point.
    private static final List<String> POINTS = List.of("xxgk-pt-03", "xxgk-zd-02", "xxgk-jg-02", "xxgk-jg-04",
            "xxgk-zcwj-04", "hygq-hd-01");
    private static final String ROUND = """
            name: 2026年度通报测试
            indicatorSystem: default
            points: [xxgk-pt-03, xxgk-zd-02, xxgk-jg-02, xxgk-jg-04, xxgk-zcwj-04, hygq-hd-01]
            groups:
              - code: tb-counties
                name: 区县政府
                unitType: COUNTY_GOVERNMENT
                units:
                  - {code: tb-c1, name: 甲县人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/c1/'}]}
                  - {code: tb-c2, name: 乙县人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/c2/'}]}
                  - {code: tb-c3, name: 丙县人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/c3/'}]}
                  - {code: tb-c4, name: 丁县人民政府, channels: [{kind: WEBSITE, name: 门户网站, url: 'http://127.0.0.1:9/c4/'}]}
              - code: tb-departments
                name: 市直部门
                unitType: DEPARTMENT
                units:
                  - {code: tb-d1, name: 市教育局, channels: [{kind: WEBSITE, name: 部门网站, url: 'http://127.0.0.1:9/d1/'}]}
                  - {code: tb-d2, name: 市财政局, channels: [{kind: WEBSITE, name: 部门网站, url: 'http://127.0.0.1:9/d2/'}]}
                  - {code: tb-d3, name: 市民政局, channels: [{kind: WEBSITE, name: 部门网站, url: 'http://127.0.0.1:9/d3/'}]}
            """;
    /** The points each unit fails (scores 0 on); every other point gets full marks. 丁县 has the veto hit. */
    private static final Map<String, Set<String>> FAILED = Map.of(
            "tb-c1", Set.of(),
            "tb-c2", Set.of("xxgk-jg-04"),
            "tb-c3", Set.of("xxgk-jg-04", "xxgk-zcwj-04"),
            "tb-c4", Set.of("xxgk-jg-04", "xxgk-pt-03", "hygq-hd-01"),
            "tb-d1", Set.of("xxgk-jg-04"),
            "tb-d2", Set.of(),
            "tb-d3", Set.of("xxgk-zcwj-04", "xxgk-pt-03", "xxgk-zd-02"));
    private static final String VETO_REASON = "领导信箱提交留言时报错，连续三日无法提交";

    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired RoundScorer scorer;
    @Autowired RoundLifecycle lifecycle;
    @Autowired UserAccounts accounts;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;

    private long roundId;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-tongbao");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void scoredRoundInItsFeedbackWindow() {
        roundId = importer.importRound(RoundDefinition.parse(ROUND, null), ROUND);
        LocalDateTime entered = LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1);
        for (var unit : FAILED.entrySet()) {
            long unitId = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(unit.getKey())).fetchOne(UNIT.ID);
            for (String code : POINTS) {
                var point = dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.MAX_SCORE).from(ROUND_POINT)
                        .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                        .where(ROUND_POINT.ROUND_ID.eq(roundId)).and(EVALUATION_POINT.CODE.eq(code)).fetchOne();
                boolean failed = unit.getValue().contains(code);
                boolean veto = failed && code.equals("hygq-hd-01");
                // The rows ManualScores writes for an evaluator's entry (and, for 丁县, a veto hit).
                dsl.insertInto(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID, MANUAL_SCORE.UNIT_ID, MANUAL_SCORE.POINT_ID,
                                MANUAL_SCORE.SCORE, MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY,
                                MANUAL_SCORE.ENTERED_AT, MANUAL_SCORE.REASON, MANUAL_SCORE.VETO_HIT)
                        .values(roundId, unitId, point.value1(), failed ? BigDecimal.ZERO : point.value2(), "MANUAL",
                                "tb-eva", entered, veto ? VETO_REASON : "录入得分", veto)
                        .execute();
            }
        }
        scorer.score(roundId);
        lifecycle.move(roundId, RoundStatus.CAPTURING, "test", "测试");
        lifecycle.move(roundId, RoundStatus.REVIEWING, "test", "测试");
        lifecycle.move(roundId, RoundStatus.FEEDBACK, "test", "测试");
        accounts.create("test", "tb-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "tb-lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        long county = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("tb-c1")).fetchOne(UNIT.ID);
        accounts.create("test", "tb-c1", "甲县", PASSWORD, county, EnumSet.of(Role.COUNTY));
    }

    private String docx() {
        return "/exports/rounds/" + roundId + "/tongbao.docx";
    }

    private String annex() {
        return "/exports/rounds/" + roundId + "/tongbao-annex.xlsx";
    }

    private String page() {
        return "/workbench/rounds/" + roundId + "/tongbao";
    }

    @Test
    @Order(1)
    void anUnpublishedRoundHasNoTongbaoAndAnUnknownRoundIsNotFound() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "tb-eva", PASSWORD);
        WebSession leader = WebSession.loggedIn(port, "tb-lead", PASSWORD);
        for (String path : List.of(docx(), annex(), page())) {
            HttpResponse<String> refused = evaluator.getPage(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(409);
            assertThat(refused.body()).as(path).contains("该轮次尚未发布结果，不能生成通报");
        }
        assertThat(leader.getPage(docx()).statusCode()).isEqualTo(403);
        assertThat(leader.getPage(docx()).body()).contains("该轮次的评估结果尚未发布");
        assertThat(leader.getPage(page()).statusCode()).isEqualTo(403);
        assertThat(evaluator.post(page(), "title=x").statusCode()).isEqualTo(409);
        assertThat(dsl.fetchCount(TONGBAO_TEXT)).isZero();
        for (WebSession session : List.of(evaluator, leader)) {
            assertThat(session.getPage("/exports/rounds/999999/tongbao.docx").statusCode()).isEqualTo(404);
            assertThat(session.getPage("/exports/rounds/999999/tongbao-annex.xlsx").statusCode()).isEqualTo(404);
        }
        assertThat(evaluator.getPage("/workbench/rounds/999999/tongbao").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void thePublishedRoundsTongbaoHoldsTheSnapshotsGradesNegativeListAndProblems() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "tb-eva", PASSWORD);
        HttpResponse<String> publish = evaluator.post("/workbench/rounds/" + roundId + "/move",
                "target=FINAL&reason=" + enc("首次发布"));
        assertThat(publish.statusCode()).isEqualTo(302);
        assertThat(dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOne(ASSESSMENT_ROUND.STATUS)).isEqualTo("FINAL");
        assertThat(evaluator.get("/workbench").body()).contains("/workbench/rounds/" + roundId + "/tongbao");

        Document doc = document(evaluator);
        long snapshot = snapshotId();

        // Headings are real heading styles, in the order of a provincial 通报.
        assertThat(doc.styled("Title")).containsExactly("关于2026年度通报测试政务公开第三方评估结果的通报");
        assertThat(doc.styled("Heading1")).containsExactly("一、总体情况", "二、评估结果", "三、负面清单", "四、典型问题",
                "五、通报表扬", "六、下一步工作要求");
        assertThat(doc.styled("Heading2")).hasSize(2);
        assertThat(doc.styled("Heading2").getFirst()).startsWith("（一）区县政府（4 个，平均得分 ");

        // Grades per group, units in rank order, exactly as the snapshot has them.
        Map<String, Map<String, String>> expected = gradesFromSnapshot(snapshot);
        assertThat(expected.get("区县政府")).containsExactly(Map.entry("优秀", "甲县人民政府"),
                Map.entry("良好", "乙县人民政府、丙县人民政府"), Map.entry("不合格", "丁县人民政府"));
        assertThat(doc.tables).hasSize(4);
        int group = 0;
        for (var entry : expected.entrySet()) {
            List<List<String>> table = doc.tables.get(group++);
            assertThat(table.getFirst()).containsExactly("等次", "数量", "单位（按得分从高到低）");
            Map<String, String> actual = new LinkedHashMap<>();
            for (List<String> row : table.subList(1, table.size())) {
                actual.put(row.get(0), row.get(2));
                assertThat(row.get(1)).isEqualTo(String.valueOf(row.get(2).split("、").length));
            }
            assertThat(actual).as(entry.getKey()).containsExactlyEntriesOf(entry.getValue());
        }

        // The negative list: one row per reason in the snapshot, with its reason.
        List<List<String>> negatives = doc.tables.get(2);
        var snapshotNegatives = dsl.select(UNIT.NAME, RESULT_SNAPSHOT_NEGATIVE.REASON).from(RESULT_SNAPSHOT_NEGATIVE)
                .join(UNIT).on(UNIT.ID.eq(RESULT_SNAPSHOT_NEGATIVE.UNIT_ID))
                .where(RESULT_SNAPSHOT_NEGATIVE.SNAPSHOT_ID.eq(snapshot)).fetch();
        assertThat(snapshotNegatives).hasSize(1);
        assertThat(negatives.subList(1, negatives.size())).extracting(r -> r.get(1) + "|" + r.get(3))
                .containsExactlyElementsOf(snapshotNegatives.map(r -> r.value1() + "|" + r.value2()));
        assertThat(negatives.get(1).get(3)).contains(VETO_REASON);
        assertThat(doc.text).contains("以下 1 个单位触发单项否决情形，列入负面清单");

        // Typical problems: the counts are the snapshot's point scores below their maximum, most deducted first.
        Map<String, int[]> counts = problemCounts(snapshot);
        List<List<String>> problems = doc.tables.get(3);
        assertThat(problems.getFirst()).containsExactly("序号", "评估点", "扣分单位数/适用单位数", "不得分单位数", "典型单位");
        assertThat(problems).hasSize(counts.size() + 1);
        int previous = Integer.MAX_VALUE;
        for (List<String> row : problems.subList(1, problems.size())) {
            String text = row.get(1).substring(0, row.get(1).lastIndexOf('（'));
            int[] c = counts.get(text);
            assertThat(c).as(text).isNotNull();
            assertThat(row.get(2)).as(text).isEqualTo(c[0] + "/" + c[2]);
            assertThat(row.get(3)).as(text).isEqualTo(String.valueOf(c[1]));
            assertThat(c[0]).isLessThanOrEqualTo(previous);
            previous = c[0];
            assertThat(row.get(4).split("、")).hasSizeBetween(1, 3);
        }
        // 机构和领导信息更新 (xxgk-jg-04) was failed by four units: the first problem, with three examples.
        assertThat(problems.get(1).get(2)).isEqualTo("4/7");
        assertThat(problems.get(1).get(4).split("、")).hasSize(3);

        // The overview's sentence of counts, and the units praised (the top grade, not on the negative list).
        var totals = dsl.select(RESULT_SNAPSHOT_UNIT.TOTAL).from(RESULT_SNAPSHOT_UNIT)
                .where(RESULT_SNAPSHOT_UNIT.SNAPSHOT_ID.eq(snapshot)).fetch(RESULT_SNAPSHOT_UNIT.TOTAL);
        BigDecimal average = totals.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(totals.size()), 2, RoundingMode.HALF_UP);
        assertThat(doc.text).contains("本次参评单位 7 个，平均得分 " + average.toPlainString() + " 分；其中优秀 2 个，良好 3 个，"
                + "不合格 2 个；列入负面清单 1 个。");
        assertThat(doc.text).contains("对获评优秀等次的甲县人民政府、市财政局等 2 个单位予以通报表扬。");
        assertThat(doc.text).contains("整改期限：", "第 1 版已发布结果");
        // Chinese text is set in a Chinese font on every run.
        assertThat(doc.eastAsiaFonts).containsOnly("仿宋_GB2312", "黑体", "楷体_GB2312", "宋体");

        // The working results moving after publication (a rescore, an accepted appeal) change nothing here.
        dsl.update(UNIT_RESULT).set(UNIT_RESULT.GRADE, "优秀").set(UNIT_RESULT.TOTAL, new BigDecimal("99"))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.UNIT_ID.eq(dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq("tb-c2")))).execute();
        Document again = document(evaluator);
        assertThat(again.tables).isEqualTo(doc.tables);
    }

    @Test
    @Order(3)
    void theEvaluatorsEditedWordsAreSavedAuditedAndInTheDocumentLeadersDownload() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "tb-eva", PASSWORD);
        WebSession leader = WebSession.loggedIn(port, "tb-lead", PASSWORD);
        WebSession county = WebSession.loggedIn(port, "tb-c1", PASSWORD);
        String draft = evaluator.get(page()).body();
        assertThat(draft).contains("尚未保存", "关于2026年度通报测试政务公开第三方评估结果的通报", "领导信箱提交留言时报错");

        // Refused input names the field and stores nothing.
        long audits = dsl.fetchCount(AUDIT_LOG);
        String refused = followed(evaluator, evaluator.post(page(), form("", "正文", "2026-12-01", "2026-12-31")));
        assertThat(refused).contains("请填写「标题」；未保存");
        refused = followed(evaluator, evaluator.post(page(), form("标题", "正文", "2026-11-01", "2026-12-01")));
        assertThat(refused).contains("「整改期限」不能早于「成文日期」");
        refused = followed(evaluator, evaluator.post(page(), form("标题", "正文", "2026-13-01", "2026-12-01")));
        assertThat(refused).contains("「整改期限」不是有效日期");
        refused = followed(evaluator, evaluator.post(page(), form("标题\u202E", "正文", "2027-01-31", "2026-12-01")));
        assertThat(refused).contains("「标题」含有改变文字显示方向的不可见字符");
        assertThat(dsl.fetchCount(TONGBAO_TEXT)).isZero();
        assertThat(dsl.fetchCount(AUDIT_LOG)).isEqualTo(audits);

        // Leaders and counties may not edit; counties may not download either.
        assertThat(leader.post(page(), form("改标题", "正文", "2027-01-31", "2026-12-01")).statusCode()).isEqualTo(403);
        assertThat(county.get(docx()).statusCode()).isEqualTo(403);
        assertThat(county.get(annex()).statusCode()).isEqualTo(403);
        assertThat(county.get(page()).statusCode()).isEqualTo(403);

        String title = "关于2026年度全市政务公开第三方评估结果的通报";
        String overview = "2026年，市政务公开办委托第三方机构对全市7个单位开展评估。\n评估坚持客观公正、以评促改。";
        HttpResponse<String> saved = evaluator.post(page(), form(title, overview, "2027-01-31", "2026-12-20"));
        assertThat(followed(evaluator, saved)).contains("通报文字已保存", "由 tb-eva 于");
        var row = dsl.selectFrom(TONGBAO_TEXT).where(TONGBAO_TEXT.ROUND_ID.eq(roundId)).fetchSingle();
        assertThat(row.getTitle()).isEqualTo(title);
        assertThat(row.getDocNumber()).isEqualTo("市政务公开办〔2026〕7号");
        assertThat(row.getRectifyBy()).isEqualTo(LocalDate.of(2027, 1, 31));
        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("TONGBAO_TEXT_SAVED")).fetchSingle();
        assertThat(audit.getActor()).isEqualTo("tb-eva");
        assertThat(audit.getEntityId()).isEqualTo(String.valueOf(roundId));
        assertThat(audit.getBeforeJson()).contains("关于2026年度通报测试政务公开第三方评估结果的通报");
        assertThat(audit.getAfterJson()).contains(title, "2027-01-31");

        for (WebSession reader : List.of(evaluator, leader)) {
            Document doc = document(reader);
            assertThat(doc.styled("Title")).containsExactly(title);
            assertThat(doc.paragraphs).contains("市政务公开办〔2026〕7号", "2026年，市政务公开办委托第三方机构对全市7个单位开展评估。",
                    "评估坚持客观公正、以评促改。", "各单位于2027年1月31日前报送整改情况。", "整改期限：2027年1月31日前。",
                    "2026年12月20日", "各区县人民政府，市政府各部门：");
            // the data parts are still the snapshot's
            assertThat(doc.text).contains("本次参评单位 7 个");
        }

        // A second save is audited too, with the first save's text as before.
        evaluator.post(page(), form(title + "（修订）", overview, "2027-01-31", "2026-12-20"));
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("TONGBAO_TEXT_SAVED"))).isEqualTo(2);
        assertThat(dsl.select(AUDIT_LOG.BEFORE_JSON).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("TONGBAO_TEXT_SAVED"))
                .orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchOne(AUDIT_LOG.BEFORE_JSON)).contains(title + "\"");
        assertThat(document(leader).styled("Title")).containsExactly(title + "（修订）");
    }

    @Test
    @Order(4)
    void theAnnexTablesHoldTheSnapshotsGradesNegativeListAndProblems() throws Exception {
        long snapshot = snapshotId();
        for (String who : List.of("tb-eva", "tb-lead")) {
            HttpResponse<byte[]> response = WebSession.loggedIn(port, who, PASSWORD).getBytes(annex());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains(".xlsx");
            try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.body()))) {
                assertThat(List.of(workbook.getSheetName(0), workbook.getSheetName(1), workbook.getSheetName(2)))
                        .containsExactly("等次名单", "负面清单", "典型问题");
                DataFormatter format = new DataFormatter();

                Sheet grades = workbook.getSheet("等次名单");
                assertThat(grades.getRow(0).getCell(0).getStringCellValue()).contains("第 1 版已发布结果");
                List<String> rows = new ArrayList<>();
                for (int r = 2; r <= grades.getLastRowNum(); r++) {
                    Row row = grades.getRow(r);
                    rows.add(row.getCell(0).getStringCellValue() + "|" + (int) row.getCell(1).getNumericCellValue()
                            + "|" + row.getCell(2).getStringCellValue() + "|"
                            + BigDecimal.valueOf(row.getCell(4).getNumericCellValue()).setScale(3, RoundingMode.HALF_UP)
                            + "|" + row.getCell(5).getStringCellValue() + "|" + row.getCell(6).getStringCellValue());
                }
                assertThat(rows).containsExactlyElementsOf(dsl.select(UNIT_GROUP.NAME, RESULT_SNAPSHOT_UNIT.RANK_IN_GROUP,
                                UNIT.CODE, RESULT_SNAPSHOT_UNIT.TOTAL, RESULT_SNAPSHOT_UNIT.GRADE,
                                RESULT_SNAPSHOT_UNIT.NEGATIVE_LIST)
                        .from(RESULT_SNAPSHOT_UNIT).join(UNIT).on(UNIT.ID.eq(RESULT_SNAPSHOT_UNIT.UNIT_ID))
                        .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(RESULT_SNAPSHOT_UNIT.GROUP_ID))
                        .where(RESULT_SNAPSHOT_UNIT.SNAPSHOT_ID.eq(snapshot))
                        .orderBy(UNIT_GROUP.ID, RESULT_SNAPSHOT_UNIT.RANK_IN_GROUP, RESULT_SNAPSHOT_UNIT.TOTAL.desc(),
                                UNIT.CODE)
                        .fetch(r -> r.value1() + "|" + r.value2() + "|" + r.value3() + "|"
                                + r.value4().setScale(3, RoundingMode.HALF_UP) + "|" + r.value5() + "|"
                                + (r.value6() ? "是" : "否")));
                // The working result changed after publication (test 2) is not what the annex says.
                assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("区县政府|2|tb-c2|").endsWith("|良好|否"));

                Sheet negatives = workbook.getSheet("负面清单");
                assertThat(negatives.getLastRowNum()).isEqualTo(2);
                assertThat(negatives.getRow(2).getCell(3).getStringCellValue()).isEqualTo("tb-c4");
                assertThat(negatives.getRow(2).getCell(5).getStringCellValue()).isEqualTo("hygq-hd-01");
                assertThat(negatives.getRow(2).getCell(6).getStringCellValue()).isEqualTo(
                        dsl.select(RESULT_SNAPSHOT_NEGATIVE.REASON).from(RESULT_SNAPSHOT_NEGATIVE)
                                .where(RESULT_SNAPSHOT_NEGATIVE.SNAPSHOT_ID.eq(snapshot))
                                .fetchSingle(RESULT_SNAPSHOT_NEGATIVE.REASON));

                Sheet problems = workbook.getSheet("典型问题");
                Map<String, int[]> counts = problemCounts(snapshot);
                assertThat(problems.getLastRowNum() - 1).isEqualTo(counts.size());
                for (int r = 2; r <= problems.getLastRowNum(); r++) {
                    Row row = problems.getRow(r);
                    int[] c = counts.get(row.getCell(2).getStringCellValue());
                    assertThat(format.formatCellValue(row.getCell(5))).isEqualTo(String.valueOf(c[0]));
                    assertThat(format.formatCellValue(row.getCell(6))).isEqualTo(String.valueOf(c[1]));
                    assertThat(format.formatCellValue(row.getCell(7))).isEqualTo(String.valueOf(c[2]));
                }
                assertThat(problems.getRow(2).getCell(1).getStringCellValue()).isEqualTo("xxgk-jg-04");
            }
        }
    }

    @Test
    @Order(5)
    void theEditingPageReadsAtDesktopAndPhoneWidths() throws Exception {
        if (!Browser.available()) {
            return;
        }
        try (Browser browser = new Browser(port)) {
            browser.login("tb-eva", PASSWORD);
            for (int width : new int[] {1440, 390}) {
                browser.driver.manage().window().setSize(new Dimension(width, 1000));
                browser.open(page());
                assertThat(browser.driver.findElement(By.id("title")).getDomProperty("value"))
                        .isEqualTo("关于2026年度全市政务公开第三方评估结果的通报（修订）");
                assertThat(browser.driver.findElement(By.id("negatives")).getText()).contains("丁县人民政府");
                Number overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as("horizontal overflow at " + width + " px").isLessThanOrEqualTo(0);
                // The 通报's tables wrap their unit lists and reasons instead of scrolling inside their box.
                Number tables = (Number) browser.script("return Math.max(...Array.from("
                        + "document.querySelectorAll('main.tongbao .scroll'), s => s.scrollWidth - s.clientWidth))");
                assertThat(tables.intValue()).as("table overflow at " + width + " px").isLessThanOrEqualTo(0);
                browser.screenshot("tongbao-" + width);
                browser.script("document.getElementById('grades').scrollIntoView()");
                browser.screenshot("tongbao-data-" + width);
            }
        }
    }

    // --- helpers ---

    /** A docx opened with POI: paragraphs in order (with their style), tables as rows of cell texts. */
    private record Document(List<String> paragraphs, Map<String, List<String>> byStyle, List<List<List<String>>> tables,
                            Set<String> eastAsiaFonts, String text) {

        List<String> styled(String style) {
            return byStyle.getOrDefault(style, List.of());
        }
    }

    private Document document(WebSession session) throws Exception {
        HttpResponse<byte[]> response = session.getBytes(docx());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).contains(".docx");
        // Kept beside the screenshots for a person to open in Word or WPS.
        Files.createDirectories(Browser.SCREENSHOTS);
        Files.write(Browser.SCREENSHOTS.resolve("tongbao.docx"), response.body());
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(response.body()))) {
            List<String> paragraphs = new ArrayList<>();
            Map<String, List<String>> byStyle = new LinkedHashMap<>();
            Set<String> fonts = new java.util.TreeSet<>();
            for (XWPFParagraph p : doc.getParagraphs()) {
                paragraphs.add(p.getText());
                if (p.getStyle() != null) {
                    byStyle.computeIfAbsent(p.getStyle(), k -> new ArrayList<>()).add(p.getText());
                }
                for (XWPFRun run : p.getRuns()) {
                    fonts.add(run.getFontFamily(XWPFRun.FontCharRange.eastAsia));
                }
            }
            // the styles the headings name exist in the document, as heading levels
            assertThat(doc.getStyles().getStyle("Normal").getCTStyle().getRPr().getRFontsArray(0).getEastAsia())
                    .isEqualTo("仿宋_GB2312");
            assertThat(doc.getStyles().getStyle("Heading1").getName()).isEqualTo("heading 1");
            assertThat(doc.getStyles().getStyle("Heading2").getName()).isEqualTo("heading 2");
            List<List<List<String>>> tables = new ArrayList<>();
            for (XWPFTable table : doc.getTables()) {
                List<List<String>> rows = new ArrayList<>();
                for (XWPFTableRow row : table.getRows()) {
                    rows.add(row.getTableCells().stream().map(c -> c.getText()).toList());
                    row.getTableCells().forEach(c -> c.getParagraphs().forEach(p -> p.getRuns()
                            .forEach(run -> fonts.add(run.getFontFamily(XWPFRun.FontCharRange.eastAsia)))));
                }
                tables.add(rows);
            }
            return new Document(paragraphs, byStyle, tables, fonts, String.join("\n", paragraphs));
        }
    }

    private long snapshotId() {
        return dsl.select(RESULT_SNAPSHOT.ID).from(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ROUND_ID.eq(roundId))
                .orderBy(RESULT_SNAPSHOT.VERSION.desc()).limit(1).fetchOne(RESULT_SNAPSHOT.ID);
    }

    /** Group → grade → unit names joined in rank order, from the snapshot, grades best first. */
    private Map<String, Map<String, String>> gradesFromSnapshot(long snapshot) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        dsl.select(UNIT_GROUP.NAME, RESULT_SNAPSHOT_UNIT.GRADE, UNIT.NAME).from(RESULT_SNAPSHOT_UNIT)
                .join(UNIT).on(UNIT.ID.eq(RESULT_SNAPSHOT_UNIT.UNIT_ID))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(RESULT_SNAPSHOT_UNIT.GROUP_ID))
                .where(RESULT_SNAPSHOT_UNIT.SNAPSHOT_ID.eq(snapshot))
                .orderBy(UNIT_GROUP.ID, RESULT_SNAPSHOT_UNIT.RANK_IN_GROUP, RESULT_SNAPSHOT_UNIT.TOTAL.desc(), UNIT.CODE)
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new LinkedHashMap<>())
                        .merge(r.value2(), r.value3(), (a, b) -> a + "、" + b));
        return out;
    }

    /** Point text → {units deducted, units with 0, units it applies to}, for points where anyone lost marks. */
    private Map<String, int[]> problemCounts(long snapshot) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        dsl.select(EVALUATION_POINT.TEXT, RESULT_SNAPSHOT_POINT.SCORE, RESULT_SNAPSHOT_POINT.MAX_SCORE)
                .from(RESULT_SNAPSHOT_POINT).join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(RESULT_SNAPSHOT_POINT.POINT_ID))
                .where(RESULT_SNAPSHOT_POINT.SNAPSHOT_ID.eq(snapshot)).and(RESULT_SNAPSHOT_POINT.SCORE.isNotNull())
                .forEach(r -> {
                    int[] c = counts.computeIfAbsent(r.value1(), k -> new int[3]);
                    c[2]++;
                    if (r.value2().compareTo(r.value3()) < 0) {
                        c[0]++;
                    }
                    if (r.value2().signum() == 0) {
                        c[1]++;
                    }
                });
        counts.values().removeIf(c -> c[0] == 0);
        return counts;
    }

    private static String form(String title, String overview, String rectifyBy, String issuedOn) {
        return "title=" + enc(title) + "&docNumber=" + enc("市政务公开办〔2026〕7号") + "&issuingBody="
                + enc("市政务公开工作领导小组办公室") + "&addressees=" + enc("各区县人民政府，市政府各部门：")
                + "&overview=" + enc(overview) + "&problemsNote=" + enc("部分单位机构信息更新不及时。")
                + "&nextSteps=" + enc("各单位于2027年1月31日前报送整改情况。") + "&rectifyBy=" + rectifyBy
                + "&issuedOn=" + issuedOn;
    }

    private static String followed(WebSession session, HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(302);
        return session.get(response.headers().firstValue("Location").orElseThrow()
                .replaceFirst("^https?://[^/]+", "")).body();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
