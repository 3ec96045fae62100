package cn.gongkai.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleParamsTest {

    private static final BigDecimal TEN = new BigDecimal("10");

    @Test
    void gradedLevelsBecomePointsInAscendingOrder() {
        RuleParams p = RuleParams.parse("g", "GRADED", TEN, "{\"levels\":[1, 0, 0.5], \"labels\":[\"好\",\"差\",\"中\"]}");
        assertThat(p.levels()).containsExactly(new BigDecimal("0.000"), new BigDecimal("5.000"), new BigDecimal("10.000"));
        assertThat(RuleParams.parse("g", "GRADED", new BigDecimal("3"), "{\"levels\":[0, 0.33333, 1]}").levels())
                .containsExactly(new BigDecimal("0.000"), new BigDecimal("1.000"), new BigDecimal("3.000"));
        assertThat(RuleParams.parse("g", "GRADED", TEN, null).levels())
                .isEqualTo(List.of(new BigDecimal("0.000"), new BigDecimal("10.000")));
    }

    @Test
    void deductionAndProportionalParametersWithTheirDefaults() {
        RuleParams d = RuleParams.parse("d", "DEDUCTION", TEN, "{\"perViolation\":2,\"cap\":6}");
        assertThat(d.perViolation()).isEqualByComparingTo("2");
        assertThat(d.deductionCap()).isEqualByComparingTo("6");
        RuleParams whole = RuleParams.parse("d", "DEDUCTION", TEN, "");
        assertThat(whole.perViolation()).isEqualByComparingTo("10");
        assertThat(whole.deductionCap()).isEqualByComparingTo("10");
        // a cap above the point's maximum is no cap at all
        assertThat(RuleParams.parse("d", "DEDUCTION", TEN, "{\"perViolation\":1,\"cap\":50}").deductionCap())
                .isEqualByComparingTo("10");
        RuleParams p = RuleParams.parse("p", "PROPORTIONAL", TEN, "{\"zeroAt\":0.2}");
        assertThat(p.zeroAt()).isEqualByComparingTo("0.2");
        assertThat(p.fullAt()).isEqualByComparingTo("1");
        assertThat(RuleParams.parse("b", "BINARY", TEN, "{}").levels()).isEmpty();
    }

    @Test
    void badParametersAreRefusedInChineseNamingThePoint() {
        assertThatThrownBy(() -> RuleParams.parse("x1", "WEIGHTED", TEN, null))
                .hasMessage("评估点 x1 的计分规则“WEIGHTED”未知，应为 BINARY、GRADED、PROPORTIONAL 或 DEDUCTION");
        assertThatThrownBy(() -> RuleParams.parse("x2", "GRADED", TEN, "{\"levels\":[0, 1.5]}"))
                .hasMessage("评估点 x2 的分档 levels 中“1.5”不是 0 到 1 之间的比例");
        assertThatThrownBy(() -> RuleParams.parse("x3", "DEDUCTION", TEN, "{\"perViolation\":\"two\"}"))
                .hasMessage("评估点 x3 的计分参数 perViolation 应为数字：\"two\"");
        assertThatThrownBy(() -> RuleParams.parse("x4", "PROPORTIONAL", TEN, "{\"zeroAt\":0.9,\"fullAt\":0.5}"))
                .hasMessage("评估点 x4 的比例计分参数 zeroAt 应小于 fullAt");
        assertThatThrownBy(() -> RuleParams.parse("x5", "DEDUCTION", TEN, "[1]"))
                .hasMessage("评估点 x5 的计分参数应为 JSON 对象：[1]");
        assertThatThrownBy(() -> RuleParams.parse("x6", "DEDUCTION", TEN, "{\"perViolation\":0}"))
                .hasMessage("评估点 x6 的每处扣分 perViolation 应大于 0");
    }
}
