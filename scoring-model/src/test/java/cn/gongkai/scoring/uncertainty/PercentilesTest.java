package cn.gongkai.scoring.uncertainty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Percentiles.median(new int[] {1, 2, 9})).isEqualTo(2.0);
        assertThat(Percentiles.median(new int[] {1, 2, 3, 9})).isEqualTo(2.5);
        assertThat(Percentiles.median(new int[] {4})).isEqualTo(4.0);
    }

    @Test
    void nearestRankPercentilesOfAThousandDraws() {
        int[] ranks = IntStream.rangeClosed(1, 1000).toArray();
        assertThat(Percentiles.nearestRank(ranks, 0.05)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(ranks, 0.95)).isEqualTo(950);
        int[] twenty = IntStream.rangeClosed(1, 20).toArray();
        assertThat(Percentiles.nearestRank(twenty, 0.05)).isEqualTo(1);
        assertThat(Percentiles.nearestRank(twenty, 0.95)).isEqualTo(19);
        // three draws: 5% is the first, 95% the last
        assertThat(Percentiles.nearestRank(new int[] {2, 3, 7}, 0.05)).isEqualTo(2);
        assertThat(Percentiles.nearestRank(new int[] {2, 3, 7}, 0.95)).isEqualTo(7);
    }
}
