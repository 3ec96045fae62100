package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition;
import cn.gongkai.evaluator.catalog.IndicatorSystemStore;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Turns a round definition into rows: groups, units, channels and columns are matched by code and URL so that units
 * keep their history across rounds; the round itself is always new, in status DRAFT.
 */
@Component
public class RoundImporter {

    private final DSLContext dsl;

    public RoundImporter(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Returns the new round's id. */
    public long importRound(RoundDefinition definition, String yaml) {
        return importRound(definition, yaml, "system", "由轮次定义导入");
    }

    /** Returns the new round's id; the audit log names {@code actor} and {@code reason}. */
    public long importRound(RoundDefinition definition, String yaml, String actor, String reason) {
        IndicatorSystemDefinition system = IndicatorSystemDefinition.seed(definition.indicatorSystem());
        IndicatorSystemStore systems = new IndicatorSystemStore(dsl);
        long systemId = systems.install(system);
        Map<String, Long> pointIds = systems.pointIds(systemId);
        Collection<Long> points = pointsInUse(definition, pointIds);
        Map<String, Long> roundPointIds = new java.util.HashMap<>();
        pointIds.forEach((code, id) -> {
            if (points.contains(id)) {
                roundPointIds.put(code, id);
            }
        });
        if (definition.policy() != null && definition.policy().pointPools() != null) {
            List<String> unknown = definition.policy().pointPools().keySet().stream()
                    .filter(code -> !roundPointIds.containsKey(code)).toList();
            if (!unknown.isEmpty()) {
                throw new RoundDefinitionException("「policy.pointPools」中这些评估点不在本轮次的评估点中：" + unknown);
            }
        }
        LocalDate today = LocalDate.now();
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            RoundDefinition.Period period = definition.effectivePeriod(today);
            long roundId = db.insertInto(ASSESSMENT_ROUND)
                    .set(ASSESSMENT_ROUND.NAME, definition.name())
                    .set(ASSESSMENT_ROUND.PERIOD_START, period.start())
                    .set(ASSESSMENT_ROUND.PERIOD_END, period.end())
                    .set(ASSESSMENT_ROUND.REFERENCE_DATE, definition.effectiveReferenceDate(today))
                    .set(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, systemId)
                    .set(ASSESSMENT_ROUND.STATUS, "DRAFT")
                    .set(ASSESSMENT_ROUND.ALLOW_PRIVATE_ADDRESSES, Boolean.TRUE.equals(definition.allowPrivateAddresses()))
                    .set(ASSESSMENT_ROUND.CONFIRM_VETOES, !Boolean.FALSE.equals(definition.confirmVetoes()))
                    .set(ASSESSMENT_ROUND.CRAWL_DELAY_MS, definition.effectiveCrawlDelayMs())
                    .set(ASSESSMENT_ROUND.CRAWL_MAX_DEPTH, definition.crawl() == null ? null : definition.crawl().maxDepth())
                    .set(ASSESSMENT_ROUND.CRAWL_MAX_PAGES_PER_CHANNEL,
                            definition.crawl() == null ? null : definition.crawl().maxPagesPerChannel())
                    .set(ASSESSMENT_ROUND.CRAWL_MAX_LIST_PAGES,
                            definition.crawl() == null ? null : definition.crawl().maxListPagesPerColumn())
                    .set(ASSESSMENT_ROUND.CONFIG_YAML, yaml)
                    .set(ASSESSMENT_ROUND.CREATED_AT, now)
                    .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
            for (long pointId : points) {
                db.insertInto(ROUND_POINT, ROUND_POINT.ROUND_ID, ROUND_POINT.POINT_ID).values(roundId, pointId).execute();
            }
            for (RoundDefinition.Group group : definition.groups()) {
                long groupId = upsertGroup(db, group);
                for (RoundDefinition.Unit unit : group.units() == null ? List.<RoundDefinition.Unit>of() : group.units()) {
                    addUnit(db, roundId, groupId, group, unit);
                }
            }
            if (definition.policy() != null) {
                Map<String, Long> unitIds = db.select(UNIT.CODE, UNIT.ID).from(ROUND_UNIT).join(UNIT)
                        .on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID)).where(ROUND_UNIT.ROUND_ID.eq(roundId))
                        .fetchMap(UNIT.CODE, UNIT.ID);
                // Audited by RoundPolicies with the round's creation reason.
                new RoundPolicies(db).save(roundId, definition.policy().toPolicy(RoundPolicy.defaults(), unitIds,
                        roundPointIds), actor, "轮次定义中的评分规则（policy）");
            }
            AuditTrail.record(db, actor, "ROUND_CREATED", "assessment_round", String.valueOf(roundId), null,
                    "{\"status\":\"DRAFT\"}", reason);
            return roundId;
        });
    }

    /**
     * Puts a unit with its channels into a round within the given group, registering the unit and its channels (or
     * updating them, matched by code and by kind and URL) on the way. Called inside the caller's transaction; a unit
     * already in the round keeps its place and gains the channels it did not have. Returns the unit's id.
     */
    static long addUnit(DSLContext db, long roundId, long groupId, RoundDefinition.Group group,
                        RoundDefinition.Unit unit) {
        long unitId = upsertUnit(db, group, unit);
        db.insertInto(ROUND_UNIT, ROUND_UNIT.ROUND_ID, ROUND_UNIT.UNIT_ID, ROUND_UNIT.GROUP_ID)
                .values(roundId, unitId, groupId).onDuplicateKeyIgnore().execute();
        for (RoundDefinition.Channel channel : unit.channels() == null
                ? List.<RoundDefinition.Channel>of() : unit.channels()) {
            long channelId = upsertChannel(db, unitId, channel);
            db.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID)
                    .values(roundId, channelId).onDuplicateKeyIgnore().execute();
        }
        return unitId;
    }

    private static Collection<Long> pointsInUse(RoundDefinition definition, Map<String, Long> pointIds) {
        if (definition.points() == null || definition.points().isEmpty()) {
            return pointIds.values();
        }
        List<Long> ids = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String code : definition.points()) {
            Long id = pointIds.get(code);
            if (id == null) {
                unknown.add(code);
            } else {
                ids.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw new RoundDefinitionException("指标体系 " + definition.indicatorSystem() + " 中没有这些评估点：" + unknown);
        }
        return ids;
    }

    static long upsertGroup(DSLContext db, RoundDefinition.Group group) {
        Long id = db.select(UNIT_GROUP.ID).from(UNIT_GROUP).where(UNIT_GROUP.CODE.eq(group.code())).fetchOne(UNIT_GROUP.ID);
        if (id != null) {
            db.update(UNIT_GROUP).set(UNIT_GROUP.NAME, group.name()).set(UNIT_GROUP.UNIT_TYPE, group.unitType())
                    .where(UNIT_GROUP.ID.eq(id)).execute();
            return id;
        }
        return db.insertInto(UNIT_GROUP, UNIT_GROUP.CODE, UNIT_GROUP.NAME, UNIT_GROUP.UNIT_TYPE)
                .values(group.code(), group.name(), group.unitType()).returning(UNIT_GROUP.ID).fetchOne().getId();
    }

    private static long upsertUnit(DSLContext db, RoundDefinition.Group group, RoundDefinition.Unit unit) {
        String type = RoundDefinition.unitTypeOf(group, unit);
        Long id = db.select(UNIT.ID).from(UNIT).where(UNIT.CODE.eq(unit.code())).fetchOne(UNIT.ID);
        if (id != null) {
            db.update(UNIT).set(UNIT.NAME, unit.name()).set(UNIT.UNIT_TYPE, type).where(UNIT.ID.eq(id)).execute();
            return id;
        }
        return db.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE).values(unit.code(), unit.name(), type)
                .returning(UNIT.ID).fetchOne().getId();
    }

    private static long upsertChannel(DSLContext db, long unitId, RoundDefinition.Channel channel) {
        Long id = db.select(CHANNEL.ID).from(CHANNEL)
                .where(CHANNEL.UNIT_ID.eq(unitId)).and(CHANNEL.KIND.eq(channel.kind())).and(CHANNEL.URL.eq(channel.url()))
                .fetchOne(CHANNEL.ID);
        String name = channel.name() != null ? channel.name() : channel.url();
        // A profile given replaces the stored one; a definition without one leaves it as it was.
        String profile = channel.extractionProfile().map(ExtractionProfile::toJson).orElse(null);
        if (id == null) {
            id = db.insertInto(CHANNEL, CHANNEL.UNIT_ID, CHANNEL.KIND, CHANNEL.NAME, CHANNEL.URL, CHANNEL.FEED_URL,
                            CHANNEL.EXTRACTION_PROFILE)
                    .values(unitId, channel.kind(), name, channel.url(), channel.feedUrl(), profile)
                    .returning(CHANNEL.ID).fetchOne().getId();
        } else {
            db.update(CHANNEL).set(CHANNEL.NAME, name).set(CHANNEL.FEED_URL, channel.feedUrl())
                    .where(CHANNEL.ID.eq(id)).execute();
            if (profile != null) {
                db.update(CHANNEL).set(CHANNEL.EXTRACTION_PROFILE, profile).where(CHANNEL.ID.eq(id)).execute();
            }
        }
        // Crawl limits given replace the stored four, a limit left out going back to the round's (NULL); a
        // definition without any leaves them as they were, as for the profile.
        RoundDefinition.Crawl crawl = channel.crawl();
        if (crawl != null) {
            db.update(CHANNEL).set(CHANNEL.CRAWL_MAX_DEPTH, crawl.maxDepth())
                    .set(CHANNEL.CRAWL_MAX_PAGES_PER_CHANNEL, crawl.maxPagesPerChannel())
                    .set(CHANNEL.CRAWL_MAX_LIST_PAGES, crawl.maxListPagesPerColumn())
                    .set(CHANNEL.CRAWL_DELAY_MS, crawl.delayMs())
                    .where(CHANNEL.ID.eq(id)).execute();
        }
        for (RoundDefinition.Column column : channel.columns() == null
                ? List.<RoundDefinition.Column>of() : channel.columns()) {
            Long columnId = db.select(CHANNEL_COLUMN.ID).from(CHANNEL_COLUMN)
                    .where(CHANNEL_COLUMN.CHANNEL_ID.eq(id)).and(CHANNEL_COLUMN.URL.eq(column.url()))
                    .fetchOne(CHANNEL_COLUMN.ID);
            if (columnId == null) {
                db.insertInto(CHANNEL_COLUMN, CHANNEL_COLUMN.CHANNEL_ID, CHANNEL_COLUMN.NAME, CHANNEL_COLUMN.URL,
                        CHANNEL_COLUMN.COLUMN_TYPE).values(id, column.name(), column.url(), column.type()).execute();
            } else {
                db.update(CHANNEL_COLUMN).set(CHANNEL_COLUMN.NAME, column.name())
                        .set(CHANNEL_COLUMN.COLUMN_TYPE, column.type()).where(CHANNEL_COLUMN.ID.eq(columnId)).execute();
            }
        }
        return id;
    }
}
