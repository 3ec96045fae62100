package cn.gongkai.evaluator.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkingDayCalendarFilesTest {

    private final WorkingDayCalendar shipped = WorkingDayCalendar.china();

    /** The shipped CSV was converted from these holiday-cn files: reading them must give the same days. */
    @Test
    void holidayCnFilesAgreeWithTheShippedCalendar(@TempDir Path dir) throws IOException {
        Map<LocalDate, Boolean> fromFiles = new HashMap<>();
        for (int year = 2019; year <= 2026; year++) {
            Path file = dir.resolve(year + ".json");
            try (InputStream in = getClass().getResourceAsStream("holiday-cn/" + year + ".json")) {
                Files.copy(in, file);
            }
            YearFile read = YearFile.read(file);
            assertThat(read.year()).isEqualTo(year);
            fromFiles.putAll(read.days());
        }
        assertThat(fromFiles).isEqualTo(shipped.exceptions());
        WorkingDayCalendar loaded = WorkingDayCalendar.chinaWithYearsFrom(dir);
        assertThat(loaded.loadedYears()).isEqualTo(shipped.loadedYears());
        for (LocalDate d = LocalDate.of(2019, 1, 1); d.getYear() <= 2026; d = d.plusDays(1)) {
            assertThat(loaded.isWorkingDay(d)).as(d.toString()).isEqualTo(shipped.isWorkingDay(d));
        }
    }

    @Test
    void aNewYearFromTheDirectoryIsUsedBesideTheShippedOnes(@TempDir Path dir) throws IOException {
        // Made for the test, not the State Council's 2027 notice: 1 January off, Saturday 9 January a working day.
        Files.writeString(dir.resolve("2027.json"), """
                {"year": 2027, "papers": [], "days": [
                  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                  {"name": "测试", "date": "2027-01-09", "isOffDay": false}
                ]}""");
        Files.writeString(dir.resolve("README.txt"), "not a calendar");
        WorkingDayCalendar calendar = WorkingDayCalendar.chinaWithYearsFrom(dir);

        assertThat(calendar.loadedYears()).contains(2019, 2026, 2027);
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 1))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 9))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 10))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 11))).isTrue();
        // Thursday 31 December 2026, 4–8 January, Saturday 9 January (调休) and Monday 11 January.
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 12, 30), LocalDate.of(2027, 1, 11))).isEqualTo(8);
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 1))).isFalse();
        assertThatThrownBy(() -> calendar.isWorkingDay(LocalDate.of(2028, 1, 3))).hasMessageContaining("2028");
    }

    @Test
    void aFileForAShippedYearReplacesThatYearWhole(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("2026.json"), """
                {"year": 2026, "days": [{"name": "元旦", "date": "2026-01-01", "isOffDay": true}]}""");
        WorkingDayCalendar calendar = WorkingDayCalendar.chinaWithYearsFrom(dir);
        // Thursday 1 October 2026 is National Day in the shipped notice, an ordinary day in the file's.
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 1))).isTrue();
        assertThat(calendar.year(2026).orElseThrow().source()).endsWith("2026.json");
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 10, 1))).isFalse();
    }

    @Test
    void aMissingDirectoryAddsNothing(@TempDir Path dir) {
        assertThat(WorkingDayCalendar.chinaWithYearsFrom(dir.resolve("calendar")).loadedYears())
                .isEqualTo(shipped.loadedYears());
    }

    @Test
    void malformedFilesAreRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        assertRefused(dir, "2027.json", "{\"year\": 2027, \"days\": [", "不是有效的 JSON");
        assertRefused(dir, "2027.json", "{\"year\": 2028, \"days\": [{\"date\": \"2027-01-01\", \"isOffDay\": true}]}",
                "year 字段须为 2027");
        assertRefused(dir, "2027.json", "{\"year\": 2027, \"days\": []}", "days 须为非空数组");
        assertRefused(dir, "2027.json", "{\"year\": 2027, \"days\": [{\"date\": \"2027-01-01\"}]}",
                "days 第 1 项须含 date");
        assertRefused(dir, "2027.json", "{\"year\": 2027, \"days\": [{\"date\": \"2027-02-30\", \"isOffDay\": true}]}",
                "日期无法识别");
        assertRefused(dir, "2027.json", "{\"year\": 2027, \"days\": [{\"date\": \"2029-01-01\", \"isOffDay\": true}]}",
                "不属于 2027 年");
        assertRefused(dir, "2027.json", """
                {"year": 2027, "days": [{"date": "2027-01-02", "isOffDay": true},
                                        {"date": "2027-01-02", "isOffDay": false}]}""", "矛盾");
        assertRefused(dir, "calendar-2027.json", "{}", "文件名须为四位年份");
        assertRefused(dir, "2027.json", """
                {"year": 2027, "days": [{"date": "2027-01-01", "isOffDay": true},
                                        {"date": "2027-01-01", "isOffDay": true}]}""", "days 第 2 项的日期 2027-01-01 重复出现");
        assertRefused(dir, "2027.json", "{\"year\": 2027, \"days\": [{\"date\": \"2026-06-01\", \"isOffDay\": true}]}",
                "不属于 2027 年");
    }

    private static void assertRefused(Path parent, String name, String content, String reason) throws IOException {
        Path dir = Files.createTempDirectory(parent, "calendar");
        Path file = Files.writeString(dir.resolve(name), content);
        assertThatThrownBy(() -> WorkingDayCalendar.chinaWithYearsFrom(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(reason);
    }
}
