package cn.gongkai.web.policy;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;

import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.round.PolicyDefinition;
import cn.gongkai.web.round.RoundStatus;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Reads a round's scoring policy as the {@code policy:} block of its definition and replaces it from an edited
 * block. A change needs a reason and is audited (by {@link RoundPolicies}, before and after); once the round is
 * published (a snapshot exists or the round is 已发布) the policy is frozen: the published grades follow from it.
 */
@Service
public class RoundPolicyEditor {

    private final DSLContext dsl;
    private final RoundScorer scorer;

    RoundPolicyEditor(DSLContext dsl, RoundScorer scorer) {
        this.dsl = dsl;
        this.scorer = scorer;
    }

    public RoundPolicy policy(long roundId) {
        return new RoundPolicies(dsl).load(roundId);
    }

    /** The round's policy as the {@code policy:} block an evaluator edits (the defaults spelled out if it has none). */
    public String yaml(long roundId) {
        return PolicyDefinition.of(policy(roundId), unitCodes(dsl, roundId).inverse(), pointCodes(dsl, roundId).inverse())
                .toYaml();
    }

    /** Whether the round's results are published, which freezes its policy. */
    public boolean frozen(long roundId) {
        return frozen(dsl, roundId);
    }

    private static boolean frozen(DSLContext db, long roundId) {
        String status = db.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOne(ASSESSMENT_ROUND.STATUS);
        return RoundStatus.FINAL.name().equals(status)
                || db.fetchExists(RESULT_SNAPSHOT, RESULT_SNAPSHOT.ROUND_ID.eq(roundId));
    }

    /**
     * Replaces the round's policy with the edited block. Refused (in Chinese, naming the field) for a bad block, a
     * missing reason or a published round; nothing is stored then. A round that has results is rescored at once, so
     * its rankings never show grades of a policy it no longer has. Returns whether it was rescored.
     */
    public boolean save(long roundId, String yaml, String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("修改评分规则必须填写理由（reason）");
        }
        TextInput.limited(reason, "修改理由（reason）", TextInput.REASON_MAX);
        TextInput.limited(yaml, "评分规则（policy）", 20_000);
        boolean[] scored = new boolean[1];
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            // The round's row lock serialises this change with scoring and publication, which take it too.
            db.selectOne().from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne();
            if (frozen(db, roundId)) {
                throw new IllegalStateException("该轮次的评估结果已发布，评分规则已冻结，不能修改");
            }
            Codes units = unitCodes(db, roundId);
            Codes points = pointCodes(db, roundId);
            PolicyDefinition block = PolicyDefinition.parseBlock(yaml, units.ids()::containsKey,
                    points.ids()::containsKey);
            RoundPolicies policies = new RoundPolicies(db);
            policies.save(roundId, block.toPolicy(policies.load(roundId), units.ids(), points.ids()), actor,
                    reason.strip());
            scored[0] = db.fetchExists(UNIT_RESULT, UNIT_RESULT.ROUND_ID.eq(roundId));
        });
        if (scored[0]) {
            scorer.score(roundId);
        }
        return scored[0];
    }

    /** Codes of a round's units or points and their ids, both ways. */
    record Codes(Map<String, Long> ids) {
        Map<Long, String> inverse() {
            Map<Long, String> out = new java.util.HashMap<>();
            ids.forEach((code, id) -> out.put(id, code));
            return out;
        }
    }

    private static Codes unitCodes(DSLContext db, long roundId) {
        return new Codes(db.select(UNIT.CODE, UNIT.ID).from(ROUND_UNIT).join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId)).fetchMap(UNIT.CODE, UNIT.ID));
    }

    private static Codes pointCodes(DSLContext db, long roundId) {
        return new Codes(db.select(EVALUATION_POINT.CODE, EVALUATION_POINT.ID).from(ROUND_POINT).join(EVALUATION_POINT)
                .on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID)).where(ROUND_POINT.ROUND_ID.eq(roundId))
                .fetchMap(EVALUATION_POINT.CODE, EVALUATION_POINT.ID));
    }
}
