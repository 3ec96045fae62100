package cn.gongkai.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgreementTest {

    private static List<Agreement.Pair> pairs(int passPass, int passFail, int failPass, int failFail) {
        List<Agreement.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < passPass; i++) {
            pairs.add(new Agreement.Pair("PASS", "PASS"));
        }
        for (int i = 0; i < passFail; i++) {
            pairs.add(new Agreement.Pair("PASS", "FAIL"));
        }
        for (int i = 0; i < failPass; i++) {
            pairs.add(new Agreement.Pair("FAIL", "PASS"));
        }
        for (int i = 0; i < failFail; i++) {
            pairs.add(new Agreement.Pair("FAIL", "FAIL"));
        }
        return pairs;
    }

    @Test
    void matchesAHandComputedTwoCategoryCase() {
        // 100 findings: 70 (+,+), 10 (+,-), 5 (-,+), 15 (-,-). By hand: pi(+) = (80 + 75) / 200 = 0.775,
        // pe = (0.775 * 0.225 + 0.225 * 0.775) / (2 - 1) = 0.34875, AC1 = (0.85 - 0.34875) / 0.65125 = 0.7697.
        Agreement agreement = Agreement.of(pairs(70, 10, 5, 15), Set.of("PASS", "FAIL"));
        assertThat(agreement.pairs()).isEqualTo(100);
        assertThat(agreement.percent()).isCloseTo(0.85, within(1e-9));
        assertThat(agreement.ac1()).isCloseTo(0.7697, within(1e-4));
    }

    @Test
    void perfectAgreementIsOneAndHighPrevalenceDoesNotCollapse() {
        assertThat(Agreement.of(pairs(9, 0, 0, 1), Set.of("PASS", "FAIL")).ac1()).isCloseTo(1.0, within(1e-9));
        // 18 of 20 passes agreed, one disagreement each way: kappa would be about -0.05; AC1 stays high.
        Agreement skewed = Agreement.of(pairs(18, 1, 1, 0), Set.of("PASS", "FAIL"));
        assertThat(skewed.percent()).isCloseTo(0.9, within(1e-9));
        assertThat(skewed.ac1()).isGreaterThan(0.85);
    }

    @Test
    void noPairsGiveNoFigures() {
        assertThat(Agreement.of(List.of(), Set.of("PASS")).percent()).isNaN();
    }
}
