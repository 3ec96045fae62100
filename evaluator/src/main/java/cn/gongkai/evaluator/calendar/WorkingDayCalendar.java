package cn.gongkai.evaluator.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * China's working days: Monday to Friday, except the State Council's holidays, plus the weekend days it turns into
 * working days (调休). Every "N working days" rule of the field is computed here. A date in a year whose notice is
 * not loaded has no answer: asking fails loudly instead of silently falling back to Monday–Friday.
 *
 * <p>A calendar made by {@link #chinaWithYearsFrom} also reads the years in a directory (gongkai.home/calendar) and
 * reads them again on {@link #reload}, so a year added there (by hand or by the workbench's upload) is used by the
 * next check without a rebuild or a restart.
 */
public final class WorkingDayCalendar {

    private static final String RESOURCE = "cn-working-days.csv";
    static final String SHIPPED = "内置（国务院办公厅放假通知，holiday-cn 数据）";
    private static volatile WorkingDayCalendar china;

    /**
     * One year's notice: the days that differ from Monday–Friday (false: a holiday, true: a weekend day worked) and
     * where they came from (the shipped data or a file).
     */
    public record Year(int year, String source, Map<LocalDate, Boolean> days) {
        public Year {
            days = Map.copyOf(days);
        }

        public long holidays() {
            return days.values().stream().filter(worked -> !worked).count();
        }

        public long adjustedWorkingDays() {
            return days.values().stream().filter(worked -> worked).count();
        }
    }

    /** What the calendar knows at one moment; replaced as a whole, so a check never sees half a reload. */
    private record Days(SortedMap<Integer, Year> years, Map<LocalDate, Boolean> exceptions, String loadError) {
    }

    private final Path directory;
    private volatile Days days;

    private WorkingDayCalendar(Path directory, Days days) {
        this.directory = directory;
        this.days = days;
    }

    WorkingDayCalendar(Map<Integer, Year> years) {
        this(null, days(years, null));
    }

    /** The calendar shipped with gongkai (2019–2026 at the time of writing). */
    public static WorkingDayCalendar china() {
        WorkingDayCalendar calendar = china;
        if (calendar == null) {
            try (InputStream in = WorkingDayCalendar.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("缺少工作日历数据文件 " + RESOURCE);
                }
                calendar = parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            china = calendar;
        }
        return calendar;
    }

    /**
     * The shipped calendar plus one year per file {@code <year>.json} in {@code directory}, in the shape of
     * NateScarlet/holiday-cn (the source of the shipped years), so a new year's State Council notice can be added
     * without a rebuild. A file's year replaces the shipped days of that year. A missing directory adds nothing; a
     * file that is not a well-formed year is refused, naming the file, rather than read as "no holidays".
     */
    public static WorkingDayCalendar chinaWithYearsFrom(Path directory) {
        return new WorkingDayCalendar(directory, days(readDirectory(directory), null));
    }

    /**
     * Reads the directory again. A file that cannot be used is refused with the reason (naming the file) and the
     * calendar keeps what it had, with the reason added to every "year missing" answer, so the evaluator sees why
     * the year is still unknown. A calendar without a directory has nothing to re-read.
     */
    public void reload() {
        if (directory == null) {
            return;
        }
        Days current = days;
        try {
            days = days(readDirectory(directory), null);
        } catch (RuntimeException e) {
            days = new Days(current.years(), current.exceptions(), e.getMessage());
            throw e;
        }
    }

    /** The directory years are read from, or empty for the shipped calendar alone. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** Checks one year's file as {@link #chinaWithYearsFrom} would read it; {@code label} names it in messages. */
    public static Year checkYearFile(String label, String json) {
        YearFile file = YearFile.parse(label, json, null);
        return new Year(file.year(), label, file.days());
    }

    private static SortedMap<Integer, Year> readDirectory(Path directory) {
        SortedMap<Integer, Year> years = new TreeMap<>(china().days.years());
        if (!Files.isDirectory(directory)) {
            return years;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取工作日历目录 " + directory, e);
        }
        for (Path file : files) {
            YearFile year = YearFile.read(file);
            years.put(year.year(), new Year(year.year(), file.toString(), year.days()));
        }
        return years;
    }

    private static Days days(Map<Integer, Year> years, String loadError) {
        Map<LocalDate, Boolean> exceptions = new HashMap<>();
        // In year order: a notice may reach into late December of the year before (2019's made 2018-12-29 a
        // working day); the year the date belongs to has the last word.
        SortedMap<Integer, Year> sorted = new TreeMap<>(years);
        for (Year year : sorted.values()) {
            for (var day : year.days().entrySet()) {
                if (day.getKey().getYear() == year.year() || !exceptions.containsKey(day.getKey())) {
                    exceptions.put(day.getKey(), day.getValue());
                }
            }
        }
        return new Days(Collections.unmodifiableSortedMap(sorted), Map.copyOf(exceptions), loadError);
    }

    static WorkingDayCalendar parse(InputStream csv) throws IOException {
        Map<Integer, Map<LocalDate, Boolean>> byYear = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        Integer notice = null;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", 3);
            switch (fields[0]) {
                case "notice" -> {
                    notice = Integer.parseInt(fields[1]);
                    byYear.computeIfAbsent(notice, y -> new HashMap<>());
                }
                case "off", "work" -> {
                    if (notice == null) {
                        throw new IllegalStateException("工作日历数据第 " + number + " 行之前没有 notice 行");
                    }
                    byYear.get(notice).put(LocalDate.parse(fields[1]), fields[0].equals("work"));
                }
                default -> throw new IllegalStateException("工作日历数据第 " + number + " 行无法识别：" + line);
            }
        }
        Map<Integer, Year> years = new TreeMap<>();
        byYear.forEach((year, days) -> years.put(year, new Year(year, SHIPPED, days)));
        return new WorkingDayCalendar(years);
    }

    public Set<Integer> loadedYears() {
        return days.years().keySet();
    }

    /** Every loaded year in order, with its source. */
    public List<Year> years() {
        return List.copyOf(days.years().values());
    }

    public Optional<Year> year(int year) {
        return Optional.ofNullable(days.years().get(year));
    }

    /** The days that differ from Monday–Friday, over all loaded years. */
    Map<LocalDate, Boolean> exceptions() {
        return days.exceptions();
    }

    public boolean isWorkingDay(LocalDate date) {
        return isWorkingDay(days, date);
    }

    private static boolean isWorkingDay(Days days, LocalDate date) {
        requireLoaded(days, date);
        Boolean exception = days.exceptions().get(date);
        if (exception != null) {
            return exception;
        }
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    }

    /** The day that is {@code n} working days after {@code start} (start itself not counted); n ≥ 0. */
    public LocalDate addWorkingDays(LocalDate start, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("工作日数不能为负：" + n);
        }
        Days snapshot = days;
        LocalDate date = start;
        int remaining = n;
        while (remaining > 0) {
            date = date.plusDays(1);
            if (isWorkingDay(snapshot, date)) {
                remaining--;
            }
        }
        return date;
    }

    /**
     * Working days after {@code from} up to and including {@code to}: 0 for the same day, and negative when
     * {@code to} is before {@code from}. A document published the working day after it was signed is 1 day late.
     */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -workingDaysBetween(to, from);
        }
        Days snapshot = days;
        requireLoaded(snapshot, from);
        int count = 0;
        for (LocalDate date = from.plusDays(1); !date.isAfter(to); date = date.plusDays(1)) {
            if (isWorkingDay(snapshot, date)) {
                count++;
            }
        }
        return count;
    }

    private static void requireLoaded(Days days, LocalDate date) {
        if (!days.years().containsKey(date.getYear())) {
            throw new CalendarYearMissingException(date.getYear(), days.years().keySet(), days.loadError());
        }
    }

    /** Thrown for a date whose year's holiday notice is not in the calendar. */
    public static final class CalendarYearMissingException extends IllegalStateException {
        CalendarYearMissingException(int year, Set<Integer> loaded, String loadError) {
            super("工作日历中没有 " + year + " 年的节假日安排（已载入：" + loaded + "），无法计算工作日；"
                    + "请按国务院办公厅当年的放假通知，在评估工作台的“工作日历”页上传 " + year + " 年的日历，或把 "
                    + year + ".json（holiday-cn 格式）放入 gongkai.home 下的 calendar 目录，下次检查即使用，无需重新构建"
                    + (loadError == null ? "" : "（目录中的日历文件未能载入：" + loadError + "）"));
        }
    }
}
