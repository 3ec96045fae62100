package cn.gongkai.scoring.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KendallTauTest {

    @Test
    void sameOrderIsOneAndReversedIsMinusOne() {
        assertThat(KendallTau.tauB(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40}).getAsDouble())
                .isEqualTo(1.0);
        assertThat(KendallTau.tauB(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}).getAsDouble())
                .isEqualTo(-1.0);
    }

    @Test
    void oneSwappedPairOfSix() {
        // pairs: 6, discordant: (2, 3) only → (5 − 1) / 6
        assertThat(KendallTau.tauB(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}).getAsDouble())
                .isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void tiesAreCorrectedForAsTauB() {
        // competition ranks 1, 2, 2, 4 against 1, 2, 3, 4: 5 concordant, 1 pair tied in x only
        // tau-b = 5 / sqrt((6 − 1) × (6 − 0)) = 0.912870929...
        assertThat(KendallTau.tauB(new double[] {1, 2, 2, 4}, new double[] {1, 2, 3, 4}).getAsDouble())
                .isCloseTo(5 / Math.sqrt(30), within(1e-12));
        // ties on both sides, in the same pair: agreement up to ties is still 1
        assertThat(KendallTau.tauB(new double[] {1, 2, 2, 4}, new double[] {5, 7, 7, 9}).getAsDouble())
                .isCloseTo(1.0, within(1e-12));
        // x = (1, 1, 2, 3), y = (2, 1, 1, 3): C = 3, D = 1, ties x 1, ties y 1 → 2 / 5
        assertThat(KendallTau.tauB(new double[] {1, 1, 2, 3}, new double[] {2, 1, 1, 3}).getAsDouble())
                .isCloseTo(0.4, within(1e-12));
    }

    @Test
    void undefinedWhenEverythingTiesOrTooFewUnits() {
        assertThat(KendallTau.tauB(new double[] {3, 3, 3}, new double[] {1, 2, 3})).isEmpty();
        assertThat(KendallTau.tauB(new double[] {1}, new double[] {1})).isEmpty();
        assertThat(KendallTau.tauB(new double[0], new double[0])).isEmpty();
        assertThatThrownBy(() -> KendallTau.tauB(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
