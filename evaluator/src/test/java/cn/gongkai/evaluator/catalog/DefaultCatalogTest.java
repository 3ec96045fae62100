package cn.gongkai.evaluator.catalog;

import static cn.gongkai.evaluator.catalog.Systems.FIRST_CHECKERS;
import static cn.gongkai.evaluator.catalog.Systems.defaultCatalog;
import static cn.gongkai.evaluator.catalog.Systems.points;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Area;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Point;
import cn.gongkai.evaluator.check.RoundChecker;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DefaultCatalogTest {

    private final IndicatorSystemDefinition catalog = defaultCatalog();

    @Test
    void has139PointsInTheFiveAreasWorth100WithBonusOutside() {
        assertThat(catalog.code()).isEqualTo("default");
        assertThat(catalog.version()).isEqualTo(1);
        assertThat(catalog.name()).contains("139");
        assertThat(catalog.areas()).extracting(Area::name)
                .containsExactly("信息公开", "政策解读", "回应关切", "平台建设", "组织保障");
        assertThat(points(catalog)).hasSize(139);
        assertThat(sum(points(catalog).filter(p -> !p.bonus()).toList())).isEqualByComparingTo("100");
        List<Point> bonus = points(catalog).filter(Point::bonus).toList();
        assertThat(bonus).isNotEmpty().allSatisfy(p -> assertThat(p.veto()).isFalse());
        assertThat(sum(bonus)).isEqualByComparingTo("2");
    }

    @Test
    void areaWeightsAreThoseStatedInTheHeader() {
        Map<String, BigDecimal> weights = catalog.areas().stream().collect(Collectors.toMap(Area::name,
                a -> sum(a.indicators().stream().flatMap(i -> i.points().stream()).filter(p -> !p.bonus()).toList())));
        assertThat(weights).containsOnlyKeys("信息公开", "政策解读", "回应关切", "平台建设", "组织保障");
        assertThat(weights.get("信息公开")).isEqualByComparingTo("35");
        assertThat(weights.get("政策解读")).isEqualByComparingTo("15");
        assertThat(weights.get("回应关切")).isEqualByComparingTo("15");
        assertThat(weights.get("平台建设")).isEqualByComparingTo("25");
        assertThat(weights.get("组织保障")).isEqualByComparingTo("10");
    }

    @Test
    void passesValidationWithTheCheckersOfThisIssue() {
        assertThat(new IndicatorSystemValidator(FIRST_CHECKERS).validate(catalog)).isEmpty();
    }

    /**
     * Fails until every checker the catalog names is registered in {@link RoundChecker#defaultCheckers}: a round
     * on the default catalog cannot run before that, and this test says which checkers are missing.
     */
    @Test
    void everyMachineCheckedPointNamesARegisteredChecker() {
        Set<String> named = points(catalog).filter(DefaultCatalogTest::machineChecked).map(Point::checker)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(RoundChecker.defaultCheckerTypes())
                .as("checkers the default catalog names but RoundChecker does not register")
                .containsAll(named);
        assertThat(new IndicatorSystemValidator(RoundChecker.defaultCheckerTypes()).validate(catalog)).isEmpty();
    }

    @Test
    void machineCheckedPointsUseOnlyTheCheckersOfThisIssueAndPeopleScoreTheRest() {
        assertThat(points(catalog).filter(DefaultCatalogTest::machineChecked))
                .extracting(Point::checker).allMatch(FIRST_CHECKERS::contains);
        // Every checker of this issue is used by at least one point.
        assertThat(points(catalog).map(Point::checker).filter(c -> c != null).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(FIRST_CHECKERS);
        assertThat(points(catalog).filter(p -> !machineChecked(p)))
                .allSatisfy(p -> assertThat(p.checker()).as(p.code()).isNull());
        // A backdated date is only provable by a person reading the evidence: that checker never scores alone.
        assertThat(points(catalog).filter(p -> "backdated-items".equals(p.checker())))
                .isNotEmpty().allSatisfy(p -> assertThat(p.method()).isEqualTo("ASSISTED"));
        // 组织保障 cannot be seen on a website.
        assertThat(catalog.areas().get(4).indicators().stream().flatMap(i -> i.points().stream()))
                .allSatisfy(p -> assertThat(p.method()).isIn("MANUAL", "DEPARTMENT"));
    }

    @Test
    void thresholdsOfTheNationalRulesAreParams() {
        assertThat(point("ptjs-gx-01").params()).isEqualTo(Map.of("maxDays", 14));
        assertThat(point("ptjs-ky-01").params())
                .isEqualTo(Map.of("minProbesPerDay", 20, "failureRatio", 0.05, "loadTimeoutSeconds", 15));
        assertThat(point("xxgk-dt-01").params()).isEqualTo(Map.of("columnTypes", List.of("NEWS"), "maxDays", 14));
        assertThat(point("xxgk-dt-03").params())
                .isEqualTo(Map.of("maxWorkingDays", 20, "columnTypes", List.of("POLICY")));
        assertThat(point("ptjs-aq-02").params()).isEqualTo(Map.of("toleranceDays", 1));
        assertThat(point("ptjs-gx-03").params()).isEqualTo(Map.of("maxBlank", 4));
    }

    @Test
    void interpretationAndBudgetDeadlinesAreParams() {
        // local rule: interpretations within 3 working days; 《预算法》第十四条: budgets within 20 days of 批复
        assertThat(point("zcjd-tb-02").params()).containsEntry("maxWorkingDays", 3);
        assertThat(point("xxgk-cz-01").params()).containsEntry("document", "预算").containsEntry("maxDays", 20);
        assertThat(point("xxgk-cz-02").params()).containsEntry("document", "决算").containsEntry("maxDays", 20);
        assertThat(point("zcjd-xs-01").params()).containsEntry("minRatio", 0.3);
        // deduction points read the finding's measured value as a count of violations
        assertThat(List.of(point("zcjd-tb-02"), point("zcjd-tb-03")))
                .allSatisfy(p -> assertThat(p.scoringRule()).isEqualTo("DEDUCTION"));
    }

    @Test
    void theVetoItemsOfTheNationalRulesAreVetoPointsWithReasons() {
        List<Point> vetoes = points(catalog).filter(Point::veto).toList();
        assertThat(vetoes).allSatisfy(p -> assertThat(p.vetoReason()).as(p.code()).isNotBlank());
        assertThat(vetoes).extracting(Point::checker).contains("homepage-update", "site-availability",
                "blank-columns", "backdated-items");
        assertThat(vetoes).extracting(Point::vetoReason).anyMatch(r -> r.contains("严重表述错误"))
                .anyMatch(r -> r.contains("3 个月未答复")).anyMatch(r -> r.contains("在线咨询"))
                .anyMatch(r -> r.contains("政务新媒体超过 2 周未更新")).anyMatch(r -> r.contains("无在线服务"))
                .anyMatch(r -> r.contains("栏目长期不更新"));
        assertThat(points(catalog).filter(p -> !p.veto())).allSatisfy(p -> assertThat(p.vetoReason()).isNull());
    }

    @Test
    void annualReportDeadlinesDifferByUnitType() {
        Point departments = point("xxgk-nb-01");
        Point governments = point("xxgk-nb-02");
        assertThat(departments.text()).contains("1 月 31 日");
        assertThat(departments.appliesTo()).containsExactlyInAnyOrder("DEPARTMENT", "TOWNSHIP");
        assertThat(governments.text()).contains("3 月 31 日");
        assertThat(governments.appliesTo()).containsExactly("COUNTY_GOVERNMENT");
    }

    @Test
    void everyUnitTypeIsScoredInEveryArea() {
        for (String type : Systems.ALL_UNITS) {
            for (Area area : catalog.areas()) {
                assertThat(area.indicators().stream().flatMap(i -> i.points().stream())
                        .filter(p -> !p.bonus() && p.appliesTo().contains(type)))
                        .as(type + " in " + area.name()).isNotEmpty();
            }
        }
    }

    @Test
    void everyPointTellsTheUnitHowToFixIt() {
        assertThat(points(catalog)).allSatisfy(p -> {
            assertThat(p.howToFix()).as(p.code()).isNotBlank();
            assertThat(p.text()).as(p.code()).matches(".*\\p{IsHan}.*");
        });
    }

    @Test
    void everySeedCodeNamesASeedFileOfThatCode() {
        for (String code : IndicatorSystemDefinition.SEED_CODES) {
            assertThat(IndicatorSystemDefinition.seed(code).code()).isEqualTo(code);
        }
    }

    @Test
    void theFoundationSystemOfTheDemoIsUnchanged() {
        IndicatorSystemDefinition foundation = IndicatorSystemDefinition.seed("foundation");
        assertThat(foundation.code()).isEqualTo("foundation");
        assertThat(points(foundation)).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("homepage-update");
            assertThat(p.checker()).isEqualTo("homepage-update");
            assertThat(p.params()).isEqualTo(Map.of("maxDays", 14));
            assertThat(p.ruleParams()).isEmpty();
            assertThat(p.veto()).isTrue();
        });
    }

    private Point point(String code) {
        return points(catalog).filter(p -> p.code().equals(code)).findFirst().orElseThrow();
    }

    private static boolean machineChecked(Point point) {
        return point.method().equals("AUTO") || point.method().equals("ASSISTED");
    }

    private static BigDecimal sum(List<Point> points) {
        return points.stream().map(Point::maxScore).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
