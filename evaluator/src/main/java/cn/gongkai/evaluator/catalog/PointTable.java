package cn.gongkai.evaluator.catalog;

import cn.gongkai.evaluator.catalog.IndicatorImportException.RowError;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Area;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Indicator;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Point;
import cn.gongkai.evaluator.catalog.IndicatorSystemValidator.Position;
import cn.gongkai.evaluator.catalog.IndicatorSystemValidator.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flat form of an indicator system that spreadsheets and CSV share: one row per evaluation point, its area and
 * indicator repeated on every row, parameters as JSON text. Rows are turned into a definition only when every row
 * reads and the whole system validates; otherwise every problem is reported at its row.
 */
final class PointTable {

    /** The columns, in the order they are written; a file may order them differently. */
    enum Column {
        AREA_CODE("区域代码"), AREA_NAME("区域名称"), INDICATOR_CODE("指标代码"), INDICATOR_NAME("指标名称"),
        INDICATOR_MAX("指标满分"), POINT_CODE("评估点代码"), TEXT("评估点内容"), MAX("分值"), RULE("计分规则"),
        RULE_PARAMS("计分参数"), METHOD("评估方式"), CHECKER("检查器"), PARAMS("检查参数"), VETO("单项否决"),
        VETO_REASON("否决理由"), APPLIES_TO("适用单位"), BONUS("加分项"), HOW_TO_FIX("整改建议");

        final String header;

        Column(String header) {
            this.header = header;
        }

        boolean numeric() {
            return this == INDICATOR_MAX || this == MAX;
        }
    }

    static final List<String> HEADERS = Arrays.stream(Column.values()).map(c -> c.header).toList();

    /** More rows than any real system has: beyond this a file is not an indicator system. */
    static final int MAX_ROWS = 5000;

    /** Files are read into memory whole; larger ones are refused before parsing. */
    static final int MAX_BYTES = 20 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // Evaluators type Chinese into spreadsheets: these spellings are read as the codes the model uses.
    private static final Map<String, String> RULE_ALIASES = Map.of(
            "二值", "BINARY", "达标", "BINARY", "分档", "GRADED", "按比例", "PROPORTIONAL", "比例", "PROPORTIONAL",
            "扣分", "DEDUCTION");
    private static final Map<String, String> METHOD_ALIASES = Map.of(
            "自动", "AUTO", "机器", "AUTO", "辅助", "ASSISTED", "机器辅助", "ASSISTED", "人工", "MANUAL",
            "部门", "DEPARTMENT", "部门评分", "DEPARTMENT");
    private static final Map<String, String> UNIT_ALIASES = Map.of(
            "区县政府", "COUNTY_GOVERNMENT", "县区政府", "COUNTY_GOVERNMENT", "政府", "COUNTY_GOVERNMENT",
            "部门", "DEPARTMENT", "市直部门", "DEPARTMENT", "镇街", "TOWNSHIP", "乡镇", "TOWNSHIP", "街道", "TOWNSHIP");
    private static final Set<String> TRUE = Set.of("是", "y", "yes", "true", "1", "√");
    private static final Set<String> FALSE = Set.of("否", "n", "no", "false", "0");

    /** One data row of a file; {@code number} as the file shows it (the header is row 1). */
    record Row(int number, List<String> cells) {
    }

    private PointTable() {
    }

    /** The whole upload, refused past {@link #MAX_BYTES}; a failing stream is a failed upload, not a crash. */
    static byte[] bytes(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw IndicatorImportException.ofFile("文件超过 " + MAX_BYTES / 1024 / 1024 + " MB，不是指标体系文件");
            }
            if (bytes.length == 0) {
                throw IndicatorImportException.ofFile("文件是空的");
            }
            return bytes;
        } catch (IOException e) {
            throw IndicatorImportException.ofFile("读取上传的文件时出错，请重新上传");
        }
    }

    // ---- writing --------------------------------------------------------------------------------------------

    /** One row per point, cells by {@link Column}: text as String, scores as BigDecimal. */
    static List<List<Object>> rows(IndicatorSystemDefinition system) {
        List<List<Object>> rows = new ArrayList<>();
        for (Area area : system.areas()) {
            for (Indicator indicator : area.indicators()) {
                for (Point point : indicator.points()) {
                    List<Object> row = new ArrayList<>();
                    for (Column column : Column.values()) {
                        row.add(cell(column, area, indicator, point));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static Object cell(Column column, Area area, Indicator indicator, Point point) {
        return switch (column) {
            case AREA_CODE -> area.code();
            case AREA_NAME -> area.name();
            case INDICATOR_CODE -> indicator.code();
            case INDICATOR_NAME -> indicator.name();
            case INDICATOR_MAX -> indicator.maxScore();
            case POINT_CODE -> point.code();
            case TEXT -> point.text();
            case MAX -> point.maxScore();
            case RULE -> point.scoringRule();
            case RULE_PARAMS -> json(point.ruleParams());
            case METHOD -> point.method();
            case CHECKER -> point.checker();
            case PARAMS -> json(point.params());
            case VETO -> point.veto() ? "是" : "否";
            case VETO_REASON -> point.vetoReason();
            case APPLIES_TO -> String.join(",", point.appliesTo());
            case BONUS -> point.bonus() ? "是" : "否";
            case HOW_TO_FIX -> point.howToFix();
        };
    }

    private static String json(Map<String, Object> map) {
        return map.isEmpty() ? null : JSON.writeValueAsString(map);
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /**
     * Where each column is in a file, from its header row; problems with the header are reported at
     * {@code headerRow}. Extra columns are refused rather than ignored: a misspelt header would otherwise drop a
     * column silently.
     */
    static Map<Column, Integer> columns(List<String> header, int headerRow) {
        Map<String, Column> byHeader = Arrays.stream(Column.values())
                .collect(Collectors.toMap(c -> c.header, c -> c));
        Map<Column, Integer> positions = new LinkedHashMap<>();
        List<RowError> errors = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i) == null ? "" : header.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            Column column = byHeader.get(name);
            if (column == null) {
                errors.add(new RowError(headerRow, "表头中有未知的列“" + name + "”"));
            } else if (positions.putIfAbsent(column, i) != null) {
                errors.add(new RowError(headerRow, "表头中“" + name + "”列出现了不止一次"));
            }
        }
        List<String> missing = Arrays.stream(Column.values()).filter(c -> !positions.containsKey(c))
                .map(c -> c.header).toList();
        if (!missing.isEmpty()) {
            errors.add(new RowError(headerRow, "表头缺少这些列：" + String.join("、", missing)
                    + "。第一行应为表头：" + String.join("、", HEADERS)));
        }
        if (!errors.isEmpty()) {
            throw new IndicatorImportException(errors);
        }
        return positions;
    }

    /** The definition the rows describe, or every problem of every row. */
    static IndicatorSystemDefinition read(Map<Column, Integer> columns, List<Row> rows, String code, int version,
                                          String name, Set<String> checkerTypes) {
        List<Row> filled = rows.stream().filter(r -> r.cells().stream().anyMatch(c -> c != null && !c.isBlank()))
                .toList();
        if (filled.isEmpty()) {
            throw IndicatorImportException.ofFile("文件中没有任何评估点：表头下面应每行一个评估点");
        }
        if (filled.size() > MAX_ROWS) {
            throw IndicatorImportException.ofFile("文件有 " + filled.size() + " 行评估点，超过上限 " + MAX_ROWS + " 行");
        }
        Assembly assembly = new Assembly();
        for (Row row : filled) {
            assembly.add(new RowReader(columns, row, assembly.errors));
        }
        IndicatorSystemDefinition system = assembly.definition(code, version, name);
        List<RowError> errors = new ArrayList<>(assembly.errors);
        for (Problem problem : new IndicatorSystemValidator(checkerTypes).validate(system)) {
            int rowNumber = assembly.rowOf(problem.position());
            // A row that did not read has already been reported; what the validator says of its gaps is noise.
            if (!assembly.unreadable.contains(rowNumber)) {
                errors.add(new RowError(rowNumber, problem.toString()));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(RowError::rowNumber));
            throw new IndicatorImportException(errors);
        }
        return system;
    }

    /** Reads the cells of one row, noting every cell that cannot be read. */
    private static final class RowReader {
        final Row row;
        final Map<Column, Integer> columns;
        final List<RowError> errors;
        boolean failed;

        RowReader(Map<Column, Integer> columns, Row row, List<RowError> errors) {
            this.row = row;
            this.columns = columns;
            this.errors = errors;
        }

        String text(Column column) {
            int i = columns.get(column);
            String value = i < row.cells().size() ? row.cells().get(i) : null;
            return value == null || value.isBlank() ? null : value.strip();
        }

        BigDecimal number(Column column) {
            String value = text(column);
            if (value == null) {
                return null;
            }
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                fail("“" + column.header + "”应为数字，实际为“" + value + "”");
                return null;
            }
        }

        boolean flag(Column column) {
            String value = text(column);
            if (value == null || FALSE.contains(value.toLowerCase(Locale.ROOT))) {
                return false;
            }
            if (TRUE.contains(value.toLowerCase(Locale.ROOT))) {
                return true;
            }
            fail("“" + column.header + "”应填“是”或“否”，实际为“" + value + "”");
            return false;
        }

        Map<String, Object> json(Column column) {
            String value = text(column);
            if (value == null) {
                return Map.of();
            }
            try {
                Map<String, Object> map = JSON.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() { });
                if (map != null) {
                    return map;
                }
            } catch (JacksonException e) {
                // reported below
            }
            fail("“" + column.header + "”应为 JSON 对象，如 {\"maxDays\": 14}，实际为“" + value + "”");
            return Map.of();
        }

        String code(Column column, Map<String, String> aliases) {
            String value = text(column);
            if (value == null) {
                return null;
            }
            return aliases.getOrDefault(value, value.toUpperCase(Locale.ROOT));
        }

        List<String> unitTypes() {
            String value = text(Column.APPLIES_TO);
            if (value == null) {
                return List.of();
            }
            return Arrays.stream(value.split("[,，、;；\\s]+")).filter(s -> !s.isEmpty())
                    .map(s -> UNIT_ALIASES.getOrDefault(s, s.toUpperCase(Locale.ROOT))).toList();
        }

        void fail(String message) {
            failed = true;
            errors.add(new RowError(row.number(), message));
        }
    }

    /** Groups rows into areas and indicators in the order they first appear, remembering each one's row. */
    private static final class Assembly {
        final List<RowError> errors = new ArrayList<>();
        final Set<Integer> unreadable = new HashSet<>();
        final Map<String, AreaRows> areas = new LinkedHashMap<>();
        final Map<String, IndicatorRows> indicators = new HashMap<>();
        final List<AreaRows> areaOrder = new ArrayList<>();

        final class AreaRows {
            final String code;
            final String name;
            final int row;
            final List<IndicatorRows> indicators = new ArrayList<>();

            AreaRows(String code, String name, int row) {
                this.code = code;
                this.name = name;
                this.row = row;
            }
        }

        final class IndicatorRows {
            final String code;
            final String name;
            final BigDecimal max;
            final String areaCode;
            final int row;
            final List<Point> points = new ArrayList<>();
            final List<Integer> pointRows = new ArrayList<>();

            IndicatorRows(String code, String name, BigDecimal max, String areaCode, int row) {
                this.code = code;
                this.name = name;
                this.max = max;
                this.areaCode = areaCode;
                this.row = row;
            }
        }

        void add(RowReader r) {
            int number = r.row.number();
            String areaCode = r.text(Column.AREA_CODE);
            String areaName = r.text(Column.AREA_NAME);
            String indicatorCode = r.text(Column.INDICATOR_CODE);
            String indicatorName = r.text(Column.INDICATOR_NAME);
            BigDecimal indicatorMax = r.number(Column.INDICATOR_MAX);
            Point point = new Point(r.text(Column.POINT_CODE), r.text(Column.TEXT), r.number(Column.MAX),
                    r.code(Column.RULE, RULE_ALIASES), r.json(Column.RULE_PARAMS), r.code(Column.METHOD, METHOD_ALIASES),
                    r.text(Column.CHECKER), r.json(Column.PARAMS), r.flag(Column.VETO), r.text(Column.VETO_REASON),
                    r.unitTypes(), r.flag(Column.BONUS), r.text(Column.HOW_TO_FIX));
            if (areaCode == null) {
                r.fail("缺少区域代码");
            }
            if (indicatorCode == null) {
                r.fail("缺少指标代码");
            }
            if (r.failed && (areaCode == null || indicatorCode == null)) {
                unreadable.add(number);
                return;
            }
            AreaRows area = areas.get(areaCode);
            if (area == null) {
                area = new AreaRows(areaCode, areaName, number);
                areas.put(areaCode, area);
                areaOrder.add(area);
            } else if (!same(area.name, areaName)) {
                r.fail("区域 " + areaCode + " 的名称“" + shown(areaName) + "”与第 " + area.row + " 行的“"
                        + shown(area.name) + "”不一致");
            }
            IndicatorRows indicator = indicators.get(indicatorCode);
            if (indicator == null) {
                indicator = new IndicatorRows(indicatorCode, indicatorName, indicatorMax, areaCode, number);
                indicators.put(indicatorCode, indicator);
                area.indicators.add(indicator);
            } else if (!indicator.areaCode.equals(areaCode)) {
                r.fail("指标 " + indicatorCode + " 在第 " + indicator.row + " 行属于区域 " + indicator.areaCode
                        + "，本行却属于区域 " + areaCode + "：指标代码在整个指标体系中必须唯一");
            } else {
                if (!same(indicator.name, indicatorName)) {
                    r.fail("指标 " + indicatorCode + " 的名称“" + shown(indicatorName) + "”与第 " + indicator.row
                            + " 行的“" + shown(indicator.name) + "”不一致");
                }
                if (indicatorMax != null && indicator.max != null && indicatorMax.compareTo(indicator.max) != 0) {
                    r.fail("指标 " + indicatorCode + " 的满分 " + indicatorMax.toPlainString() + " 与第 " + indicator.row
                            + " 行的 " + indicator.max.toPlainString() + " 不一致");
                }
            }
            if (r.failed) {
                unreadable.add(number);
            }
            indicator.points.add(point);
            indicator.pointRows.add(number);
        }

        IndicatorSystemDefinition definition(String code, int version, String name) {
            List<Area> result = new ArrayList<>();
            for (AreaRows area : areaOrder) {
                List<Indicator> list = new ArrayList<>();
                for (IndicatorRows indicator : area.indicators) {
                    list.add(new Indicator(indicator.code, indicator.name, indicator.max, indicator.points));
                }
                result.add(new Area(area.code, area.name, list));
            }
            return new IndicatorSystemDefinition(code, version, name, result);
        }

        /** The row a problem is about: a point's own row, else the first row of its indicator or area, else 0. */
        int rowOf(Position position) {
            if (position.area() < 0) {
                return 0;
            }
            AreaRows area = areaOrder.get(position.area());
            if (position.indicator() < 0) {
                return area.row;
            }
            IndicatorRows indicator = area.indicators.get(position.indicator());
            return position.point() < 0 ? indicator.row : indicator.pointRows.get(position.point());
        }

        private static boolean same(String a, String b) {
            return a == null ? b == null : a.equals(b);
        }

        private static String shown(String s) {
            return s == null ? "" : s;
        }
    }
}
