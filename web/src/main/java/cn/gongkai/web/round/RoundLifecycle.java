package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;

import cn.gongkai.web.audit.AuditTrail;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/** Moves rounds through their statuses, refusing moves the lifecycle does not allow, and logs each move. */
@Service
public class RoundLifecycle {

    private final DSLContext dsl;

    public RoundLifecycle(DSLContext dsl) {
        this.dsl = dsl;
    }

    public RoundStatus status(long roundId) {
        String status = dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne(ASSESSMENT_ROUND.STATUS);
        if (status == null) {
            throw new IllegalArgumentException("评估轮次不存在：" + roundId);
        }
        return RoundStatus.valueOf(status);
    }

    /** Moves the round to {@code target}; the current status is read under a row lock, so two moves cannot race. */
    public void move(long roundId, RoundStatus target, String actor, String reason) {
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            String current = db.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                    .where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne(ASSESSMENT_ROUND.STATUS);
            if (current == null) {
                throw new IllegalArgumentException("评估轮次不存在：" + roundId);
            }
            RoundStatus from = RoundStatus.valueOf(current);
            if (!from.canMoveTo(target)) {
                throw new IllegalStateException("评估轮次不能从「" + from.label() + "」转到「" + target.label() + "」");
            }
            db.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, target.name())
                    .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
            AuditTrail.record(db, actor, "ROUND_STATUS", "assessment_round", String.valueOf(roundId),
                    "{\"status\":\"" + from + "\"}", "{\"status\":\"" + target + "\"}", reason);
        });
    }
}
