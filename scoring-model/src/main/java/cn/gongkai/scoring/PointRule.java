package cn.gongkai.scoring;

import cn.gongkai.scoring.RoundPolicy.Pool;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One point of a round as scoring needs it: its rule in numbers, its maximum, the unit types it applies to, and where
 * it sits (indicator, area, source pool). {@link #score} turns what was found into the point's score:
 * <ul>
 * <li>PASS scores full marks; FAIL and PARTIAL follow the rule: BINARY 0; PROPORTIONAL the share between zeroAt and
 * fullAt; GRADED the highest level the share reaches; DEDUCTION perViolation per violation (the finding's measured
 * value when it is a count, else one for a FAIL), at most the cap;</li>
 * <li>a NOT_APPLICABLE finding scores NULL and drops out of the unit's maximum;</li>
 * <li>UNCERTAIN, NOT_ASSESSABLE and unchecked points are {@linkplain #pending 待评}: nothing unassessed counts as
 * passed, and nothing unread as failed, so they score NULL and the caller marks them pending — except bonus points,
 * which must be earned and score 0 until they are.</li>
 * </ul>
 * Scores are rounded to the 3 decimals {@code point_score.score} keeps, so they compare equal to what was stored.
 *
 * @param levels GRADED levels in points, ascending
 */
record PointRule(long pointId, String rule, Pool pool, BigDecimal max, BigDecimal perViolation,
                 BigDecimal deductionCap, BigDecimal zeroAt, BigDecimal fullAt, List<BigDecimal> levels,
                 Set<String> appliesTo, boolean bonus, long indicatorId, long areaId, BigDecimal indicatorMax) {

    static final int SCALE = 3;
    /** Absorbs fractions stored with 5 decimals: 2/3 → 0.66667 must reach the 2/3 level. */
    private static final BigDecimal LEVEL_TOLERANCE = new BigDecimal("0.0005");
    /** A measured value counts violations only when it is a plain count, as checkers write it. */
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,6}");

    PointRule {
        max = max.setScale(SCALE, RoundingMode.HALF_UP);
        levels = List.copyOf(levels);
        appliesTo = Set.copyOf(appliesTo);
    }

    /** Unit types are compared as the server compared them before (FIND_IN_SET under a case-insensitive collation). */
    boolean appliesTo(String unitType) {
        return appliesTo.contains(unitType.toUpperCase(Locale.ROOT));
    }

    /**
     * The score of what was found, once reviews have spoken: {@code status} is NULL when the point was never
     * checked; {@code count} is the number of violations a checker measured, NULL when it measured none (or a
     * reviewer's override replaced its finding).
     */
    BigDecimal score(String status, BigDecimal fraction, BigDecimal count) {
        if (status == null) {
            return bonus ? BigDecimal.ZERO.setScale(SCALE) : null;
        }
        return switch (status) {
            case "NOT_APPLICABLE" -> null;
            case "PASS" -> max;
            case "FAIL", "PARTIAL" -> clamp(byRule(status, fraction, count), max).setScale(SCALE, RoundingMode.HALF_UP);
            default -> bonus ? BigDecimal.ZERO.setScale(SCALE) : null;
        };
    }

    /**
     * Whether what was found leaves the point 待评: never checked, UNCERTAIN or NOT_ASSESSABLE (a bonus point is
     * simply not earned then).
     */
    boolean pending(String status) {
        return !bonus && (status == null || !(status.equals("NOT_APPLICABLE") || status.equals("PASS")
                || status.equals("FAIL") || status.equals("PARTIAL")));
    }

    /** A manual or department score replaces the finding: clamped to [0, maximum]; left empty, the point drops out. */
    BigDecimal manual(BigDecimal entered) {
        return entered == null ? null : clamp(entered, max).setScale(SCALE, RoundingMode.HALF_UP);
    }

    static BigDecimal count(String measuredValue) {
        return measuredValue != null && COUNT.matcher(measuredValue).matches() ? new BigDecimal(measuredValue) : null;
    }

    private BigDecimal byRule(String status, BigDecimal fraction, BigDecimal count) {
        boolean partial = status.equals("PARTIAL");
        // FAIL scores nothing of the share; PARTIAL its fraction within [0, 1].
        BigDecimal share = partial ? clamp(fraction == null ? BigDecimal.ZERO : fraction, BigDecimal.ONE)
                : BigDecimal.ZERO;
        return switch (rule) {
            case "GRADED" -> {
                BigDecimal reached = max.multiply(share).add(LEVEL_TOLERANCE);
                BigDecimal best = BigDecimal.ZERO;
                for (BigDecimal level : levels) {
                    if (level.compareTo(reached) <= 0) {
                        best = level;
                    }
                }
                yield best;
            }
            case "PROPORTIONAL" -> max.multiply(clamp(share.subtract(zeroAt)
                    .divide(fullAt.subtract(zeroAt), MathContext.DECIMAL128), BigDecimal.ONE));
            case "DEDUCTION" -> {
                if (partial && count == null) {
                    yield max.multiply(share);
                }
                BigDecimal violations = partial ? count : (count == null ? BigDecimal.ONE : count.max(BigDecimal.ONE));
                yield max.subtract(deductionCap.min(perViolation.multiply(violations)));
            }
            default -> BigDecimal.ZERO;
        };
    }

    private static BigDecimal clamp(BigDecimal value, BigDecimal upper) {
        return value.max(BigDecimal.ZERO).min(upper);
    }
}
