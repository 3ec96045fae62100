package cn.gongkai.evaluator.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WorkingDayCalendarTest {

    private final WorkingDayCalendar calendar = WorkingDayCalendar.china();

    @Test
    void knowsTheShippedYears() {
        assertThat(calendar.loadedYears()).containsExactly(2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026);
    }

    @Test
    void holidaysAreOffAndAdjustedWeekendsAreWorkingDays() {
        // 2026 National Day: 1–7 October off; Saturday 10 October is a working day (调休).
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 1))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 7))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 9))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 10, 10))).isTrue();
        // 2024 Spring Festival: Sunday 4 February and Saturday 18 February 2024 were working days.
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 2, 4))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 2, 18))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2024, 2, 12))).isFalse();
        // An ordinary weekend and an ordinary weekday.
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 11, 28))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 11, 27))).isTrue();
    }

    @Test
    void addsWorkingDaysAcrossAHolidayAndAnAdjustedWeekend() {
        // Signed Friday 30 September 2022; 1–7 October off, Saturday 8 and Sunday 9 October 2022 working days.
        assertThat(calendar.addWorkingDays(LocalDate.of(2022, 9, 30), 1)).isEqualTo(LocalDate.of(2022, 10, 8));
        assertThat(calendar.addWorkingDays(LocalDate.of(2022, 9, 30), 3)).isEqualTo(LocalDate.of(2022, 10, 10));
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 11, 27), 0)).isEqualTo(LocalDate.of(2026, 11, 27));
        // Friday + 1 working day is Monday in an ordinary week.
        assertThat(calendar.addWorkingDays(LocalDate.of(2026, 11, 20), 1)).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void countsWorkingDaysBetween() {
        assertThat(calendar.workingDaysBetween(LocalDate.of(2022, 9, 30), LocalDate.of(2022, 10, 10))).isEqualTo(3);
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 23))).isZero();
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 30))).isEqualTo(5);
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 23))).isEqualTo(-5);
        // 2026 has 248 working days (counted independently from the State Council's notice).
        assertThat(calendar.workingDaysBetween(LocalDate.of(2025, 12, 31), LocalDate.of(2026, 12, 31))).isEqualTo(248);
    }

    @Test
    void aYearWithoutDataFailsLoudly() {
        assertThatThrownBy(() -> calendar.isWorkingDay(LocalDate.of(2027, 3, 1)))
                .isInstanceOf(WorkingDayCalendar.CalendarYearMissingException.class)
                .hasMessageContaining("2027");
        assertThatThrownBy(() -> calendar.addWorkingDays(LocalDate.of(2026, 12, 30), 5))
                .hasMessageContaining("2027");
        assertThatThrownBy(() -> calendar.workingDaysBetween(LocalDate.of(2018, 12, 1), LocalDate.of(2019, 1, 2)))
                .hasMessageContaining("2018");
    }
}
