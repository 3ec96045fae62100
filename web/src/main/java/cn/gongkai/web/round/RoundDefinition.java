package cn.gongkai.web.round;

import cn.gongkai.evaluator.catalog.IndicatorSystemValidator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An assessment round as an evaluator writes it in YAML: name, period, the indicator system and the points in use,
 * and the groups with their units, channels and columns. See {@code demo-round.yaml} for an example.
 * {@code confirmVetoes} (default true): a veto FAIL from any checker enters the negative list only once an evaluator
 * has confirmed it; false leaves that to ASSISTED checkers' vetoes alone.
 */
public record RoundDefinition(String name, LocalDate referenceDate, Period period, String indicatorSystem,
                              List<String> points, Boolean allowPrivateAddresses, Integer crawlDelayMs,
                              Boolean confirmVetoes, List<Group> groups) {

    public record Period(LocalDate start, LocalDate end) {
    }

    public record Group(String code, String name, String unitType, List<Unit> units) {
    }

    public record Unit(String code, String name, String unitType, List<Channel> channels) {
    }

    public record Channel(String kind, String name, String url, String feedUrl, List<Column> columns) {
    }

    public record Column(String name, String url, String type) {
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{sandbox:([a-z0-9-]+)}");
    static final List<String> UNIT_TYPES = List.of("COUNTY_GOVERNMENT", "DEPARTMENT", "TOWNSHIP");
    static final List<String> CHANNEL_KINDS = List.of("WEBSITE", "WECHAT");

    /**
     * Parses a round definition; {@code ${sandbox:code}} placeholders are replaced by {@code sandboxUrls} (the base
     * URL of a sandbox site), which may be null when the round does not use the sandbox.
     */
    public static RoundDefinition parse(String yaml, Function<String, String> sandboxUrls) {
        Matcher matcher = PLACEHOLDER.matcher(yaml);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String url = sandboxUrls == null ? null : sandboxUrls.apply(matcher.group(1));
            if (url == null) {
                throw new RoundDefinitionException("轮次定义引用了靶场站点 " + matcher.group(1) + "，但靶场未启动或没有该站点");
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(url.replaceAll("/+$", "")));
        }
        matcher.appendTail(resolved);
        RoundDefinition definition;
        try {
            definition = YAML.readValue(resolved.toString(), RoundDefinition.class);
        } catch (JacksonException e) {
            throw new RoundDefinitionException("轮次定义 YAML 无法解析：" + e.getOriginalMessage(), e);
        }
        if (definition == null) {
            throw new RoundDefinitionException("轮次定义为空");
        }
        definition.validate();
        return definition;
    }

    public LocalDate effectiveReferenceDate(LocalDate today) {
        return referenceDate != null ? referenceDate : today;
    }

    public Period effectivePeriod(LocalDate today) {
        LocalDate reference = effectiveReferenceDate(today);
        return period != null ? period
                : new Period(LocalDate.of(reference.getYear(), 1, 1), LocalDate.of(reference.getYear(), 12, 31));
    }

    /** Collects every problem, so an evaluator fixes the file in one pass. */
    private void validate() {
        List<String> problems = new ArrayList<>();
        if (blank(name)) {
            problems.add("缺少轮次名称（name）");
        }
        if (blank(indicatorSystem)) {
            problems.add("缺少指标体系（indicatorSystem）");
        }
        if (period != null && (period.start() == null || period.end() == null || period.end().isBefore(period.start()))) {
            problems.add("评估周期（period）须有 start 和 end，且 end 不早于 start");
        }
        if (groups == null || groups.isEmpty()) {
            problems.add("至少需要一个分组（groups）");
        } else {
            Set<String> unitCodes = new HashSet<>();
            for (Group group : groups) {
                String where = "分组 " + group.code();
                if (blank(group.code()) || blank(group.name())) {
                    problems.add("分组缺少 code 或 name");
                }
                if (!UNIT_TYPES.contains(group.unitType())) {
                    problems.add(where + " 的 unitType 应为 " + UNIT_TYPES + " 之一，实际为 " + group.unitType());
                }
                for (Unit unit : group.units() == null ? List.<Unit>of() : group.units()) {
                    String unitWhere = "单位 " + unit.code();
                    if (blank(unit.code()) || blank(unit.name())) {
                        problems.add(where + " 中有单位缺少 code 或 name");
                    } else if (!unitCodes.add(unit.code())) {
                        problems.add(unitWhere + " 重复出现");
                    }
                    if (unit.unitType() != null && !UNIT_TYPES.contains(unit.unitType())) {
                        problems.add(unitWhere + " 的 unitType 无效：" + unit.unitType());
                    }
                    for (Channel channel : unit.channels() == null ? List.<Channel>of() : unit.channels()) {
                        if (!CHANNEL_KINDS.contains(channel.kind())) {
                            problems.add(unitWhere + " 的渠道类型应为 " + CHANNEL_KINDS + " 之一，实际为 " + channel.kind());
                        }
                        if (!isHttpUrl(channel.url())) {
                            problems.add(unitWhere + " 的渠道网址不是 http(s) 地址：" + channel.url());
                        }
                        for (Column column : channel.columns() == null ? List.<Column>of() : channel.columns()) {
                            if (blank(column.name()) || !isHttpUrl(column.url()) || blank(column.type())) {
                                problems.add(unitWhere + " 的栏目须有 name、type 和 http(s) 网址：" + column);
                            } else if (!IndicatorSystemValidator.COLUMN_TYPES.contains(column.type())) {
                                // Checkers select columns by type: one of another type would never be read.
                                problems.add(unitWhere + " 的栏目 " + column.name() + " 的 type 应为 "
                                        + new java.util.TreeSet<>(IndicatorSystemValidator.COLUMN_TYPES) + " 之一，实际为 "
                                        + column.type());
                            }
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RoundDefinitionException("轮次定义有 " + problems.size() + " 处错误：\n- " + String.join("\n- ", problems));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** An absolute http(s) URL with a host, as the crawler can fetch it. */
    static boolean isHttpUrl(String s) {
        if (s == null || !(s.startsWith("http://") || s.startsWith("https://"))) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(s);
            return uri.getHost() != null && !uri.getHost().isBlank();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The unit type of a unit: its own, else its group's. */
    public static String unitTypeOf(Group group, Unit unit) {
        return unit.unitType() != null ? unit.unitType() : group.unitType();
    }
}
