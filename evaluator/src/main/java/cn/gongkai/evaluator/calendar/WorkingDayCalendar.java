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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * China's working days: Monday to Friday, except the State Council's holidays, plus the weekend days it turns into
 * working days (调休). Every "N working days" rule of the field is computed here. A date in a year whose notice is
 * not loaded has no answer: asking fails loudly instead of silently falling back to Monday–Friday.
 */
public final class WorkingDayCalendar {

    private static final String RESOURCE = "cn-working-days.csv";
    private static volatile WorkingDayCalendar china;

    private final Set<Integer> loadedYears;
    /** Days that differ from Monday–Friday: false for a holiday, true for a weekend day worked (调休). */
    final Map<LocalDate, Boolean> exceptions;

    WorkingDayCalendar(Set<Integer> loadedYears, Map<LocalDate, Boolean> exceptions) {
        this.loadedYears = Collections.unmodifiableSortedSet(new TreeSet<>(loadedYears));
        this.exceptions = Map.copyOf(exceptions);
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
     * without a rebuild. A file's days win over the shipped ones for the same date. A missing directory adds
     * nothing; a file that is not a well-formed year is refused, naming the file, rather than read as "no holidays".
     */
    public static WorkingDayCalendar chinaWithYearsFrom(Path directory) {
        WorkingDayCalendar shipped = china();
        if (!Files.isDirectory(directory)) {
            return shipped;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取工作日历目录 " + directory, e);
        }
        Set<Integer> years = new TreeSet<>(shipped.loadedYears);
        Map<LocalDate, Boolean> exceptions = new HashMap<>(shipped.exceptions);
        for (Path file : files) {
            YearFile year = YearFile.read(file);
            years.add(year.year());
            exceptions.putAll(year.days());
        }
        return new WorkingDayCalendar(years, exceptions);
    }

    static WorkingDayCalendar parse(InputStream csv) throws IOException {
        Set<Integer> years = new TreeSet<>();
        Map<LocalDate, Boolean> exceptions = new HashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",", 3);
            switch (fields[0]) {
                case "notice" -> years.add(Integer.parseInt(fields[1]));
                case "off" -> exceptions.put(LocalDate.parse(fields[1]), Boolean.FALSE);
                case "work" -> exceptions.put(LocalDate.parse(fields[1]), Boolean.TRUE);
                default -> throw new IllegalStateException("工作日历数据第 " + number + " 行无法识别：" + line);
            }
        }
        return new WorkingDayCalendar(years, exceptions);
    }

    public Set<Integer> loadedYears() {
        return loadedYears;
    }

    public boolean isWorkingDay(LocalDate date) {
        requireLoaded(date);
        Boolean exception = exceptions.get(date);
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
        LocalDate date = start;
        int remaining = n;
        while (remaining > 0) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
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
        requireLoaded(from);
        int count = 0;
        for (LocalDate date = from.plusDays(1); !date.isAfter(to); date = date.plusDays(1)) {
            if (isWorkingDay(date)) {
                count++;
            }
        }
        return count;
    }

    private void requireLoaded(LocalDate date) {
        if (!loadedYears.contains(date.getYear())) {
            throw new CalendarYearMissingException(date.getYear(), loadedYears);
        }
    }

    /** Thrown for a date whose year's holiday notice is not in the calendar. */
    public static final class CalendarYearMissingException extends IllegalStateException {
        CalendarYearMissingException(int year, Set<Integer> loaded) {
            super("工作日历中没有 " + year + " 年的节假日安排（已载入：" + loaded + "），无法计算工作日；"
                    + "请按国务院办公厅当年的放假通知，把 " + year + ".json（holiday-cn 格式）放入 gongkai.home 下的 "
                    + "calendar 目录后重新启动");
        }
    }
}
