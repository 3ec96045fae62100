package cn.gongkai.scoring;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Score bands and what the negative list does to a unit's grade. Bands and labels are local policy, so they are
 * data; the default is the common ≥90 优秀, 70–89 良好, 60–69 合格, &lt;60 不合格, and a unit on the negative list is
 * graded 不合格 whatever its score.
 */
public record GradingPolicy(List<Band> bands, String lowestGrade, String negativeListGrade) {

    /** A unit whose total is at least {@code minimum} gets {@code grade}; bands are tried from the highest down. */
    public record Band(BigDecimal minimum, String grade) {
        public Band {
            Objects.requireNonNull(minimum);
            Objects.requireNonNull(grade);
        }
    }

    public GradingPolicy {
        bands = bands.stream().sorted((a, b) -> b.minimum().compareTo(a.minimum())).toList();
        Objects.requireNonNull(lowestGrade);
        Objects.requireNonNull(negativeListGrade);
    }

    public static GradingPolicy defaults() {
        return new GradingPolicy(List.of(
                new Band(new BigDecimal("90"), "优秀"),
                new Band(new BigDecimal("70"), "良好"),
                new Band(new BigDecimal("60"), "合格")),
                "不合格", "不合格");
    }
}
