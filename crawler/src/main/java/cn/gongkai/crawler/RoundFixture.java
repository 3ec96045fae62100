package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;

import cn.gongkai.crawler.sandbox.Sandbox.SandboxColumn;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/**
 * The minimal rows a crawl needs: an indicator system, a round, groups, units with a website channel each. Main code
 * because the crawl benchmark ({@code bench crawl}) needs them as much as the crawler's tests do.
 */
final class RoundFixture {

    private final DSLContext dsl;
    final long roundId;

    private RoundFixture(DSLContext dsl, long roundId) {
        this.dsl = dsl;
        this.roundId = roundId;
    }

    static RoundFixture create(DSLContext dsl, LocalDate today, boolean allowPrivate, int crawlDelayMs) {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        long systemId = dsl.insertInto(INDICATOR_SYSTEM)
                .set(INDICATOR_SYSTEM.CODE, "test-" + System.nanoTime())
                .set(INDICATOR_SYSTEM.VERSION, 1)
                .set(INDICATOR_SYSTEM.NAME, "测试指标体系")
                .set(INDICATOR_SYSTEM.CREATED_AT, now)
                .returningResult(INDICATOR_SYSTEM.ID).fetchOne().value1();
        long roundId = dsl.insertInto(ASSESSMENT_ROUND)
                .set(ASSESSMENT_ROUND.NAME, "靶场抓取测试")
                .set(ASSESSMENT_ROUND.PERIOD_START, today.minusMonths(1))
                .set(ASSESSMENT_ROUND.PERIOD_END, today)
                .set(ASSESSMENT_ROUND.REFERENCE_DATE, today)
                .set(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, systemId)
                .set(ASSESSMENT_ROUND.STATUS, "CAPTURING")
                .set(ASSESSMENT_ROUND.ALLOW_PRIVATE_ADDRESSES, allowPrivate)
                .set(ASSESSMENT_ROUND.CRAWL_DELAY_MS, crawlDelayMs)
                .set(ASSESSMENT_ROUND.CONFIG_YAML, "# test")
                .set(ASSESSMENT_ROUND.CREATED_AT, now)
                .returningResult(ASSESSMENT_ROUND.ID).fetchOne().value1();
        return new RoundFixture(dsl, roundId);
    }

    /** Registers a sandbox site as a unit with one WEBSITE channel and its columns; returns the channel id. */
    long addSite(SandboxSite site) {
        String groupCode = "g-" + site.unitType();
        Long groupId = dsl.select(UNIT_GROUP.ID).from(UNIT_GROUP).where(UNIT_GROUP.CODE.eq(groupCode))
                .fetchOne(UNIT_GROUP.ID);
        if (groupId == null) {
            groupId = dsl.insertInto(UNIT_GROUP)
                    .set(UNIT_GROUP.CODE, groupCode)
                    .set(UNIT_GROUP.NAME, site.unitType().equals("DEPARTMENT") ? "市直部门" : "区县政府")
                    .set(UNIT_GROUP.UNIT_TYPE, site.unitType())
                    .returningResult(UNIT_GROUP.ID).fetchOne().value1();
        }
        Long existing = dsl.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(site.code())).fetchOne(UNIT.ID);
        long unitId = existing != null ? existing : dsl.insertInto(UNIT)
                .set(UNIT.CODE, site.code())
                .set(UNIT.NAME, site.name())
                .set(UNIT.UNIT_TYPE, site.unitType())
                .returningResult(UNIT.ID).fetchOne().value1();
        dsl.insertInto(ROUND_UNIT)
                .set(ROUND_UNIT.ROUND_ID, roundId)
                .set(ROUND_UNIT.UNIT_ID, unitId)
                .set(ROUND_UNIT.GROUP_ID, groupId)
                .execute();
        long channelId = dsl.insertInto(CHANNEL)
                .set(CHANNEL.UNIT_ID, unitId)
                .set(CHANNEL.KIND, "WEBSITE")
                .set(CHANNEL.NAME, site.name() + "门户网站")
                .set(CHANNEL.URL, site.homepage())
                .returningResult(CHANNEL.ID).fetchOne().value1();
        dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(roundId, channelId).execute();
        for (SandboxColumn column : site.columns()) {
            dsl.insertInto(CHANNEL_COLUMN)
                    .set(CHANNEL_COLUMN.CHANNEL_ID, channelId)
                    .set(CHANNEL_COLUMN.NAME, column.name())
                    .set(CHANNEL_COLUMN.URL, site.baseUrl() + column.path())
                    .set(CHANNEL_COLUMN.COLUMN_TYPE, column.columnType())
                    .execute();
        }
        return channelId;
    }
}
