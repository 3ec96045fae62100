package cn.gongkai.evaluator.check;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything a checker may look at: the round's reference date and assessment period, the channel under test, the
 * point's parameters, and read access to the round's captures.
 */
public record CheckContext(long roundId, LocalDate referenceDate, long unitId, long channelId, String channelUrl,
                           Map<String, Object> params, Captures captures, LocalDate periodStart,
                           LocalDate periodEnd) {

    /** Without a round's period (checkers tried on their own): the year before the reference date. */
    public CheckContext(long roundId, LocalDate referenceDate, long unitId, long channelId, String channelUrl,
                        Map<String, Object> params, Captures captures) {
        this(roundId, referenceDate, unitId, channelId, channelUrl, params, captures, referenceDate.minusYears(1),
                referenceDate);
    }

    /** The days a checker judges over, both ends included, and how to name them in a finding. */
    public record Window(LocalDate from, LocalDate to, String label) {
        public boolean contains(LocalDate date) {
            return date != null && !date.isBefore(from) && !date.isAfter(to);
        }
    }

    /**
     * The window of the checkers that look back over what a unit published or answered: the point's
     * {@code lookbackMonths} months before the reference date when it sets one, else the round's assessment period
     * (cut at the reference date, since nothing later was captured).
     */
    public Window lookback() {
        if (params.get("lookbackMonths") != null) {
            int months = intParam("lookbackMonths", 12);
            if (months < 1 || months > 120) {
                throw new IllegalArgumentException("检查参数 lookbackMonths 应为 1 到 120 之间的月数，实际为：" + months);
            }
            LocalDate from = referenceDate.minusMonths(months);
            return new Window(from, referenceDate, "检查前 " + months + " 个月（" + from + " 至 " + referenceDate + "）");
        }
        LocalDate to = periodEnd.isAfter(referenceDate) ? referenceDate : periodEnd;
        return new Window(periodStart, to, "评估周期（" + periodStart + " 至 " + to + "）");
    }

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
