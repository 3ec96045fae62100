package cn.gongkai.evaluator.check;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything a checker may look at: the round's reference date, the channel under test, the point's parameters,
 * and read access to the round's captures.
 */
public record CheckContext(long roundId, LocalDate referenceDate, long unitId, long channelId, String channelUrl,
                           Map<String, Object> params, Captures captures) {

    public double doubleParam(String name, double defaultValue) {
        Object value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("检查参数 " + name + " 应为数值，实际为：" + value, e);
        }
    }

    /** A list parameter such as {@code columnTypes: [NEWS, NOTICE]}; a single value is a list of one. */
    public List<String> listParam(String name, List<String> defaultValue) {
        Object value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(value.toString());
    }

    public int intParam(String name, int defaultValue) {
        Object value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("检查参数 " + name + " 应为整数，实际为：" + value, e);
        }
    }
}
