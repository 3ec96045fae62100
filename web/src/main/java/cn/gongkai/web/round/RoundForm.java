package cn.gongkai.web.round;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The workbench's round-creation form, field by field as the evaluator typed it (text, so a wrong date or number comes
 * back with a Chinese message and the form as it was). {@link #toYaml} writes the round definition the YAML box and
 * {@code run-round} read, so both ways to create a round are checked by {@link RoundDefinition#parse} alike and the
 * round keeps a definition an expert can read.
 */
public class RoundForm {

    /** Rows the form offers for groups; an evaluator adds more with the page's button. */
    static final int GROUP_ROWS = 3;

    private String name = "";
    private String referenceDate = "";
    private String periodStart = "";
    private String periodEnd = "";
    private String indicatorSystem = "default";
    /** "all" (every point of the system) or "selected" (only {@link #points}). */
    private String pointScope = "all";
    /** Chosen points as {@code system:code}, so the lists of two systems never mix. */
    private List<String> points = new ArrayList<>();
    private List<GroupRow> groups = new ArrayList<>();
    /** "default" or "copy" (the policy of {@link #policyFrom}). */
    private String policy = "default";
    private Long policyFrom;
    private boolean confirmVetoes = true;
    private String crawlDelayMs = "1000";
    private String maxDepth = "2";
    private String maxPagesPerChannel = "5000";
    private String maxListPagesPerColumn = "50";
    private boolean allowPrivateAddresses;

    /** A group as one row of the form; a row left empty is no group. */
    public static class GroupRow {
        private String code = "";
        private String name = "";
        private String unitType = "COUNTY_GOVERNMENT";

        public GroupRow() {
        }

        GroupRow(String code, String name, String unitType) {
            this.code = code;
            this.name = name;
            this.unitType = unitType;
        }

        boolean empty() {
            return blank(code) && blank(name);
        }

        public String getCode() {
            return code;
        }

        public void setCode(String code) {
            this.code = code;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getUnitType() {
            return unitType;
        }

        public void setUnitType(String unitType) {
            this.unitType = unitType;
        }
    }

    /** What a new form shows: the usual two groups of a municipal round and an empty row. */
    public static RoundForm blank() {
        RoundForm form = new RoundForm();
        form.groups = new ArrayList<>(List.of(new GroupRow("counties", "区县政府", "COUNTY_GOVERNMENT"),
                new GroupRow("departments", "市直部门", "DEPARTMENT"), new GroupRow()));
        return form;
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    /**
     * The round definition this form stands for, as YAML, with {@code policy} (null for the platform's defaults).
     * Refused in Chinese, every problem at once, when a date or number cannot be read or no point is chosen; what
     * the definition itself requires is left to {@link RoundDefinition#parse}.
     */
    String toYaml(PolicyDefinition policy) {
        List<String> problems = new ArrayList<>();
        LocalDate reference = date(problems, referenceDate, "检查日");
        LocalDate start = date(problems, periodStart, "评估周期的开始日");
        LocalDate end = date(problems, periodEnd, "评估周期的结束日");
        if ((start == null) != (end == null) && problems.isEmpty()) {
            problems.add("评估周期须同时填写开始日和结束日，或都不填（默认为检查日前一年）");
        }
        List<String> chosen = selectedPoints();
        if (chosen != null && chosen.isEmpty()) {
            problems.add("选择了「只评所选评估点」，但没有勾选任何评估点");
        }
        RoundDefinition.Crawl crawl = new RoundDefinition.Crawl(number(problems, maxDepth, "抓取深度"),
                number(problems, maxPagesPerChannel, "每渠道网址上限"),
                number(problems, maxListPagesPerColumn, "每栏目列表页上限"),
                number(problems, crawlDelayMs, "抓取间隔"));
        if (!problems.isEmpty()) {
            throw new RoundDefinitionException("表单有 " + problems.size() + " 处错误：\n- " + String.join("\n- ", problems));
        }
        List<RoundDefinition.Group> definedGroups = groups.stream().filter(g -> !g.empty())
                .map(g -> new RoundDefinition.Group(trim(g.code), trim(g.name), g.unitType, null)).toList();
        RoundDefinition definition = new RoundDefinition(trim(name), reference,
                start == null || end == null ? null : new RoundDefinition.Period(start, end), indicatorSystem, chosen,
                allowPrivateAddresses ? Boolean.TRUE : null, null, crawl, confirmVetoes ? null : Boolean.FALSE,
                definedGroups, policy);
        return YAML.writeValueAsString(definition).replaceFirst("^---\\s*\\n", "");
    }

    /** Point codes of the chosen system the evaluator ticked, or null when the round uses all of them. */
    List<String> selectedPoints() {
        if (!"selected".equals(pointScope)) {
            return null;
        }
        String prefix = indicatorSystem + ":";
        return points.stream().filter(p -> p.startsWith(prefix)).map(p -> p.substring(prefix.length())).toList();
    }

    private static LocalDate date(List<String> problems, String value, String field) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add(field + "不是有效日期（应为 年-月-日，如 2026-12-31）：" + shorten(value));
            return null;
        }
    }

    private static Integer number(List<String> problems, String value, String field) {
        if (blank(value)) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            problems.add(field + "应为整数：" + shorten(value));
            return null;
        }
    }

    private static String shorten(String s) {
        String shown = s.replaceAll("\\p{Cc}", "?");
        return shown.length() <= 40 ? shown : shown.substring(0, 40) + "…";
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getReferenceDate() {
        return referenceDate;
    }

    public void setReferenceDate(String referenceDate) {
        this.referenceDate = referenceDate;
    }

    public String getPeriodStart() {
        return periodStart;
    }

    public void setPeriodStart(String periodStart) {
        this.periodStart = periodStart;
    }

    public String getPeriodEnd() {
        return periodEnd;
    }

    public void setPeriodEnd(String periodEnd) {
        this.periodEnd = periodEnd;
    }

    public String getIndicatorSystem() {
        return indicatorSystem;
    }

    public void setIndicatorSystem(String indicatorSystem) {
        this.indicatorSystem = indicatorSystem;
    }

    public String getPointScope() {
        return pointScope;
    }

    public void setPointScope(String pointScope) {
        this.pointScope = pointScope;
    }

    public List<String> getPoints() {
        return points;
    }

    public void setPoints(List<String> points) {
        this.points = points == null ? new ArrayList<>() : points;
    }

    public List<GroupRow> getGroups() {
        return groups;
    }

    public void setGroups(List<GroupRow> groups) {
        this.groups = groups == null ? new ArrayList<>() : groups;
    }

    public String getPolicy() {
        return policy;
    }

    public void setPolicy(String policy) {
        this.policy = policy;
    }

    public Long getPolicyFrom() {
        return policyFrom;
    }

    public void setPolicyFrom(Long policyFrom) {
        this.policyFrom = policyFrom;
    }

    public boolean isConfirmVetoes() {
        return confirmVetoes;
    }

    public void setConfirmVetoes(boolean confirmVetoes) {
        this.confirmVetoes = confirmVetoes;
    }

    public String getCrawlDelayMs() {
        return crawlDelayMs;
    }

    public void setCrawlDelayMs(String crawlDelayMs) {
        this.crawlDelayMs = crawlDelayMs;
    }

    public String getMaxDepth() {
        return maxDepth;
    }

    public void setMaxDepth(String maxDepth) {
        this.maxDepth = maxDepth;
    }

    public String getMaxPagesPerChannel() {
        return maxPagesPerChannel;
    }

    public void setMaxPagesPerChannel(String maxPagesPerChannel) {
        this.maxPagesPerChannel = maxPagesPerChannel;
    }

    public String getMaxListPagesPerColumn() {
        return maxListPagesPerColumn;
    }

    public void setMaxListPagesPerColumn(String maxListPagesPerColumn) {
        this.maxListPagesPerColumn = maxListPagesPerColumn;
    }

    public boolean isAllowPrivateAddresses() {
        return allowPrivateAddresses;
    }

    public void setAllowPrivateAddresses(boolean allowPrivateAddresses) {
        this.allowPrivateAddresses = allowPrivateAddresses;
    }
}
