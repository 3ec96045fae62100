package cn.gongkai.crawler.extract;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The date forms of Chinese pages, parsed without guessing beyond what the text says. */
final class Dates {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /**
     * 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, also with one-digit month or day and an optional time.
     * Both separators must be the same and touch the digits: "2019 - 01/01" is an archive menu, not a date. The day
     * takes all its digits (never backtracking to "2" of "20"); what follows it may be a time, also after a hyphen
     * ("2019-08-20-23:59:59"), but not more date-like digits ("2019-01-22-1234" is a file number).
     */
    static final Pattern FULL_DATE = Pattern.compile(
            "(?<![\\d/.-])(?<y>(?:19|20)\\d{2})(?:(?<sep>[-/.])(?<mo>\\d{1,2})\\k<sep>(?<d>\\d{1,2})(?!\\d)"
                    + "(?![/.]\\d)(?!-(?!\\d{1,2}\\s*[:：时]\\s*\\d{2})\\d)"
                    + "|\\s*年\\s*(?<mo2>\\d{1,2})\\s*月\\s*(?<d2>\\d{1,2})(?!\\d)\\s*日?)"
                    + "(?:\\s*(?:T|-|\\s)?\\s*(?<h>\\d{1,2})\\s*[:：时]\\s*(?<mi>\\d{2})(?!\\d))?");
    /** 9/17/2019 5:54:13 AM, as old ASP sites print a date; read only after a 发布日期 label, where it is unambiguous. */
    static final Pattern US_DATE = Pattern.compile(
            "(?<mo>\\d{1,2})/(?<d>\\d{1,2})/(?<y>(?:19|20)\\d{2})(?!\\d)(?:\\s+(?<h>\\d{1,2}):(?<mi>\\d{2})(?::\\d{2})?\\s*(?<ampm>[AaPp][Mm])?)?");
    /** 2019年6月 (a monthly issue, a report of a month), never followed by a day. */
    static final Pattern YEAR_MONTH = Pattern.compile("(?<!\\d)((?:19|20)\\d{2})\\s*年\\s*(\\d{1,2})\\s*月(?!\\s*\\d)");
    private static final Pattern ISO_OFFSET = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})");

    private Dates() {
    }

    static LocalDate date(int year, int month, int day) {
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The day of a FULL_DATE or US_DATE match. */
    static LocalDate date(Matcher full) {
        String mo = full.group("mo");
        String d = full.group("d");
        if (mo == null && full.pattern() == FULL_DATE) {
            mo = full.group("mo2");
            d = full.group("d2");
        }
        return date(Integer.parseInt(full.group("y")), Integer.parseInt(mo), Integer.parseInt(d));
    }

    static LocalTime time(Matcher full) {
        if (full.group("h") == null) {
            return null;
        }
        int h = Integer.parseInt(full.group("h"));
        int m = Integer.parseInt(full.group("mi"));
        if (full.pattern() == US_DATE && full.group("ampm") != null) {
            boolean pm = full.group("ampm").equalsIgnoreCase("pm");
            h = h % 12 + (pm ? 12 : 0);
        }
        return h < 24 && m < 60 ? LocalTime.of(h, m) : null;
    }

    /** A date with time from a metadata value; an ISO timestamp with an offset is read in China time. */
    static PubDate fromMeta(String value, String source) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        Matcher iso = ISO_OFFSET.matcher(v);
        if (iso.find()) {
            try {
                var t = OffsetDateTime.parse(iso.group().replaceAll("([+-]\\d{2})(\\d{2})$", "$1:$2"))
                        .atZoneSameInstant(CHINA);
                return new PubDate(t.toLocalDate(), t.toLocalTime().withSecond(0).withNano(0),
                        PubDate.Precision.DAY, source);
            } catch (DateTimeParseException e) {
                // fall through to the plain forms
            }
        }
        return firstFullDate(v, source);
    }

    static PubDate firstFullDate(String text, String source) {
        Matcher m = FULL_DATE.matcher(text);
        while (m.find()) {
            LocalDate d = date(m);
            if (d != null) {
                return new PubDate(d, time(m), PubDate.Precision.DAY, source);
            }
        }
        return null;
    }

    static PubDate firstYearMonth(String text, String source) {
        Matcher m = YEAR_MONTH.matcher(text);
        while (m.find()) {
            int month = Integer.parseInt(m.group(2));
            if (month >= 1 && month <= 12) {
                return new PubDate(LocalDate.of(Integer.parseInt(m.group(1)), month, 1), null,
                        PubDate.Precision.MONTH, source);
            }
        }
        return null;
    }

    /** The latest year that makes month-day a real date not after the reference date (29 February looks further). */
    static LocalDate inferYear(int month, int day, LocalDate referenceDate) {
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        for (int year = referenceDate.getYear(); year >= referenceDate.getYear() - 8; year--) {
            LocalDate d = date(year, month, day);
            if (d != null && !d.isAfter(referenceDate)) {
                return d;
            }
        }
        return null;
    }
}
