package cn.gongkai.evaluator.check;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition;
import cn.gongkai.evaluator.catalog.IndicatorSystemStore;
import cn.gongkai.evaluator.check.timeliness.HomepageUpdateChecker;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checker's error leaves its point to a person and the rest of the round checked; the case met in the field is a
 * round whose reference date falls in a year the shipped working-day calendar does not cover yet.
 */
class CheckerErrorsIT {

    private static final LocalDate REFERENCE = LocalDate.of(2027, 1, 20);
    private final DSLContext dsl = TestDatabase.get().dsl();
    private final EvidenceStore evidence = new EvidenceStore(Path.of("target", "no-warc"));
    private long roundId;
    private long groupId;
    private long homepagePoint;
    private long replyTimePoint;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        IndicatorSystemStore store = new IndicatorSystemStore(dsl);
        long systemId = store.install(IndicatorSystemDefinition.seed("default"));
        roundId = dsl.insertInto(ASSESSMENT_ROUND, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.PERIOD_START,
                        ASSESSMENT_ROUND.PERIOD_END, ASSESSMENT_ROUND.REFERENCE_DATE,
                        ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, ASSESSMENT_ROUND.STATUS, ASSESSMENT_ROUND.CONFIG_YAML,
                        ASSESSMENT_ROUND.CREATED_AT)
                .values("2027 年初", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), REFERENCE, systemId,
                        "CAPTURING", "{}", LocalDateTime.now())
                .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
        Map<String, Long> points = store.pointIds(systemId);
        // hygq-dy-02 (message-reply-time) comes before ptjs-gx-01 (homepage-update) in the catalog's order.
        replyTimePoint = points.get("hygq-dy-02");
        homepagePoint = points.get("ptjs-gx-01");
        for (long point : List.of(replyTimePoint, homepagePoint)) {
            dsl.insertInto(ROUND_POINT, ROUND_POINT.ROUND_ID, ROUND_POINT.POINT_ID).values(roundId, point).execute();
        }
        groupId = dsl.insertInto(UNIT_GROUP, UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE)
                .values("c", "区县政府", "COUNTY_GOVERNMENT").returning(UNIT_GROUP.ID).fetchOne().getId();
        // Asked Wednesday 30 December 2026, answered Friday 8 January 2027: 7 working days Monday to Friday.
        unit("fresh", REFERENCE.minusDays(5));
        unit("stale", REFERENCE.minusDays(40));
    }

    @Test
    void aYearMissingFromTheCalendarLeavesThatPointUncertainAndTheOthersChecked() {
        RoundChecker checker = RoundChecker.withDefaultCheckers(dsl, evidence);

        assertThat(checker.check(roundId)).isEqualTo(4);

        assertThat(finding("fresh", homepagePoint)).startsWith("PASS");
        assertThat(finding("stale", homepagePoint)).startsWith("FAIL");
        for (String unit : List.of("fresh", "stale")) {
            assertThat(finding(unit, replyTimePoint)).startsWith("UNCERTAIN")
                    .contains("检查器 message-reply-time 运行出错").contains("没有 2027 年的节假日安排")
                    .contains("calendar");
        }
    }

    @Test
    void aCheckerThatThrowsLeavesTheOtherCheckersFindingsInPlace() {
        Checker broken = new Checker() {
            @Override
            public String type() {
                return "message-reply-time";
            }

            @Override
            public CheckResult check(CheckContext context) {
                throw new IllegalStateException("留言页结构异常");
            }
        };
        RoundChecker checker = new RoundChecker(dsl, evidence, List.of(broken, new HomepageUpdateChecker()));

        assertThat(checker.check(roundId)).isEqualTo(4);

        assertThat(finding("fresh", replyTimePoint)).startsWith("UNCERTAIN").contains("留言页结构异常");
        assertThat(finding("stale", replyTimePoint)).startsWith("UNCERTAIN");
        assertThat(finding("fresh", homepagePoint)).startsWith("PASS");
        assertThat(finding("stale", homepagePoint)).startsWith("FAIL").contains("超过 14 天");
    }

    @Test
    void aNotFoundFailureOnACaptureCutShortIsUncertainWhileADefectSeenStillFails() {
        channelCapture("stale", "INCOMPLETE", "已达每渠道网址上限 500 个，尚有 1204 个网址未抓取");
        channelCapture("fresh", "DONE", null);
        Checker notFound = new Checker() {
            @Override
            public String type() {
                return "message-reply-time";
            }

            @Override
            public CheckResult check(CheckContext context) {
                List<Evidence> where = context.captures().latest(context.roundId(), context.channelId(),
                        context.channelUrl()).map(h -> List.of(new Evidence(h.id(), "首页中未见预决算公开专栏")))
                        .orElse(List.of());
                return CheckResult.failNotFound("0", "网站首页和已登记栏目中未找到“预决算公开”专栏", where);
            }
        };
        new RoundChecker(dsl, evidence, List.of(notFound, new HomepageUpdateChecker())).check(roundId);

        // Not found on a site read to the end: a failure. Not found on a site cut short: for a person to check.
        assertThat(finding("fresh", replyTimePoint)).startsWith("FAIL").contains("未找到“预决算公开”专栏");
        assertThat(finding("stale", replyTimePoint)).startsWith("UNCERTAIN").contains("未找到“预决算公开”专栏")
                .contains("该渠道本轮采集未完成（已达每渠道网址上限 500 个").contains("需人工核实");
        assertThat(dsl.fetchCount(FINDING_EVIDENCE.join(FINDING)
                .on(FINDING.ID.eq(FINDING_EVIDENCE.FINDING_ID)),
                FINDING.POINT_ID.eq(replyTimePoint))).as("the evidence of where it was looked for is kept").isEqualTo(2);
        // A stale homepage was seen, whatever the pages not read: it still fails.
        assertThat(finding("stale", homepagePoint)).startsWith("FAIL").contains("超过 14 天");
    }

    @Test
    void aCalendarForTheNewYearLoadedFromTheHomeDirectoryIsUsed(@TempDir Path home) throws Exception {
        // Made for the test, not the State Council's 2027 notice: 1 and 4–6 January off, so the reply above took
        // 3 working days (31 December, 7 and 8 January) instead of 7.
        Files.createDirectories(home.resolve("calendar"));
        Files.writeString(home.resolve("calendar/2027.json"), """
                {"year": 2027, "days": [
                  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                  {"name": "测试", "date": "2027-01-04", "isOffDay": true},
                  {"name": "测试", "date": "2027-01-05", "isOffDay": true},
                  {"name": "测试", "date": "2027-01-06", "isOffDay": true}
                ]}""");
        RoundChecker checker = RoundChecker.withDefaultCheckers(dsl, evidence,
                WorkingDayCalendar.chinaWithYearsFrom(home.resolve("calendar")));

        assertThat(checker.check(roundId)).isEqualTo(4);

        assertThat(finding("fresh", replyTimePoint)).startsWith("PASS").contains("均在 5 个工作日内答复");
        assertThat(finding("fresh", homepagePoint)).startsWith("PASS");

        // Without the holidays the same reply is late: the file, not Monday to Friday, decided.
        Files.writeString(home.resolve("calendar/2027.json"), """
                {"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}""");
        RoundChecker.withDefaultCheckers(dsl, evidence, WorkingDayCalendar.chinaWithYearsFrom(home.resolve("calendar")))
                .check(roundId);
        assertThat(finding("fresh", replyTimePoint)).startsWith("FAIL").contains("超过 5 个工作日");
    }

    @Test
    void aYearAddedUnderTheHomeDirectoryIsUsedByTheNextCheckWithoutARestart(@TempDir Path home) throws Exception {
        Path directory = home.resolve("calendar");
        RoundChecker checker = RoundChecker.withDefaultCheckers(dsl, evidence,
                WorkingDayCalendar.chinaWithYearsFrom(directory));
        checker.check(roundId);
        assertThat(finding("fresh", replyTimePoint)).startsWith("UNCERTAIN").contains("没有 2027 年的节假日安排");

        // A file that cannot be used is not read as "no holidays": the point stays UNCERTAIN and says why.
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("2027.json"), "{\"year\": 2027, \"days\": [");
        checker.check(roundId);
        assertThat(finding("fresh", replyTimePoint)).startsWith("UNCERTAIN").contains("没有 2027 年的节假日安排")
                .contains("未能载入").contains("2027.json").contains("不是有效的 JSON");
        assertThat(finding("fresh", homepagePoint)).startsWith("PASS");

        Files.writeString(directory.resolve("2027.json"), """
                {"year": 2027, "days": [
                  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                  {"name": "测试", "date": "2027-01-04", "isOffDay": true},
                  {"name": "测试", "date": "2027-01-05", "isOffDay": true},
                  {"name": "测试", "date": "2027-01-06", "isOffDay": true}
                ]}""");
        checker.check(roundId);
        assertThat(finding("fresh", replyTimePoint)).startsWith("PASS").contains("均在 5 个工作日内答复");
    }

    private void unit(String code, LocalDate newestItem) {
        long unit = dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE).values(code, code, "COUNTY_GOVERNMENT")
                .returning(UNIT.ID).fetchOne().getId();
        dsl.insertInto(ROUND_UNIT, ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .values(roundId, unit, groupId).execute();
        String site = "http://" + code + ".example.gov.cn/";
        long channel = dsl.insertInto(CHANNEL, CHANNEL.UNIT_ID, CHANNEL.KIND, CHANNEL.NAME, CHANNEL.URL)
                .values(unit, "WEBSITE", code, site).returning(CHANNEL.ID).fetchOne().getId();
        dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(roundId, channel).execute();
        long homepage = capture(channel, site);
        for (int i = 0; i < 3; i++) {
            dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                            EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                    .values(homepage, "LIST_ITEM", "信息" + i, site + "a" + i, newestItem.minusDays(i * 7L)).execute();
        }
        long board = capture(channel, site + "liuyan/");
        dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                        EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE, EXTRACTED_ITEM.REPLY_STATUS,
                        EXTRACTED_ITEM.REPLIED_AT)
                .values(board, "MESSAGE", "路灯不亮", site + "liuyan/1.html", LocalDate.of(2026, 12, 30),
                        "ANSWERED", LocalDate.of(2027, 1, 8))
                .execute();
    }

    private void channelCapture(String unitCode, String status, String reason) {
        long channel = dsl.select(CHANNEL.ID).from(CHANNEL).join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .where(UNIT.CODE.eq(unitCode)).fetchSingle(CHANNEL.ID);
        dsl.insertInto(CHANNEL_CAPTURE)
                .set(CHANNEL_CAPTURE.ROUND_ID, roundId)
                .set(CHANNEL_CAPTURE.CHANNEL_ID, channel)
                .set(CHANNEL_CAPTURE.STATUS, status)
                .set(CHANNEL_CAPTURE.REASON, reason)
                .set(CHANNEL_CAPTURE.STARTED_AT, REFERENCE.atTime(1, 0))
                .set(CHANNEL_CAPTURE.FINISHED_AT, REFERENCE.atTime(2, 0))
                .execute();
    }

    private long capture(long channel, String url) {
        return dsl.insertInto(CAPTURE)
                .set(CAPTURE.ROUND_ID, roundId)
                .set(CAPTURE.CHANNEL_ID, channel)
                .set(CAPTURE.URL, url)
                .set(CAPTURE.URL_HASH, Integer.toHexString(url.hashCode()).repeat(8).substring(0, 64))
                .set(CAPTURE.CAPTURED_AT, REFERENCE.atTime(1, 0))
                .set(CAPTURE.STATUS, "OK")
                .returning(CAPTURE.ID).fetchOne().getId();
    }

    private String finding(String unitCode, long pointId) {
        return dsl.select(FINDING.STATUS, FINDING.MESSAGE).from(FINDING).join(UNIT).on(UNIT.ID.eq(FINDING.UNIT_ID))
                .where(UNIT.CODE.eq(unitCode)).and(FINDING.ROUND_ID.eq(roundId)).and(FINDING.POINT_ID.eq(pointId))
                .fetchOne(r -> r.value1() + " " + r.value2());
    }
}
