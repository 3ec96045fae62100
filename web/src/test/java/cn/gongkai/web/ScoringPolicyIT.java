package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_UNIT;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundDefinitionException;
import cn.gongkai.web.round.RoundImporter;
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
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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
 * The round's scoring policy, from the round YAML to the published grades: a generated round of 11 county
 * governments and 14 departments, scored by people on three points (third party 70%, supervision 30%), with a policy
 * of quotas, a separate 待改进 category and a grade forced by the negative list, comes out as 安康's did: 优秀 for 3
 * county governments and 4 departments (the quota holding back units above the line), 5 units 待改进 (the lowest of
 * each group below the line, within its quota), 3 units on the negative list graded 不合格 whatever their score; a
 * unit with a 待评 point has no grade. The policy is edited on the workbench with a reason, audited, frozen once
 * published; a bad policy is refused with a Chinese message naming the field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScoringPolicyIT {

    private static final String PASSWORD = "test-password-1";
    // zcjd-zl-01: MANUAL, 1.5 points; hygq-hd-01: MANUAL veto, 1 point; zzbz-rc-01: DEPARTMENT, 1.5 points.
    private static final String POLICY = """
            policy:
              grades:
                - {grade: 优秀, min: 85, quota: 30, negativeList: false}
                - {grade: 良好, min: 70}
                - {grade: 合格, min: 60}
              lowestGrade: 不合格
              improvement: {grade: 待改进, below: 75, quota: 25}
              negativeListGrade: 不合格
              weights: {thirdParty: 70, supervision: 30, publicEvaluation: 0}
            """;

    /**
     * Scores per unit: {zcjd-zl-01, zzbz-rc-01, hygq-hd-01 (null: veto hit)}. With the weights a unit's total is
     * 70 × (zl + hd) / 2.5 + 30 × rc / 1.5 = 28 × (zl + hd) + 20 × rc.
     */
    private static final Map<String, String[]> SCORES = new LinkedHashMap<>();

    static {
        // county governments: 100, 95.8, 91.6, 87.4 (above 85 but the quota of 3 is full), a veto at 72, then down
        // to 62.2; gov-10 is left 待评 (no supervision score yet)
        SCORES.put("pg-gov-00", new String[] {"1.5", "1.5", "1"});
        SCORES.put("pg-gov-01", new String[] {"1.35", "1.5", "1"});
        SCORES.put("pg-gov-02", new String[] {"1.2", "1.5", "1"});
        SCORES.put("pg-gov-03", new String[] {"1.05", "1.5", "1"});
        SCORES.put("pg-gov-04", new String[] {"1.5", "1.5", null});
        SCORES.put("pg-gov-05", new String[] {"0.75", "1.5", "1"});
        SCORES.put("pg-gov-06", new String[] {"0.6", "1.5", "1"});
        SCORES.put("pg-gov-07", new String[] {"0.45", "1.5", "1"});
        SCORES.put("pg-gov-08", new String[] {"0.3", "1.5", "1"});
        SCORES.put("pg-gov-09", new String[] {"0.15", "1.5", "1"});
        SCORES.put("pg-gov-10", new String[] {"1.5", null, "1"});
        // departments: 100, 98, 96, 94, 92 (the quota of 4 is full), vetoes at 72 and 62, then 88 … 70
        SCORES.put("pg-dep-00", new String[] {"1.5", "1.5", "1"});
        SCORES.put("pg-dep-01", new String[] {"1.5", "1.4", "1"});
        SCORES.put("pg-dep-02", new String[] {"1.5", "1.3", "1"});
        SCORES.put("pg-dep-03", new String[] {"1.5", "1.2", "1"});
        SCORES.put("pg-dep-04", new String[] {"1.5", "1.1", "1"});
        SCORES.put("pg-dep-05", new String[] {"1.5", "1.5", null});
        SCORES.put("pg-dep-06", new String[] {"1.5", "0.9", "1"});
        SCORES.put("pg-dep-07", new String[] {"1.5", "0.7", "1"});
        SCORES.put("pg-dep-08", new String[] {"1.5", "0.5", "1"});
        SCORES.put("pg-dep-09", new String[] {"1.5", "1", null});
        SCORES.put("pg-dep-10", new String[] {"1.5", "0.4", "1"});
        SCORES.put("pg-dep-11", new String[] {"1.5", "0.2", "1"});
        SCORES.put("pg-dep-12", new String[] {"1.5", "0.1", "1"});
        SCORES.put("pg-dep-13", new String[] {"1.5", "0", "1"});
    }

    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @LocalServerPort int port;

    private long roundId;
    private final Map<String, Long> units = new TreeMap<>();
    private final Map<String, Long> points = new LinkedHashMap<>();

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-policy");
        registry.add("gongkai.home", () -> home.toString());
    }

    private static String roundYaml() {
        StringBuilder yaml = new StringBuilder("""
                name: 评分规则测试轮次
                indicatorSystem: default
                points: [zcjd-zl-01, hygq-hd-01, zzbz-rc-01]
                groups:
                  - code: pg-governments
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                    units:
                """);
        SCORES.keySet().stream().filter(c -> c.startsWith("pg-gov"))
                .forEach(c -> yaml.append("      - {code: ").append(c).append(", name: 测试县").append(c.substring(7))
                        .append("}\n"));
        yaml.append("""
                  - code: pg-departments
                    name: 市直部门
                    unitType: DEPARTMENT
                    units:
                """);
        SCORES.keySet().stream().filter(c -> c.startsWith("pg-dep"))
                .forEach(c -> yaml.append("      - {code: ").append(c).append(", name: 测试局").append(c.substring(7))
                        .append("}\n"));
        return yaml + POLICY;
    }

    @BeforeAll
    void round() {
        String yaml = roundYaml();
        roundId = importer.importRound(RoundDefinition.parse(yaml, null), yaml);
        dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "REVIEWING")
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
        SCORES.keySet().forEach(code -> units.put(code,
                dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(code)).fetchOne(UNIT.ID)));
        for (String code : List.of("zcjd-zl-01", "zzbz-rc-01", "hygq-hd-01")) {
            points.put(code, dsl.select(EVALUATION_POINT.ID).from(ROUND_POINT).join(EVALUATION_POINT)
                    .on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                    .where(ROUND_POINT.ROUND_ID.eq(roundId)).and(EVALUATION_POINT.CODE.eq(code))
                    .fetchOne(EVALUATION_POINT.ID));
        }
        LocalDateTime at = LocalDateTime.of(2026, 11, 30, 9, 0);
        SCORES.forEach((code, s) -> {
            score(code, "zcjd-zl-01", s[0], "MANUAL", false, at);
            if (s[1] != null) {
                score(code, "zzbz-rc-01", s[1], "DEPARTMENT", false, at);
            }
            score(code, "hygq-hd-01", s[2] == null ? "0" : s[2], "MANUAL", s[2] == null, at);
        });
        accounts.create("test", "pg-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "pg-lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
    }

    private void score(String unit, String point, String value, String source, boolean vetoHit, LocalDateTime at) {
        dsl.insertInto(MANUAL_SCORE)
                .set(MANUAL_SCORE.ROUND_ID, roundId)
                .set(MANUAL_SCORE.UNIT_ID, units.get(unit))
                .set(MANUAL_SCORE.POINT_ID, points.get(point))
                .set(MANUAL_SCORE.SCORE, new BigDecimal(value))
                .set(MANUAL_SCORE.SOURCE, source)
                .set(MANUAL_SCORE.ENTERED_BY, "pg-eva")
                .set(MANUAL_SCORE.ENTERED_AT, at)
                .set(MANUAL_SCORE.REASON, vetoHit ? "领导信箱无法提交留言" : "录入得分")
                .set(MANUAL_SCORE.VETO_HIT, vetoHit)
                .execute();
    }

    private Map<String, String> grades() {
        Map<String, String> out = new TreeMap<>();
        dsl.select(UNIT.CODE, UNIT_RESULT.GRADE).from(UNIT_RESULT).join(UNIT).on(UNIT.ID.eq(UNIT_RESULT.UNIT_ID))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId)).forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    private List<String> graded(String grade) {
        List<String> out = new ArrayList<>();
        grades().forEach((code, g) -> {
            if (g.equals(grade)) {
                out.add(code);
            }
        });
        return out;
    }

    private BigDecimal total(String code) {
        return dsl.select(UNIT_RESULT.TOTAL).from(UNIT_RESULT).where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.UNIT_ID.eq(units.get(code))).fetchOne(UNIT_RESULT.TOTAL);
    }

    private WebSession evaluator() throws Exception {
        return WebSession.loggedIn(port, "pg-eva", PASSWORD);
    }

    private String policyPath() {
        return "/workbench/rounds/" + roundId + "/policy";
    }

    private static String form(String policy, String reason) {
        return "policy=" + URLEncoder.encode(policy, StandardCharsets.UTF_8) + "&reason="
                + URLEncoder.encode(reason, StandardCharsets.UTF_8);
    }

    private int policyAudits() {
        return dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("SCORING_POLICY")
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(roundId))));
    }

    @Test
    @Order(1)
    void theRoundsPolicyGivesTheAnkangOutcome() throws Exception {
        WebSession evaluator = evaluator();
        assertThat(evaluator.post("/workbench/rounds/" + roundId + "/rescore", "x=1").statusCode()).isEqualTo(302);

        // the weights and pools are the policy's: 70% third party, 30% supervision
        assertThat(total("pg-gov-03")).isEqualByComparingTo("87.4");
        assertThat(total("pg-dep-09")).isEqualByComparingTo("62");
        // 优秀 by quota: 30% of 11 governments is 3 (pg-gov-03 at 87.4 is above the line but out of the quota),
        // 30% of 14 departments is 4 (pg-dep-04 at 92 stays out)
        assertThat(graded("优秀")).containsExactly("pg-dep-00", "pg-dep-01", "pg-dep-02", "pg-dep-03",
                "pg-gov-00", "pg-gov-01", "pg-gov-02");
        assertThat(grades()).containsEntry("pg-gov-03", "良好").containsEntry("pg-dep-04", "良好");
        // 待改进 apart from the bands: below 75 and within the lowest 25% of the group (2 of 11, 3 of 14)
        assertThat(graded("待改进")).containsExactly("pg-dep-11", "pg-dep-12", "pg-dep-13", "pg-gov-08", "pg-gov-09");
        // pg-gov-07 (70.6) is below 75 but out of the governments' quota: it keeps its band
        assertThat(grades()).containsEntry("pg-gov-07", "良好");
        // the negative list forces 不合格 whatever the score (72 would be 良好, 62 合格)
        assertThat(graded("不合格")).containsExactly("pg-dep-05", "pg-dep-09", "pg-gov-04");
        assertThat(dsl.fetchCount(UNIT_RESULT, UNIT_RESULT.ROUND_ID.eq(roundId).and(UNIT_RESULT.NEGATIVE_LIST)))
                .isEqualTo(3);
        // a unit with a 待评 point gets no grade, whatever its provisional total
        assertThat(grades()).containsEntry("pg-gov-10", "待评");

        // the pages show the policy's labels, 待改进 apart
        long governments = dsl.select(UNIT_GROUP.ID).from(UNIT_GROUP).where(UNIT_GROUP.CODE.eq("pg-governments"))
                .fetchOne(UNIT_GROUP.ID);
        String rankings = evaluator.get("/rankings?round=" + roundId + "&group=" + governments).body();
        assertThat(rankings).contains("待改进 2（单独公布）", "优秀 3", "id=\"grade-legend\"");
        String dashboard = evaluator.get("/dashboard?round=" + roundId).body();
        assertThat(dashboard).contains("id=\"improvement-list\"", "待改进单位");
        String list = dashboard.substring(dashboard.indexOf("id=\"improvement-list\""),
                dashboard.indexOf("</table>", dashboard.indexOf("id=\"improvement-list\"")));
        assertThat(list).contains("测试县08", "测试县09", "测试局11", "测试局12", "测试局13").doesNotContain("测试县07");
        String api = evaluator.get("/api/v1/rounds/" + roundId + "/dashboard").body();
        assertThat(api).contains("\"improvementLabel\":\"待改进\"", "\"kind\":\"IMPROVEMENT\"");
        assertThat(evaluator.get("/rounds/" + roundId + "/units/" + units.get("pg-gov-09")).body())
                .contains("列入「<span>待改进</span>」类别");
        try (var workbook = new XSSFWorkbook(new ByteArrayInputStream(
                evaluator.getBytes("/exports/rounds/" + roundId + "/results.xlsx").body()))) {
            var sheet = workbook.getSheet("排名");
            assertThat(sheet.getRow(1).getCell(11).getStringCellValue()).isEqualTo("列入「待改进」");
            int improvement = 0;
            for (int r = 2; r <= sheet.getLastRowNum(); r++) {
                if ("是".equals(sheet.getRow(r).getCell(11).getStringCellValue())) {
                    assertThat(sheet.getRow(r).getCell(5).getStringCellValue()).isEqualTo("待改进");
                    improvement++;
                }
            }
            assertThat(improvement).isEqualTo(5);
        }
        // the form shows the stored policy as its YAML block
        String page = evaluator.get(policyPath()).body();
        assertThat(page).contains("评分规则", "quota: 30", "待改进", "thirdParty: 70", "id=\"policy-improvement\"");
    }

    @Test
    @Order(2)
    void aBadPolicyIsRefusedWithAChineseMessageNamingTheFieldAndNothingChanges() throws Exception {
        String bad = roundYaml().replace("min: 85", "min: 高");
        assertThatThrownBy(() -> RoundDefinition.parse(bad, null)).isInstanceOf(RoundDefinitionException.class)
                .hasMessageContaining("policy.grades[0].min");
        String outOfRange = roundYaml().replace("quota: 30", "quota: 130").replace("below: 75", "below: 75, extra: 1");
        assertThatThrownBy(() -> RoundDefinition.parse(outOfRange, null)).isInstanceOf(RoundDefinitionException.class)
                .hasMessageContaining("policy.improvement").hasMessageContaining("extra");
        String quota = roundYaml().replace("quota: 30", "quota: 130");
        assertThatThrownBy(() -> RoundDefinition.parse(quota, null)).isInstanceOf(RoundDefinitionException.class)
                .hasMessageContaining("「policy.grades[0].quota」比例上限是组内单位数的百分比，须在 0 到 100 之间，实际为 130");
        String composite = roundYaml() + """
                  composites:
                    - unit: pg-nowhere
                      parts: [{label: 区县政府, weight: 50, units: [pg-gov-00]}]
                """;
        assertThatThrownBy(() -> RoundDefinition.parse(composite, null)).isInstanceOf(RoundDefinitionException.class)
                .hasMessageContaining("「policy.composites[0].unit」单位 pg-nowhere 不在本轮次中");

        RoundPolicy before = new RoundPolicies(dsl).load(roundId);
        int audits = policyAudits();
        WebSession evaluator = evaluator();
        String[][] refused = {
                {POLICY.replace("quota: 25", "quota: -5"), "「policy.improvement.quota」比例是组内单位数的百分比"},
                {POLICY.replace("{grade: 良好, min: 70}", "{grade: 优秀, min: 70}"), "「policy.grades[1].grade」等级名称“优秀”重复"},
                {POLICY + "  pointPools: {xxgk-zd-01: PUBLIC}\n", "评估点 xxgk-zd-01 不在本轮次的评估点中"},
                {POLICY + "  pointPools: {zcjd-zl-01: CITIZENS}\n", "「policy.pointPools.zcjd-zl-01」来源池应为"},
                {POLICY.replace("weights: {thirdParty: 70, supervision: 30, publicEvaluation: 0}",
                        "weights: {thirdParty: 0}"), "「policy.weights」来源权重不能全为 0"},
                {"policy: [1, 2]", "评分规则 YAML 无法解析"},
                {"", "评分规则为空"},
        };
        for (String[] r : refused) {
            HttpResponse<String> response = evaluator.post(policyPath(), form(r[0], "调整规则"));
            assertThat(response.statusCode()).as(r[1]).isEqualTo(400);
            assertThat(response.body()).as(r[1]).contains(r[1]);
        }
        assertThat(new RoundPolicies(dsl).load(roundId)).isEqualTo(before);
        assertThat(policyAudits()).isEqualTo(audits);
    }

    @Test
    @Order(3)
    void aChangeNeedsAReasonIsAuditedAndRescoresTheRound() throws Exception {
        WebSession evaluator = evaluator();
        int audits = policyAudits();
        String wider = POLICY.replace("quota: 30", "quota: 40");
        HttpResponse<String> noReason = evaluator.post(policyPath(), form(wider, " "));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("修改评分规则必须填写理由");
        assertThat(policyAudits()).isEqualTo(audits);
        // a leader may not read nor change it
        WebSession leader = WebSession.loggedIn(port, "pg-lead", PASSWORD);
        assertThat(leader.get(policyPath()).statusCode()).isEqualTo(403);
        assertThat(leader.post(policyPath(), form(wider, "领导改规则")).statusCode()).isEqualTo(403);

        HttpResponse<String> saved = evaluator.post(policyPath(), form(wider, "市政府办要求优秀比例为 40%"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(evaluator.get(policyPath()).body()).contains("评分规则已保存，并已按新规则重新计分", "quota: 40");
        assertThat(policyAudits()).isEqualTo(audits + 1);
        var entry = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("SCORING_POLICY"))
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(roundId))).orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchOne();
        assertThat(entry.getActor()).isEqualTo("pg-eva");
        assertThat(entry.getReason()).isEqualTo("市政府办要求优秀比例为 40%");
        assertThat(entry.getBeforeJson()).contains("\"quotaPercent\":30");
        assertThat(entry.getAfterJson()).contains("\"quotaPercent\":40");
        // 40% of 11 is 4: pg-gov-03 now gets 优秀; 40% of 14 is 5: pg-dep-04 too
        assertThat(graded("优秀")).contains("pg-gov-03", "pg-dep-04").hasSize(9);
    }

    @Test
    @Order(4)
    void theFormReadsOnADesktopAndOnAPhone() throws Exception {
        assertThat(Browser.available()).as("headless Chromium and chromedriver").isTrue();
        try (Browser browser = new Browser(port)) {
            browser.login("pg-eva", PASSWORD);
            for (int width : new int[] {1440, 390}) {
                browser.driver.manage().window().setSize(new Dimension(width, 1000));
                browser.open(policyPath());
                assertThat(browser.driver.findElement(By.id("policy-yaml")).isDisplayed()).isTrue();
                assertThat(browser.driver.findElement(By.id("policy-reason")).isDisplayed()).isTrue();
                assertThat(browser.driver.findElement(By.id("policy-improvement")).getText()).contains("待改进");
                Number overflow = (Number) browser.script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(overflow.intValue()).as("horizontal overflow at " + width + " px").isLessThanOrEqualTo(0);
                Number textarea = (Number) browser.script(
                        "return document.getElementById('policy-yaml').getBoundingClientRect().right");
                assertThat(textarea.intValue()).as("the YAML box fits the window at " + width + " px")
                        .isLessThanOrEqualTo(width);
                browser.screenshot("policy-" + width);
                browser.script("document.getElementById('policy-form').scrollIntoView()");
                browser.screenshot("policy-form-" + width);
                browser.open("/dashboard?round=" + roundId);
                browser.waitFor(d -> d.findElements(By.id("improvement-list")).size() == 1);
                assertThat(browser.driver.findElement(By.id("grade-legend")).getText())
                        .contains("优秀", "良好", "合格", "不合格", "待改进");
                browser.screenshot("dashboard-policy-" + width);
            }
        }
    }

    @Test
    @Order(5)
    void thePolicyIsFrozenOncePublishedAndThePublishedGradesAreItsOwn() throws Exception {
        WebSession evaluator = evaluator();
        // the 待评 county is scored (94): the round is complete and can be published
        score("pg-gov-10", "zzbz-rc-01", "1.2", "DEPARTMENT", false, LocalDateTime.of(2026, 11, 30, 9, 30));
        assertThat(evaluator.post("/workbench/rounds/" + roundId + "/rescore", "x=1").statusCode()).isEqualTo(302);
        assertThat(grades().get("pg-gov-10")).isNotEqualTo("待评");
        assertThat(evaluator.post("/workbench/rounds/" + roundId + "/move", "target=FEEDBACK&reason=x").statusCode())
                .isEqualTo(302);
        assertThat(evaluator.post("/workbench/rounds/" + roundId + "/move", "target=FINAL&reason=发布").statusCode())
                .isEqualTo(302);
        assertThat(dsl.fetchExists(RESULT_SNAPSHOT, RESULT_SNAPSHOT.ROUND_ID.eq(roundId))).isTrue();
        // the snapshot holds the policy's grades
        Map<String, String> published = new TreeMap<>();
        dsl.select(UNIT.CODE, RESULT_SNAPSHOT_UNIT.GRADE).from(RESULT_SNAPSHOT_UNIT)
                .join(RESULT_SNAPSHOT).on(RESULT_SNAPSHOT.ID.eq(RESULT_SNAPSHOT_UNIT.SNAPSHOT_ID))
                .join(UNIT).on(UNIT.ID.eq(RESULT_SNAPSHOT_UNIT.UNIT_ID))
                .where(RESULT_SNAPSHOT.ROUND_ID.eq(roundId)).forEach(r -> published.put(r.value1(), r.value2()));
        assertThat(published).isEqualTo(grades());
        assertThat(published.values()).contains("待改进").doesNotContain("待评");

        RoundPolicy before = new RoundPolicies(dsl).load(roundId);
        int audits = policyAudits();
        HttpResponse<String> refused = evaluator.post(policyPath(), form(POLICY, "发布后再改"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("该轮次的评估结果已发布，评分规则已冻结，不能修改");
        assertThat(new RoundPolicies(dsl).load(roundId)).isEqualTo(before);
        assertThat(policyAudits()).isEqualTo(audits);
        String page = evaluator.get(policyPath()).body();
        assertThat(page).contains("id=\"policy-frozen\"", "readonly").doesNotContain("id=\"policy-reason\"");
    }
}
