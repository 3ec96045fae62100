package cn.gongkai.web.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.scoring.GradingPolicy;
import cn.gongkai.scoring.RoundPolicy;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy block: what it stores, how a stored policy reads back as the block, and what it refuses. */
class PolicyDefinitionTest {

    private static final String BLOCK = """
            policy:
              grades:
                - {grade: 优秀, min: 90, quota: 20, negativeList: false}
                - {grade: 达标, min: 60}
              lowestGrade: 未达标
              improvement: {grade: 待改进, below: 70, quota: 10}
              negativeListGrade: 不合格
              weights: {thirdParty: 70, supervision: 30}
              pointPools: {p-2: PUBLIC}
              bonusThreshold: 80
              bonusCap: 10
              vetoScoreCap: 59
              composites:
                - unit: county
                  parts:
                    - {label: 区县政府, weight: 50, units: [gov]}
                    - {label: 部门, weight: 50, units: [d1, d2]}
            """;
    private static final Map<String, Long> UNITS = Map.of("county", 1L, "gov", 2L, "d1", 3L, "d2", 4L);
    private static final Map<String, Long> POINTS = Map.of("p-1", 11L, "p-2", 12L);

    private static PolicyDefinition parse(String yaml) {
        return PolicyDefinition.parseBlock(yaml, UNITS::containsKey, POINTS::containsKey);
    }

    @Test
    void aBlockBecomesTheRoundsPolicyAndReadsBackTheSame() {
        RoundPolicy policy = parse(BLOCK).toPolicy(RoundPolicy.defaults(), UNITS, POINTS);
        assertThat(policy.grading().bands()).extracting(GradingPolicy.Band::grade).containsExactly("优秀", "达标");
        assertThat(policy.grading().bands().getFirst().negativeListAllowed()).isFalse();
        assertThat(policy.grading().lowestGrade()).isEqualTo("未达标");
        assertThat(policy.grading().negativeListGrade()).isEqualTo("不合格");
        assertThat(policy.grading().improvement()).isEqualTo(
                new GradingPolicy.Improvement("待改进", new BigDecimal("70"), new BigDecimal("10")));
        assertThat(policy.weights().publicEvaluation()).isEqualByComparingTo("0");
        assertThat(policy.pointPools()).isEqualTo(Map.of(12L, RoundPolicy.Pool.PUBLIC));
        assertThat(policy.composites().getFirst().parts().get(1).members()).isEqualTo(Set.of(3L, 4L));

        String shown = PolicyDefinition.of(policy, Map.of(1L, "county", 2L, "gov", 3L, "d1", 4L, "d2"),
                Map.of(11L, "p-1", 12L, "p-2")).toYaml();
        assertThat(shown).startsWith("policy:").contains("grade: 优秀", "lowestGrade: 未达标");
        assertThat(parse(shown).toPolicy(RoundPolicy.defaults(), UNITS, POINTS)).isEqualTo(policy);
    }

    @Test
    void withoutANegativeListGradeTheLowestIsForcedUnlessTheBandsDecide() {
        RoundPolicy forced = parse("policy: {lowestGrade: 较差}").toPolicy(RoundPolicy.defaults(), UNITS, POINTS);
        assertThat(forced.grading().negativeListGrade()).isEqualTo("较差");
        assertThat(forced.grading().bands()).isEqualTo(GradingPolicy.defaults().bands());
        RoundPolicy byBands = parse("policy: {gradeNegativeListByBands: true}")
                .toPolicy(RoundPolicy.defaults(), UNITS, POINTS);
        assertThat(byBands.grading().negativeListGrade()).isNull();
        assertThat(parse(PolicyDefinition.of(byBands, Map.of(), Map.of()).toYaml())
                .toPolicy(RoundPolicy.defaults(), UNITS, POINTS)).isEqualTo(byBands);
    }

    @Test
    void everyProblemIsNamedByItsField() {
        assertThatThrownBy(() -> parse("""
                policy:
                  grades:
                    - {grade: 优秀, min: 300, quota: 101}
                    - {grade: '', min: 60}
                  improvement: {grade: 优秀}
                  negativeListGrade: 不合格
                  gradeNegativeListByBands: true
                  weights: {thirdParty: -1}
                  pointPools: {p-9: PUBLIC}
                  composites:
                    - unit: county
                      parts: [{label: 自己, weight: 1, units: [county, nobody]}]
                """)).isInstanceOf(RoundDefinitionException.class).satisfies(e -> assertThat(e.getMessage()).contains(
                "「policy.grades[0].min」分数线须在 0 到 200 分之间，实际为 300",
                "「policy.grades[0].quota」比例上限是组内单位数的百分比，须在 0 到 100 之间，实际为 101",
                "「policy.grades[1].grade」等级名称不能为空",
                "「policy.improvement.grade」待改进类别“优秀”须与各分数段等级和最低等次不同名",
                "「policy.improvement」须给出 below（低于该总分）或 quota（组内末位比例），至少一项",
                "「policy.negativeListGrade」与「policy.gradeNegativeListByBands: true」不能同时给出",
                "「policy.weights.thirdParty」来源权重须在 0 到 1000 之间，实际为 -1",
                "「policy.pointPools.p-9」评估点 p-9 不在本轮次的评估点中",
                "「policy.composites[0].parts[0].units」综合单位不能把自己列为组成单位",
                "「policy.composites[0].parts[0].units」单位 nobody 不在本轮次中"));
        assertThatThrownBy(() -> parse("policy:\n  grades: [{grade: 优秀, min: 九十}]\n"))
                .hasMessageStartingWith("评分规则 YAML 无法解析（位置：policy.grades[0].min）");
        assertThatThrownBy(() -> parse("policy: {lowestGrade: 不合格, colour: red}\n"))
                .hasMessageContaining("（位置：policy.colour）");
    }

    @Test
    void aRoundDefinitionsPolicyNamesOnlyItsOwnUnits() {
        String round = """
                name: 轮次
                indicatorSystem: default
                groups:
                  - code: g
                    name: 区县政府
                    unitType: COUNTY_GOVERNMENT
                    units: [{code: a, name: 甲县}, {code: b, name: 乙县}]
                policy:
                  composites: [{unit: a, parts: [{label: 乙, weight: 1, units: [b, c]}]}]
                """;
        assertThatThrownBy(() -> RoundDefinition.parse(round, null))
                .hasMessageContaining("「policy.composites[0].parts[0].units」单位 c 不在本轮次中");
        assertThat(RoundDefinition.parse(round.replace(", c]", "]"), null).policy().composites()).hasSize(1);
    }
}
