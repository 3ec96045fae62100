package cn.gongkai.web.input;

import java.util.regex.Pattern;

/**
 * Checks on free text and names from forms and round definitions, with Chinese messages naming the field. Lengths
 * count characters as the database does (code points), so a text that passes fits its {@code VARCHAR} column.
 */
public final class TextInput {

    /** Reasons of reviews, decisions and moves: the review and audit columns hold 2,000, less a prefix we add. */
    public static final int REASON_MAX = 1000;
    /** Names of rounds, groups, units, channels, columns and accounts ({@code VARCHAR(200)}). */
    public static final int NAME_MAX = 200;
    /** Codes of groups, units and indicator systems ({@code VARCHAR(64)}). */
    public static final int CODE_MAX = 64;
    /** URLs of channels, columns and appeals ({@code VARCHAR(2048)}). */
    public static final int URL_MAX = 2048;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");
    /**
     * Embeddings, overrides, isolates and marks that reorder how text is shown: with them "invoice" U+202E "fdp.exe"
     * reads as "invoiceexe.pdf".
     */
    private static final Pattern BIDI = Pattern.compile("[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");

    private TextInput() {
    }

    /** The value unchanged when it has at most {@code max} characters (null passes); refused otherwise. */
    public static String limited(String value, String field, int max) {
        String problem = tooLong(value, field, max);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    /** The value unchanged when it is a usable name (null passes); refused otherwise. */
    public static String name(String value, String field, int max) {
        String problem = nameProblem(value, field, max);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    /** Why a value is longer than {@code max} characters, or null. */
    public static String tooLong(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        int length = value.codePointCount(0, value.length());
        return length > max ? "「" + field + "」不能超过 " + max + " 个字符（现有 " + length + " 个）" : null;
    }

    /** Why a value cannot be a name (too long, control or bidirectional characters), or null. */
    public static String nameProblem(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (CONTROL.matcher(value).find()) {
            return "「" + field + "」含有换行、制表符或其他控制字符，请删除后重试";
        }
        if (BIDI.matcher(value).find()) {
            return "「" + field + "」含有改变文字显示方向的不可见字符，请删除后重试";
        }
        return tooLong(value, field, max);
    }

    /** Control characters other than line breaks and tabs, which a multi-line text may hold. */
    private static final Pattern TEXT_CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]");

    /**
     * The value unchanged when it is a usable multi-line text (null passes): line breaks and tabs are allowed, other
     * control characters and bidirectional marks are not, and it has at most {@code max} characters.
     */
    public static String text(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (TEXT_CONTROL.matcher(value).find()) {
            throw new IllegalArgumentException("「" + field + "」含有不可见的控制字符，请删除后重试");
        }
        if (BIDI.matcher(value).find()) {
            throw new IllegalArgumentException("「" + field + "」含有改变文字显示方向的不可见字符，请删除后重试");
        }
        return limited(value, field, max);
    }

    /** The text without the characters that reorder how it is shown: for file names and names on pages. */
    public static String withoutBidi(String value) {
        return value == null ? null : BIDI.matcher(value).replaceAll("");
    }
}
