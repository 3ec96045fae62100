package cn.gongkai.scoring;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a round decides about scoring besides the indicator system. {@link #defaults(GradingPolicy)} reproduces
 * the platform's original behaviour: one pool of all points, bonus always counted, no score cap for the negative
 * list (its grade is forced instead), UNCERTAIN findings blocking publication.
 *
 * @param weights      source weights; {@code null} pools every point together (a unit's total is its points'
 *                     share of the points that apply to it)
 * @param bonusThreshold bonus points count only when the base total (out of 100) reaches this; {@code null}: always
 * @param bonusCap     the most bonus a unit can earn; {@code null}: the sum of the bonus points' maxima
 * @param vetoScoreCap a unit on the negative list scores at most this; {@code null}: no cap
 * @param pointPools   points of the round put in a pool other than the one their method implies
 * @param composites   composite units scored from other units of the round
 */
public record RoundPolicy(SourceWeights weights, BigDecimal bonusThreshold, BigDecimal bonusCap,
                          BigDecimal vetoScoreCap, GradingPolicy grading, boolean uncertainBlocksPublication,
                          Uncertainty uncertainty, Map<Long, Pool> pointPools, List<Composite> composites) {

    /** Where a point's score comes from; a round may weight the pools (third party 70% + supervision 30%). */
    public enum Pool {
        /** 第三方评估：the evaluators' checks and material review. */
        THIRD_PARTY,
        /** 监管部门评价：points whose method is DEPARTMENT. */
        SUPERVISION,
        /** 公众评价. */
        PUBLIC
    }

    /** Weights of the pools; a pool with no points that apply to a unit drops out and the rest are rescaled. */
    public record SourceWeights(BigDecimal thirdParty, BigDecimal supervision, BigDecimal publicEvaluation) {
        public SourceWeights {
            for (BigDecimal w : new BigDecimal[] {thirdParty, supervision, publicEvaluation}) {
                if (w == null || w.signum() < 0) {
                    throw new IllegalArgumentException("来源权重不能为空或负数");
                }
            }
            if (thirdParty.add(supervision).add(publicEvaluation).signum() == 0) {
                throw new IllegalArgumentException("来源权重不能全为 0");
            }
        }

        public BigDecimal of(Pool pool) {
            return switch (pool) {
                case THIRD_PARTY -> thirdParty;
                case SUPERVISION -> supervision;
                case PUBLIC -> publicEvaluation;
            };
        }
    }

    /**
     * Monte Carlo rank uncertainty: each draw moves every area weight (and every source weight) by a uniform factor
     * within ±{@code spread} and, when {@code geometric}, picks the arithmetic or the geometric mean of area shares
     * with equal chance. {@code draws} 0 switches the analysis off.
     */
    public record Uncertainty(int draws, double spread, long seed, boolean geometric) {
        public Uncertainty {
            if (draws < 0 || draws > 100_000) {
                throw new IllegalArgumentException("模拟次数应在 0 到 100000 之间：" + draws);
            }
            if (!(spread >= 0 && spread < 1)) {
                throw new IllegalArgumentException("权重扰动幅度应在 0 到 1 之间（不含 1）：" + spread);
            }
        }

        public static Uncertainty defaults() {
            return new Uncertainty(1000, 0.2, 1, true);
        }
    }

    /** A composite unit: the weighted mean of its parts, each part the mean total of its member units. */
    public record Composite(long unitId, List<Part> parts) {
        public Composite {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("综合单位至少要有一个组成部分");
            }
        }
    }

    public record Part(String label, BigDecimal weight, Set<Long> members) {
        public Part {
            Objects.requireNonNull(label);
            if (weight == null || weight.signum() < 0) {
                throw new IllegalArgumentException("组成部分“" + label + "”的权重不能为空或负数");
            }
            members = Set.copyOf(members);
        }
    }

    public RoundPolicy {
        Objects.requireNonNull(grading);
        Objects.requireNonNull(uncertainty);
        pointPools = Map.copyOf(pointPools);
        composites = List.copyOf(composites);
    }

    public static RoundPolicy defaults(GradingPolicy grading) {
        return new RoundPolicy(null, null, null, null, grading, true, Uncertainty.defaults(), Map.of(), List.of());
    }

    public static RoundPolicy defaults() {
        return defaults(GradingPolicy.defaults());
    }

    public RoundPolicy withGrading(GradingPolicy grading) {
        return new RoundPolicy(weights, bonusThreshold, bonusCap, vetoScoreCap, grading, uncertainBlocksPublication,
                uncertainty, pointPools, composites);
    }

    public RoundPolicy withWeights(SourceWeights weights) {
        return new RoundPolicy(weights, bonusThreshold, bonusCap, vetoScoreCap, grading, uncertainBlocksPublication,
                uncertainty, pointPools, composites);
    }

    public RoundPolicy withBonus(BigDecimal threshold, BigDecimal cap) {
        return new RoundPolicy(weights, threshold, cap, vetoScoreCap, grading, uncertainBlocksPublication,
                uncertainty, pointPools, composites);
    }

    public RoundPolicy withVetoScoreCap(BigDecimal cap) {
        return new RoundPolicy(weights, bonusThreshold, bonusCap, cap, grading, uncertainBlocksPublication,
                uncertainty, pointPools, composites);
    }

    public RoundPolicy withUncertainBlocksPublication(boolean blocks) {
        return new RoundPolicy(weights, bonusThreshold, bonusCap, vetoScoreCap, grading, blocks, uncertainty,
                pointPools, composites);
    }

    public RoundPolicy withUncertainty(Uncertainty uncertainty) {
        return new RoundPolicy(weights, bonusThreshold, bonusCap, vetoScoreCap, grading, uncertainBlocksPublication,
                uncertainty, pointPools, composites);
    }

    public RoundPolicy withPointPools(Map<Long, Pool> pointPools) {
        return new RoundPolicy(weights, bonusThreshold, bonusCap, vetoScoreCap, grading, uncertainBlocksPublication,
                uncertainty, pointPools, composites);
    }

    public RoundPolicy withComposites(List<Composite> composites) {
        return new RoundPolicy(weights, bonusThreshold, bonusCap, vetoScoreCap, grading, uncertainBlocksPublication,
                uncertainty, pointPools, composites);
    }
}
