package cn.gongkai.web.round;

import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Why a round definition or a policy could not be read as YAML, in Chinese with the line and column, instead of the
 * parser's English ("mapping values are not allowed here"). The parser's problems are matched by their wording;
 * one this list does not know is still placed by line and column, as a syntax error.
 */
final class YamlErrors {

    /** The parser's wording of a problem (lower case, a part of it) and what it means for someone writing YAML. */
    private static final List<Map.Entry<String, String>> PROBLEMS = List.of(
            Map.entry("mapping values are not allowed", "此处不能出现「名称: 值」：常见原因是缩进不对，或值里有未加引号的「: 」"),
            Map.entry("could not find expected ':'", "缺少冒号：每个字段写作「名称: 值」，冒号后留一个空格"),
            Map.entry("'\\t'", "不能用制表符缩进，请改用空格"),
            Map.entry("tab", "不能用制表符缩进，请改用空格"),
            Map.entry("expected <block end>", "缩进不一致：同一层的字段和列表项须左对齐"),
            Map.entry("did not find expected key", "缩进不一致：同一层的字段和列表项须左对齐"),
            Map.entry("did not find expected '-'", "缩进不一致：列表的每一项须以对齐的「- 」开头"),
            Map.entry("end of stream while scanning a quoted", "引号没有闭合：值以引号开头时须以同样的引号结束"),
            Map.entry("while scanning a quoted", "引号没有闭合：值以引号开头时须以同样的引号结束"),
            Map.entry("',' or ']'", "方括号 [ ] 没有闭合，或其中的项之间缺少逗号"),
            Map.entry("',' or '}'", "花括号 { } 没有闭合，或其中的字段之间缺少逗号"),
            Map.entry("duplicate key", "同一层有重复的字段名"),
            Map.entry("undefined alias", "引用了没有定义的锚点（*名称）"),
            Map.entry("cannot start any token", "此处的字符不能作为值的开头，请给值加上引号"));

    private YamlErrors() {
    }

    /**
     * The problem and where it is: a syntax error by line and column ("第 3 行第 9 列：缺少冒号……"), a field or value
     * that does not fit by its path ("没有名为「nmae」的字段（字段：nmae）").
     */
    static String describe(JacksonException e, String path) {
        MarkedYamlEngineException marked = marked(e);
        if (marked != null) {
            String at = marked.getProblemMark().map(m -> at(m.getLine() + 1, m.getColumn() + 1)).orElse("");
            // A quote or bracket left open is found where the text ends; where it opened is what to look at.
            String opened = marked.getContextMark()
                    .filter(c -> marked.getProblemMark().map(p -> p.getLine() != c.getLine()).orElse(true))
                    .map(c -> "（从第 " + (c.getLine() + 1) + " 行第 " + (c.getColumn() + 1) + " 列开始）").orElse("");
            return at + syntax((marked.getProblem() == null ? "" : marked.getProblem()) + " "
                    + (marked.getContext() == null ? "" : marked.getContext())) + opened;
        }
        // A well-formed text whose field or value does not fit: the reader is already past it, so its line and
        // column would point at the next line; the field's path says where it is.
        String what;
        if (e instanceof UnrecognizedPropertyException unknown) {
            what = "没有名为「" + unknown.getPropertyName() + "」的字段（检查拼写和缩进）";
        } else if (e instanceof InvalidFormatException invalid) {
            what = "「" + invalid.getValue() + "」不是" + typeName(invalid.getTargetType());
        } else if (e instanceof MismatchedInputException mismatched) {
            what = "此处应为" + typeName(mismatched.getTargetType());
        } else {
            what = at(e.getLocation()) + syntax(e.getOriginalMessage());
        }
        return what + (path.isEmpty() ? "" : "（字段：" + path + "）");
    }

    private static MarkedYamlEngineException marked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException m) {
                return m;
            }
        }
        return null;
    }

    private static String syntax(String problem) {
        String lower = problem == null ? "" : problem.toLowerCase();
        return PROBLEMS.stream().filter(p -> lower.contains(p.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse("YAML 语法有误，请检查该处的缩进、冒号和引号");
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : at(location.getLineNr(), location.getColumnNr());
    }

    private static String at(int line, int column) {
        return column > 0 ? "第 " + line + " 行第 " + column + " 列：" : "第 " + line + " 行：";
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "所需的格式";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "整数";
        }
        if (type == java.math.BigDecimal.class || type == Double.class || type == double.class) {
            return "数字";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true 或 false";
        }
        if (type == java.time.LocalDate.class) {
            return "日期（如 2026-12-31）";
        }
        if (type == String.class) {
            return "一段文字";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "列表（每项以「- 」开头，或写作 [甲, 乙]）";
        }
        if (type.isEnum()) {
            return "以下之一：" + String.join("、", java.util.Arrays.stream(type.getEnumConstants())
                    .map(String::valueOf).toList());
        }
        return "「名称: 值」形式的字段组";
    }
}
