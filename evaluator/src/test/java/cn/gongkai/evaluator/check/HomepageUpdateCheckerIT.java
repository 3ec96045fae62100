package cn.gongkai.evaluator.check;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition;
import cn.gongkai.evaluator.catalog.IndicatorSystemStore;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HomepageUpdateCheckerIT {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);
    private final DSLContext dsl = TestDatabase.get().dsl();
    private long roundId;
    private long groupId;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        IndicatorSystemStore store = new IndicatorSystemStore(dsl);
        long systemId = store.install(IndicatorSystemDefinition.seed("foundation"));
        assertThat(store.install(IndicatorSystemDefinition.seed("foundation"))).isEqualTo(systemId);
        roundId = dsl.insertInto(ASSESSMENT_ROUND, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.PERIOD_START,
                        ASSESSMENT_ROUND.PERIOD_END, ASSESSMENT_ROUND.REFERENCE_DATE,
                        ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, ASSESSMENT_ROUND.STATUS, ASSESSMENT_ROUND.CONFIG_YAML,
                        ASSESSMENT_ROUND.CREATED_AT)
                .values("测试", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), TODAY, systemId, "CAPTURING",
                        "{}", LocalDateTime.now())
                .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
        dsl.insertInto(ROUND_POINT, ROUND_POINT.ROUND_ID, ROUND_POINT.POINT_ID)
                .values(roundId, store.pointIds(systemId).get("homepage-update")).execute();
        groupId = dsl.insertInto(UNIT_GROUP, UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE)
                .values("c", "区县政府", "COUNTY_GOVERNMENT").returning(UNIT_GROUP.ID).fetchOne().getId();
    }

    @Test
    void freshPassesStaleFailsWithEvidenceAndFetchFailureIsUncertain() {
        long fresh = unitWithHomepage("fresh", "OK", TODAY.minusDays(3));
        long stale = unitWithHomepage("stale", "OK", TODAY.minusDays(30));
        long borderline = unitWithHomepage("edge", "OK", TODAY.minusDays(14));
        long unreachable = unitWithHomepage("down", "FAILED", null);
        long navigationOnly = unitWithHomepage("nav", "OK", null);
        long neverCaptured = unitWithoutCapture("none");

        RoundChecker checker = RoundChecker.withDefaultCheckers(dsl, new EvidenceStore(Path.of("target", "no-warc")));
        assertThat(checker.check(roundId)).isEqualTo(6);

        assertThat(status(fresh)).isEqualTo("PASS");
        assertThat(status(borderline)).isEqualTo("PASS");
        assertThat(status(stale)).isEqualTo("FAIL");
        assertThat(message(stale)).contains("已 30 天").contains("超过 14 天");
        assertThat(evidenceCount(stale)).isEqualTo(1);
        assertThat(status(unreachable)).isEqualTo("UNCERTAIN");
        assertThat(status(navigationOnly)).isEqualTo("FAIL");
        assertThat(status(neverCaptured)).isEqualTo("UNCERTAIN");

        List<String> before = dsl.select(FINDING.STATUS, FINDING.MESSAGE).from(FINDING).orderBy(FINDING.ID).fetch()
                .map(r -> r.value1() + r.value2());
        checker.check(roundId);
        List<String> after = dsl.select(FINDING.STATUS, FINDING.MESSAGE).from(FINDING).orderBy(FINDING.ID).fetch()
                .map(r -> r.value1() + r.value2());
        assertThat(after).isEqualTo(before);
        assertThat(dsl.fetchCount(FINDING_EVIDENCE)).isEqualTo(5);
    }

    private long unitWithoutCapture(String code) {
        long unit = dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE).values(code, code, "COUNTY_GOVERNMENT")
                .returning(UNIT.ID).fetchOne().getId();
        dsl.insertInto(ROUND_UNIT, ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .values(roundId, unit, groupId).execute();
        long channel = dsl.insertInto(CHANNEL, CHANNEL.UNIT_ID, CHANNEL.KIND, CHANNEL.NAME, CHANNEL.URL)
                .values(unit, "WEBSITE", code, "http://" + code + ".example.gov.cn/")
                .returning(CHANNEL.ID).fetchOne().getId();
        dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(roundId, channel).execute();
        return unit;
    }

    private long unitWithHomepage(String code, String captureStatus, LocalDate newestItem) {
        long unit = unitWithoutCapture(code);
        long channel = dsl.select(CHANNEL.ID).from(CHANNEL).where(CHANNEL.UNIT_ID.eq(unit)).fetchOne(CHANNEL.ID);
        long capture = dsl.insertInto(CAPTURE)
                .set(CAPTURE.ROUND_ID, roundId)
                .set(CAPTURE.CHANNEL_ID, channel)
                .set(CAPTURE.URL, "http://" + code + ".example.gov.cn/")
                .set(CAPTURE.URL_HASH, "x".repeat(64))
                .set(CAPTURE.CAPTURED_AT, LocalDateTime.of(2026, 11, 29, 1, 0))
                .set(CAPTURE.STATUS, captureStatus)
                .set(CAPTURE.ERROR, "OK".equals(captureStatus) ? null : "连接超时")
                .returning(CAPTURE.ID).fetchOne().getId();
        if (newestItem != null) {
            for (int i = 0; i < 3; i++) {
                dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                                EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                        .values(capture, "LIST_ITEM", "信息" + i, "http://" + code + ".example.gov.cn/a" + i,
                                newestItem.minusDays(i * 7L))
                        .execute();
            }
        }
        return unit;
    }

    private String status(long unit) {
        return dsl.select(FINDING.STATUS).from(FINDING).where(FINDING.UNIT_ID.eq(unit)).fetchOne(FINDING.STATUS);
    }

    private String message(long unit) {
        return dsl.select(FINDING.MESSAGE).from(FINDING).where(FINDING.UNIT_ID.eq(unit)).fetchOne(FINDING.MESSAGE);
    }

    private int evidenceCount(long unit) {
        return dsl.fetchCount(FINDING_EVIDENCE.join(FINDING).on(FINDING.ID.eq(FINDING_EVIDENCE.FINDING_ID)),
                FINDING.UNIT_ID.eq(unit));
    }
}
