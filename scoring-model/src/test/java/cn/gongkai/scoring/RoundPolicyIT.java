package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.GradingPolicy.Band;
import cn.gongkai.scoring.RoundPolicy.Composite;
import cn.gongkai.scoring.RoundPolicy.Part;
import cn.gongkai.scoring.RoundPolicy.Pool;
import cn.gongkai.scoring.RoundPolicy.SourceWeights;
import cn.gongkai.sql.TestDatabase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Round policies: source weights, bonus threshold, the negative list's effects, quotas, composite units. */
class RoundPolicyIT {

    private final DSLContext dsl = TestDatabase.get().dsl();
    private final RoundPolicies policies = new RoundPolicies(dsl);
    private RoundFixture f;
    private long round;
    private long group;
    private long indicator;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        f = new RoundFixture(dsl);
        round = f.round();
        group = f.group("counties", "COUNTY_GOVERNMENT");
        indicator = f.indicator(f.area("a"), "i", "100");
    }

    private long unit(String code) {
        return f.unitIn(round, group, code, "COUNTY_GOVERNMENT");
    }

    private void score() {
        new RoundScorer(dsl, GradingPolicy.defaults()).score(round);
    }

    private void save(RoundPolicy policy) {
        policies.save(round, policy, "评估组长", "测试");
    }

    /** A PROPORTIONAL point of 100 scored at {@code percent} for the unit. */
    private long proportional(String code) {
        return f.point(indicator, code, "100").rule("PROPORTIONAL", null).create();
    }

    @Test
    void sourceWeightsMixThePoolsAndAUnitWithoutSupervisionIsScoredOnTheRest() {
        long tested = f.point(f.indicator(f.area("t"), "t", "10"), "t", "10").rule("PROPORTIONAL", null).create();
        long supervised = f.point(f.indicator(f.area("s"), "s", "10"), "s", "10").method("DEPARTMENT")
                .rule("PROPORTIONAL", null).create();
        long survey = f.point(f.indicator(f.area("p"), "p", "10"), "p", "10").method("MANUAL")
                .rule("PROPORTIONAL", null).create();
        f.include(round, tested, supervised, survey);
        long a = unit("a");
        long b = unit("b");
        f.finding(round, a, tested, "PARTIAL", "0.8", null);
        f.manual(round, a, supervised, "5", "DEPARTMENT", 1);
        f.manual(round, a, survey, "10", "PUBLIC", 1);
        f.finding(round, b, tested, "PARTIAL", "0.8", null);
        f.manual(round, b, supervised, null, "DEPARTMENT", 1);
        f.manual(round, b, survey, "10", "PUBLIC", 1);

        score();
        // one pool: (8 + 5 + 10) / 30
        assertThat(f.total(round, a)).isEqualByComparingTo("76.667");

        save(RoundPolicy.defaults()
                .withWeights(new SourceWeights(new BigDecimal("0.7"), new BigDecimal("0.3"), BigDecimal.ZERO))
                .withPointPools(Map.of(survey, Pool.PUBLIC)));
        score();
        // 70% × 80 + 30% × 50; the public pool weighs nothing
        assertThat(f.total(round, a)).isEqualByComparingTo("71");
        // b has no supervision score: the third-party pool alone
        assertThat(f.total(round, b)).isEqualByComparingTo("80");
    }

    @Test
    void bonusCountsOnlyAboveTheThresholdAndUpToItsCap() {
        long base = proportional("base");
        long bonusIndicator = f.indicator(f.area("bonus"), "jf", "30");
        long bonus1 = f.point(bonusIndicator, "b1", "20").bonus().create();
        long bonus2 = f.point(bonusIndicator, "b2", "10").bonus().create();
        f.include(round, base, bonus1, bonus2);
        long high = unit("high");
        long low = unit("low");
        f.finding(round, high, base, "PARTIAL", "0.85", null);
        f.finding(round, high, bonus1, "PASS");
        f.finding(round, high, bonus2, "PASS");
        f.finding(round, low, base, "PARTIAL", "0.75", null);
        f.finding(round, low, bonus1, "PASS");
        save(RoundPolicy.defaults().withBonus(new BigDecimal("80"), new BigDecimal("25")));

        score();

        assertThat(f.total(round, high)).isEqualByComparingTo("110");
        assertThat(f.total(round, low)).isEqualByComparingTo("75");
    }

    @Test
    void aUnitOnTheNegativeListWithAHighScoreIsNeverExcellent() {
        long veto = f.point(indicator, "veto", "5").veto().create();
        long rest = f.point(indicator, "rest", "95").rule("PROPORTIONAL", null).create();
        f.include(round, veto, rest);
        long vetoed = unit("vetoed");
        long clean = unit("clean");
        long vetoFinding = f.finding(round, vetoed, veto, "FAIL");
        f.review(vetoFinding, "CONFIRM", null, null, 1);
        f.finding(round, vetoed, rest, "PASS");
        f.finding(round, clean, veto, "PASS");
        f.finding(round, clean, rest, "PARTIAL", "0.9", null);

        score();
        // default: 95 points, but 不合格 on the negative list, with the point's reason
        assertThat(f.result(round, vetoed)).isEqualTo("95.000|1|不合格|true|100.000");
        assertThat(dsl.select(NEGATIVE_LIST_ENTRY.REASON, NEGATIVE_LIST_ENTRY.FINDING_ID).from(NEGATIVE_LIST_ENTRY)
                .fetchOne()).satisfies(r -> {
                    assertThat(r.value1()).isEqualTo("否决项veto：检查结果FAIL");
                    assertThat(r.value2()).isEqualTo(vetoFinding);
                });

        GradingPolicy neverExcellent = new GradingPolicy(List.of(
                new Band(new BigDecimal("90"), "优秀", null, false),
                new Band(new BigDecimal("70"), "良好"),
                new Band(new BigDecimal("60"), "合格")), "不合格", null);
        save(RoundPolicy.defaults(neverExcellent));
        score();
        assertThat(f.result(round, vetoed)).isEqualTo("95.000|1|良好|true|100.000");

        save(RoundPolicy.defaults(new GradingPolicy(GradingPolicy.defaults().bands(), "不合格", "待改进")));
        score();
        assertThat(f.grade(round, vetoed)).isEqualTo("待改进");

        save(RoundPolicy.defaults(neverExcellent).withVetoScoreCap(new BigDecimal("59")));
        score();
        // capped below the clean unit, graded by the bands from the capped score
        assertThat(f.result(round, vetoed)).isEqualTo("59.000|2|不合格|true|100.000");
        assertThat(f.result(round, clean)).isEqualTo("90.500|1|优秀|false|100.000");

        // a review that overrides the veto finding takes the unit off the list
        f.review(vetoFinding, "OVERRIDE", "PASS", null, 5);
        score();
        assertThat(f.result(round, vetoed)).isEqualTo("100.000|1|优秀|false|100.000");
    }

    @Test
    void aQuotaNeverSplitsATieAtTheLimit() {
        long p = proportional("p");
        f.include(round, p);
        long a = unit("a");
        long b = unit("b");
        long c = unit("c");
        long d = unit("d");
        long e = unit("e");
        f.finding(round, a, p, "PARTIAL", "0.95", null);
        f.finding(round, b, p, "PARTIAL", "0.95", null);
        f.finding(round, c, p, "PARTIAL", "0.92", null);
        f.finding(round, d, p, "PARTIAL", "0.80", null);
        f.finding(round, e, p, "PARTIAL", "0.50", null);

        // 40% of 5 units: 2 seats, the tie at the top fits, c does not
        save(RoundPolicy.defaults(quota("40")));
        score();
        assertThat(List.of(f.grade(round, a), f.grade(round, b), f.grade(round, c), f.grade(round, d),
                f.grade(round, e))).containsExactly("优秀", "优秀", "良好", "良好", "不合格");

        // 20%: one seat and two units tied for it — neither gets it, and c cannot jump the tie
        save(RoundPolicy.defaults(quota("20")));
        score();
        assertThat(List.of(f.grade(round, a), f.grade(round, b), f.grade(round, c))).containsOnly("良好");
        assertThat(f.result(round, c)).isEqualTo("92.000|3|良好|false|100.000");
    }

    @Test
    void theImprovementCategoryTakesTheLowestUnitsBelowItsLineWithinItsQuotaAndNeverSplitsATie() {
        long p = proportional("p");
        f.include(round, p);
        long[] units = new long[10];
        String[] shares = {"0.95", "0.85", "0.80", "0.75", "0.70", "0.66", "0.62", "0.55", "0.55", "0.40"};
        for (int i = 0; i < units.length; i++) {
            units[i] = unit("u" + i);
            f.finding(round, units[i], p, "PARTIAL", shares[i], null);
        }
        GradingPolicy bands = new GradingPolicy(List.of(new Band(new BigDecimal("90"), "优秀"),
                new Band(new BigDecimal("60"), "合格")), "不合格", "不合格");

        // below 70, at most 20% of 10 units: 40 fits, the tie at 55 does not, so 40 alone is 待改进
        save(RoundPolicy.defaults(bands.withImprovement(
                new GradingPolicy.Improvement("待改进", new BigDecimal("70"), new BigDecimal("20")))));
        score();
        assertThat(java.util.Arrays.stream(units).mapToObj(u -> f.grade(round, u)).toList()).containsExactly(
                "优秀", "合格", "合格", "合格", "合格", "合格", "合格", "不合格", "不合格", "待改进");
        assertThat(policies.load(round).grading().improvement())
                .isEqualTo(new GradingPolicy.Improvement("待改进", new BigDecimal("70.000"), new BigDecimal("20.000")));

        // 30%: three seats take 40 and the tie at 55; 62 and 66 are below 70 but out of the quota
        save(RoundPolicy.defaults(bands.withImprovement(
                new GradingPolicy.Improvement("待改进", new BigDecimal("70"), new BigDecimal("30")))));
        score();
        assertThat(java.util.Arrays.stream(units).mapToObj(u -> f.grade(round, u)).toList()).containsExactly(
                "优秀", "合格", "合格", "合格", "合格", "合格", "合格", "待改进", "待改进", "待改进");

        // a line alone: everything below 70 is 待改进, whatever the bands say
        save(RoundPolicy.defaults(bands.withImprovement(
                new GradingPolicy.Improvement("待改进", new BigDecimal("70"), null))));
        score();
        assertThat(java.util.Arrays.stream(units).mapToObj(u -> f.grade(round, u)).toList()).containsExactly(
                "优秀", "合格", "合格", "合格", "合格", "待改进", "待改进", "待改进", "待改进", "待改进");
    }

    private static GradingPolicy quota(String percent) {
        return new GradingPolicy(List.of(
                new Band(new BigDecimal("90"), "优秀", new BigDecimal(percent), false),
                new Band(new BigDecimal("70"), "良好"),
                new Band(new BigDecimal("60"), "合格")), "不合格", "不合格");
    }

    @Test
    void aCompositeCountyMixesItsGovernmentAndTheMeanOfItsDepartments() {
        long veto = f.point(indicator, "veto", "10").veto().create();
        long p = f.point(indicator, "p", "90").rule("PROPORTIONAL", null).create();
        f.include(round, veto, p);
        long departments = f.group("departments", "DEPARTMENT");
        long composites = f.group("composite", "COUNTY_GOVERNMENT");
        long government = unit("gov");
        long d1 = f.unitIn(round, departments, "d1", "DEPARTMENT");
        long d2 = f.unitIn(round, departments, "d2", "DEPARTMENT");
        long county = f.unitIn(round, composites, "county", "COUNTY_GOVERNMENT");
        f.finding(round, government, veto, "PASS");
        f.finding(round, government, p, "PARTIAL", "0.7777777", null); // 10 + 70 = 80
        f.finding(round, d1, p, "PARTIAL", "0.5555555", null); // 10 + 50 = 60
        f.finding(round, d1, veto, "PASS");
        // 90 of 100, on the negative list once confirmed
        f.review(f.finding(round, d2, veto, "FAIL"), "CONFIRM", null, null, 1);
        f.finding(round, d2, p, "PASS");
        f.finding(round, county, p, "FAIL"); // a composite has no points of its own: ignored

        save(RoundPolicy.defaults().withComposites(List.of(new Composite(county, List.of(
                new Part("区县政府", new BigDecimal("50"), Set.of(government)),
                new Part("部门和镇街", new BigDecimal("50"), Set.of(d1, d2)))))));
        ScoringSummary summary = new RoundScorer(dsl, GradingPolicy.defaults()).score(round);

        assertThat(summary.units()).isEqualTo(4);
        // 50% × 80 + 50% × (60 + 90) / 2 = 77.5; a member's veto carries over to the county
        assertThat(f.result(round, county)).isEqualTo("77.500|1|不合格|true|100.000");
        assertThat(dsl.select(NEGATIVE_LIST_ENTRY.REASON).from(NEGATIVE_LIST_ENTRY)
                .where(NEGATIVE_LIST_ENTRY.UNIT_ID.eq(county)).fetchOne().value1())
                .isEqualTo("（单位d2）否决项veto：检查结果FAIL");
        assertThat(dsl.fetchCount(cn.gongkai.sql.jooq.Tables.POINT_SCORE,
                cn.gongkai.sql.jooq.Tables.POINT_SCORE.UNIT_ID.eq(county))).isZero();
    }

    @Test
    void aSavedPolicyReadsBackAndItsChangeIsAudited() {
        long p = proportional("p");
        f.include(round, p);
        long member = unit("m");
        long county = unit("c");
        RoundPolicy policy = new RoundPolicy(
                new SourceWeights(new BigDecimal("0.70000"), new BigDecimal("0.30000"), new BigDecimal("0.00000")),
                new BigDecimal("80.000"), new BigDecimal("30.000"), new BigDecimal("59.000"),
                new GradingPolicy(List.of(new Band(new BigDecimal("90.000"), "优秀", new BigDecimal("20.000"), false),
                        new Band(new BigDecimal("60.000"), "合格")), "待改进", null),
                false, new RoundPolicy.Uncertainty(500, 0.1, 7, false), Map.of(p, Pool.PUBLIC),
                List.of(new Composite(county, List.of(new Part("政府", new BigDecimal("1.00000"), Set.of(member))))));
        save(policy);

        assertThat(policies.load(round)).isEqualTo(policy);
        assertThat(dsl.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("SCORING_POLICY"))).isEqualTo(1);
        assertThat(new RoundPolicies(dsl).load(f.round())).isEqualTo(RoundPolicy.defaults());
    }
}
