package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.partitionBy;
import static org.jooq.impl.DSL.rank;
import static org.jooq.impl.DSL.select;

import org.jooq.DSLContext;
import org.jooq.Table;

/**
 * Competition ranks within groups (1, 2, 2, 4) by SQL's RANK(): equal totals share a rank, the next is skipped. Only
 * complete units are ranked: a unit with 待评 points has a provisional total and rank 0 (none).
 */
final class Ranks {

    private Ranks() {
    }

    static void update(DSLContext db, long roundId) {
        Table<?> ranked = select(UNIT_RESULT.UNIT_ID.as("unit_id"),
                rank().over(partitionBy(UNIT_RESULT.GROUP_ID).orderBy(UNIT_RESULT.TOTAL.desc())).as("rk"))
                .from(UNIT_RESULT)
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .and(UNIT_RESULT.PENDING_POINTS.eq(0))
                .asTable("ranked");
        db.update(UNIT_RESULT.join(ranked).on(ranked.field("unit_id", Long.class).eq(UNIT_RESULT.UNIT_ID)))
                .set(UNIT_RESULT.RANK_IN_GROUP, ranked.field("rk", Integer.class))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                .execute();
    }
}
