package cn.gongkai.web.round;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.evaluator.catalog.IndicatorSystemValidator;
import cn.gongkai.web.input.TextInput;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * has confirmed it; false leaves that to ASSISTED checkers' vetoes alone. {@code policy} (optional): the round's
 * scoring policy ({@link PolicyDefinition}), stored with the round and used by every scoring of it.
 * {@code crawl} sets the round's crawl limits (see {@link Crawl}); {@code crawlDelayMs} is the older spelling of
 * {@code crawl.delayMs} and still read.
 */
public record RoundDefinition(String name, LocalDate referenceDate, Period period, String indicatorSystem,
                              List<String> points, Boolean allowPrivateAddresses, Integer crawlDelayMs,
                              Crawl crawl, Boolean confirmVetoes, List<Group> groups, PolicyDefinition policy) {

    /**
     * The round's crawl limits; anything left out keeps the crawler's default (depth 2, 5,000 URLs per channel, 50 list
     * pages per column, 1,000 ms between requests to one site).
     *
     * @param maxDepth              link depth followed from the homepage (configured columns are depth 1; a column's
     *                              further list pages keep its depth)
     * @param maxPagesPerChannel    URLs fetched per channel at most
     * @param maxListPagesPerColumn pages of one column list read at most through its pagination
     * @param delayMs               milliseconds between two requests to one site
     */
    public record Crawl(Integer maxDepth, Integer maxPagesPerChannel, Integer maxListPagesPerColumn, Integer delayMs) {

        /** The limits given, by limit; one not in {@code limits} is left out. */
        static Crawl of(Map<CrawlLimit, Integer> limits) {
            return new Crawl(limits.get(CrawlLimit.DEPTH), limits.get(CrawlLimit.PAGES_PER_CHANNEL),
                    limits.get(CrawlLimit.LIST_PAGES_PER_COLUMN), limits.get(CrawlLimit.DELAY_MS));
        }
    }

    /** Deeper than this reaches other sites' archives, not the columns a round assesses. */
    static final int MAX_CRAWL_DEPTH = 10;
    static final int MAX_PAGES_PER_CHANNEL = 200_000;
    static final int MAX_LIST_PAGES_PER_COLUMN = 10_000;

    /**
     * The four crawl limits as evaluators read them: the Chinese name, the key in a {@code crawl} block, the range
     * and its unit. One list, so that the round's block, a website's own and the unit sheet's columns are checked alike.
     */
    public enum CrawlLimit {
        DEPTH("抓取深度", "maxDepth", 0, MAX_CRAWL_DEPTH, "", Crawl::maxDepth),
        PAGES_PER_CHANNEL("每渠道网址上限", "maxPagesPerChannel", 1, MAX_PAGES_PER_CHANNEL, "个", Crawl::maxPagesPerChannel),
        LIST_PAGES_PER_COLUMN("每栏目列表页上限", "maxListPagesPerColumn", 1, MAX_LIST_PAGES_PER_COLUMN, "页",
                Crawl::maxListPagesPerColumn),
        DELAY_MS("抓取间隔", "delayMs", 0, MAX_CRAWL_DELAY_MS, "毫秒", Crawl::delayMs);

        final String label;
        final String key;
        final int min;
        final int max;
        /** What a value counts, said after it ("页"); empty for the depth, a count of links followed. */
        final String unit;
        private final Function<Crawl, Integer> read;

        CrawlLimit(String label, String key, int min, int max, String unit, Function<Crawl, Integer> read) {
            this.label = label;
            this.key = key;
            this.min = min;
            this.max = max;
            this.unit = unit;
            this.read = read;
        }

        Integer of(Crawl crawl) {
            return read.apply(crawl);
        }

        public String label() {
            return label;
        }

        /**
         * A value as a form field or a sheet cell gives it, named {@code name} in the message: a whole number in
         * range ("50", or "50.0" as some programs write a number cell); anything else is refused in Chinese.
         */
        public int parse(String text, String name) {
            String t = text.strip();
            BigDecimal value = WHOLE_NUMBER.matcher(t).matches() ? new BigDecimal(t) : null;
            if (value == null || value.compareTo(BigDecimal.valueOf(min)) < 0
                    || value.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw new IllegalArgumentException(name + "须为 " + min + " 到 " + max + " 之间的整数，实际为「"
                        + shorten(t) + "」");
            }
            return value.intValueExact();
        }
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+(\\.0+)?");

    public record Period(LocalDate start, LocalDate end) {
    }

    public record Group(String code, String name, String unitType, List<Unit> units) {
    }

    public record Unit(String code, String name, String unitType, List<Channel> channels) {
    }

    /**
     * A unit's website or WeChat account. {@code profile}: a website's extraction profile (栏目配置), CSS selectors by
     * key as {@link ExtractionProfile#LABELS} lists them, for sites the generic extractor misreads; null for none.
     * {@code crawl}: a website's own crawl limits, each left out (null) taking the round's; null for none given.
     */
    public record Channel(String kind, String name, String url, String feedUrl, List<Column> columns,
                          Map<String, String> profile, Crawl crawl) {

        public Channel(String kind, String name, String url, String feedUrl, List<Column> columns) {
            this(kind, name, url, feedUrl, columns, null, null);
        }

        Channel withProfile(Map<String, String> selectors) {
            return new Channel(kind, name, url, feedUrl, columns, selectors, crawl);
        }

        Channel withCrawl(Crawl limits) {
            return new Channel(kind, name, url, feedUrl, columns, profile, limits);
        }

        /** The profile as the crawler reads it; empty when none is given. */
        public Optional<ExtractionProfile> extractionProfile() {
            if (profile == null) {
                return Optional.empty();
            }
            ExtractionProfile read = ExtractionProfile.of(profile);
            return read.isEmpty() ? Optional.empty() : Optional.of(read);
        }
    }

    public record Column(String name, String url, String type) {
    }

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{sandbox:([a-z0-9-]+)}");
    static final List<String> UNIT_TYPES = List.of("COUNTY_GOVERNMENT", "DEPARTMENT", "TOWNSHIP");
    static final List<String> CHANNEL_KINDS = List.of("WEBSITE", "WECHAT");
    /** A minute between requests to one site is already slower than any evaluation needs. */
    static final int MAX_CRAWL_DELAY_MS = 60_000;
    static final int DEFAULT_CRAWL_DELAY_MS = 1000;

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
            throw new RoundDefinitionException("轮次定义 YAML 无法解析：" + YamlErrors.describe(e, path(e)), e);
        }
        if (definition == null) {
            throw new RoundDefinitionException("轮次定义为空");
        }
        definition.validate();
        return definition;
    }

    /** Where in the YAML a parse error is, as the field path an evaluator reads ("（位置：policy.grades[0].min）"). */
    static String where(JacksonException e) {
        String path = path(e);
        return path.isEmpty() ? "" : "（位置：" + path + "）";
    }

    /** The field path of a parse error, e.g. "policy.grades[0].min"; empty for a syntax error. */
    static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Milliseconds between two requests to one site: {@code crawl.delayMs}, else {@code crawlDelayMs}, else 1,000. */
    public int effectiveCrawlDelayMs() {
        if (crawl != null && crawl.delayMs() != null) {
            return crawl.delayMs();
        }
        return crawlDelayMs != null ? crawlDelayMs : DEFAULT_CRAWL_DELAY_MS;
    }

    public LocalDate effectiveReferenceDate(LocalDate today) {
        return referenceDate != null ? referenceDate : today;
    }

    public Period effectivePeriod(LocalDate today) {
        LocalDate reference = effectiveReferenceDate(today);
        return period != null ? period
                // the year up to the reference date: a round checked in January still looks back over a whole year
                : new Period(reference.minusYears(1).plusDays(1), reference);
    }

    private static void range(List<String> problems, Integer value, int min, int max, String field, String unit) {
        if (value != null && (value < min || value > max)) {
            problems.add(field + "须在 " + min + " 到 " + max + " " + unit + "之间，实际为 " + value);
        }
    }

    /** Each limit of a {@code crawl} block out of its range, named after {@code where} ("" for the round's own). */
    private static void crawlRanges(List<String> problems, Crawl crawl, String where) {
        for (CrawlLimit limit : CrawlLimit.values()) {
            range(problems, limit.of(crawl), limit.min, limit.max, where + limit.label + "（crawl." + limit.key + "）",
                    limit.unit);
        }
    }

    /** Collects every problem, so an evaluator fixes the file in one pass. */
    private void validate() {
        List<String> problems = new ArrayList<>();
        if (blank(name)) {
            problems.add("缺少轮次名称（name）");
        }
        addIf(problems, TextInput.nameProblem(name, "轮次名称（name）", TextInput.NAME_MAX));
        if (blank(indicatorSystem)) {
            problems.add("缺少指标体系（indicatorSystem）");
        }
        addIf(problems, TextInput.nameProblem(indicatorSystem, "指标体系（indicatorSystem）", TextInput.CODE_MAX));
        if (crawlDelayMs != null && (crawlDelayMs < 0 || crawlDelayMs > MAX_CRAWL_DELAY_MS)) {
            problems.add("抓取间隔（crawlDelayMs）须在 0 到 " + MAX_CRAWL_DELAY_MS + " 毫秒之间，实际为 " + crawlDelayMs);
        }
        if (crawl != null) {
            crawlRanges(problems, crawl, "");
            if (crawl.delayMs() != null && crawlDelayMs != null && !crawl.delayMs().equals(crawlDelayMs)) {
                problems.add("抓取间隔写了两处且不一致：crawlDelayMs 为 " + crawlDelayMs + "，crawl.delayMs 为 "
                        + crawl.delayMs() + "；请只保留一处");
            }
        }
        for (String point : points == null ? List.<String>of() : points) {
            if (blank(point)) {
                problems.add("评估点（points）中有空项");
            } else {
                addIf(problems, TextInput.nameProblem(point, "评估点（points）" + shorten(point), TextInput.CODE_MAX));
            }
        }
        if (period != null && (period.start() == null || period.end() == null || period.end().isBefore(period.start()))) {
            problems.add("评估周期（period）须有 start 和 end，且 end 不早于 start");
        }
        if (groups == null || groups.isEmpty()) {
            problems.add("至少需要一个分组（groups）");
        } else {
            Set<String> unitCodes = new HashSet<>();
            for (Group group : groups) {
                String where = "分组 " + shorten(group.code());
                if (blank(group.code()) || blank(group.name())) {
                    problems.add("分组缺少 code 或 name");
                }
                addIf(problems, TextInput.nameProblem(group.code(), "分组代码（code）", TextInput.CODE_MAX));
                addIf(problems, TextInput.nameProblem(group.name(), where + " 的名称（name）", TextInput.NAME_MAX));
                if (!UNIT_TYPES.contains(group.unitType())) {
                    problems.add(where + " 的 unitType 应为 " + UNIT_TYPES + " 之一，实际为 " + group.unitType());
                }
                for (Unit unit : group.units() == null ? List.<Unit>of() : group.units()) {
                    String unitWhere = "单位 " + shorten(unit.code());
                    if (blank(unit.code()) || blank(unit.name())) {
                        problems.add(where + " 中有单位缺少 code 或 name");
                    } else if (!unitCodes.add(unit.code())) {
                        problems.add(unitWhere + " 重复出现");
                    }
                    if (unit.unitType() != null && !UNIT_TYPES.contains(unit.unitType())) {
                        problems.add(unitWhere + " 的 unitType 无效：" + unit.unitType());
                    }
                    addIf(problems, TextInput.nameProblem(unit.code(), where + " 中的单位代码（code）", TextInput.CODE_MAX));
                    addIf(problems, TextInput.nameProblem(unit.name(), unitWhere + " 的名称（name）", TextInput.NAME_MAX));
                    for (Channel channel : unit.channels() == null ? List.<Channel>of() : unit.channels()) {
                        if (!CHANNEL_KINDS.contains(channel.kind())) {
                            problems.add(unitWhere + " 的渠道类型应为 " + CHANNEL_KINDS + " 之一，实际为 " + channel.kind());
                        }
                        if (!isHttpUrl(channel.url())) {
                            problems.add(unitWhere + " 的渠道网址不是 http(s) 地址：" + shorten(channel.url()));
                        }
                        addIf(problems, TextInput.nameProblem(channel.url(), unitWhere + " 的渠道网址（url）",
                                TextInput.URL_MAX));
                        addIf(problems, TextInput.nameProblem(channel.name(), unitWhere + " 的渠道名称（name）",
                                TextInput.NAME_MAX));
                        if (channel.feedUrl() != null && !isHttpUrl(channel.feedUrl())) {
                            problems.add(unitWhere + " 的订阅地址（feedUrl）不是 http(s) 地址：" + shorten(channel.feedUrl()));
                        }
                        addIf(problems, TextInput.nameProblem(channel.feedUrl(), unitWhere + " 的订阅地址（feedUrl）",
                                TextInput.URL_MAX));
                        if (channel.profile() != null) {
                            if (!"WEBSITE".equals(channel.kind())) {
                                problems.add(unitWhere + " 的抽取配置（profile）只适用于网站（WEBSITE）渠道");
                            }
                            channel.profile().values().forEach(selector -> addIf(problems, TextInput.nameProblem(
                                    selector, unitWhere + " 的抽取配置（profile）", TextInput.URL_MAX)));
                            try {
                                channel.extractionProfile();
                            } catch (IllegalArgumentException e) {
                                problems.add(unitWhere + " 的抽取配置（profile）：" + e.getMessage());
                            }
                        }
                        if (channel.crawl() != null) {
                            String channelWhere = unitWhere + " 的渠道 " + shorten(channel.url()) + " ";
                            if (!"WEBSITE".equals(channel.kind())) {
                                problems.add(channelWhere + "的抓取上限（crawl）只适用于网站（WEBSITE）渠道");
                            }
                            crawlRanges(problems, channel.crawl(), channelWhere + "的");
                        }
                        for (Column column : channel.columns() == null ? List.<Column>of() : channel.columns()) {
                            String columnWhere = unitWhere + " 的栏目 " + shorten(column.name());
                            addIf(problems, TextInput.nameProblem(column.name(), columnWhere + " 的名称（name）",
                                    TextInput.NAME_MAX));
                            addIf(problems, TextInput.nameProblem(column.url(), columnWhere + " 的网址（url）",
                                    TextInput.URL_MAX));
                            if (blank(column.name()) || !isHttpUrl(column.url()) || blank(column.type())) {
                                problems.add(unitWhere + " 的栏目须有 name、type 和 http(s) 网址：" + shorten(column.toString()));
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
        if (policy != null) {
            // Points are checked against the indicator system when the round is stored.
            policy.validate(problems, code -> unitCodes(groups).contains(code), null);
        }
        if (!problems.isEmpty()) {
            throw new RoundDefinitionException("轮次定义有 " + problems.size() + " 处错误：\n- " + String.join("\n- ", problems));
        }
    }

    private static Set<String> unitCodes(List<Group> groups) {
        Set<String> codes = new HashSet<>();
        for (Group group : groups == null ? List.<Group>of() : groups) {
            for (Unit unit : group.units() == null ? List.<Unit>of() : group.units()) {
                codes.add(unit.code());
            }
        }
        return codes;
    }

    private static void addIf(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    /** A value quoted in a message: control characters shown as "?", an over-long one cut, so it stays readable. */
    private static String shorten(String s) {
        if (s == null) {
            return null;
        }
        String shown = s.replaceAll("\\p{Cc}", "?");
        return shown.length() <= 80 ? shown : shown.substring(0, 80) + "…";
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
