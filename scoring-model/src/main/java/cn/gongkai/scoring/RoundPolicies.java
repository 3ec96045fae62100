package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.ROUND_COMPOSITE_MEMBER;
import static cn.gongkai.sql.jooq.Tables.ROUND_COMPOSITE_PART;
import static cn.gongkai.sql.jooq.Tables.ROUND_GRADE_BAND;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT_POOL;
import static cn.gongkai.sql.jooq.Tables.ROUND_SCORING_POLICY;

import cn.gongkai.scoring.RoundPolicy.Composite;
import cn.gongkai.scoring.RoundPolicy.Part;
import cn.gongkai.scoring.RoundPolicy.Pool;
import cn.gongkai.scoring.RoundPolicy.SourceWeights;
import cn.gongkai.scoring.RoundPolicy.Uncertainty;
import cn.gongkai.sql.jooq.tables.records.RoundScoringPolicyRecord;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes a round's scoring policy. A round that never had one is scored with the defaults, whose grading
 * is the one given to the constructor.
 */
public final class RoundPolicies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext dsl;
    private final GradingPolicy fallbackGrading;

    public RoundPolicies(DSLContext dsl, GradingPolicy fallbackGrading) {
        this.dsl = dsl;
        this.fallbackGrading = fallbackGrading;
    }

    public RoundPolicies(DSLContext dsl) {
        this(dsl, GradingPolicy.defaults());
    }

    public RoundPolicy load(long roundId) {
        return load(dsl, roundId, fallbackGrading);
    }

    static RoundPolicy load(DSLContext db, long roundId, GradingPolicy fallbackGrading) {
        RoundScoringPolicyRecord row = db.selectFrom(ROUND_SCORING_POLICY)
                .where(ROUND_SCORING_POLICY.ROUND_ID.eq(roundId)).fetchOne();
        Map<Long, Pool> pools = new HashMap<>();
        db.selectFrom(ROUND_POINT_POOL).where(ROUND_POINT_POOL.ROUND_ID.eq(roundId))
                .forEach(r -> pools.put(r.getPointId(), Pool.valueOf(r.getPool())));
        List<Composite> composites = composites(db, roundId);
        if (row == null) {
            return RoundPolicy.defaults(fallbackGrading).withPointPools(pools).withComposites(composites);
        }
        List<GradingPolicy.Band> bands = db.selectFrom(ROUND_GRADE_BAND).where(ROUND_GRADE_BAND.ROUND_ID.eq(roundId))
                .orderBy(ROUND_GRADE_BAND.ORDINAL)
                .fetch(b -> new GradingPolicy.Band(b.getMinScore(), b.getLabel(), b.getQuotaPercent(),
                        b.getNegativeListAllowed()));
        GradingPolicy.Improvement improvement = row.getImprovementLabel() == null ? null
                : new GradingPolicy.Improvement(row.getImprovementLabel(), row.getImprovementBelow(),
                        row.getImprovementQuotaPercent());
        GradingPolicy grading = new GradingPolicy(bands.isEmpty() ? fallbackGrading.bands() : bands,
                row.getLowestGrade(), row.getVetoGrade(), improvement);
        SourceWeights weights = row.getWeightThirdParty() == null && row.getWeightSupervision() == null
                && row.getWeightPublic() == null ? null
                : new SourceWeights(zero(row.getWeightThirdParty()), zero(row.getWeightSupervision()),
                        zero(row.getWeightPublic()));
        return new RoundPolicy(weights, row.getBonusThreshold(), row.getBonusCap(), row.getVetoScoreCap(), grading,
                row.getUncertainBlocksPublication(),
                new Uncertainty(row.getUncertaintyDraws(), row.getUncertaintySpread().doubleValue(),
                        row.getUncertaintySeed(), row.getUncertaintyGeometric()),
                pools, composites);
    }

    private static List<Composite> composites(DSLContext db, long roundId) {
        Map<Long, Map<Integer, Set<Long>>> members = new HashMap<>();
        db.selectFrom(ROUND_COMPOSITE_MEMBER).where(ROUND_COMPOSITE_MEMBER.ROUND_ID.eq(roundId))
                .forEach(m -> members.computeIfAbsent(m.getCompositeUnitId(), k -> new HashMap<>())
                        .computeIfAbsent(m.getPartNo(), k -> new HashSet<>()).add(m.getMemberUnitId()));
        Map<Long, List<Part>> parts = new LinkedHashMap<>();
        db.selectFrom(ROUND_COMPOSITE_PART).where(ROUND_COMPOSITE_PART.ROUND_ID.eq(roundId))
                .orderBy(ROUND_COMPOSITE_PART.COMPOSITE_UNIT_ID, ROUND_COMPOSITE_PART.PART_NO)
                .forEach(p -> parts.computeIfAbsent(p.getCompositeUnitId(), k -> new ArrayList<>())
                        .add(new Part(p.getLabel(), p.getWeight(), members.getOrDefault(p.getCompositeUnitId(),
                                Map.of()).getOrDefault(p.getPartNo(), Set.of()))));
        return parts.entrySet().stream().map(e -> new Composite(e.getKey(), e.getValue())).toList();
    }

    private static BigDecimal zero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    /** Replaces the round's policy and records who changed it and why in the audit log. */
    public void save(long roundId, RoundPolicy policy, String actor, String reason) {
        for (Composite composite : policy.composites()) {
            for (Part part : composite.parts()) {
                if (part.members().contains(composite.unitId())) {
                    throw new IllegalArgumentException("综合单位不能把自己列为组成单位");
                }
            }
        }
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            String before = JSON.writeValueAsString(load(db, roundId, fallbackGrading));
            db.deleteFrom(ROUND_COMPOSITE_MEMBER).where(ROUND_COMPOSITE_MEMBER.ROUND_ID.eq(roundId)).execute();
            db.deleteFrom(ROUND_COMPOSITE_PART).where(ROUND_COMPOSITE_PART.ROUND_ID.eq(roundId)).execute();
            db.deleteFrom(ROUND_POINT_POOL).where(ROUND_POINT_POOL.ROUND_ID.eq(roundId)).execute();
            db.deleteFrom(ROUND_GRADE_BAND).where(ROUND_GRADE_BAND.ROUND_ID.eq(roundId)).execute();
            db.deleteFrom(ROUND_SCORING_POLICY).where(ROUND_SCORING_POLICY.ROUND_ID.eq(roundId)).execute();
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            SourceWeights w = policy.weights();
            Uncertainty u = policy.uncertainty();
            GradingPolicy.Improvement improvement = policy.grading().improvement();
            db.insertInto(ROUND_SCORING_POLICY)
                    .set(ROUND_SCORING_POLICY.ROUND_ID, roundId)
                    .set(ROUND_SCORING_POLICY.WEIGHT_THIRD_PARTY, w == null ? null : w.thirdParty())
                    .set(ROUND_SCORING_POLICY.WEIGHT_SUPERVISION, w == null ? null : w.supervision())
                    .set(ROUND_SCORING_POLICY.WEIGHT_PUBLIC, w == null ? null : w.publicEvaluation())
                    .set(ROUND_SCORING_POLICY.BONUS_THRESHOLD, policy.bonusThreshold())
                    .set(ROUND_SCORING_POLICY.BONUS_CAP, policy.bonusCap())
                    .set(ROUND_SCORING_POLICY.VETO_SCORE_CAP, policy.vetoScoreCap())
                    .set(ROUND_SCORING_POLICY.VETO_GRADE, policy.grading().negativeListGrade())
                    .set(ROUND_SCORING_POLICY.LOWEST_GRADE, policy.grading().lowestGrade())
                    .set(ROUND_SCORING_POLICY.IMPROVEMENT_LABEL, improvement == null ? null : improvement.grade())
                    .set(ROUND_SCORING_POLICY.IMPROVEMENT_BELOW, improvement == null ? null : improvement.below())
                    .set(ROUND_SCORING_POLICY.IMPROVEMENT_QUOTA_PERCENT,
                            improvement == null ? null : improvement.quotaPercent())
                    .set(ROUND_SCORING_POLICY.UNCERTAIN_BLOCKS_PUBLICATION, policy.uncertainBlocksPublication())
                    .set(ROUND_SCORING_POLICY.UNCERTAINTY_DRAWS, u.draws())
                    .set(ROUND_SCORING_POLICY.UNCERTAINTY_SPREAD, BigDecimal.valueOf(u.spread()))
                    .set(ROUND_SCORING_POLICY.UNCERTAINTY_SEED, u.seed())
                    .set(ROUND_SCORING_POLICY.UNCERTAINTY_GEOMETRIC, u.geometric())
                    .set(ROUND_SCORING_POLICY.UPDATED_AT, now)
                    .set(ROUND_SCORING_POLICY.UPDATED_BY, actor)
                    .execute();
            int ordinal = 0;
            for (GradingPolicy.Band band : policy.grading().bands()) {
                db.insertInto(ROUND_GRADE_BAND, ROUND_GRADE_BAND.ROUND_ID, ROUND_GRADE_BAND.ORDINAL,
                                ROUND_GRADE_BAND.MIN_SCORE, ROUND_GRADE_BAND.LABEL, ROUND_GRADE_BAND.QUOTA_PERCENT,
                                ROUND_GRADE_BAND.NEGATIVE_LIST_ALLOWED)
                        .values(roundId, ++ordinal, band.minimum(), band.grade(), band.quotaPercent(),
                                band.negativeListAllowed())
                        .execute();
            }
            for (var pool : policy.pointPools().entrySet()) {
                db.insertInto(ROUND_POINT_POOL, ROUND_POINT_POOL.ROUND_ID, ROUND_POINT_POOL.POINT_ID,
                        ROUND_POINT_POOL.POOL).values(roundId, pool.getKey(), pool.getValue().name()).execute();
            }
            for (Composite composite : policy.composites()) {
                int partNo = 0;
                for (Part part : composite.parts()) {
                    partNo++;
                    db.insertInto(ROUND_COMPOSITE_PART, ROUND_COMPOSITE_PART.ROUND_ID,
                                    ROUND_COMPOSITE_PART.COMPOSITE_UNIT_ID, ROUND_COMPOSITE_PART.PART_NO,
                                    ROUND_COMPOSITE_PART.LABEL, ROUND_COMPOSITE_PART.WEIGHT)
                            .values(roundId, composite.unitId(), partNo, part.label(), part.weight()).execute();
                    for (long member : part.members()) {
                        db.insertInto(ROUND_COMPOSITE_MEMBER, ROUND_COMPOSITE_MEMBER.ROUND_ID,
                                        ROUND_COMPOSITE_MEMBER.COMPOSITE_UNIT_ID, ROUND_COMPOSITE_MEMBER.PART_NO,
                                        ROUND_COMPOSITE_MEMBER.MEMBER_UNIT_ID)
                                .values(roundId, composite.unitId(), partNo, member).execute();
                    }
                }
            }
            db.insertInto(AUDIT_LOG, AUDIT_LOG.AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION, AUDIT_LOG.ENTITY,
                            AUDIT_LOG.ENTITY_ID, AUDIT_LOG.BEFORE_JSON, AUDIT_LOG.AFTER_JSON, AUDIT_LOG.REASON)
                    .values(now, actor, "SCORING_POLICY", "round_scoring_policy", String.valueOf(roundId), before,
                            JSON.writeValueAsString(policy), reason)
                    .execute();
        });
    }
}
