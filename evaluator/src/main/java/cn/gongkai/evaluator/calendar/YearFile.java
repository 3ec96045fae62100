package cn.gongkai.evaluator.calendar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One year's holiday notice in the holiday-cn shape: {@code {"year": 2027, "days": [{"name": "元旦",
 * "date": "2027-01-01", "isOffDay": true}, …]}}. Checked strictly, because a wrong file would silently move every
 * deadline of the year.
 */
record YearFile(int year, Map<LocalDate, Boolean> days) {

    private static final Pattern NAME = Pattern.compile("(\\d{4})\\.json", Pattern.CASE_INSENSITIVE);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static YearFile read(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            throw new IllegalArgumentException("工作日历文件 " + file + " 未载入：文件名须为四位年份加 .json，例如 2027.json");
        }
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("工作日历文件 " + file + " 未载入：无法以 UTF-8 读取（" + e.getMessage() + "）", e);
        }
        return parse(file.toString(), json, Integer.parseInt(name.group(1)));
    }

    /**
     * Checks one year's notice; {@code expectedYear}, when given (from the file's name), must be the {@code year}
     * field. A date listed twice is refused even when both say the same: a repeated line is most often a typing slip
     * for another date.
     */
    static YearFile parse(String label, String json, Integer expectedYear) {
        String refused = "工作日历文件 " + label + " 未载入：";
        JsonNode root;
        try {
            root = JSON.readTree(json.startsWith("\uFEFF") ? json.substring(1) : json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(refused + "不是有效的 JSON（" + e.getOriginalMessage() + "）", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(refused + "内容须为一个 JSON 对象，含 year 与 days");
        }
        JsonNode yearNode = root.get("year");
        if (expectedYear != null && (yearNode == null || !yearNode.isIntegralNumber()
                || yearNode.asInt() != expectedYear)) {
            throw new IllegalArgumentException(refused + "year 字段须为 " + expectedYear + "，与文件名一致");
        }
        if (yearNode == null || !yearNode.isIntegralNumber() || yearNode.asInt() < 2000 || yearNode.asInt() > 2100) {
            throw new IllegalArgumentException(refused + "year 字段须为 2000 到 2100 之间的四位年份，例如 2027");
        }
        int year = yearNode.asInt();
        JsonNode daysNode = root.get("days");
        if (daysNode == null || !daysNode.isArray() || daysNode.isEmpty()) {
            throw new IllegalArgumentException(refused + "days 须为非空数组，列出当年的放假日与调休上班日");
        }
        Map<LocalDate, Boolean> days = new HashMap<>();
        int index = 0;
        for (JsonNode day : daysNode) {
            index++;
            String where = refused + "days 第 " + index + " 项";
            JsonNode dateNode = day.get("date");
            JsonNode offNode = day.get("isOffDay");
            if (dateNode == null || !dateNode.isString() || offNode == null || !offNode.isBoolean()) {
                throw new IllegalArgumentException(where + "须含 date（如 \"" + year
                        + "-01-01\"）与 isOffDay（true 或 false）");
            }
            LocalDate date;
            try {
                date = LocalDate.parse(dateNode.asString());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(where + "的日期无法识别：" + dateNode.asString());
            }
            // A notice may move a weekend of late December of the year before (2019's made 2018-12-29 a working day).
            if (date.getYear() != year && !(date.getYear() == year - 1 && date.getMonthValue() == 12)) {
                throw new IllegalArgumentException(where + "的日期 " + date + " 不属于 " + year + " 年的放假安排");
            }
            boolean off = offNode.asBoolean();
            Boolean previous = days.put(date, !off);
            if (previous != null && previous != !off) {
                throw new IllegalArgumentException(where + "与前面的项矛盾：" + date + " 既是放假日又是上班日");
            }
            if (previous != null) {
                throw new IllegalArgumentException(where + "的日期 " + date + " 重复出现：每一天只能列一次");
            }
        }
        return new YearFile(year, Map.copyOf(days));
    }
}
