package cn.gongkai.crawler.extract;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * A publication date as a page states it, no more precise than the page: "2019年6月号" is a month, not the first of
 * March.
 *
 * @param date      the day; for MONTH or YEAR precision the first day of that month or year
 * @param time      the time of day when the page gives one, else null
 * @param precision DAY, MONTH or YEAR
 * @param source    where it was read: meta:&lt;name&gt;, label:&lt;label&gt;, text, or text-month
 */
public record PubDate(LocalDate date, LocalTime time, Precision precision, String source) {

    public enum Precision { DAY, MONTH, YEAR }

    /** ISO-8601 at the page's precision: 2026-11-20T09:30, 2026-11-20, 2019-06 or 2019. */
    public String iso() {
        return switch (precision) {
            case YEAR -> Integer.toString(date.getYear());
            case MONTH -> date.format(DateTimeFormatter.ofPattern("yyyy-MM"));
            case DAY -> time == null ? date.toString()
                    : date + "T" + time.format(DateTimeFormatter.ofPattern("HH:mm"));
        };
    }
}
