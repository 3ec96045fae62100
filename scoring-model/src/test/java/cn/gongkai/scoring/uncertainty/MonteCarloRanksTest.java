package cn.gongkai.scoring.uncertainty;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.uncertainty.MonteCarloRanks.Cell;
import cn.gongkai.scoring.uncertainty.MonteCarloRanks.Part;
import cn.gongkai.scoring.uncertainty.MonteCarloRanks.Result;
import cn.gongkai.scoring.uncertainty.MonteCarloRanks.Settings;
import cn.gongkai.scoring.uncertainty.MonteCarloRanks.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonteCarloRanksTest {

    private static Unit unit(long id, double... areaScores) {
        return unit(id, false, 0, areaScores);
    }

    /** Two areas, each out of 10, in the third-party pool. */
    private static Unit unit(long id, boolean negative, double bonus, double... areaScores) {
        return new Unit(id, 1, List.of(new Cell(0, 0, areaScores[0], 10), new Cell(1, 0, areaScores[1], 10)), bonus,
                negative, List.of());
    }

    private static Settings settings(int draws, double spread, boolean geometric) {
        return new Settings(2, null, Double.NaN, Double.NaN, draws, spread, 7, geometric);
    }

    @Test
    void withoutPerturbationEveryDrawGivesTheCompetitionRanks() {
        List<Result> results = MonteCarloRanks.run(List.of(unit(1, 10, 10), unit(2, 8, 8), unit(3, 9, 7),
                unit(4, 5, 5)), settings(10, 0, false));
        // totals 100, 80, 80, 50: ranks 1, 2, 2, 4
        assertThat(results).containsExactly(new Result(1, 1, 1, 1), new Result(2, 2, 2, 2), new Result(3, 2, 2, 2),
                new Result(4, 4, 4, 4));
    }

    @Test
    void aUnitAheadInEveryAreaStaysFirstWhileUnitsStrongInDifferentAreasSwap() {
        // 2 is strong in area 0 and 3 in area 1 with the same total: weights decide between them
        List<Result> results = MonteCarloRanks.run(List.of(unit(1, 10, 10), unit(2, 9, 5), unit(3, 5, 9)),
                settings(1000, 0.2, false));
        assertThat(results.get(0)).isEqualTo(new Result(1, 1, 1, 1));
        assertThat(results.get(1).p05Rank()).isEqualTo(2);
        assertThat(results.get(1).p95Rank()).isEqualTo(3);
        assertThat(results.get(2).p05Rank()).isEqualTo(2);
        assertThat(results.get(2).p95Rank()).isEqualTo(3);
        // the same seed gives the same answer
        assertThat(MonteCarloRanks.run(List.of(unit(1, 10, 10), unit(2, 9, 5), unit(3, 5, 9)),
                settings(1000, 0.2, false))).isEqualTo(results);
    }

    @Test
    void theGeometricMeanPunishesAZeroArea() {
        // shares 0.2 and 1.0: arithmetic 60, geometric 100 × sqrt(0.2); a share of 0 counts as 1%
        double[] factors = {1, 1};
        Settings s = settings(1, 0, true);
        assertThat(MonteCarloRanks.total(new Unit(1, 1, List.of(new Cell(0, 0, 2, 10), new Cell(1, 0, 10, 10)), 0,
                false, List.of()), s, factors, new double[3], false)).isEqualTo(60.0);
        assertThat(MonteCarloRanks.total(new Unit(1, 1, List.of(new Cell(0, 0, 2, 10), new Cell(1, 0, 10, 10)), 0,
                false, List.of()), s, factors, new double[3], true)).isEqualTo(44.721); // 100 × sqrt(0.2 × 1)
        assertThat(MonteCarloRanks.total(new Unit(1, 1, List.of(new Cell(0, 0, 0, 10), new Cell(1, 0, 10, 10)), 0,
                false, List.of()), s, factors, new double[3], true)).isEqualTo(10.0); // 100 × sqrt(0.01 × 1)
    }

    @Test
    void bonusThresholdNegativeListCapAndCompositesFollowTheRound() {
        Settings s = new Settings(2, null, 80, 59, 1, 0, 1, false);
        double[] factors = {1, 1};
        assertThat(MonteCarloRanks.total(unit(1, false, 5, 9, 8), s, factors, new double[3], false)).isEqualTo(90.0);
        assertThat(MonteCarloRanks.total(unit(1, false, 5, 7, 8), s, factors, new double[3], false)).isEqualTo(75.0);
        assertThat(MonteCarloRanks.total(unit(1, true, 5, 10, 10), s, factors, new double[3], false)).isEqualTo(59.0);
        // pools: 70% third party at 80%, 30% supervision at 50%
        Unit pooled = new Unit(1, 1, List.of(new Cell(0, 0, 8, 10), new Cell(1, 1, 5, 10)), 0, false, List.of());
        Settings weighted = new Settings(2, new double[] {0.7, 0.3, 0}, Double.NaN, Double.NaN, 1, 0, 1, false);
        assertThat(MonteCarloRanks.total(pooled, weighted, factors, new double[] {0.7, 0.3, 0}, false))
                .isEqualTo(71.0);
        // composite: 50% × 80 + 50% × mean(60, 90)
        Unit composite = new Unit(9, 2, List.of(), 0, false,
                List.of(new Part(50, new int[] {0}), new Part(50, new int[] {1, 2})));
        List<Result> results = MonteCarloRanks.run(List.of(unit(1, 8, 8), unit(2, 6, 6), unit(3, 9, 9), composite,
                new Unit(10, 2, List.of(new Cell(0, 0, 7.8, 10), new Cell(1, 0, 7.7, 10)), 0, false, List.of())),
                settings(1, 0, false));
        // 77.5 against 77.5: tied first in group 2
        assertThat(results.get(3)).isEqualTo(new Result(9, 1, 1, 1));
        assertThat(results.get(4)).isEqualTo(new Result(10, 1, 1, 1));
    }
}
