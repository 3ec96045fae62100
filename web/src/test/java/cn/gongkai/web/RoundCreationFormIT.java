package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition;
import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 17 item 3: a round created from the workbench form rather than YAML. In Chromium at 1440 px the evaluator
 * names the round, leaves one area's points out, adds a group, takes over an earlier round's policy and sets the crawl;
 * the stored round has exactly that. Bad fields come back in Chinese with the form as typed and store nothing; a policy
 * of another indicator system is refused; the form fits a 390 px phone; leaders and counties cannot post it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoundCreationFormIT {

    private static final String PASSWORD = "test-password-1";
    private static Path home;

    @Autowired RoundImporter importer;
    @Autowired DSLContext dsl;
    @Autowired UserAccounts accounts;
    @LocalServerPort int port;

    private long sourceRound;
    private long foundationRound;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-round-form");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void accountsAndEarlierRounds() {
        accounts.create("test", "rf-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "rf-lead", "市领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        String source = """
                name: 上一轮区县评估
                indicatorSystem: default
                groups: [{code: rf-counties, name: 区县政府, unitType: COUNTY_GOVERNMENT}]
                policy:
                  grades: [{grade: 优秀, min: 88, quota: 30}, {grade: 良好, min: 75}, {grade: 合格, min: 60}]
                  weights: {thirdParty: 80, supervision: 20, publicEvaluation: 0}
                  pointPools: {xxgk-pt-01: SUPERVISION, %s: SUPERVISION}
                  bonusCap: 3
                """.formatted(firstPointOf("回应关切"));
        sourceRound = importer.importRound(RoundDefinition.parse(source, null), source);
        String foundation = """
                name: 基础指标轮次
                indicatorSystem: foundation
                groups: [{code: rf-counties, name: 区县政府, unitType: COUNTY_GOVERNMENT}]
                """;
        foundationRound = importer.importRound(RoundDefinition.parse(foundation, null), foundation);
    }

    @Test
    void anEvaluatorCreatesARoundInTheFormAndGetsExactlyWhatSheChose() throws Exception {
        if (!Browser.available()) {
            return;
        }
        int areaPoints = pointsOf("回应关切").size();
        try (Browser browser = new Browser(port)) {
            browser.login("rf-eva", PASSWORD);
            browser.driver.manage().window().setSize(new Dimension(1440, 1000));
            browser.open("/workbench#new-round");
            WebElement form = browser.driver.findElement(By.cssSelector("form.round-form"));
            form.findElement(By.id("rf-name")).sendKeys("2027年第一季度区县政务公开评估");
            setDate(browser, "rf-reference", "2027-03-31");
            setDate(browser, "rf-start", "2027-01-01");
            setDate(browser, "rf-end", "2027-03-31");
            // Only the default system's lists show; leave 回应关切 out.
            assertThat(browser.driver.findElement(By.cssSelector("details.point-list[data-system=foundation]"))
                    .isDisplayed()).isFalse();
            WebElement list = browser.driver.findElement(By.cssSelector("details.point-list[data-system=default]"));
            list.findElement(By.tagName("summary")).click();
            WebElement area = list.findElements(By.cssSelector("fieldset.area-points")).stream()
                    .filter(f -> f.findElement(By.tagName("legend")).getText().startsWith("回应关切")).findFirst()
                    .orElseThrow();
            area.findElement(By.cssSelector("button.tick-none")).click();
            assertThat(browser.driver.findElement(By.cssSelector("input[name=pointScope][value=selected]"))
                    .isSelected()).as("unticking a point narrows the round").isTrue();
            // A third group in the empty row, a fourth from the button.
            browser.driver.findElement(By.id("groups2.code")).sendKeys("rf-towns");
            browser.driver.findElement(By.id("groups2.name")).sendKeys("乡镇街道");
            new Select(browser.driver.findElement(By.id("groups2.unitType"))).selectByVisibleText("乡镇（街道）");
            browser.driver.findElement(By.cssSelector("button.add-group")).click();
            browser.driver.findElement(By.name("groups[3].code")).sendKeys("rf-parks");
            browser.driver.findElement(By.name("groups[3].name")).sendKeys("开发区管委会");
            new Select(browser.driver.findElement(By.name("groups[3].unitType"))).selectByVisibleText("政府部门");
            // The earlier round of another system is not offered; choosing the source selects "copy".
            Select policySource = new Select(browser.driver.findElement(By.name("policyFrom")));
            assertThat(policySource.getOptions().stream().filter(o -> !"true".equals(o.getDomProperty("hidden")))
                    .map(WebElement::getText))
                    .noneMatch(t -> t.contains("基础指标轮次"));
            policySource.selectByValue(String.valueOf(sourceRound));
            assertThat(browser.driver.findElement(By.cssSelector("input[name=policy][value=copy]")).isSelected()).isTrue();
            WebElement delay = browser.driver.findElement(By.id("rf-delay"));
            delay.clear();
            delay.sendKeys("2000");
            WebElement lists = browser.driver.findElement(By.id("rf-list"));
            lists.clear();
            lists.sendKeys("200");
            browser.driver.findElement(By.name("allowPrivateAddresses")).click();
            browser.script("document.querySelector('#new-round').scrollIntoView()");
            browser.screenshot("round-form-1440");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitFor(d -> d.getCurrentUrl().contains("/units"));
            assertThat(browser.driver.findElement(By.tagName("main")).getText())
                    .contains("已新建评估轮次「2027年第一季度区县政务公开评估」（草稿）");
        }

        var round = dsl.selectFrom(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.NAME.eq("2027年第一季度区县政务公开评估")).fetchSingle();
        assertThat(round.getStatus()).isEqualTo("DRAFT");
        assertThat(round.getReferenceDate()).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(round.getPeriodStart()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(round.getPeriodEnd()).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(round.getCrawlDelayMs()).isEqualTo(2000);
        assertThat(round.getCrawlMaxListPages()).isEqualTo(200);
        assertThat(round.getCrawlMaxDepth()).isEqualTo(2);
        assertThat(round.getAllowPrivateAddresses()).isTrue();
        assertThat(round.getConfirmVetoes()).isTrue();
        List<String> areas = dsl.selectDistinct(INDICATOR_AREA.NAME).from(ROUND_POINT)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .join(INDICATOR).on(INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .join(INDICATOR_AREA).on(INDICATOR_AREA.ID.eq(INDICATOR.AREA_ID))
                .where(ROUND_POINT.ROUND_ID.eq(round.getId())).fetch(INDICATOR_AREA.NAME);
        assertThat(areas).containsExactlyInAnyOrder("信息公开", "政策解读", "平台建设", "组织保障");
        assertThat(dsl.fetchCount(ROUND_POINT, ROUND_POINT.ROUND_ID.eq(round.getId())))
                .isEqualTo(allPointCount() - areaPoints);
        assertThat(dsl.select(UNIT_GROUP.CODE, UNIT_GROUP.UNIT_TYPE).from(UNIT_GROUP)
                .where(UNIT_GROUP.CODE.in("counties", "departments", "rf-towns", "rf-parks")).fetchMap(UNIT_GROUP.CODE,
                        UNIT_GROUP.UNIT_TYPE))
                .containsEntry("rf-towns", "TOWNSHIP").containsEntry("rf-parks", "DEPARTMENT");
        assertThat(RoundDefinition.parse(round.getConfigYaml(), null).groups()).extracting(RoundDefinition.Group::code)
                .containsExactly("counties", "departments", "rf-towns", "rf-parks");

        // The earlier round's policy, less the pooled point the new round does not use.
        RoundPolicy copied = new RoundPolicies(dsl).load(round.getId());
        RoundPolicy original = new RoundPolicies(dsl).load(sourceRound);
        assertThat(copied.grading()).isEqualTo(original.grading());
        assertThat(copied.grading().bands().getFirst().minimum()).isEqualByComparingTo("88");
        assertThat(copied.weights()).isEqualTo(original.weights());
        assertThat(copied.bonusCap()).isEqualByComparingTo(new BigDecimal("3"));
        assertThat(copied.pointPools().keySet()).containsExactly(pointId(round.getId(), "xxgk-pt-01"));
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("ROUND_CREATED")
                .and(AUDIT_LOG.ENTITY_ID.eq(String.valueOf(round.getId()))).and(AUDIT_LOG.ACTOR.eq("rf-eva"))))
                .isEqualTo(1);
    }

    @Test
    void badFieldsComeBackInChineseWithTheFormAsTypedAndStoreNothing() throws Exception {
        WebSession evaluator = WebSession.loggedIn(port, "rf-eva", PASSWORD);
        int rounds = dsl.fetchCount(ASSESSMENT_ROUND);
        String groups = "&groups[0].code=rf-x&groups[0].name=" + enc("某区县") + "&groups[0].unitType=COUNTY_GOVERNMENT";
        String[][] refused = {
                {"name=" + enc("错误日期轮次") + "&referenceDate=2027-02-30&indicatorSystem=default" + groups,
                        "检查日不是有效日期"},
                {"name=" + enc("错误数字轮次") + "&indicatorSystem=default&crawlDelayMs=" + enc("一秒") + groups,
                        "抓取间隔应为整数"},
                {"name=" + enc("越界轮次") + "&indicatorSystem=default&crawlDelayMs=600000" + groups,
                        "抓取间隔（crawl.delayMs）须在 0 到 60000 毫秒之间"},
                {"name=" + enc("无评估点轮次") + "&indicatorSystem=default&pointScope=selected&_points=on" + groups,
                        "没有勾选任何评估点"},
                {"name=" + enc("无分组轮次") + "&indicatorSystem=default", "至少需要一个分组"},
                {"name=" + enc("半截周期轮次") + "&indicatorSystem=default&periodStart=2027-01-01" + groups,
                        "评估周期须同时填写开始日和结束日"},
                {"name=" + enc("跨体系轮次") + "&indicatorSystem=default&policy=copy&policyFrom=" + foundationRound
                        + groups, "使用指标体系 foundation，与新轮次的 default 不同"},
                {"name=" + enc("无来源轮次") + "&indicatorSystem=default&policy=copy" + groups, "没有选择轮次"},
                {"name=" + enc("未知体系轮次") + "&indicatorSystem=nope" + groups, "没有名为 nope 的内置指标体系"},
                {"name=" + enc("坏类型轮次") + "&indicatorSystem=default&groups[0].code=a&groups[0].name=b"
                        + "&groups[0].unitType=CITY", "单位类型只能是"},
        };
        for (String[] r : refused) {
            HttpResponse<String> response = evaluator.post("/workbench/rounds/form", r[0]);
            assertThat(response.statusCode()).as(r[1]).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/workbench#new-round");
            String page = evaluator.get("/workbench").body();
            assertThat(page).as(r[1]).contains("未能新建评估轮次", r[1]);
            String typed = java.net.URLDecoder.decode(r[0].substring(5, r[0].indexOf('&')), StandardCharsets.UTF_8);
            assertThat(page).as("the form keeps what was typed").contains("value=\"" + typed + "\"");
        }
        assertThat(dsl.fetchCount(ASSESSMENT_ROUND)).isEqualTo(rounds);

        // Only evaluators create rounds.
        HttpResponse<String> asLeader = WebSession.loggedIn(port, "rf-lead", PASSWORD).post("/workbench/rounds/form",
                "name=" + enc("领导新建") + "&indicatorSystem=default" + groups);
        assertThat(asLeader.statusCode()).isEqualTo(403);
        assertThat(dsl.fetchCount(ASSESSMENT_ROUND)).isEqualTo(rounds);
    }

    @Test
    void theFormFitsAPhone() throws Exception {
        if (!Browser.available()) {
            return;
        }
        try (Browser browser = new Browser(port)) {
            browser.login("rf-eva", PASSWORD);
            browser.driver.manage().window().setSize(new Dimension(390, 900));
            browser.open("/workbench#new-round");
            browser.driver.findElement(By.cssSelector("input[name=pointScope][value=selected]")).click();
            Number overflow = (Number) browser.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
            String text = (String) browser.script("return document.querySelector('#new-round').innerText");
            assertThat(text).doesNotContain("COUNTY_GOVERNMENT", "DEPARTMENT", "TOWNSHIP");
            browser.script("document.querySelector('#new-round').scrollIntoView()");
            browser.screenshot("round-form-390");
        }
    }

    private static void setDate(Browser browser, String id, String value) {
        // A date input's typed format follows the browser's locale; the value property does not.
        browser.script("document.getElementById(arguments[0]).value = arguments[1]", id, value);
    }

    private static List<String> pointsOf(String areaName) {
        return IndicatorSystemDefinition.seed("default").areas().stream().filter(a -> a.name().equals(areaName))
                .flatMap(a -> a.indicators().stream()).flatMap(i -> i.points().stream())
                .map(IndicatorSystemDefinition.Point::code).collect(Collectors.toList());
    }

    private static String firstPointOf(String areaName) {
        return pointsOf(areaName).getFirst();
    }

    private static int allPointCount() {
        return IndicatorSystemDefinition.seed("default").areas().stream().flatMap(a -> a.indicators().stream())
                .mapToInt(i -> i.points().size()).sum();
    }

    private long pointId(long round, String code) {
        return dsl.select(EVALUATION_POINT.ID).from(ROUND_POINT).join(EVALUATION_POINT)
                .on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(round), EVALUATION_POINT.CODE.eq(code)).fetchSingle(EVALUATION_POINT.ID);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
