package cn.gongkai.web.visibility;

import static cn.gongkai.sql.jooq.Tables.AREA_SCORE;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_AREA;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_NEGATIVE;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_POINT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.select;

import java.math.BigDecimal;
import org.jooq.Field;
import org.jooq.Table;

/**
 * A round's results as the reader's {@link ResultView} holds them: the working tables, or a published snapshot's
 * copy. Each is a derived table with the same columns either way, so a reader writes its query once and cannot
 * read working rows for a view that is published.
 */
public final class ResultTables {

    private ResultTables() {
    }

    /** Units with their result and rank-uncertainty interval. */
    public record Units(Table<?> table, Field<Long> unitId, Field<Long> groupId, Field<BigDecimal> total,
                        Field<Integer> rank, Field<String> grade, Field<Boolean> negativeList,
                        Field<BigDecimal> medianRank, Field<Integer> p05Rank, Field<Integer> p95Rank,
                        Field<Integer> pendingPoints) {
    }

    /** Point scores; {@code score} is null where the point does not apply. */
    public record Points(Table<?> table, Field<Long> unitId, Field<Long> pointId, Field<BigDecimal> score,
                         Field<BigDecimal> maxScore) {
    }

    /** Area subtotals, one row per source pool. */
    public record Areas(Table<?> table, Field<Long> unitId, Field<Long> areaId, Field<BigDecimal> score,
                        Field<BigDecimal> maxScore) {
    }

    /**
     * Negative-list entries; {@code ordinal} orders a unit's reasons; {@code evidence} may be null. An entry comes from
     * a finding ({@code findingId}) or from a person's veto hit ({@code manualScoreId}); the other is null.
     */
    public record Negatives(Table<?> table, Field<Long> unitId, Field<Long> pointId, Field<String> reason,
                            Field<Long> ordinal, Field<String> evidence, Field<Long> findingId,
                            Field<Long> manualScoreId) {
    }

    public static Units units(ResultView view) {
        Table<?> t;
        if (view.published()) {
            var u = RESULT_SNAPSHOT_UNIT;
            t = select(u.UNIT_ID.as("unit_id"), u.GROUP_ID.as("group_id"), u.TOTAL.as("total"),
                    u.RANK_IN_GROUP.as("rank_in_group"), u.GRADE.as("grade"), u.NEGATIVE_LIST.as("negative_list"),
                    u.MEDIAN_RANK.as("median_rank"), u.P05_RANK.as("p05_rank"), u.P95_RANK.as("p95_rank"),
                    // nothing 待评 is ever published: the publisher refuses while any remains
                    org.jooq.impl.DSL.inline(0).as("pending_points"))
                    .from(u).where(u.SNAPSHOT_ID.eq(view.snapshotId())).asTable("vu");
        } else {
            var u = UNIT_RESULT;
            var r = RANK_UNCERTAINTY;
            t = select(u.UNIT_ID.as("unit_id"), u.GROUP_ID.as("group_id"), u.TOTAL.as("total"),
                    u.RANK_IN_GROUP.as("rank_in_group"), u.GRADE.as("grade"), u.NEGATIVE_LIST.as("negative_list"),
                    r.MEDIAN_RANK.as("median_rank"), r.P05_RANK.as("p05_rank"), r.P95_RANK.as("p95_rank"),
                    u.PENDING_POINTS.as("pending_points"))
                    .from(u).leftJoin(r).on(r.ROUND_ID.eq(u.ROUND_ID).and(r.UNIT_ID.eq(u.UNIT_ID)))
                    .where(u.ROUND_ID.eq(view.roundId())).asTable("vu");
        }
        return new Units(t, t.field("unit_id", Long.class), t.field("group_id", Long.class),
                t.field("total", BigDecimal.class), t.field("rank_in_group", Integer.class),
                t.field("grade", String.class), t.field("negative_list", Boolean.class),
                t.field("median_rank", BigDecimal.class), t.field("p05_rank", Integer.class),
                t.field("p95_rank", Integer.class), t.field("pending_points", Integer.class));
    }

    public static Points points(ResultView view) {
        Table<?> t;
        if (view.published()) {
            var p = RESULT_SNAPSHOT_POINT;
            t = select(p.UNIT_ID.as("unit_id"), p.POINT_ID.as("point_id"), p.SCORE.as("score"),
                    p.MAX_SCORE.as("max_score"))
                    .from(p).where(p.SNAPSHOT_ID.eq(view.snapshotId())).asTable("vp");
        } else {
            var p = POINT_SCORE;
            t = select(p.UNIT_ID.as("unit_id"), p.POINT_ID.as("point_id"), p.SCORE.as("score"),
                    p.MAX_SCORE.as("max_score"))
                    .from(p).where(p.ROUND_ID.eq(view.roundId())).asTable("vp");
        }
        return new Points(t, t.field("unit_id", Long.class), t.field("point_id", Long.class),
                t.field("score", BigDecimal.class), t.field("max_score", BigDecimal.class));
    }

    public static Areas areas(ResultView view) {
        Table<?> t;
        if (view.published()) {
            var a = RESULT_SNAPSHOT_AREA;
            t = select(a.UNIT_ID.as("unit_id"), a.AREA_ID.as("area_id"), a.SCORE.as("score"),
                    a.MAX_SCORE.as("max_score"))
                    .from(a).where(a.SNAPSHOT_ID.eq(view.snapshotId())).asTable("va");
        } else {
            var a = AREA_SCORE;
            t = select(a.UNIT_ID.as("unit_id"), a.AREA_ID.as("area_id"), a.SCORE.as("score"),
                    a.MAX_SCORE.as("max_score"))
                    .from(a).where(a.ROUND_ID.eq(view.roundId())).asTable("va");
        }
        return new Areas(t, t.field("unit_id", Long.class), t.field("area_id", Long.class),
                t.field("score", BigDecimal.class), t.field("max_score", BigDecimal.class));
    }

    public static Negatives negatives(ResultView view) {
        Table<?> t;
        if (view.published()) {
            var n = RESULT_SNAPSHOT_NEGATIVE;
            t = select(n.UNIT_ID.as("unit_id"), n.POINT_ID.as("point_id"), n.REASON.as("reason"),
                    n.POINT_ID.as("ordinal"), n.EVIDENCE.as("evidence"), n.FINDING_ID.as("finding_id"),
                    n.MANUAL_SCORE_ID.as("manual_score_id"))
                    .from(n).where(n.SNAPSHOT_ID.eq(view.snapshotId())).asTable("vn");
        } else {
            var n = NEGATIVE_LIST_ENTRY;
            t = select(n.UNIT_ID.as("unit_id"), n.POINT_ID.as("point_id"), n.REASON.as("reason"), n.ID.as("ordinal"),
                    n.EVIDENCE.as("evidence"), n.FINDING_ID.as("finding_id"), n.MANUAL_SCORE_ID.as("manual_score_id"))
                    .from(n).where(n.ROUND_ID.eq(view.roundId())).asTable("vn");
        }
        return new Negatives(t, t.field("unit_id", Long.class), t.field("point_id", Long.class),
                t.field("reason", String.class), t.field("ordinal", Long.class), t.field("evidence", String.class),
                t.field("finding_id", Long.class), t.field("manual_score_id", Long.class));
    }
}
