package cn.gongkai.web.round;

import cn.gongkai.scoring.GradingPolicy;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.web.input.TextInput;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The {@code policy:} block of a round definition, as an evaluator writes it: grade bands with quotas, the lowest
 * grade, the separate 待改进 category, what the negative list does to a grade, source weights and pools, the bonus
 * threshold and cap, the negative list's score cap and composite units. Units and points are named by code; they
 * become ids when the policy is stored with its round ({@link #toPolicy}). Absent fields keep the platform's
 * defaults (bands 90/70/60, lowest 不合格, one pool of all points). See README, "The round's scoring policy".
 */
public record PolicyDefinition(List<Band> grades, String lowestGrade, Improvement improvement,
                               String negativeListGrade, Boolean gradeNegativeListByBands, Weights weights,
                               Map<String, String> pointPools, BigDecimal bonusThreshold, BigDecimal bonusCap,
                               BigDecimal vetoScoreCap, List<Composite> composites) {

    /** {@code negativeList: false} keeps units on the negative list out of the band (never 优秀). */
    public record Band(String grade, BigDecimal min, BigDecimal quota, Boolean negativeList) {
    }

    public record Improvement(String grade, BigDecimal below, BigDecimal quota) {
    }

    /** Relative weights of the pools (70/30/0 or 0.7/0.3/0 alike); an absent one weighs nothing. */
    public record Weights(BigDecimal thirdParty, BigDecimal supervision, BigDecimal publicEvaluation) {
    }

    public record Composite(String unit, List<Part> parts) {
    }

    public record Part(String label, BigDecimal weight, List<String> units) {
    }

    /** The YAML of the workbench form: the block itself, under {@code policy:} as in a round definition. */
    private record PolicyFile(PolicyDefinition policy) {
    }

    /** Largest score a line may name: totals are out of 100 plus at most the bonus. */
    static final BigDecimal MAX_SCORE = new BigDecimal(200);
    private static final BigDecimal HUNDRED = new BigDecimal(100);
    private static final int LABEL_MAX = 16;
    static final Map<String, RoundPolicy.Pool> POOLS = Map.of(
            "THIRD_PARTY", RoundPolicy.Pool.THIRD_PARTY,
            "SUPERVISION", RoundPolicy.Pool.SUPERVISION,
            "PUBLIC", RoundPolicy.Pool.PUBLIC);

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // 优秀 rather than "优秀": the form shows the block as an evaluator would write it
            .enable(tools.jackson.dataformat.yaml.YAMLWriteFeature.MINIMIZE_QUOTES)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    /**
     * Parses the {@code policy:} block of the workbench form and checks it like a round definition's; units and
     * points are checked against the round's ({@code unitCodes}, {@code pointCodes}). Refused with every problem in
     * one Chinese message.
     */
    public static PolicyDefinition parseBlock(String yaml, Predicate<String> unitCodes, Predicate<String> pointCodes) {
        if (yaml == null || yaml.isBlank()) {
            throw new RoundDefinitionException("评分规则为空：请填写以 policy: 开头的评分规则");
        }
        PolicyFile file;
        try {
            file = YAML.readValue(yaml, PolicyFile.class);
        } catch (JacksonException e) {
            throw new RoundDefinitionException("评分规则 YAML 无法解析" + RoundDefinition.where(e) + "："
                    + YamlErrors.describe(e, ""), e);
        }
        if (file == null || file.policy() == null) {
            throw new RoundDefinitionException("评分规则为空：请填写以 policy: 开头的评分规则");
        }
        List<String> problems = new ArrayList<>();
        file.policy().validate(problems, unitCodes, pointCodes);
        if (!problems.isEmpty()) {
            throw new RoundDefinitionException("评分规则有 " + problems.size() + " 处错误：\n- " + String.join("\n- ", problems));
        }
        return file.policy();
    }

    /**
     * Adds a problem, in Chinese and naming the field, for everything wrong with the block. {@code unitCodes} and
     * {@code pointCodes} say which codes the round has; {@code pointCodes} may be null when the points are not known
     * yet (they are checked again when the round is stored).
     */
    void validate(List<String> problems, Predicate<String> unitCodes, Predicate<String> pointCodes) {
        Set<String> labels = new HashSet<>();
        List<Band> bands = grades == null ? List.of() : grades;
        Set<BigDecimal> minima = new HashSet<>();
        for (int i = 0; i < bands.size(); i++) {
            Band band = bands.get(i);
            String field = "policy.grades[" + i + "]";
            if (band == null) {
                problems.add("「" + field + "」为空");
                continue;
            }
            label(problems, band.grade(), field + ".grade", "等级名称");
            if (band.grade() != null && !labels.add(band.grade())) {
                problems.add("「" + field + ".grade」等级名称“" + band.grade() + "”重复");
            }
            if (band.min() == null) {
                problems.add("「" + field + ".min」缺少分数线（等级“" + band.grade() + "”的最低总分）");
            } else {
                score(problems, band.min(), field + ".min", "分数线");
                if (!minima.add(band.min().stripTrailingZeros())) {
                    problems.add("「" + field + ".min」分数线 " + band.min().toPlainString() + " 与另一等级相同");
                }
            }
            percent(problems, band.quota(), field + ".quota", "比例上限");
        }
        if (grades != null && grades.isEmpty()) {
            problems.add("「policy.grades」至少需要一个等级；不写 grades 则用默认的 90/70/60 分数段");
        }
        label(problems, lowestGrade, "policy.lowestGrade", "最低等次");
        if (lowestGrade != null && labels.contains(lowestGrade)) {
            problems.add("「policy.lowestGrade」最低等次“" + lowestGrade + "”与某一分数段的等级同名");
        }
        if (improvement != null) {
            label(problems, improvement.grade(), "policy.improvement.grade", "待改进类别的名称");
            if (improvement.grade() == null) {
                problems.add("「policy.improvement.grade」缺少待改进类别的名称（如 待改进）");
            } else if (labels.contains(improvement.grade()) || improvement.grade().equals(effectiveLowestGrade())) {
                problems.add("「policy.improvement.grade」待改进类别“" + improvement.grade()
                        + "”须与各分数段等级和最低等次不同名，才能单独公布");
            }
            if (improvement.below() == null && improvement.quota() == null) {
                problems.add("「policy.improvement」须给出 below（低于该总分）或 quota（组内末位比例），至少一项");
            }
            score(problems, improvement.below(), "policy.improvement.below", "分数线");
            percent(problems, improvement.quota(), "policy.improvement.quota", "比例");
        }
        label(problems, negativeListGrade, "policy.negativeListGrade", "负面清单单位的等次");
        if (negativeListGrade != null && Boolean.TRUE.equals(gradeNegativeListByBands)) {
            problems.add("「policy.negativeListGrade」与「policy.gradeNegativeListByBands: true」不能同时给出："
                    + "前者强制等次，后者按分数段评定");
        }
        if (weights != null) {
            BigDecimal sum = BigDecimal.ZERO;
            for (var w : List.of(Map.entry("thirdParty", nz(weights.thirdParty())),
                    Map.entry("supervision", nz(weights.supervision())),
                    Map.entry("publicEvaluation", nz(weights.publicEvaluation())))) {
                if (w.getValue().signum() < 0 || w.getValue().compareTo(new BigDecimal(1000)) > 0) {
                    problems.add("「policy.weights." + w.getKey() + "」来源权重须在 0 到 1000 之间，实际为 "
                            + w.getValue().toPlainString());
                }
                sum = sum.add(w.getValue());
            }
            if (sum.signum() == 0) {
                problems.add("「policy.weights」来源权重不能全为 0（第三方 thirdParty、监管部门 supervision、公众 publicEvaluation）");
            }
        }
        if (pointPools != null) {
            pointPools.forEach((code, pool) -> {
                String field = "policy.pointPools." + shorten(code);
                addIf(problems, TextInput.nameProblem(code, field, TextInput.CODE_MAX));
                if (!POOLS.containsKey(pool)) {
                    problems.add("「" + field + "」来源池应为 " + POOLS.keySet().stream().sorted().toList()
                            + " 之一，实际为 " + shorten(pool));
                }
                if (pointCodes != null && code != null && !pointCodes.test(code)) {
                    problems.add("「" + field + "」评估点 " + shorten(code) + " 不在本轮次的评估点中");
                }
            });
        }
        score(problems, bonusThreshold, "policy.bonusThreshold", "加分门槛");
        score(problems, bonusCap, "policy.bonusCap", "加分上限");
        score(problems, vetoScoreCap, "policy.vetoScoreCap", "负面清单单位的总分上限");
        Set<String> composite = new HashSet<>();
        List<Composite> list = composites == null ? List.of() : composites;
        for (int i = 0; i < list.size(); i++) {
            Composite c = list.get(i);
            String field = "policy.composites[" + i + "]";
            if (c == null || c.unit() == null || c.unit().isBlank()) {
                problems.add("「" + field + ".unit」缺少综合单位的代码");
                continue;
            }
            if (!unitCodes.test(c.unit())) {
                problems.add("「" + field + ".unit」单位 " + shorten(c.unit()) + " 不在本轮次中");
            }
            if (!composite.add(c.unit())) {
                problems.add("「" + field + ".unit」综合单位 " + shorten(c.unit()) + " 重复出现");
            }
            if (c.parts() == null || c.parts().isEmpty()) {
                problems.add("「" + field + ".parts」综合单位至少要有一个组成部分");
                continue;
            }
            for (int j = 0; j < c.parts().size(); j++) {
                Part part = c.parts().get(j);
                String partField = field + ".parts[" + j + "]";
                if (part == null) {
                    problems.add("「" + partField + "」为空");
                    continue;
                }
                if (part.label() == null || part.label().isBlank()) {
                    problems.add("「" + partField + ".label」缺少组成部分的名称（如 区县政府）");
                }
                addIf(problems, TextInput.nameProblem(part.label(), partField + ".label", TextInput.NAME_MAX));
                if (part.weight() == null || part.weight().signum() < 0 || part.weight().compareTo(new BigDecimal(1000)) > 0) {
                    problems.add("「" + partField + ".weight」权重须在 0 到 1000 之间，实际为 "
                            + (part.weight() == null ? "空" : part.weight().toPlainString()));
                }
                if (part.units() == null || part.units().isEmpty()) {
                    problems.add("「" + partField + ".units」至少列出一个组成单位的代码");
                    continue;
                }
                for (String member : part.units()) {
                    if (member == null || !unitCodes.test(member)) {
                        problems.add("「" + partField + ".units」单位 " + shorten(member) + " 不在本轮次中");
                    } else if (member.equals(c.unit())) {
                        problems.add("「" + partField + ".units」综合单位不能把自己列为组成单位");
                    }
                }
            }
        }
    }

    private String effectiveLowestGrade() {
        return lowestGrade != null ? lowestGrade : GradingPolicy.defaults().lowestGrade();
    }

    /** The policy to store, with units and points by id; the settings not in the block come from {@code base}. */
    public RoundPolicy toPolicy(RoundPolicy base, Map<String, Long> unitIds, Map<String, Long> pointIds) {
        GradingPolicy defaults = GradingPolicy.defaults();
        List<GradingPolicy.Band> bands = grades == null ? defaults.bands() : grades.stream()
                .map(b -> new GradingPolicy.Band(b.min(), b.grade(), b.quota(), !Boolean.FALSE.equals(b.negativeList())))
                .toList();
        String lowest = effectiveLowestGrade();
        String forced = Boolean.TRUE.equals(gradeNegativeListByBands) ? null
                : negativeListGrade != null ? negativeListGrade : lowest;
        GradingPolicy grading = new GradingPolicy(bands, lowest, forced, improvement == null ? null
                : new GradingPolicy.Improvement(improvement.grade(), improvement.below(), improvement.quota()));
        RoundPolicy.SourceWeights sourceWeights = weights == null ? null : new RoundPolicy.SourceWeights(
                nz(weights.thirdParty()), nz(weights.supervision()), nz(weights.publicEvaluation()));
        Map<Long, RoundPolicy.Pool> pools = new LinkedHashMap<>();
        if (pointPools != null) {
            pointPools.forEach((code, pool) -> {
                Long id = pointIds.get(code);
                if (id == null) {
                    throw new RoundDefinitionException("「policy.pointPools." + shorten(code) + "」评估点 " + shorten(code)
                            + " 不在本轮次的评估点中");
                }
                pools.put(id, POOLS.get(pool));
            });
        }
        List<RoundPolicy.Composite> composite = new ArrayList<>();
        for (Composite c : composites == null ? List.<Composite>of() : composites) {
            List<RoundPolicy.Part> parts = new ArrayList<>();
            for (Part part : c.parts()) {
                Set<Long> members = new LinkedHashSet<>();
                part.units().forEach(code -> members.add(unitIds.get(code)));
                parts.add(new RoundPolicy.Part(part.label(), part.weight(), members));
            }
            composite.add(new RoundPolicy.Composite(unitIds.get(c.unit()), parts));
        }
        return new RoundPolicy(sourceWeights, bonusThreshold, bonusCap, vetoScoreCap, grading,
                base.uncertainBlocksPublication(), base.uncertainty(), pools, composite);
    }

    /** The block that stands for a stored policy, units and points by code: what the workbench form shows. */
    public static PolicyDefinition of(RoundPolicy policy, Map<Long, String> unitCodes, Map<Long, String> pointCodes) {
        GradingPolicy g = policy.grading();
        List<Band> bands = g.bands().stream().map(b -> new Band(b.grade(), plain(b.minimum()), plain(b.quotaPercent()),
                b.negativeListAllowed() ? null : false)).toList();
        GradingPolicy.Improvement i = g.improvement();
        Weights w = policy.weights() == null ? null : new Weights(plain(policy.weights().thirdParty()),
                plain(policy.weights().supervision()), plain(policy.weights().publicEvaluation()));
        Map<String, String> pools = new java.util.TreeMap<>();
        policy.pointPools().forEach((id, pool) -> pools.put(pointCodes.getOrDefault(id, String.valueOf(id)), pool.name()));
        List<Composite> composite = policy.composites().stream().map(c -> new Composite(
                unitCodes.getOrDefault(c.unitId(), String.valueOf(c.unitId())),
                c.parts().stream().map(p -> new Part(p.label(), plain(p.weight()), p.members().stream()
                        .map(m -> unitCodes.getOrDefault(m, String.valueOf(m))).sorted().toList())).toList())).toList();
        boolean byBands = g.negativeListGrade() == null;
        return new PolicyDefinition(bands, g.lowestGrade(),
                i == null ? null : new Improvement(i.grade(), plain(i.below()), plain(i.quotaPercent())),
                byBands || g.negativeListGrade().equals(g.lowestGrade()) ? null : g.negativeListGrade(),
                byBands ? true : null, w, pools.isEmpty() ? null : pools, plain(policy.bonusThreshold()),
                plain(policy.bonusCap()), plain(policy.vetoScoreCap()), composite.isEmpty() ? null : composite);
    }

    /** This block with its point pools limited to the points {@code kept} accepts (a round using fewer points). */
    public PolicyDefinition keepingPoints(Predicate<String> kept) {
        if (pointPools == null) {
            return this;
        }
        Map<String, String> pools = new java.util.TreeMap<>();
        pointPools.forEach((code, pool) -> {
            if (kept.test(code)) {
                pools.put(code, pool);
            }
        });
        return new PolicyDefinition(grades, lowestGrade, improvement, negativeListGrade, gradeNegativeListByBands,
                weights, pools.isEmpty() ? null : pools, bonusThreshold, bonusCap, vetoScoreCap, composites);
    }

    /** This block as YAML under {@code policy:}, as the workbench form shows it. */
    public String toYaml() {
        return YAML.writeValueAsString(new PolicyFile(this)).replaceFirst("^---\\s*\\n", "");
    }

    /** The block as JSON for the audit log's after-image. */
    public String toJson() {
        return JsonMapper.builder().build().writeValueAsString(this);
    }

    private static BigDecimal plain(BigDecimal value) {
        return value == null ? null : new BigDecimal(value.stripTrailingZeros().toPlainString());
    }

    private static BigDecimal nz(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static void label(List<String> problems, String value, String field, String what) {
        if (value == null) {
            return;
        }
        if (value.isBlank()) {
            problems.add("「" + field + "」" + what + "不能为空");
        } else if (value.codePointCount(0, value.length()) > LABEL_MAX) {
            problems.add("「" + field + "」" + what + "不能超过 " + LABEL_MAX + " 个字：“" + shorten(value) + "”");
        } else {
            addIf(problems, TextInput.nameProblem(value, field, LABEL_MAX));
        }
    }

    private static void score(List<String> problems, BigDecimal value, String field, String what) {
        if (value != null && (value.signum() < 0 || value.compareTo(MAX_SCORE) > 0)) {
            problems.add("「" + field + "」" + what + "须在 0 到 " + MAX_SCORE + " 分之间，实际为 " + value.toPlainString());
        }
    }

    private static void percent(List<String> problems, BigDecimal value, String field, String what) {
        if (value != null && (value.signum() < 0 || value.compareTo(HUNDRED) > 0)) {
            problems.add("「" + field + "」" + what + "是组内单位数的百分比，须在 0 到 100 之间，实际为 " + value.toPlainString());
        }
    }

    private static void addIf(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static String shorten(String s) {
        if (s == null) {
            return null;
        }
        String shown = s.replaceAll("\\p{Cc}", "?");
        return shown.length() <= 40 ? shown : shown.substring(0, 40) + "…";
    }
}
