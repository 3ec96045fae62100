package cn.gongkai.evaluator.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** An indicator system as evaluators write it: areas → indicators → evaluation points. */
public record IndicatorSystemDefinition(String code, int version, String name, List<Area> areas) {

    public record Area(String code, String name, List<Indicator> indicators) {
    }

    public record Indicator(String code, String name, BigDecimal maxScore, List<Point> points) {
    }

    /**
     * One evaluation point. {@code scoringRule}: BINARY, GRADED, PROPORTIONAL or DEDUCTION; {@code method}: AUTO,
     * ASSISTED, MANUAL or DEPARTMENT; {@code params} go to the checker (thresholds are never constants in code).
     */
    public record Point(String code, String text, BigDecimal maxScore, String scoringRule, String method,
                        String checker, Map<String, Object> params, boolean veto, String vetoReason,
                        List<String> appliesTo, boolean bonus, String howToFix) {
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static IndicatorSystemDefinition read(InputStream yaml) {
        try (yaml) {
            return YAML.readValue(yaml, IndicatorSystemDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seed system shipped with gongkai, by its code (a resource beside this class). */
    public static IndicatorSystemDefinition seed(String code) {
        InputStream in = IndicatorSystemDefinition.class.getResourceAsStream(code + ".yaml");
        if (in == null) {
            throw new IllegalArgumentException("没有名为 " + code + " 的内置指标体系");
        }
        return read(in);
    }
}
