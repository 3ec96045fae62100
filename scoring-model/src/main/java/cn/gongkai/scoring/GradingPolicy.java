package cn.gongkai.scoring;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Score bands, quotas and what the negative list does to a unit's grade. Bands and labels are local policy, so they
 * are data; the default is the common ≥90 优秀, 70–89 良好, 60–69 合格, &lt;60 不合格, and a unit on the negative
 * list is graded 不合格 whatever its score.
 *
 * @param negativeListGrade the grade forced on a unit on the negative list (e.g. 不合格 or 待改进); {@code null}
 *                          grades it by the bands that allow the negative list
 * @param improvement       the separate 待改进 category, taken before the bands; {@code null}: none
 */
public record GradingPolicy(List<Band> bands, String lowestGrade, String negativeListGrade, Improvement improvement) {

    /**
     * 待改进 (to be improved), announced apart from the grades as 安康 does: a unit whose total is below {@code below}
     * and, with a quota, among the lowest {@code quotaPercent} of its group (rounded down) gets {@code grade} instead
     * of a band. As with a band's quota, units tied at the limit are never split: if they do not all fit, none of them
     * is 待改进. At least one of {@code below} and {@code quotaPercent} is given.
     */
    public record Improvement(String grade, BigDecimal below, BigDecimal quotaPercent) {
        public Improvement {
            Objects.requireNonNull(grade);
            if (grade.isBlank() || grade.length() > 16) {
                throw new IllegalArgumentException("待改进类别的名称不能为空且不超过 16 个字：“" + grade + "”");
            }
            if (below == null && quotaPercent == null) {
                throw new IllegalArgumentException("待改进类别“" + grade + "”须给出分数线或比例，至少一项");
            }
            if (quotaPercent != null && (quotaPercent.signum() < 0 || quotaPercent.compareTo(new BigDecimal(100)) > 0)) {
                throw new IllegalArgumentException("待改进类别“" + grade + "”的比例应在 0 到 100 之间：" + quotaPercent);
            }
        }
    }

    /**
     * A unit whose total is at least {@code minimum} gets {@code grade}; bands are tried from the highest down.
     *
     * @param quotaPercent        at most this share of a group (rounded down) gets the band; {@code null}: no quota.
     *                            Units tied at the limit are never split: if they do not all fit, none of them gets
     *                            the band, and they fall to the next one
     * @param negativeListAllowed {@code false} keeps units on the negative list out of the band (never 优秀)
     */
    public record Band(BigDecimal minimum, String grade, BigDecimal quotaPercent, boolean negativeListAllowed) {
        public Band {
            Objects.requireNonNull(minimum);
            Objects.requireNonNull(grade);
            if (grade.isBlank() || grade.length() > 16) {
                throw new IllegalArgumentException("等级名称不能为空且不超过 16 个字：“" + grade + "”");
            }
            if (quotaPercent != null && (quotaPercent.signum() < 0 || quotaPercent.compareTo(new BigDecimal(100)) > 0)) {
                throw new IllegalArgumentException("等级“" + grade + "”的比例上限应在 0 到 100 之间：" + quotaPercent);
            }
        }

        public Band(BigDecimal minimum, String grade) {
            this(minimum, grade, null, true);
        }
    }

    public GradingPolicy {
        bands = bands.stream().sorted(Comparator.comparing(Band::minimum).reversed()).toList();
        Objects.requireNonNull(lowestGrade);
    }

    public GradingPolicy(List<Band> bands, String lowestGrade, String negativeListGrade) {
        this(bands, lowestGrade, negativeListGrade, null);
    }

    public GradingPolicy withImprovement(Improvement improvement) {
        return new GradingPolicy(bands, lowestGrade, negativeListGrade, improvement);
    }

    public static GradingPolicy defaults() {
        return new GradingPolicy(List.of(
                new Band(new BigDecimal("90"), "优秀"),
                new Band(new BigDecimal("70"), "良好"),
                new Band(new BigDecimal("60"), "合格")),
                "不合格", "不合格");
    }
}
