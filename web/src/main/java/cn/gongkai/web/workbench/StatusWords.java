package cn.gongkai.web.workbench;

import cn.gongkai.web.unit.UnitBreakdown;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words evaluators read on the workbench for the statuses and decisions stored as codes (PASS, OVERRIDE …):
 * the same status words as a unit's page, so nobody meets an English code on a page.
 */
public final class StatusWords {

    private static final Map<String, String> STATUSES = UnitBreakdown.statusLabels();
    private static final Pattern QUOTED_STATUS = Pattern.compile(
            "\"(PASS|FAIL|PARTIAL|UNCERTAIN|NOT_APPLICABLE|NOT_ASSESSABLE)\"");

    private StatusWords() {
    }

    /** A status in Chinese, e.g. 通过, 不通过, 待核实; an unknown code as it is, a missing one as 未检查. */
    public static String status(String code) {
        return code == null ? "未检查" : STATUSES.getOrDefault(code, code);
    }

    /** A review decision in Chinese: 已确认, or 已改判为 and the status it set. */
    public static String decision(String decision, String status) {
        return switch (decision) {
            case "CONFIRM" -> "已确认";
            case "OVERRIDE" -> "已改判为" + status(status);
            default -> decision;
        };
    }

    /** The statuses as options of a form: code and Chinese word, in the given order. */
    public static List<Map.Entry<String, String>> options(List<String> codes) {
        return codes.stream().<Map.Entry<String, String>>map(c -> new AbstractMap.SimpleImmutableEntry<>(c, status(c)))
                .toList();
    }

    /** A JSON text (an audit entry's before and after) with its quoted status codes shown in Chinese. */
    public static String inJson(String json) {
        if (json == null) {
            return null;
        }
        Matcher m = QUOTED_STATUS.matcher(json);
        return m.replaceAll(r -> Matcher.quoteReplacement("\"" + status(r.group(1)) + "\""));
    }
}
