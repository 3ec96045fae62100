package cn.gongkai.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.scoring.GradingPolicy.Band;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradingPolicyTest {

    @Test
    void bandsAreTriedFromTheHighestDown() {
        GradingPolicy policy = new GradingPolicy(List.of(new Band(new BigDecimal("60"), "合格"),
                new Band(new BigDecimal("90"), "优秀"), new Band(new BigDecimal("75"), "良好")), "待改进", null);
        assertThat(policy.bands()).extracting(Band::grade).containsExactly("优秀", "良好", "合格");
    }

    @Test
    void theDefaultsAreTheCommonFourGrades() {
        GradingPolicy defaults = GradingPolicy.defaults();
        assertThat(defaults.bands()).extracting(Band::minimum).containsExactly(new BigDecimal("90"),
                new BigDecimal("70"), new BigDecimal("60"));
        assertThat(defaults.bands()).allSatisfy(b -> {
            assertThat(b.quotaPercent()).isNull();
            assertThat(b.negativeListAllowed()).isTrue();
        });
        assertThat(defaults.lowestGrade()).isEqualTo("不合格");
        assertThat(defaults.negativeListGrade()).isEqualTo("不合格");
    }

    @Test
    void quotasAreShares() {
        assertThatThrownBy(() -> new Band(BigDecimal.TEN, "优秀", new BigDecimal("120"), true))
                .hasMessage("等级“优秀”的比例上限应在 0 到 100 之间：120");
        assertThatThrownBy(() -> new Band(BigDecimal.TEN, " ", null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
