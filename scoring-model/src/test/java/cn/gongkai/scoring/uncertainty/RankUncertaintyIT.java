package cn.gongkai.scoring.uncertainty;

import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY;
import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY_RUN;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.GradingPolicy;
import cn.gongkai.scoring.RoundFixture;
import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.scoring.RoundPolicy.Composite;
import cn.gongkai.scoring.RoundPolicy.Part;
import cn.gongkai.scoring.RoundPolicy.SourceWeights;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.sql.TestDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RankUncertaintyIT {

    private final DSLContext dsl = TestDatabase.get().dsl();
    private RoundFixture f;
    private long round;
    private long county;

    /** 40 units over three areas and two pools, with bonus, vetoes and a composite, random but fixed findings. */
    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        f = new RoundFixture(dsl);
        round = f.round();
        long group = f.group("counties", "COUNTY_GOVERNMENT");
        long composites = f.group("composite", "COUNTY_GOVERNMENT");
        long[] points = {
                f.point(f.indicator(f.area("x"), "x", "40"), "x", "40").rule("PROPORTIONAL", null).create(),
                f.point(f.indicator(f.area("y"), "y", "30"), "y", "30").rule("PROPORTIONAL", null).create(),
                f.point(f.indicator(f.area("z"), "z", "30"), "z", "30").rule("PROPORTIONAL", null)
                        .method("DEPARTMENT").create()};
        long veto = f.point(f.indicator(f.area("v"), "v", "5"), "v", "5").veto().create();
        long bonus = f.point(f.indicator(f.area("b"), "b", "10"), "b", "10").bonus().create();
        f.include(round, points);
        f.include(round, veto, bonus);
        Random random = new Random(42);
        long first = 0;
        for (int u = 0; u < 40; u++) {
            long unit = f.unitIn(round, group, "u" + u, "COUNTY_GOVERNMENT");
            first = u == 0 ? unit : first;
            for (long point : points) {
                f.finding(round, unit, point, "PARTIAL", String.valueOf(random.nextInt(101) / 100.0), null);
            }
            long vetoFinding = f.finding(round, unit, veto, u % 9 == 0 ? "FAIL" : "PASS");
            if (u % 9 == 0) {
                // a veto FAIL counts once an evaluator has confirmed it
                f.review(vetoFinding, "CONFIRM", null, null, 1);
            }
            f.finding(round, unit, bonus, u % 3 == 0 ? "PASS" : "FAIL");
        }
        county = f.unitIn(round, composites, "county", "COUNTY_GOVERNMENT");
        RoundPolicy policy = RoundPolicy.defaults()
                .withWeights(new SourceWeights(new BigDecimal("0.7"), new BigDecimal("0.3"), BigDecimal.ZERO))
                .withBonus(new BigDecimal("60"), null)
                .withVetoScoreCap(new BigDecimal("59"))
                .withComposites(List.of(new Composite(county, List.of(
                        new Part("政府", BigDecimal.ONE, Set.of(first)),
                        new Part("部门", BigDecimal.ONE, Set.of(first + 1, first + 2))))));
        new RoundPolicies(dsl).save(round, policy, "组长", "测试");
    }

    @Test
    void withoutPerturbationTheDrawsReproduceTheOfficialRanks() {
        RoundPolicies policies = new RoundPolicies(dsl);
        policies.save(round, policies.load(round).withUncertainty(new RoundPolicy.Uncertainty(20, 0, 1, false)),
                "组长", "核对");
        new RoundScorer(dsl, GradingPolicy.defaults()).score(round);

        var rows = dsl.select(UNIT_RESULT.UNIT_ID, UNIT_RESULT.RANK_IN_GROUP, RANK_UNCERTAINTY.MEDIAN_RANK,
                        RANK_UNCERTAINTY.P05_RANK, RANK_UNCERTAINTY.P95_RANK)
                .from(UNIT_RESULT)
                .join(RANK_UNCERTAINTY).on(RANK_UNCERTAINTY.ROUND_ID.eq(UNIT_RESULT.ROUND_ID)
                        .and(RANK_UNCERTAINTY.UNIT_ID.eq(UNIT_RESULT.UNIT_ID)))
                .where(UNIT_RESULT.ROUND_ID.eq(round))
                .fetch();
        assertThat(rows).hasSize(41);
        // the Java model of the totals agrees with the SQL one, pools, bonus threshold, cap and composite included
        for (var r : rows) {
            assertThat(r.value3()).as("unit %d", r.value1()).isEqualByComparingTo(BigDecimal.valueOf(r.value2()));
            assertThat(r.value4()).isEqualTo(r.value2());
            assertThat(r.value5()).isEqualTo(r.value2());
        }
        assertThat(dsl.selectFrom(RANK_UNCERTAINTY_RUN).fetchOne().getDraws()).isEqualTo(20);
    }

    @Test
    void perturbedWeightsGiveIntervalsAroundTheMedianAndAreReproducible() {
        new RoundScorer(dsl, GradingPolicy.defaults()).score(round);
        var first = dsl.selectFrom(RANK_UNCERTAINTY).orderBy(RANK_UNCERTAINTY.UNIT_ID).fetch();
        assertThat(first).hasSize(41);
        assertThat(first).allSatisfy(r -> {
            assertThat(r.getP05Rank()).isLessThanOrEqualTo(r.getMedianRank().intValue());
            assertThat(r.getMedianRank()).isLessThanOrEqualTo(BigDecimal.valueOf(r.getP95Rank()));
        });
        // 40 close units under ±20% weights: some ranks must move
        assertThat(first).anySatisfy(r -> assertThat(r.getP95Rank()).isGreaterThan(r.getP05Rank()));

        new RoundScorer(dsl, GradingPolicy.defaults()).score(round);
        assertThat(dsl.selectFrom(RANK_UNCERTAINTY).orderBy(RANK_UNCERTAINTY.UNIT_ID).fetch()).isEqualTo(first);
    }
}
