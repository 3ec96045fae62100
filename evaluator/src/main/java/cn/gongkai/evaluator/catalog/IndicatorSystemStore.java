package cn.gongkai.evaluator.catalog;

import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;

import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Area;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Indicator;
import cn.gongkai.evaluator.catalog.IndicatorSystemDefinition.Point;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores indicator systems. A (code, version) is written once and never changed afterwards, because rounds already
 * scored against it must keep meaning what they meant.
 */
public final class IndicatorSystemStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext dsl;

    public IndicatorSystemStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The stored system's id, installing the definition first when its (code, version) is new. */
    public long install(IndicatorSystemDefinition definition) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            Optional<Long> existing = db.select(INDICATOR_SYSTEM.ID).from(INDICATOR_SYSTEM)
                    .where(INDICATOR_SYSTEM.CODE.eq(definition.code()))
                    .and(INDICATOR_SYSTEM.VERSION.eq(definition.version()))
                    .forUpdate()
                    .fetchOptional(INDICATOR_SYSTEM.ID);
            if (existing.isPresent()) {
                return existing.get();
            }
            long systemId = db.insertInto(INDICATOR_SYSTEM, INDICATOR_SYSTEM.CODE, INDICATOR_SYSTEM.VERSION,
                            INDICATOR_SYSTEM.NAME, INDICATOR_SYSTEM.CREATED_AT)
                    .values(definition.code(), definition.version(), definition.name(),
                            LocalDateTime.now(ZoneOffset.UTC))
                    .returning(INDICATOR_SYSTEM.ID).fetchOne().getId();
            int areaOrdinal = 0;
            for (var area : definition.areas()) {
                long areaId = db.insertInto(INDICATOR_AREA, INDICATOR_AREA.SYSTEM_ID, INDICATOR_AREA.CODE,
                                INDICATOR_AREA.NAME, INDICATOR_AREA.ORDINAL)
                        .values(systemId, area.code(), area.name(), ++areaOrdinal)
                        .returning(INDICATOR_AREA.ID).fetchOne().getId();
                int indicatorOrdinal = 0;
                for (var indicator : area.indicators()) {
                    long indicatorId = db.insertInto(INDICATOR, INDICATOR.AREA_ID, INDICATOR.CODE, INDICATOR.NAME,
                                    INDICATOR.MAX_SCORE, INDICATOR.ORDINAL)
                            .values(areaId, indicator.code(), indicator.name(), indicator.maxScore(),
                                    ++indicatorOrdinal)
                            .returning(INDICATOR.ID).fetchOne().getId();
                    int pointOrdinal = 0;
                    for (var point : indicator.points()) {
                        db.insertInto(EVALUATION_POINT)
                                .set(EVALUATION_POINT.INDICATOR_ID, indicatorId)
                                .set(EVALUATION_POINT.CODE, point.code())
                                .set(EVALUATION_POINT.TEXT, point.text())
                                .set(EVALUATION_POINT.MAX_SCORE, point.maxScore())
                                .set(EVALUATION_POINT.SCORING_RULE, point.scoringRule())
                                .set(EVALUATION_POINT.RULE_PARAMS, json(point.ruleParams()))
                                .set(EVALUATION_POINT.METHOD, point.method())
                                .set(EVALUATION_POINT.CHECKER_TYPE, point.checker())
                                .set(EVALUATION_POINT.CHECKER_PARAMS, json(point.params()))
                                .set(EVALUATION_POINT.VETO, point.veto())
                                .set(EVALUATION_POINT.VETO_REASON, point.vetoReason())
                                .set(EVALUATION_POINT.APPLIES_TO, String.join(",", point.appliesTo()))
                                .set(EVALUATION_POINT.BONUS, point.bonus())
                                .set(EVALUATION_POINT.HOW_TO_FIX, point.howToFix())
                                .set(EVALUATION_POINT.ORDINAL, ++pointOrdinal)
                                .execute();
                    }
                }
            }
            return systemId;
        });
    }

    /** The stored definition of (code, version), as it was installed. */
    public Optional<IndicatorSystemDefinition> find(String code, int version) {
        var system = dsl.select(INDICATOR_SYSTEM.ID, INDICATOR_SYSTEM.NAME).from(INDICATOR_SYSTEM)
                .where(INDICATOR_SYSTEM.CODE.eq(code)).and(INDICATOR_SYSTEM.VERSION.eq(version))
                .fetchOne();
        if (system == null) {
            return Optional.empty();
        }
        List<Area> areas = new ArrayList<>();
        for (var area : dsl.selectFrom(INDICATOR_AREA).where(INDICATOR_AREA.SYSTEM_ID.eq(system.value1()))
                .orderBy(INDICATOR_AREA.ORDINAL).fetch()) {
            List<Indicator> indicators = new ArrayList<>();
            for (var indicator : dsl.selectFrom(INDICATOR).where(INDICATOR.AREA_ID.eq(area.getId()))
                    .orderBy(INDICATOR.ORDINAL).fetch()) {
                List<Point> points = dsl.selectFrom(EVALUATION_POINT)
                        .where(EVALUATION_POINT.INDICATOR_ID.eq(indicator.getId()))
                        .orderBy(EVALUATION_POINT.ORDINAL)
                        .fetch(p -> new Point(p.getCode(), p.getText(), p.getMaxScore(), p.getScoringRule(),
                                map(p.getRuleParams()), p.getMethod(), p.getCheckerType(), map(p.getCheckerParams()),
                                p.getVeto(), p.getVetoReason(), List.of(p.getAppliesTo().split(",")), p.getBonus(),
                                p.getHowToFix()));
                indicators.add(new Indicator(indicator.getCode(), indicator.getName(), indicator.getMaxScore(),
                        points));
            }
            areas.add(new Area(area.getCode(), area.getName(), indicators));
        }
        return Optional.of(new IndicatorSystemDefinition(code, version, system.value2(), areas));
    }

    /** Point ids of a stored system by point code. */
    public Map<String, Long> pointIds(long systemId) {
        Map<String, Long> ids = new HashMap<>();
        dsl.select(EVALUATION_POINT.CODE, EVALUATION_POINT.ID)
                .from(EVALUATION_POINT)
                .join(INDICATOR).on(INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .join(INDICATOR_AREA).on(INDICATOR_AREA.ID.eq(INDICATOR.AREA_ID))
                .where(INDICATOR_AREA.SYSTEM_ID.eq(systemId))
                .forEach(r -> ids.put(r.value1(), r.value2()));
        return ids;
    }

    // Empty maps are stored as NULL, as the seed systems always did for points without params.
    private static String json(Map<String, Object> map) {
        return map.isEmpty() ? null : JSON.writeValueAsString(map);
    }

    private static Map<String, Object> map(String json) {
        return json == null || json.isBlank() ? Map.of() : JSON.readValue(json, new TypeReference<>() { });
    }
}
