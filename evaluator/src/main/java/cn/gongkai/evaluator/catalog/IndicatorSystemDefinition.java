package cn.gongkai.evaluator.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An indicator system as evaluators write it: areas → indicators → evaluation points. Nothing here is checked;
 * {@link IndicatorSystemValidator} says what is wrong with a definition.
 */
public record IndicatorSystemDefinition(String code, int version, String name, List<Area> areas) {

    public IndicatorSystemDefinition {
        areas = areas == null ? List.of() : List.copyOf(areas);
    }

    public record Area(String code, String name, List<Indicator> indicators) {
        public Area {
            indicators = indicators == null ? List.of() : List.copyOf(indicators);
        }
    }

    public record Indicator(String code, String name, BigDecimal maxScore, List<Point> points) {
        public Indicator {
            maxScore = canonical(maxScore);
            points = points == null ? List.of() : List.copyOf(points);
        }
    }

    /**
     * One evaluation point.
     *
     * <p>{@code scoringRule}: BINARY (all or nothing), GRADED ({@code ruleParams.levels}: ascending fractions of the
     * maximum an evaluator chooses from, optional {@code labels} naming each level), PROPORTIONAL (score follows a
     * measured ratio; optional {@code zeroAt} and {@code fullAt} ratios clamp it) or DEDUCTION
     * ({@code ruleParams.perViolation} points off per violation, never more than {@code cap}). {@code method}: AUTO
     * or ASSISTED (a {@code checker} type runs with {@code params}; thresholds are params, never constants in code),
     * MANUAL (an evaluator judges from materials) or DEPARTMENT (the supervising department scores).
     * {@code appliesTo}: COUNTY_GOVERNMENT, DEPARTMENT, TOWNSHIP. A {@code bonus} point is counted outside the 100.
     */
    public record Point(String code, String text, BigDecimal maxScore, String scoringRule,
                        Map<String, Object> ruleParams, String method, String checker, Map<String, Object> params,
                        boolean veto, String vetoReason, List<String> appliesTo, boolean bonus, String howToFix) {
        public Point {
            maxScore = canonical(maxScore);
            ruleParams = ruleParams == null ? Map.of() : ruleParams;
            params = params == null ? Map.of() : params;
            appliesTo = appliesTo == null ? List.of() : appliesTo;
        }
    }

    /**
     * Scores compare by value: 10, 10.0 and 10.000 (YAML, a spreadsheet cell, a DECIMAL column) are one score, so a
     * definition read back from any of them equals the one written.
     */
    private static BigDecimal canonical(BigDecimal score) {
        if (score == null) {
            return null;
        }
        BigDecimal stripped = score.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    // An absent veto or bonus means "no": the catalog marks only the few points that are.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public static IndicatorSystemDefinition read(InputStream yaml) {
        try (yaml) {
            return YAML.readValue(yaml, IndicatorSystemDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Codes of the seed systems shipped with gongkai, the one new rounds use first. Resources in a jar cannot be
     * listed, so a new seed file is named here too.
     */
    public static final List<String> SEED_CODES = List.of("default", "foundation");

    /** The seed system shipped with gongkai, by its code (a resource beside this class). */
    public static IndicatorSystemDefinition seed(String code) {
        InputStream in = IndicatorSystemDefinition.class.getResourceAsStream(code + ".yaml");
        if (in == null) {
            throw new IllegalArgumentException("没有名为 " + code + " 的内置指标体系");
        }
        return read(in);
    }
}
