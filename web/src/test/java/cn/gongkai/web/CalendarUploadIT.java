package cn.gongkai.web;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UserAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A new year's working-day calendar uploaded on the workbench: checked, stored under gongkai.home/calendar, used by
 * the checks' calendar at once, audited; a bad file or an unannounced replacement refused with nothing changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.quartz.auto-startup=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CalendarUploadIT {

    private static final String PASSWORD = "test-password-cal";
    // Made for the test, not the State Council's 2027 notice: 1 and 4–6 January off, Saturday 9 January worked.
    private static final String YEAR_2027 = """
            {"year": 2027, "papers": [], "days": [
              {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
              {"name": "测试", "date": "2027-01-04", "isOffDay": true},
              {"name": "测试", "date": "2027-01-05", "isOffDay": true},
              {"name": "测试", "date": "2027-01-06", "isOffDay": true},
              {"name": "测试", "date": "2027-01-09", "isOffDay": false}
            ]}""";
    private static Path home;

    @Autowired WorkingDayCalendar calendar;
    @Autowired UserAccounts accounts;
    @Autowired DSLContext dsl;
    @LocalServerPort int port;
    private WebSession evaluator;

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("gongkai-calendar");
        registry.add("gongkai.home", () -> home.toString());
    }

    @BeforeAll
    void accounts() throws Exception {
        accounts.create("test", "cal-eva", "评估员", PASSWORD, null, EnumSet.of(Role.EVALUATOR));
        accounts.create("test", "cal-lead", "领导", PASSWORD, null, EnumSet.of(Role.LEADER));
        evaluator = WebSession.loggedIn(port, "cal-eva", PASSWORD);
    }

    @Test
    @Order(1)
    void anEvaluatorsUploadIsCheckedStoredAuditedAndUsedWithoutARestart() throws Exception {
        assertThat(calendar.loadedYears()).doesNotContain(2027);

        var response = upload(evaluator, "2027.json", YEAR_2027.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(response.statusCode()).isEqualTo(302);
        String page = evaluator.getPage("/workbench/calendar").body();
        assertThat(page).contains("已载入 2027 年工作日历（放假 4 天，调休上班 1 天）");

        assertThat(Files.readString(home.resolve("calendar/2027.json"))).isEqualTo(YEAR_2027);
        assertThat(calendar.loadedYears()).contains(2026, 2027);
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 5))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 9))).isTrue();
        // Asked Wednesday 30 December 2026, answered Friday 8 January 2027: 31 December, 7 and 8 January.
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 12, 30), LocalDate.of(2027, 1, 8))).isEqualTo(3);

        var audit = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ENTITY.eq("working_day_calendar")).fetch();
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).getAction()).isEqualTo("CALENDAR_UPLOAD");
        assertThat(audit.get(0).getActor()).isEqualTo("cal-eva");
        assertThat(audit.get(0).getEntityId()).isEqualTo("2027");
        assertThat(audit.get(0).getAfterJson()).contains("\"holidays\":4").contains("2027.json").contains("sha256");

        // The page lists the year with its file.
        assertThat(page).contains("2027").contains(home.resolve("calendar/2027.json").toString());
    }

    @Test
    @Order(2)
    void badFilesAreRefusedNamingTheProblemWithNothingChanged() throws Exception {
        byte[] before = Files.readAllBytes(home.resolve("calendar/2027.json"));
        int audited = auditEntries();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"year\": 2028, \"days\": [", "不是有效的 JSON");
        cases.put("""
                {"year": 2028, "days": [{"date": "2028-01-01", "isOffDay": true},
                                        {"date": "2028-01-01", "isOffDay": true}]}""",
                "days 第 2 项的日期 2028-01-01 重复出现");
        cases.put("{\"year\": 2028, \"days\": [{\"date\": \"2028-02-30\", \"isOffDay\": true}]}",
                "days 第 1 项的日期无法识别：2028-02-30");
        cases.put("{\"year\": 2028, \"days\": [{\"date\": \"2027-03-01\", \"isOffDay\": true}]}", "不属于 2028 年");
        cases.put("{\"year\": 2028, \"days\": [{\"date\": \"2028-01-01\"}]}", "须含 date");
        cases.put("{\"days\": [{\"date\": \"2028-01-01\", \"isOffDay\": true}]}", "year 字段须为");
        // The same year again, without saying it replaces the loaded one.
        cases.put(YEAR_2027.replace("2027-01-06", "2027-01-07"), "2027 年的工作日历已经载入");
        for (var bad : cases.entrySet()) {
            upload(evaluator, "bad.json", bad.getKey().getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(evaluator.getPage("/workbench/calendar").body()).as(bad.getKey())
                    .contains(bad.getValue()).doesNotContain("已载入 2028");
        }
        upload(evaluator, "gbk.json", "{\"year\": 2028, \"days\": [{\"name\": \"元旦\"}]}".getBytes("GBK"), Map.of());
        assertThat(evaluator.getPage("/workbench/calendar").body()).contains("UTF-8");
        // Replacing needs a reason.
        upload(evaluator, "2027.json", YEAR_2027.getBytes(StandardCharsets.UTF_8), Map.of("replace", "true"));
        assertThat(evaluator.getPage("/workbench/calendar").body()).contains("须填写原因");
        // The reason goes to the audit log: held to what every reason is, with a new year as with a replacement.
        byte[] year2028 = "{\"year\": 2028, \"days\": [{\"date\": \"2028-01-01\", \"isOffDay\": true}]}"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> badReasons = new java.util.LinkedHashMap<>();
        badReasons.put("补充通知\u202Egpj.exe", "「原因」含有改变文字显示方向的不可见字符");
        badReasons.put("补充\u0000通知", "「原因」含有换行、制表符或其他控制字符");
        badReasons.put("第一行\n第二行", "「原因」含有换行、制表符或其他控制字符");
        badReasons.put("因".repeat(501), "「原因」不能超过 500 个字符（现有 501 个）");
        for (var bad : badReasons.entrySet()) {
            upload(evaluator, "2028.json", year2028, Map.of("reason", bad.getKey()));
            assertThat(evaluator.getPage("/workbench/calendar").body()).as(bad.getKey())
                    .contains(bad.getValue()).doesNotContain("已载入 2028");
            upload(evaluator, "2027.json", YEAR_2027.getBytes(StandardCharsets.UTF_8),
                    Map.of("replace", "true", "reason", bad.getKey()));
            assertThat(evaluator.getPage("/workbench/calendar").body()).as(bad.getKey())
                    .contains(bad.getValue()).doesNotContain("已替换 2027");
        }
        // A leader cannot upload at all.
        WebSession leader = WebSession.loggedIn(port, "cal-lead", PASSWORD);
        assertThat(upload(leader, "2028.json", "{\"year\": 2028, \"days\": [{\"date\": \"2028-01-01\", \"isOffDay\": true}]}"
                .getBytes(StandardCharsets.UTF_8), Map.of()).statusCode()).isEqualTo(403);

        assertThat(Files.readAllBytes(home.resolve("calendar/2027.json"))).isEqualTo(before);
        try (var files = Files.list(home.resolve("calendar"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("2027.json");
        }
        assertThat(auditEntries()).isEqualTo(audited);
        assertThat(calendar.loadedYears()).doesNotContain(2028);
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 6))).isFalse();
    }

    @Test
    @Order(3)
    void aLoadedYearIsReplacedOnlyWhenTheEvaluatorSaysSoWithAReason() throws Exception {
        String corrected = YEAR_2027.replace("2027-01-06", "2027-01-07");
        upload(evaluator, "2027-corrected.json", corrected.getBytes(StandardCharsets.UTF_8),
                Map.of("replace", "true", "reason", "国务院办公厅补充通知"));
        assertThat(evaluator.getPage("/workbench/calendar").body()).contains("已替换 2027 年工作日历");
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 6))).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2027, 1, 7))).isFalse();
        var entry = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.ENTITY.eq("working_day_calendar"))
                .orderBy(AUDIT_LOG.ID.desc()).limit(1).fetchOne();
        assertThat(entry.getAction()).isEqualTo("CALENDAR_REPLACE");
        assertThat(entry.getReason()).isEqualTo("国务院办公厅补充通知");
        assertThat(entry.getBeforeJson()).contains("\"year\":2027").contains("\"holidays\":4");
        assertThat(entry.getAfterJson()).contains("2027-corrected.json");

        // A shipped year can be replaced the same way, and is refused without the box ticked.
        upload(evaluator, "2026.json", "{\"year\": 2026, \"days\": [{\"date\": \"2026-01-01\", \"isOffDay\": true}]}"
                .getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(evaluator.getPage("/workbench/calendar").body()).contains("2026 年的工作日历已经载入（来源：内置");
        assertThat(Files.exists(home.resolve("calendar/2026.json"))).isFalse();
    }

    private int auditEntries() {
        return dsl.fetchCount(AUDIT_LOG);
    }

    private static java.net.http.HttpResponse<String> upload(WebSession session, String name, byte[] bytes,
                                                             Map<String, String> fields) throws Exception {
        return session.postMultipart("/workbench/calendar", fields, List.of(new WebSession.FilePart("file", name, bytes)));
    }
}
