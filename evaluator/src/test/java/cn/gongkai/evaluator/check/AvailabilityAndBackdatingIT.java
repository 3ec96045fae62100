package cn.gongkai.evaluator.check;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.PROBE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.evaluator.check.platform.SiteAvailabilityChecker;
import cn.gongkai.evaluator.check.timeliness.BackdatedItemsChecker;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The two checkers that need more than one capture: availability over a week of probes, and back-dated items. */
class AvailabilityAndBackdatingIT {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    private final DSLContext dsl = TestDatabase.get().dsl();
    private final Captures captures = new Captures(dsl, new EvidenceStore(Path.of("target", "no-warc")));
    private long roundId;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        dsl.execute("INSERT INTO indicator_system (code, version, name, created_at) VALUES ('t', 1, 't', NOW())");
        long system = dsl.fetchOne("SELECT id FROM indicator_system").get(0, Long.class);
        roundId = dsl.insertInto(ASSESSMENT_ROUND)
                .set(ASSESSMENT_ROUND.NAME, "测试").set(ASSESSMENT_ROUND.PERIOD_START, TODAY.withDayOfYear(1))
                .set(ASSESSMENT_ROUND.PERIOD_END, TODAY).set(ASSESSMENT_ROUND.REFERENCE_DATE, TODAY)
                .set(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, system).set(ASSESSMENT_ROUND.STATUS, "CAPTURING")
                .set(ASSESSMENT_ROUND.CONFIG_YAML, "{}").set(ASSESSMENT_ROUND.CREATED_AT, LocalDateTime.now())
                .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
    }

    @Test
    void availabilityFailsAtTheRatioPassesBelowItAndDecidesNothingOnTooFewProbes() {
        long down = channel("down");
        long up = channel("up");
        long thin = channel("thin");
        capture(down, "http://down.example.gov.cn/", "OK", LocalDateTime.of(2026, 11, 27, 1, 0));
        for (int day = 0; day < 7; day++) {
            for (int i = 0; i < 20; i++) {
                LocalDateTime at = TODAY.minusDays(day).atTime(i, 10);
                probe(down, at, i < 2 ? "FAILED" : "OK", 800);         // 2 of 20 fail: 10%
                probe(up, at, "OK", i == 0 && day == 0 ? 16_000 : 900); // 1 slow visit of 140
                if (day < 5) {
                    probe(thin, at, "OK", 500);                          // five days only
                }
            }
        }
        SiteAvailabilityChecker checker = new SiteAvailabilityChecker();
        Map<String, Object> veto = Map.of("minProbesPerDay", 20, "failureRatio", 0.05, "loadTimeoutSeconds", 15);
        CheckResult failed = checker.check(context(down, "http://down.example.gov.cn/", veto));
        assertThat(failed.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(failed.measuredValue()).isEqualTo("0.1000");
        assertThat(failed.evidence()).hasSize(1);
        assertThat(checker.check(context(up, "http://up.example.gov.cn/", veto)).status()).isEqualTo(FindingStatus.PASS);
        assertThat(checker.check(context(thin, "http://thin.example.gov.cn/", veto)).status())
                .isEqualTo(FindingStatus.UNCERTAIN);
        // Without a homepage capture to anchor the evidence, a failure cannot stand: it is uncertain.
        assertThat(checker.check(context(up, "http://up.example.gov.cn/",
                Map.of("minProbesPerDay", 20, "failureRatio", 0.005, "loadTimeoutSeconds", 15))).status())
                .isEqualTo(FindingStatus.UNCERTAIN);
    }

    @Test
    void anItemThatAppearsLaterWithAnOlderDateIsFlaggedForReviewNeverFailed() {
        long forged = channel("forged");
        column(forged, "http://forged.example.gov.cn/tzgg/");
        long first = capture(forged, "http://forged.example.gov.cn/tzgg/", "OK", LocalDateTime.of(2026, 11, 20, 2, 0));
        item(first, "老通知", "http://forged.example.gov.cn/tzgg/1.html", LocalDate.of(2026, 11, 19));
        long second = capture(forged, "http://forged.example.gov.cn/tzgg/", "OK", LocalDateTime.of(2026, 11, 26, 2, 0));
        item(second, "老通知", "http://forged.example.gov.cn/tzgg/1.html", LocalDate.of(2026, 11, 19));
        item(second, "新通知", "http://forged.example.gov.cn/tzgg/3.html", LocalDate.of(2026, 11, 25));
        item(second, "补发通知", "http://forged.example.gov.cn/tzgg/2.html", LocalDate.of(2026, 11, 10));

        long once = channel("once");
        column(once, "http://once.example.gov.cn/tzgg/");
        capture(once, "http://once.example.gov.cn/tzgg/", "OK", LocalDateTime.of(2026, 11, 26, 2, 0));

        BackdatedItemsChecker checker = new BackdatedItemsChecker();
        CheckResult suspect = checker.check(context(forged, "http://forged.example.gov.cn/", Map.of("toleranceDays", 1)));
        assertThat(suspect.status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(suspect.evidence()).singleElement().satisfies(e -> {
            assertThat(e.captureId()).isEqualTo(second);
            assertThat(e.excerpt()).contains("补发通知", "2026-11-10");
        });
        assertThat(checker.check(context(once, "http://once.example.gov.cn/", Map.of())).status())
                .isEqualTo(FindingStatus.NOT_ASSESSABLE);
    }

    private CheckContext context(long channel, String url, Map<String, Object> params) {
        return new CheckContext(roundId, TODAY, 0, channel, url, params, captures);
    }

    private long channel(String code) {
        long unit = dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE).values(code, code, "COUNTY_GOVERNMENT")
                .returning(UNIT.ID).fetchOne().getId();
        return dsl.insertInto(CHANNEL, CHANNEL.UNIT_ID, CHANNEL.KIND, CHANNEL.NAME, CHANNEL.URL)
                .values(unit, "WEBSITE", code, "http://" + code + ".example.gov.cn/").returning(CHANNEL.ID).fetchOne().getId();
    }

    private void column(long channel, String url) {
        dsl.insertInto(CHANNEL_COLUMN, CHANNEL_COLUMN.CHANNEL_ID, CHANNEL_COLUMN.NAME, CHANNEL_COLUMN.URL,
                CHANNEL_COLUMN.COLUMN_TYPE).values(channel, "通知公告", url, "NOTICE").execute();
    }

    private long capture(long channel, String url, String status, LocalDateTime at) {
        return dsl.insertInto(CAPTURE).set(CAPTURE.ROUND_ID, roundId).set(CAPTURE.CHANNEL_ID, channel)
                .set(CAPTURE.URL, url).set(CAPTURE.URL_HASH, "x".repeat(64)).set(CAPTURE.CAPTURED_AT, at)
                .set(CAPTURE.STATUS, status).returning(CAPTURE.ID).fetchOne().getId();
    }

    private void item(long capture, String title, String url, LocalDate date) {
        dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE).values(capture, "LIST_ITEM", title, url, date).execute();
    }

    private void probe(long channel, LocalDateTime at, String status, int elapsedMs) {
        dsl.insertInto(PROBE).set(PROBE.ROUND_ID, roundId).set(PROBE.CHANNEL_ID, channel)
                .set(PROBE.URL, "http://probe/").set(PROBE.PROBED_AT, at).set(PROBE.STATUS, status)
                .set(PROBE.ELAPSED_MS, elapsedMs).execute();
    }
}
