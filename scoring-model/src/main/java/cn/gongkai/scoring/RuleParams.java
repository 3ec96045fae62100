package cn.gongkai.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A point's scoring rule with its {@code rule_params} read into numbers, in the shape the indicator catalog writes
 * them: GRADED {@code levels} (ascending fractions of the maximum), DEDUCTION {@code perViolation} and {@code cap},
 * PROPORTIONAL {@code zeroAt} and {@code fullAt}. Missing parameters take the reading that deducts least surprise:
 * a violation costs the whole point, a ratio scores linearly from 0 to 1, a graded point has the levels 0 and 1.
 *
 * @param levels GRADED levels in points (fraction × maximum), ascending
 */
record RuleParams(String rule, BigDecimal perViolation, BigDecimal deductionCap, BigDecimal zeroAt, BigDecimal fullAt,
                  List<BigDecimal> levels) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RuleParams parse(String pointCode, String rule, BigDecimal maxScore, String json) {
        JsonNode params = read(pointCode, json);
        return switch (rule) {
            case "BINARY" -> new RuleParams(rule, null, null, null, null, List.of());
            case "GRADED" -> new RuleParams(rule, null, null, null, null, levels(pointCode, params, maxScore));
            case "DEDUCTION" -> {
                BigDecimal per = number(pointCode, params, "perViolation", maxScore);
                BigDecimal cap = number(pointCode, params, "cap", maxScore).min(maxScore);
                if (per.signum() <= 0) {
                    throw new IllegalStateException("评估点 " + pointCode + " 的每处扣分 perViolation 应大于 0");
                }
                yield new RuleParams(rule, per, cap, null, null, List.of());
            }
            case "PROPORTIONAL" -> {
                BigDecimal zeroAt = number(pointCode, params, "zeroAt", BigDecimal.ZERO);
                BigDecimal fullAt = number(pointCode, params, "fullAt", BigDecimal.ONE);
                if (zeroAt.compareTo(fullAt) >= 0) {
                    throw new IllegalStateException("评估点 " + pointCode + " 的比例计分参数 zeroAt 应小于 fullAt");
                }
                yield new RuleParams(rule, null, null, zeroAt, fullAt, List.of());
            }
            default -> throw new IllegalStateException("评估点 " + pointCode + " 的计分规则“" + rule
                    + "”未知，应为 BINARY、GRADED、PROPORTIONAL 或 DEDUCTION");
        };
    }

    private static JsonNode read(String pointCode, String json) {
        if (json == null || json.isBlank()) {
            return JSON.valueToTree(Map.of());
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (!node.isObject()) {
                throw new IllegalStateException("评估点 " + pointCode + " 的计分参数应为 JSON 对象：" + json);
            }
            return node;
        } catch (JacksonException e) {
            throw new IllegalStateException("评估点 " + pointCode + " 的计分参数不是有效的 JSON：" + json, e);
        }
    }

    private static BigDecimal number(String pointCode, JsonNode params, String name, BigDecimal fallback) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalStateException("评估点 " + pointCode + " 的计分参数 " + name + " 应为数字：" + value);
        }
        return value.decimalValue();
    }

    private static List<BigDecimal> levels(String pointCode, JsonNode params, BigDecimal maxScore) {
        JsonNode levels = params.get("levels");
        if (levels == null || levels.isNull()) {
            return List.of(BigDecimal.ZERO.setScale(3), maxScore.setScale(3, RoundingMode.HALF_UP));
        }
        if (!levels.isArray() || levels.isEmpty()) {
            throw new IllegalStateException("评估点 " + pointCode + " 的分档 levels 应为非空的比例列表");
        }
        List<BigDecimal> points = new ArrayList<>();
        for (JsonNode level : levels) {
            if (!level.isNumber() || level.decimalValue().signum() < 0
                    || level.decimalValue().compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalStateException("评估点 " + pointCode + " 的分档 levels 中“" + level
                        + "”不是 0 到 1 之间的比例");
            }
            BigDecimal score = maxScore.multiply(level.decimalValue()).setScale(3, RoundingMode.HALF_UP);
            if (!points.contains(score)) {
                points.add(score);
            }
        }
        points.sort(null);
        return List.copyOf(points);
    }
}
