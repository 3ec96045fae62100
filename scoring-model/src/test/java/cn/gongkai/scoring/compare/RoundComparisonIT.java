package cn.gongkai.scoring.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.gongkai.scoring.GradingPolicy;
import cn.gongkai.scoring.RoundFixture;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.compare.RoundComparison.Basis;
import cn.gongkai.scoring.compare.RoundComparison.Comparison;
import cn.gongkai.scoring.compare.RoundComparison.UnitDelta;
import cn.gongkai.scoring.publish.Publisher;
import cn.gongkai.sql.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

class RoundComparisonIT {

    private final DSLContext dsl = TestDatabase.get().dsl();

    @Test
    void scoreAndRankDeltasAndKendallTauOfTheCommonUnits() {
        TestDatabase.get().reset();
        RoundFixture f = new RoundFixture(dsl);
        long lastYear = f.round();
        long thisYear = f.round();
        long group = f.group("counties", "COUNTY_GOVERNMENT");
        long point = f.point(f.indicator(f.area("a"), "i", "100"), "p", "100").rule("PROPORTIONAL", null).create();
        f.include(lastYear, point);
        f.include(thisYear, point);
        long[] units = new long[5];
        String[] before = {"0.90", "0.80", "0.70", "0.60", null};
        String[] after = {"0.85", "0.90", "0.70", null, "0.75"};
        for (int i = 0; i < units.length; i++) {
            units[i] = f.unit("u" + i, "COUNTY_GOVERNMENT");
            if (before[i] != null) {
                f.enrol(lastYear, units[i], group);
                f.finding(lastYear, units[i], point, "PARTIAL", before[i], null);
            }
            if (after[i] != null) {
                f.enrol(thisYear, units[i], group);
                f.finding(thisYear, units[i], point, "PARTIAL", after[i], null);
            }
        }
        RoundScorer scorer = new RoundScorer(dsl, GradingPolicy.defaults());
        scorer.score(lastYear);
        scorer.score(thisYear);
        RoundComparison comparison = new RoundComparison(dsl);

        Comparison c = comparison.compare(lastYear, thisYear, Basis.WORKING);

        // u0 90 → 85 and rank 1 → 2; u1 80 → 90, rank 2 → 1; u2 70 → 70, rank 3 → 4 (u4 is new at 75)
        assertThat(c.units()).extracting(UnitDelta::unitId).containsExactly(units[1], units[0], units[2]);
        UnitDelta u0 = c.units().get(1);
        assertThat(u0.totalChange()).isEqualByComparingTo("-5");
        assertThat(u0.rankChange()).isEqualTo(-1);
        assertThat(c.units().get(0).rankChange()).isEqualTo(1);
        assertThat(c.units().get(2).rankChange()).isEqualTo(-1);
        assertThat(c.units().get(2).gradeBefore()).isEqualTo("良好");
        assertThat(c.onlyBefore()).containsExactly(units[3]);
        assertThat(c.onlyAfter()).containsExactly(units[4]);
        // common units ranked (1, 2, 3) then (2, 1, 4): one discordant pair of three → tau = 1/3
        assertThat(c.groups()).singleElement().satisfies(g -> {
            assertThat(g.commonUnits()).isEqualTo(3);
            assertThat(g.kendallTau().getAsDouble()).isCloseTo(1.0 / 3, within(1e-12));
        });
        assertThat(c.overallKendallTau().getAsDouble()).isCloseTo(1.0 / 3, within(1e-12));

        assertThatThrownBy(() -> comparison.compare(lastYear, thisYear, Basis.PUBLISHED))
                .hasMessage("评估轮次 " + lastYear + " 尚未发布结果，无法按已发布结果比较");
        Publisher publisher = new Publisher(dsl);
        publisher.publish(lastYear, "组长", null);
        publisher.publish(thisYear, "组长", null);
        assertThat(comparison.compare(lastYear, thisYear, Basis.PUBLISHED).units()).isEqualTo(c.units());
    }
}
