package cn.gongkai.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.scoring.RoundPolicy.Pool;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every rule and edge of a single point's score; the same rules on a real database are in {@code PointRulesIT}. */
class PointRuleTest {

    private static PointRule rule(String name, String max, boolean bonus, String params) {
        RuleParams p = RuleParams.parse("p", name, new BigDecimal(max), params);
        return new PointRule(1, name, Pool.THIRD_PARTY, new BigDecimal(max), p.perViolation(), p.deductionCap(),
                p.zeroAt(), p.fullAt(), p.levels(), Set.of("COUNTY_GOVERNMENT", "DEPARTMENT"), bonus, 1, 1,
                new BigDecimal("100"));
    }

    private static BigDecimal d(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    private static String score(PointRule rule, String status, String fraction, String count) {
        BigDecimal score = rule.score(status, d(fraction), d(count));
        return score == null ? null : score.toPlainString();
    }

    @Test
    void passScoresFullMarksAndNotApplicableDropsOut() {
        PointRule binary = rule("BINARY", "10", false, null);
        assertThat(score(binary, "PASS", null, null)).isEqualTo("10.000");
        assertThat(score(binary, "NOT_APPLICABLE", null, null)).isNull();
        assertThat(score(binary, "FAIL", null, null)).isEqualTo("0.000");
        assertThat(score(binary, "PARTIAL", "0.9", null)).isEqualTo("0.000");
    }

    @Test
    void withoutEvidenceAPointIsPendingNeitherFullMarksNorZeroButABonusMustBeEarned() {
        PointRule binary = rule("BINARY", "10", false, null);
        PointRule bonus = rule("BINARY", "2", true, null);
        for (String status : new String[] {null, "UNCERTAIN", "NOT_ASSESSABLE"}) {
            assertThat(binary.pending(status)).isTrue();
            assertThat(score(binary, status, null, null)).isNull();
            assertThat(bonus.pending(status)).isFalse();
            assertThat(score(bonus, status, null, null)).isEqualTo("0.000");
        }
        for (String status : new String[] {"PASS", "FAIL", "PARTIAL", "NOT_APPLICABLE"}) {
            assertThat(binary.pending(status)).isFalse();
        }
        assertThat(score(bonus, "PASS", null, null)).isEqualTo("2.000");
    }

    @Test
    void gradedTakesTheHighestLevelTheShareReaches() {
        PointRule graded = rule("GRADED", "10", false, "{\"levels\":[0,0.5,1]}");
        assertThat(score(graded, "PARTIAL", "0.7", null)).isEqualTo("5.000");
        assertThat(score(graded, "PARTIAL", "0.4", null)).isEqualTo("0.000");
        assertThat(score(graded, "PARTIAL", "1", null)).isEqualTo("10.000");
        assertThat(score(graded, "FAIL", null, null)).isEqualTo("0.000");
        // 2/3 stored with 5 decimals still reaches the 2/3 level
        PointRule thirds = rule("GRADED", "3", false, "{\"levels\":[0,0.33333333,0.66666667,1]}");
        assertThat(score(thirds, "PARTIAL", "0.66667", null)).isEqualTo("2.000");
        assertThat(score(thirds, "PARTIAL", "0.66", null)).isEqualTo("1.000");
        // a share outside [0, 1] is clamped, a missing one is nothing
        assertThat(score(graded, "PARTIAL", "1.5", null)).isEqualTo("10.000");
        assertThat(score(graded, "PARTIAL", null, null)).isEqualTo("0.000");
    }

    @Test
    void proportionalScalesTheShareBetweenZeroAtAndFullAt() {
        PointRule proportional = rule("PROPORTIONAL", "10", false, "{\"zeroAt\":0.2,\"fullAt\":0.8}");
        assertThat(score(proportional, "PARTIAL", "0.5", null)).isEqualTo("5.000");
        assertThat(score(proportional, "PARTIAL", "0.4", null)).isEqualTo("3.333");
        assertThat(score(proportional, "PARTIAL", "0.1", null)).isEqualTo("0.000");
        assertThat(score(proportional, "PARTIAL", "0.9", null)).isEqualTo("10.000");
        assertThat(score(proportional, "FAIL", null, null)).isEqualTo("0.000");
    }

    @Test
    void deductionCostsPerViolationUpToTheCap() {
        PointRule deduction = rule("DEDUCTION", "10", false, "{\"perViolation\":2,\"cap\":6}");
        assertThat(score(deduction, "FAIL", null, "2")).isEqualTo("6.000");
        assertThat(score(deduction, "FAIL", null, "5")).isEqualTo("4.000");
        // a FAIL is at least one violation
        assertThat(score(deduction, "FAIL", null, null)).isEqualTo("8.000");
        assertThat(score(deduction, "FAIL", null, "0")).isEqualTo("8.000");
        // a PARTIAL counts what was measured, or else scores its share
        assertThat(score(deduction, "PARTIAL", "0.3", "1")).isEqualTo("8.000");
        assertThat(score(deduction, "PARTIAL", "0.3", "0")).isEqualTo("10.000");
        assertThat(score(deduction, "PARTIAL", "0.7", null)).isEqualTo("7.000");
        // without a cap a point loses at most all it has
        PointRule uncapped = rule("DEDUCTION", "10", false, "{\"perViolation\":3}");
        assertThat(score(uncapped, "FAIL", null, "9")).isEqualTo("0.000");
    }

    @Test
    void onlyPlainCountsAreViolations() {
        assertThat(PointRule.count("12")).isEqualByComparingTo("12");
        assertThat(PointRule.count("0")).isEqualByComparingTo("0");
        assertThat(PointRule.count("1234567")).isNull();
        assertThat(PointRule.count("3.5")).isNull();
        assertThat(PointRule.count("-1")).isNull();
        assertThat(PointRule.count("12 处")).isNull();
        assertThat(PointRule.count(null)).isNull();
    }

    @Test
    void manualScoresAreClampedAndAnEmptyOneDropsOut() {
        PointRule binary = rule("BINARY", "10", false, null);
        assertThat(binary.manual(new BigDecimal("12"))).isEqualByComparingTo("10");
        assertThat(binary.manual(new BigDecimal("-1"))).isEqualByComparingTo("0");
        assertThat(binary.manual(new BigDecimal("7.25")).toPlainString()).isEqualTo("7.250");
        assertThat(binary.manual(null)).isNull();
    }

    @Test
    void unitTypesMatchWhateverTheirCase() {
        PointRule binary = rule("BINARY", "10", false, null);
        assertThat(binary.appliesTo("DEPARTMENT")).isTrue();
        assertThat(binary.appliesTo("department")).isTrue();
        assertThat(binary.appliesTo("TOWNSHIP")).isFalse();
        assertThat(List.of(binary.max().scale())).containsExactly(PointRule.SCALE);
    }
}
