package cn.gongkai.evaluator.catalog;

import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Area;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Indicator;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Point;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Small indicator systems and helpers shared by the catalog tests. */
final class Systems {

    /**
     * The checker types the lead engineer is adding in this issue (the only ones AUTO/ASSISTED points of the default
     * catalog may name). Format and validation tests use this set so that they do not depend on how far the
     * checkers have got; {@code DefaultCatalogTest} checks the catalog against the real registry.
     */
    static final Set<String> FIRST_CHECKERS = Set.of("homepage-update", "column-update", "blank-columns",
            "undated-items", "site-availability", "dead-links", "site-identifiers", "meta-tags", "search-function",
            "disclosure-structure", "disclosure-guide", "disclosure-catalogue", "proactive-disclosure-timeliness",
            "backdated-items",
            "interpretation-coverage", "interpretation-timeliness", "interpretation-links", "interpretation-forms",
            "interpretation-interpreter", "interpretation-principal", "budget-disclosure", "budget-column",
            // annual reports, WeChat accounts, responding to concerns
            "annual-report", "annual-report-timeliness", "message-unanswered", "message-reply-time",
            "message-reply-rate", "wechat-update", "wechat-frequency", "wechat-originality", "wechat-site-links",
            "wechat-interaction", "annual-report-requests", "opinion-response", "wording-errors");

    static final List<String> ALL_UNITS = List.of("COUNTY_GOVERNMENT", "DEPARTMENT", "TOWNSHIP");

    private Systems() {
    }

    static IndicatorSystemDefinition defaultCatalog() {
        return IndicatorSystemDefinition.seed("default");
    }

    static Stream<Point> points(IndicatorSystemDefinition system) {
        return system.areas().stream().flatMap(a -> a.indicators().stream()).flatMap(i -> i.points().stream());
    }

    /** A valid system: two areas, three points, 100 points in all. */
    static IndicatorSystemDefinition small() {
        return system(
                area("a1", "信息公开", indicator("i1", 60, point("p1", 30), point("p2", 30))),
                area("a2", "平台建设", indicator("i2", 40, point("p3", 40).method("AUTO").checker("homepage-update")
                        .params(Map.of("maxDays", 14)))));
    }

    static IndicatorSystemDefinition system(Area... areas) {
        return new IndicatorSystemDefinition("test", 1, "测试指标体系", List.of(areas));
    }

    static Area area(String code, String name, Indicator... indicators) {
        return new Area(code, name, List.of(indicators));
    }

    static Indicator indicator(String code, double max, PointBuilder... points) {
        return new Indicator(code, "指标" + code, BigDecimal.valueOf(max),
                Stream.of(points).map(PointBuilder::build).toList());
    }

    static PointBuilder point(String code, double max) {
        return new PointBuilder(code, BigDecimal.valueOf(max));
    }

    static byte[] xlsx(IndicatorSystemDefinition system) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IndicatorSystemXlsx.write(system, out);
        return out.toByteArray();
    }

    static byte[] csv(IndicatorSystemDefinition system) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IndicatorSystemCsv.write(system, out);
        return out.toByteArray();
    }

    /** A valid MANUAL, BINARY point for every unit type; each setter changes one field. */
    static final class PointBuilder {
        private final String code;
        private final BigDecimal max;
        private String text = "评估点内容";
        private String rule = "BINARY";
        private Map<String, Object> ruleParams = Map.of();
        private String method = "MANUAL";
        private String checker;
        private Map<String, Object> params = Map.of();
        private boolean veto;
        private String vetoReason;
        private List<String> appliesTo = ALL_UNITS;
        private boolean bonus;

        PointBuilder(String code, BigDecimal max) {
            this.code = code;
            this.max = max;
        }

        PointBuilder text(String value) {
            text = value;
            return this;
        }

        PointBuilder rule(String value, Map<String, Object> params) {
            rule = value;
            ruleParams = params;
            return this;
        }

        PointBuilder method(String value) {
            method = value;
            return this;
        }

        PointBuilder checker(String value) {
            checker = value;
            return this;
        }

        PointBuilder params(Map<String, Object> value) {
            params = value;
            return this;
        }

        PointBuilder veto(boolean value, String reason) {
            veto = value;
            vetoReason = reason;
            return this;
        }

        PointBuilder appliesTo(List<String> value) {
            appliesTo = value;
            return this;
        }

        PointBuilder bonus() {
            bonus = true;
            return this;
        }

        Point build() {
            return new Point(code, text, max, rule, ruleParams, method, checker, params, veto, vetoReason, appliesTo,
                    bonus, "整改建议");
        }
    }
}
