package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.sql.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each scoring rule, reviews, manual scores, N/A rescaling and indicator caps, on a real MariaDB. */
class PointRulesIT {

    private final DSLContext dsl = TestDatabase.get().dsl();
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
        indicator = f.indicator(f.area("a"), "i", "40");
    }

    private long unit(String code) {
        return f.unitIn(round, group, code, "COUNTY_GOVERNMENT");
    }

    private ScoringSummary score() {
        return new RoundScorer(dsl, GradingPolicy.defaults()).score(round);
    }

    @Test
    void everyRuleScoresFailAndPartialFindingsItsOwnWay() {
        long bin = f.point(indicator, "bin", "10").create();
        long grd = f.point(indicator, "grd", "10").rule("GRADED", "{\"levels\":[0,0.5,1]}").create();
        long pro = f.point(indicator, "pro", "10").rule("PROPORTIONAL", "{\"zeroAt\":0.2,\"fullAt\":0.8}").create();
        long ded = f.point(indicator, "ded", "10").rule("DEDUCTION", "{\"perViolation\":2,\"cap\":6}").create();
        long bonusIndicator = f.indicator(f.area("bonus"), "jf", "10");
        long bon = f.point(bonusIndicator, "bon", "10").bonus().create();
        f.include(round, bin, grd, pro, ded, bon);
        long u1 = unit("u1");
        long u2 = unit("u2");
        long u3 = unit("u3");
        long u4 = unit("u4");
        f.finding(round, u1, bin, "PARTIAL", "0.9", null);
        f.finding(round, u1, grd, "PARTIAL", "0.7", null);
        f.finding(round, u1, pro, "PARTIAL", "0.5", null);
        f.finding(round, u1, ded, "FAIL", null, "2");
        f.finding(round, u1, bon, "UNCERTAIN");
        f.finding(round, u2, bin, "FAIL");
        f.finding(round, u2, grd, "PARTIAL", "0.4", null);
        f.finding(round, u2, pro, "PARTIAL", "0.1", null);
        f.finding(round, u2, ded, "FAIL", null, "5");
        f.finding(round, u2, bon, "PASS");
        f.finding(round, u3, grd, "PASS");
        f.finding(round, u3, pro, "PARTIAL", "0.9", null);
        f.finding(round, u3, ded, "FAIL", null, "see attachment");
        f.finding(round, u4, grd, "PARTIAL", "0.66667", null);
        f.finding(round, u4, ded, "PARTIAL", "0.3", null);

        score();

        // BINARY is all or nothing, whatever the fraction of a PARTIAL
        assertThat(f.pointScore(round, u1, bin)).isEqualTo("0.000/FINDING");
        assertThat(f.pointScore(round, u2, bin)).isEqualTo("0.000/FINDING");
        assertThat(f.pointScore(round, u3, bin)).isEqualTo("null/PENDING"); // unchecked: 待评, neither full nor zero
        // GRADED falls to the highest level reached
        assertThat(f.pointScore(round, u1, grd)).isEqualTo("5.000/FINDING");
        assertThat(f.pointScore(round, u2, grd)).isEqualTo("0.000/FINDING");
        assertThat(f.pointScore(round, u3, grd)).isEqualTo("10.000/FINDING");
        // PROPORTIONAL is linear between zeroAt and fullAt, clamped
        assertThat(f.pointScore(round, u1, pro)).isEqualTo("5.000/FINDING");
        assertThat(f.pointScore(round, u2, pro)).isEqualTo("0.000/FINDING");
        assertThat(f.pointScore(round, u3, pro)).isEqualTo("10.000/FINDING");
        // DEDUCTION: 2 per violation, at most 6; a FAIL without a count is one violation; a PARTIAL without one
        // keeps its fraction
        assertThat(f.pointScore(round, u1, ded)).isEqualTo("6.000/FINDING");
        assertThat(f.pointScore(round, u2, ded)).isEqualTo("4.000/FINDING");
        assertThat(f.pointScore(round, u3, ded)).isEqualTo("8.000/FINDING");
        assertThat(f.pointScore(round, u4, ded)).isEqualTo("3.000/FINDING");
        // bonus must be earned: an UNCERTAIN or unchecked bonus point scores 0
        assertThat(f.pointScore(round, u1, bon)).isEqualTo("0.000/FINDING");
        assertThat(f.pointScore(round, u2, bon)).isEqualTo("10.000/FINDING");
        assertThat(f.pointScore(round, u4, bon)).isEqualTo("0.000/FINDING");
        // u1: (0 + 5 + 5 + 6) / 40 = 40; u2: (0 + 0 + 0 + 4) / 40 = 10, + 10 bonus = 20
        assertThat(f.total(round, u1)).isEqualByComparingTo("40");
        assertThat(f.total(round, u2)).isEqualByComparingTo("20");
        // a fraction stored with five decimals still reaches the two-thirds level of a [0, 1/3, 2/3, 1] point
        dsl.update(EVALUATION_POINT).set(EVALUATION_POINT.RULE_PARAMS, "{\"levels\":[0,0.33333,0.66667,1]}")
                .where(EVALUATION_POINT.ID.eq(grd)).execute();
        score();
        assertThat(f.pointScore(round, u4, grd)).isEqualTo("6.667/FINDING");
    }

    @Test
    void latestOverrideReplacesTheFindingAndManualScoresReplaceBoth() {
        long bin = f.point(indicator, "bin", "10").create();
        long grd = f.point(indicator, "grd", "10").rule("GRADED", "{\"levels\":[0,0.5,1]}").create();
        long pro = f.point(indicator, "pro", "10").rule("PROPORTIONAL", null).method("MANUAL").create();
        long na = f.point(indicator, "na", "10").method("MANUAL").create();
        f.include(round, bin, grd, pro, na);
        long a = unit("a");
        long b = unit("b");
        long failed = f.finding(round, a, bin, "FAIL");
        f.review(failed, "OVERRIDE", "PASS", null, 5);
        f.review(failed, "OVERRIDE", "FAIL", null, 10);
        long partial = f.finding(round, a, grd, "PARTIAL", "0.4", null);
        f.review(partial, "OVERRIDE", null, "1", 5);
        f.finding(round, a, pro, "FAIL");
        f.manual(round, a, pro, "7.5", "MANUAL", 1);
        f.manual(round, a, pro, "8", "DEPARTMENT", 2);
        f.manual(round, a, na, null, "MANUAL", 1);
        f.finding(round, b, grd, "PASS");
        f.manual(round, b, na, "10", "MANUAL", 1);
        long confirmed = f.finding(round, b, bin, "FAIL");
        f.review(confirmed, "OVERRIDE", "PASS", null, 5);
        f.review(confirmed, "CONFIRM", null, null, 10);
        f.manual(round, b, pro, "15", "MANUAL", 1);

        score();

        assertThat(f.pointScore(round, a, bin)).isEqualTo("0.000/REVIEW");
        assertThat(f.pointScore(round, a, grd)).isEqualTo("10.000/REVIEW");
        assertThat(f.pointScore(round, a, pro)).isEqualTo("8.000/DEPARTMENT");
        assertThat(f.pointScore(round, a, na)).isEqualTo("null/MANUAL");
        assertThat(f.result(round, a)).isEqualTo("60.000|2|合格|false|30.000");
        assertThat(f.pointScore(round, b, bin)).isEqualTo("10.000/REVIEW");
        assertThat(f.pointScore(round, b, pro)).isEqualTo("10.000/MANUAL");
    }

    @Test
    void uncertainPointsArePendingAndWaitForReview() {
        long bin = f.point(indicator, "bin", "10").create();
        long other = f.point(indicator, "other", "10").appliesTo("DEPARTMENT").create();
        f.include(round, bin, other);
        long a = unit("a");
        long b = unit("b");
        long uncertain = f.finding(round, a, bin, "UNCERTAIN");
        f.finding(round, b, bin, "UNCERTAIN");
        f.manual(round, b, bin, "3", "MANUAL", 1);
        f.finding(round, a, other, "UNCERTAIN"); // does not apply to a county: nobody needs to decide it

        ScoringSummary summary = score();

        assertThat(summary.uncertainPoints()).isEqualTo(1);
        assertThat(f.pointScore(round, a, bin)).isEqualTo("null/PENDING");
        assertThat(f.grade(round, a)).isEqualTo("待评");
        assertThat(new UncertainPoints(dsl).list(round)).singleElement()
                .satisfies(p -> {
                    assertThat(p.unitId()).isEqualTo(a);
                    assertThat(p.pointCode()).isEqualTo("bin");
                    assertThat(p.message()).isEqualTo("检查结果UNCERTAIN");
                });
        f.review(uncertain, "OVERRIDE", "FAIL", null, 5);
        assertThat(score().uncertainPoints()).isZero();
        assertThat(f.total(round, a)).isEqualByComparingTo("0");
    }

    @Test
    void pointsThatDoNotApplyRescaleTheMaximumLikeTheNationalRule() {
        long services = f.point(f.indicator(f.area("bs"), "bs", "25"), "services", "25").create();
        long rest = f.point(f.indicator(f.area("rest"), "rest", "75"), "rest", "75")
                .rule("PROPORTIONAL", null).create();
        f.include(round, services, rest);
        long department = unit("department");
        long portal = unit("portal");
        long nothing = unit("nothing");
        f.finding(round, department, services, "NOT_APPLICABLE");
        f.finding(round, department, rest, "PARTIAL", "0.8", null);
        f.finding(round, portal, services, "PASS");
        f.finding(round, portal, rest, "PARTIAL", "0.8", null);
        f.finding(round, nothing, services, "NOT_APPLICABLE");
        f.finding(round, nothing, rest, "NOT_APPLICABLE");

        score();

        // 60 out of 75, times 4/3
        assertThat(f.result(round, department)).isEqualTo("80.000|2|良好|false|75.000");
        assertThat(f.result(round, portal)).isEqualTo("85.000|1|良好|false|100.000");
        // nothing applies: no division by zero, nothing to be proud of
        assertThat(f.result(round, nothing)).isEqualTo("0.000|3|不合格|false|0.000");
    }

    @Test
    void deductionsUnderOneIndicatorNeverExceedItsPoints() {
        long small = f.indicator(f.area("c"), "cap", "5");
        long d1 = f.point(small, "d1", "5").rule("DEDUCTION", "{\"perViolation\":1,\"cap\":5}").create();
        long d2 = f.point(small, "d2", "3").rule("DEDUCTION", "{\"perViolation\":1,\"cap\":3}").create();
        f.include(round, d1, d2);
        long many = unit("many");
        long one = unit("one");
        f.finding(round, many, d1, "FAIL", null, "4");
        f.finding(round, many, d2, "FAIL", null, "3");
        f.finding(round, one, d1, "PASS");
        f.finding(round, one, d2, "FAIL", null, "1");

        score();

        // 7 points lost under an indicator worth 5: it scores 0, not −2; the other loses 1 of 5
        assertThat(f.result(round, many)).isEqualTo("0.000|2|不合格|false|5.000");
        assertThat(f.result(round, one)).isEqualTo("80.000|1|良好|false|5.000");
    }

    @Test
    void aRunThatFailsLeavesThePreviousResultsInPlace() {
        long bin = f.point(indicator, "bin", "10").create();
        long grd = f.point(indicator, "grd", "10").rule("GRADED", "{\"levels\":[0,1]}").create();
        f.include(round, bin, grd);
        long a = unit("a");
        f.finding(round, a, bin, "FAIL");
        f.finding(round, a, grd, "PASS");
        score();
        assertThat(f.total(round, a)).isEqualByComparingTo("50");

        dsl.update(EVALUATION_POINT).set(EVALUATION_POINT.RULE_PARAMS, "{levels: broken").where(EVALUATION_POINT.ID.eq(grd))
                .execute();
        assertThatThrownBy(this::score).hasMessageContaining("评估点 grd 的计分参数不是有效的 JSON");
        assertThat(dsl.fetchCount(UNIT_RESULT)).isEqualTo(1);
        assertThat(f.total(round, a)).isEqualByComparingTo("50");
    }
}
