package cn.gongkai.evaluator.catalog;

import static cn.gongkai.evaluator.catalog.Systems.FIRST_CHECKERS;
import static cn.gongkai.evaluator.catalog.Systems.area;
import static cn.gongkai.evaluator.catalog.Systems.indicator;
import static cn.gongkai.evaluator.catalog.Systems.point;
import static cn.gongkai.evaluator.catalog.Systems.small;
import static cn.gongkai.evaluator.catalog.Systems.system;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.catalog.IndicatorSystemValidator.Position;
import cn.gongkai.evaluator.catalog.IndicatorSystemValidator.Problem;
import cn.gongkai.evaluator.catalog.Systems.PointBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndicatorSystemValidatorTest {

    private final IndicatorSystemValidator validator = new IndicatorSystemValidator(FIRST_CHECKERS);

    @Test
    void aValidSystemHasNoProblems() {
        assertThat(validator.validate(small())).isEmpty();
    }

    @Test
    void duplicateCodesAreReportedAtTheSecondOccurrence() {
        var problems = validator.validate(system(
                area("a1", "信息公开", indicator("i1", 60, point("p1", 30), point("p2", 30))),
                area("a1", "平台建设", indicator("i1", 40, point("p1", 40)))));
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "区域 a1：区域代码 a1 重复：同一指标体系中的区域代码必须唯一",
                "指标 i1：指标代码 i1 重复：同一指标体系中的指标代码必须唯一",
                "评估点 p1：评估点代码 p1 重复：同一指标体系中的评估点代码必须唯一");
        assertThat(problems).extracting(Problem::position)
                .containsExactly(new Position(1, -1, -1), new Position(1, 0, -1), new Position(1, 0, 0));
    }

    @Test
    void anIndicatorsPointsMustAddUpToItsMaximumAndTheSystemTo100() {
        var problems = validator.validate(system(
                area("a1", "信息公开", indicator("i1", 60, point("p1", 30), point("p2", 20))),
                area("a2", "平台建设", indicator("i2", 40, point("p3", 40)))));
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "指标 i1：非加分评估点的分值合计为 50，与指标满分 60 不一致",
                "指标体系：非加分评估点的分值合计应为 100，实际为 90");
    }

    @Test
    void bonusPointsStayOutsideTheSumsAndABonusOnlyIndicatorIsTheirSum() {
        var valid = system(
                area("a1", "信息公开", indicator("i1", 60, point("p1", 30), point("p2", 30), point("b0", 5).bonus())),
                area("a2", "平台建设", indicator("i2", 40, point("p3", 40)),
                        indicator("jf", 2, point("b1", 1).bonus(), point("b2", 1).bonus())));
        assertThat(validator.validate(valid)).isEmpty();
        var wrong = system(area("a1", "信息公开", indicator("i1", 100, point("p1", 100)),
                indicator("jf", 3, point("b1", 1).bonus())));
        assertThat(validator.validate(wrong)).extracting(Problem::message)
                .containsExactly("加分评估点的分值合计为 1，与指标满分 3 不一致");
    }

    @Test
    void unknownRulesMethodsAndUnitTypesAreNamed() {
        assertThat(problemsOf(point("p", 100).rule("LINEAR", Map.of())))
                .containsExactly("未知的计分规则“LINEAR”，应为 BINARY、GRADED、PROPORTIONAL 或 DEDUCTION");
        assertThat(problemsOf(point("p", 100).method("ROBOT")))
                .containsExactly("未知的评估方式“ROBOT”，应为 AUTO、ASSISTED、MANUAL 或 DEPARTMENT");
        assertThat(problemsOf(point("p", 100).appliesTo(List.of("COUNTY_GOVERNMENT", "VILLAGE"))))
                .containsExactly("未知的单位类型“VILLAGE”，应为 COUNTY_GOVERNMENT、DEPARTMENT 或 TOWNSHIP");
        assertThat(problemsOf(point("p", 100).appliesTo(List.of())))
                .containsExactly("未指定适用的单位类型（COUNTY_GOVERNMENT、DEPARTMENT、TOWNSHIP）");
        assertThat(problemsOf(point("p", 100).rule(null, Map.of()).method(null))).containsExactly(
                "缺少计分规则（BINARY、GRADED、PROPORTIONAL 或 DEDUCTION）",
                "缺少评估方式（AUTO、ASSISTED、MANUAL 或 DEPARTMENT）");
    }

    @Test
    void machineCheckedPointsNeedAKnownCheckerAndPeopleScoredPointsNone() {
        assertThat(problemsOf(point("p", 100).method("AUTO")))
                .containsExactly("评估方式为 AUTO 的评估点必须指定检查器");
        assertThat(problemsOf(point("p", 100).method("ASSISTED").checker("not-a-checker")))
                .containsExactly("未知的检查器“not-a-checker”");
        assertThat(problemsOf(point("p", 100).method("MANUAL").checker("homepage-update")))
                .containsExactly("评估方式为 MANUAL 的评估点由人工评分，不能指定检查器“homepage-update”");
        assertThat(problemsOf(point("p", 100).method("DEPARTMENT").params(Map.of("maxDays", 14))))
                .containsExactly("评估方式为 DEPARTMENT 的评估点不应有检查参数");
        // The set passed in is the whole truth: a real checker unknown to it is unknown.
        assertThat(new IndicatorSystemValidator(java.util.Set.of()).validate(small())).extracting(Problem::message)
                .containsExactly("未知的检查器“homepage-update”");
    }

    @Test
    void checkerThresholdsMustBeNonNegativeNumbersAndRatiosFractions() {
        assertThat(problemsOf(auto("homepage-update", Map.of("maxDays", "两周"))))
                .containsExactly("检查参数 maxDays 应为数字，实际为“两周”");
        assertThat(problemsOf(auto("homepage-update", Map.of("maxDays", "14"))))
                .containsExactly("检查参数 maxDays 应为数字，实际为“14”");
        assertThat(problemsOf(auto("dead-links", Map.of("maxDepth", -1))))
                .containsExactly("检查参数 maxDepth 不能为负数，实际为 -1");
        assertThat(problemsOf(auto("site-availability",
                Map.of("minProbesPerDay", 20, "failureRatio", 5, "loadTimeoutSeconds", 15))))
                .containsExactly("检查参数 failureRatio 是比例，应在 0 到 1 之间，实际为 5");
        assertThat(problemsOf(auto("column-update", Map.of("columnTypes", List.of("NEWS", "BLOG"), "maxDays", 14))))
                .singleElement().asString().startsWith("检查参数 columnTypes 中有未知的栏目类型“BLOG”");
        assertThat(problemsOf(auto("column-update", Map.of("columnTypes", List.of(), "maxDays", 14))))
                .containsExactly("检查参数 columnTypes 是空列表");
    }

    @Test
    void gradedLevelsAreAscendingFractionsEndingAtFullMarks() {
        assertThat(problemsOf(graded(List.of(0, 0.5, 1), List.of("未公开", "不易找到", "易找到")))).isEmpty();
        assertThat(problemsOf(graded(List.of(0, 1, 0.5), null)))
                .containsExactly("分档 levels 应由低到高严格递增：[0, 1, 0.5]");
        assertThat(problemsOf(graded(List.of(0, 1.5), null)))
                .containsExactly("分档 levels 中的“1.5”不是 0 到 1 之间的比例");
        assertThat(problemsOf(graded(List.of(0, 0.5), null)))
                .containsExactly("分档 levels 的最高一档应为 1（满分），实际为 0.5");
        assertThat(problemsOf(graded(List.of(0, "半", 1), null)))
                .containsExactly("分档 levels 中的“半”不是 0 到 1 之间的比例");
        assertThat(problemsOf(graded(List.of(0, 1), List.of("未公开"))))
                .containsExactly("分档 labels 应为与 levels 一一对应的文字说明");
        assertThat(problemsOf(point("p", 100).rule("GRADED", Map.of()))).singleElement().asString()
                .startsWith("分档计分（GRADED）需要计分参数 levels");
    }

    @Test
    void deductionsNeedAPositiveAmountAndACapWithinTheMaximum() {
        assertThat(problemsOf(point("p", 100).rule("DEDUCTION", Map.of("perViolation", 1, "cap", 5)))).isEmpty();
        assertThat(problemsOf(point("p", 100).rule("DEDUCTION", Map.of("perViolation", 0, "cap", 5))))
                .containsExactly("扣分计分（DEDUCTION）需要计分参数 perViolation（每处扣分）且大于 0，实际为 “0”");
        assertThat(problemsOf(point("p", 100).rule("DEDUCTION", Map.of("perViolation", 1))))
                .containsExactly("扣分计分（DEDUCTION）需要计分参数 cap（扣分上限）且大于 0，实际为 空");
        assertThat(problemsOf(point("p", 100).rule("DEDUCTION", Map.of("perViolation", 1, "cap", 120))))
                .containsExactly("扣分上限 cap 120 超过了评估点分值 100");
        assertThat(problemsOf(point("p", 100).rule("DEDUCTION", Map.of("perViolation", "一分", "cap", 5))))
                .containsExactly("扣分计分（DEDUCTION）需要计分参数 perViolation（每处扣分）且大于 0，实际为 “一分”");
    }

    @Test
    void proportionalThresholdsAreOrderedFractionsAndUnknownRuleParamsAreNamed() {
        assertThat(problemsOf(point("p", 100).rule("PROPORTIONAL", Map.of("zeroAt", 0.6, "fullAt", 1)))).isEmpty();
        assertThat(problemsOf(point("p", 100).rule("PROPORTIONAL", Map.of("zeroAt", 0.9, "fullAt", 0.5))))
                .containsExactly("比例计分参数 zeroAt（0.9）应小于 fullAt（0.5）");
        assertThat(problemsOf(point("p", 100).rule("PROPORTIONAL", Map.of("fullAt", -0.5))))
                .containsExactly("比例计分参数 fullAt 应为 0 到 1 之间的比例，实际为 “-0.5”");
        assertThat(problemsOf(point("p", 100).rule("BINARY", Map.of("levels", List.of(0, 1)))))
                .containsExactly("计分规则 BINARY 不需要计分参数，却有“levels”");
        assertThat(problemsOf(point("p", 100).rule("DEDUCTION", Map.of("perViolation", 1, "cap", 5, "max", 3))))
                .containsExactly("计分规则 DEDUCTION 没有名为“max”的计分参数，可用的有 cap、perViolation");
    }

    @Test
    void vetoNeedsAReasonAndAReasonNeedsVeto() {
        assertThat(problemsOf(point("p", 100).veto(true, null))).containsExactly("单项否决项必须写明否决理由");
        assertThat(problemsOf(point("p", 100).veto(true, " "))).containsExactly("单项否决项必须写明否决理由");
        assertThat(problemsOf(point("p", 100).veto(false, "首页两周未更新")))
                .containsExactly("填写了否决理由，但未标为单项否决项");
    }

    @Test
    void codesScoresAndTextsFitTheSchema() {
        assertThat(problemsOf(point("评估点一", 100))).singleElement().asString()
                .startsWith("评估点代码“评估点一”只能由字母、数字、点、下划线和连字符组成");
        assertThat(problemsOf(point("p", 100).text("长".repeat(1001))))
                .containsExactly("评估点内容过长：1001 个字符，最多 1000 个");
        assertThat(validator.validate(system(area("a", "区域", indicator("i", 100, point("p", 100.0001))))))
                .extracting(Problem::message).contains("分值 100.0001 超出范围：最多三位小数，不超过 99999.999");
        assertThat(validator.validate(system(area("a", "区域", indicator("i", 100, point("p", 0), point("q", 100))))))
                .extracting(Problem::message).containsExactly("分值应大于 0，实际为 0");
        assertThat(validator.validate(new IndicatorSystemDefinition(" ", 0, null, List.of())))
                .extracting(Problem::message)
                .containsExactly("缺少指标体系代码", "版本号应为正整数，实际为 0", "缺少指标体系名称", "没有任何区域");
    }

    @Test
    void everyProblemIsReportedInOnePass() {
        var problems = validator.validate(system(
                area("a1", "信息公开", indicator("i1", 60,
                        point("p1", 30).method("AUTO"),
                        point("p2", 30).veto(true, null).appliesTo(List.of()))),
                area("a2", "平台建设", indicator("i2", 40, point("p1", 40).rule("FOO", Map.of())))));
        assertThat(problems).extracting(Problem::where).containsExactly("评估点 p1", "评估点 p2", "评估点 p2",
                "评估点 p1", "评估点 p1");
        assertThat(problems).hasSize(5);
    }

    private List<String> problemsOf(PointBuilder point) {
        return validator.validate(system(area("a", "区域", indicator("i", 100, point)))).stream()
                .map(Problem::message).toList();
    }

    private static PointBuilder auto(String checker, Map<String, Object> params) {
        return point("p", 100).method("AUTO").checker(checker).params(params);
    }

    private static PointBuilder graded(List<Object> levels, List<String> labels) {
        Map<String, Object> params = labels == null ? Map.of("levels", levels) : Map.of("levels", levels, "labels", labels);
        return point("p", 100).rule("GRADED", params);
    }
}
