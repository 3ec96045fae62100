package cn.gongkai.evaluator.catalog;

import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Area;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Indicator;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Point;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Says everything that is wrong with an indicator system before it is stored or used, in Chinese, each problem
 * with where it is, so that an evaluator can fix a whole spreadsheet in one pass rather than one error at a time.
 */
public final class IndicatorSystemValidator {

    public static final Set<String> SCORING_RULES = Set.of("BINARY", "GRADED", "PROPORTIONAL", "DEDUCTION");
    public static final Set<String> METHODS = Set.of("AUTO", "ASSISTED", "MANUAL", "DEPARTMENT");
    public static final Set<String> UNIT_TYPES = Set.of("COUNTY_GOVERNMENT", "DEPARTMENT", "TOWNSHIP");
    /** The column types a round may register (channel_column.column_type), the ones checkers select by. */
    public static final Set<String> COLUMN_TYPES =
            Set.of("NEWS", "NOTICE", "POLICY", "INTERPRETATION", "DISCLOSURE", "INTERACTION", "OTHER");

    /** Every system scores out of 100; bonus points come on top and are flagged as such. */
    static final BigDecimal TOTAL = BigDecimal.valueOf(100);

    // Codes end up in URLs, file names and round definitions: keep them plain.
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    // A parameter named like a threshold must be a number; a name is all the validator knows of a checker.
    private static final Pattern THRESHOLD =
            Pattern.compile("(max|min)[A-Z].*|.*(Days|Months|Hours|Seconds|Ratio|Rate|Depth|Count)");
    private static final Pattern FRACTION = Pattern.compile(".*(Ratio|Rate)");
    // Column sizes of V1__core_schema.sql: a longer value would fail half-way through an install.
    private static final int CODE_LENGTH = 64;
    private static final int NAME_LENGTH = 200;
    private static final int TEXT_LENGTH = 1000;
    private static final int VETO_REASON_LENGTH = 500;
    private static final BigDecimal MAX_SCORE_LIMIT = new BigDecimal("99999.999");

    /** Where a problem is: indices into the definition, -1 for a level the problem is not about. */
    public record Position(int area, int indicator, int point) {
        static final Position SYSTEM = new Position(-1, -1, -1);
    }

    /** {@code where} names the place in Chinese (e.g. 评估点 xxgk-01); {@code message} says what is wrong. */
    public record Problem(Position position, String where, String message) {
        @Override
        public String toString() {
            return where + "：" + message;
        }
    }

    private final Set<String> checkerTypes;

    /** {@code checkerTypes}: the checkers that exist, e.g. {@code RoundChecker.defaultCheckerTypes()}. */
    public IndicatorSystemValidator(Set<String> checkerTypes) {
        this.checkerTypes = Set.copyOf(checkerTypes);
    }

    /** Every problem found, in the order of the definition; empty when the system can be stored and used. */
    public List<Problem> validate(IndicatorSystemDefinition system) {
        Run run = new Run();
        run.system(system);
        return List.copyOf(run.problems);
    }

    private final class Run {
        final List<Problem> problems = new ArrayList<>();
        // Codes are unique in the whole system, not just under their parent: rounds and findings name points by code.
        final Set<String> areaCodes = new HashSet<>();
        final Set<String> indicatorCodes = new HashSet<>();
        final Set<String> pointCodes = new HashSet<>();

        void system(IndicatorSystemDefinition system) {
            Position at = Position.SYSTEM;
            String where = "指标体系";
            code(at, where, "指标体系代码", system.code());
            if (system.version() < 1) {
                add(at, where, "版本号应为正整数，实际为 " + system.version());
            }
            text(at, where, "指标体系名称", system.name(), NAME_LENGTH, true);
            if (system.areas().isEmpty()) {
                add(at, where, "没有任何区域");
            }
            BigDecimal total = BigDecimal.ZERO;
            boolean complete = true;
            for (int a = 0; a < system.areas().size(); a++) {
                Area area = system.areas().get(a);
                area(a, area);
                for (Indicator indicator : area.indicators()) {
                    for (Point point : indicator.points()) {
                        if (point.maxScore() == null) {
                            complete = false;
                        } else if (!point.bonus()) {
                            total = total.add(point.maxScore());
                        }
                    }
                }
            }
            if (complete && !system.areas().isEmpty() && total.compareTo(TOTAL) != 0) {
                add(at, where, "非加分评估点的分值合计应为 100，实际为 " + plain(total));
            }
        }

        void area(int a, Area area) {
            Position at = new Position(a, -1, -1);
            String where = "区域 " + label(area.code(), a + 1);
            if (code(at, where, "区域代码", area.code())) {
                unique(areaCodes, area.code(), where, at, "区域代码");
            }
            text(at, where, "区域名称", area.name(), NAME_LENGTH, true);
            if (area.indicators().isEmpty()) {
                add(at, where, "区域下没有任何指标");
            }
            for (int i = 0; i < area.indicators().size(); i++) {
                indicator(a, i, area.indicators().get(i));
            }
        }

        void indicator(int a, int i, Indicator indicator) {
            Position at = new Position(a, i, -1);
            String where = "指标 " + label(indicator.code(), i + 1);
            if (code(at, where, "指标代码", indicator.code())) {
                unique(indicatorCodes, indicator.code(), where, at, "指标代码");
            }
            text(at, where, "指标名称", indicator.name(), NAME_LENGTH, true);
            boolean maxValid = score(at, where, "指标满分", indicator.maxScore());
            if (indicator.points().isEmpty()) {
                add(at, where, "指标下没有任何评估点");
                return;
            }
            BigDecimal regular = BigDecimal.ZERO;
            BigDecimal bonus = BigDecimal.ZERO;
            boolean complete = true;
            for (int p = 0; p < indicator.points().size(); p++) {
                Point point = indicator.points().get(p);
                point(new Position(a, i, p), point);
                if (point.maxScore() == null) {
                    complete = false;
                } else if (point.bonus()) {
                    bonus = bonus.add(point.maxScore());
                } else {
                    regular = regular.add(point.maxScore());
                }
            }
            if (maxValid && complete) {
                // An indicator made only of bonus points is itself a bonus indicator: its maximum is their sum.
                boolean bonusOnly = regular.signum() == 0;
                BigDecimal sum = bonusOnly ? bonus : regular;
                if (sum.compareTo(indicator.maxScore()) != 0) {
                    add(at, where, (bonusOnly ? "加分评估点" : "非加分评估点") + "的分值合计为 " + plain(sum)
                            + "，与指标满分 " + plain(indicator.maxScore()) + " 不一致");
                }
            }
        }

        void point(Position at, Point point) {
            String where = "评估点 " + label(point.code(), at.point() + 1);
            if (code(at, where, "评估点代码", point.code())) {
                unique(pointCodes, point.code(), where, at, "评估点代码");
            }
            text(at, where, "评估点内容", point.text(), TEXT_LENGTH, true);
            boolean maxValid = score(at, where, "分值", point.maxScore());
            String rule = point.scoringRule();
            if (blank(rule)) {
                add(at, where, "缺少计分规则（BINARY、GRADED、PROPORTIONAL 或 DEDUCTION）");
            } else if (!SCORING_RULES.contains(rule)) {
                add(at, where, "未知的计分规则“" + rule + "”，应为 BINARY、GRADED、PROPORTIONAL 或 DEDUCTION");
            } else {
                ruleParams(at, where, rule, point.ruleParams(), maxValid ? point.maxScore() : null);
            }
            method(at, where, point);
            if (point.veto() && blank(point.vetoReason())) {
                add(at, where, "单项否决项必须写明否决理由");
            }
            if (!point.veto() && !blank(point.vetoReason())) {
                add(at, where, "填写了否决理由，但未标为单项否决项");
            }
            text(at, where, "否决理由", point.vetoReason(), VETO_REASON_LENGTH, false);
            if (point.veto() && point.bonus()) {
                add(at, where, "加分项不能同时是单项否决项");
            }
            appliesTo(at, where, point.appliesTo());
            text(at, where, "整改建议", point.howToFix(), TEXT_LENGTH, false);
        }

        void method(Position at, String where, Point point) {
            String method = point.method();
            boolean hasChecker = !blank(point.checker());
            if (blank(method)) {
                add(at, where, "缺少评估方式（AUTO、ASSISTED、MANUAL 或 DEPARTMENT）");
            } else if (!METHODS.contains(method)) {
                add(at, where, "未知的评估方式“" + method + "”，应为 AUTO、ASSISTED、MANUAL 或 DEPARTMENT");
            } else if (method.equals("AUTO") || method.equals("ASSISTED")) {
                if (!hasChecker) {
                    add(at, where, "评估方式为 " + method + " 的评估点必须指定检查器");
                } else if (!checkerTypes.contains(point.checker())) {
                    add(at, where, "未知的检查器“" + point.checker() + "”");
                }
                checkerParams(at, where, point.params());
            } else {
                // People score these: a checker named here would never run, and its params would mislead readers.
                if (hasChecker) {
                    add(at, where, "评估方式为 " + method + " 的评估点由人工评分，不能指定检查器“" + point.checker() + "”");
                }
                if (!point.params().isEmpty()) {
                    add(at, where, "评估方式为 " + method + " 的评估点不应有检查参数");
                }
            }
        }

        void checkerParams(Position at, String where, Map<String, Object> params) {
            for (var entry : params.entrySet()) {
                String name = entry.getKey();
                Object value = entry.getValue();
                String label = "检查参数 " + name;
                if (value == null) {
                    add(at, where, label + " 没有值");
                } else if (THRESHOLD.matcher(name).matches() || value instanceof Number) {
                    BigDecimal number = number(value);
                    if (number == null) {
                        add(at, where, label + " 应为数字，实际为“" + value + "”");
                    } else if (number.signum() < 0) {
                        add(at, where, label + " 不能为负数，实际为 " + plain(number));
                    } else if (FRACTION.matcher(name).matches() && number.compareTo(BigDecimal.ONE) > 0) {
                        add(at, where, label + " 是比例，应在 0 到 1 之间，实际为 " + plain(number));
                    }
                } else if (value instanceof List<?> list) {
                    if (list.isEmpty()) {
                        add(at, where, label + " 是空列表");
                    }
                    if (name.equals("columnTypes")) {
                        for (Object type : list) {
                            if (!(type instanceof String s) || !COLUMN_TYPES.contains(s)) {
                                add(at, where, label + " 中有未知的栏目类型“" + type + "”，应为 "
                                        + String.join("、", sorted(COLUMN_TYPES)) + " 之一");
                            }
                        }
                    }
                }
            }
        }

        void ruleParams(Position at, String where, String rule, Map<String, Object> params, BigDecimal max) {
            Set<String> known = switch (rule) {
                case "GRADED" -> Set.of("levels", "labels");
                case "DEDUCTION" -> Set.of("perViolation", "cap");
                case "PROPORTIONAL" -> Set.of("zeroAt", "fullAt");
                default -> Set.of();
            };
            for (String name : params.keySet()) {
                if (!known.contains(name)) {
                    add(at, where, known.isEmpty()
                            ? "计分规则 " + rule + " 不需要计分参数，却有“" + name + "”"
                            : "计分规则 " + rule + " 没有名为“" + name + "”的计分参数，可用的有 "
                                    + String.join("、", sorted(known)));
                }
            }
            switch (rule) {
                case "GRADED" -> graded(at, where, params);
                case "DEDUCTION" -> deduction(at, where, params, max);
                case "PROPORTIONAL" -> proportional(at, where, params);
                default -> { }
            }
        }

        void graded(Position at, String where, Map<String, Object> params) {
            if (!(params.get("levels") instanceof List<?> levels) || levels.size() < 2) {
                add(at, where, "分档计分（GRADED）需要计分参数 levels：至少两档、由低到高的得分比例，如 [0, 0.5, 1]");
                return;
            }
            BigDecimal previous = null;
            boolean valid = true;
            for (Object level : levels) {
                BigDecimal fraction = number(level);
                if (fraction == null || fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
                    add(at, where, "分档 levels 中的“" + level + "”不是 0 到 1 之间的比例");
                    valid = false;
                } else if (previous != null && fraction.compareTo(previous) <= 0) {
                    add(at, where, "分档 levels 应由低到高严格递增：" + levels);
                    valid = false;
                }
                if (fraction != null) {
                    previous = fraction;
                }
            }
            if (valid && previous.compareTo(BigDecimal.ONE) != 0) {
                add(at, where, "分档 levels 的最高一档应为 1（满分），实际为 " + plain(previous));
            }
            Object labels = params.get("labels");
            if (labels != null) {
                if (!(labels instanceof List<?> names) || names.size() != levels.size()
                        || names.stream().anyMatch(n -> !(n instanceof String s) || s.isBlank())) {
                    add(at, where, "分档 labels 应为与 levels 一一对应的文字说明");
                }
            }
        }

        void deduction(Position at, String where, Map<String, Object> params, BigDecimal max) {
            BigDecimal per = number(params.get("perViolation"));
            BigDecimal cap = number(params.get("cap"));
            if (per == null || per.signum() <= 0) {
                add(at, where, "扣分计分（DEDUCTION）需要计分参数 perViolation（每处扣分）且大于 0，实际为 "
                        + shown(params.get("perViolation")));
            }
            if (cap == null || cap.signum() <= 0) {
                add(at, where, "扣分计分（DEDUCTION）需要计分参数 cap（扣分上限）且大于 0，实际为 "
                        + shown(params.get("cap")));
            } else if (max != null && cap.compareTo(max) > 0) {
                add(at, where, "扣分上限 cap " + plain(cap) + " 超过了评估点分值 " + plain(max));
            } else if (per != null && per.signum() > 0 && per.compareTo(cap) > 0) {
                add(at, where, "每处扣分 perViolation " + plain(per) + " 超过了扣分上限 cap "
                        + plain(cap));
            }
        }

        void proportional(Position at, String where, Map<String, Object> params) {
            BigDecimal zeroAt = BigDecimal.ZERO;
            BigDecimal fullAt = BigDecimal.ONE;
            boolean valid = true;
            for (String name : List.of("zeroAt", "fullAt")) {
                if (!params.containsKey(name)) {
                    continue;
                }
                BigDecimal ratio = number(params.get(name));
                if (ratio == null || ratio.signum() < 0 || ratio.compareTo(BigDecimal.ONE) > 0) {
                    add(at, where, "比例计分参数 " + name + " 应为 0 到 1 之间的比例，实际为 " + shown(params.get(name)));
                    valid = false;
                } else if (name.equals("zeroAt")) {
                    zeroAt = ratio;
                } else {
                    fullAt = ratio;
                }
            }
            if (valid && zeroAt.compareTo(fullAt) >= 0) {
                add(at, where, "比例计分参数 zeroAt（" + plain(zeroAt) + "）应小于 fullAt（"
                        + plain(fullAt) + "）");
            }
        }

        void appliesTo(Position at, String where, List<String> types) {
            if (types.isEmpty()) {
                add(at, where, "未指定适用的单位类型（COUNTY_GOVERNMENT、DEPARTMENT、TOWNSHIP）");
                return;
            }
            Set<String> seen = new HashSet<>();
            for (String type : types) {
                if (!UNIT_TYPES.contains(type)) {
                    add(at, where, "未知的单位类型“" + type + "”，应为 COUNTY_GOVERNMENT、DEPARTMENT 或 TOWNSHIP");
                } else if (!seen.add(type)) {
                    add(at, where, "适用单位类型 " + type + " 重复");
                }
            }
        }

        boolean code(Position at, String where, String label, String code) {
            if (blank(code)) {
                add(at, where, "缺少" + label);
                return false;
            }
            if (code.length() > CODE_LENGTH || !CODE.matcher(code).matches()) {
                add(at, where, label + "“" + code + "”只能由字母、数字、点、下划线和连字符组成，不超过 " + CODE_LENGTH + " 个字符");
                return false;
            }
            return true;
        }

        void unique(Set<String> seen, String code, String where, Position at, String label) {
            if (!seen.add(code)) {
                add(at, where, label + " " + code + " 重复：同一指标体系中的" + label + "必须唯一");
            }
        }

        void text(Position at, String where, String label, String value, int length, boolean required) {
            if (blank(value)) {
                if (required) {
                    add(at, where, "缺少" + label);
                }
            } else if (value.length() > length) {
                add(at, where, label + "过长：" + value.length() + " 个字符，最多 " + length + " 个");
            }
        }

        boolean score(Position at, String where, String label, BigDecimal score) {
            if (score == null) {
                add(at, where, "缺少" + label);
                return false;
            }
            if (score.signum() <= 0) {
                add(at, where, label + "应大于 0，实际为 " + plain(score));
                return false;
            }
            if (score.scale() > 3 || score.compareTo(MAX_SCORE_LIMIT) > 0) {
                add(at, where, label + " " + plain(score) + " 超出范围：最多三位小数，不超过 99999.999");
                return false;
            }
            return true;
        }

        void add(Position at, String where, String message) {
            problems.add(new Problem(at, where, message));
        }
    }

    private static String label(String code, int ordinal) {
        return blank(code) ? "（第 " + ordinal + " 个）" : code;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String shown(Object value) {
        return value == null ? "空" : "“" + value + "”";
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /** A number given as a number; text that merely looks like one is not, so "14" in YAML is reported. */
    private static BigDecimal number(Object value) {
        if (!(value instanceof Number n)) {
            return null;
        }
        try {
            return new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            return null; // NaN or infinity
        }
    }
}
