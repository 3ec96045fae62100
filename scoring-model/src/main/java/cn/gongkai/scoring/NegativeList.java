package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.ROUND_COMPOSITE_MEMBER;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.concat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectDistinct;
import static org.jooq.impl.DSL.substring;

import cn.gongkai.sql.jooq.tables.NegativeListEntry;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The negative list (负面清单): a veto point whose finding is FAIL after reviews puts the unit on it, with the point's
 * reason, the finding and its evidence. A manual score does not lift a veto: only a review that overrides the
 * finding does, because the veto is about what was found, not about points.
 */
final class NegativeList {

    private static final int EVIDENCE_EXCERPT = 200;
    /** negative_list_entry.reason is VARCHAR(1000); a checker's message may be up to 2,000 characters. */
    private static final int REASON_LENGTH = 1000;
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private NegativeList() {
    }

    static int insert(DSLContext db, long roundId) {
        EffectiveFindings effective = new EffectiveFindings(roundId);
        int entries = db.insertInto(NEGATIVE_LIST_ENTRY, NEGATIVE_LIST_ENTRY.ROUND_ID, NEGATIVE_LIST_ENTRY.UNIT_ID,
                        NEGATIVE_LIST_ENTRY.POINT_ID, NEGATIVE_LIST_ENTRY.FINDING_ID, NEGATIVE_LIST_ENTRY.REASON)
                .select(select(FINDING.ROUND_ID, FINDING.UNIT_ID, FINDING.POINT_ID, FINDING.ID,
                        substring(concat(coalesce(EVALUATION_POINT.VETO_REASON, EVALUATION_POINT.TEXT),
                                inline("："), FINDING.MESSAGE), 1, REASON_LENGTH))
                        // veto points first, then their findings: a few thousand rows, not the round's all
                        .from(ROUND_POINT)
                        .straightJoin(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID)
                                .and(EVALUATION_POINT.VETO.isTrue()))
                        .straightJoin(FINDING).on(FINDING.ROUND_ID.eq(ROUND_POINT.ROUND_ID)
                                .and(FINDING.POINT_ID.eq(ROUND_POINT.POINT_ID)))
                        .join(ROUND_UNIT).on(ROUND_UNIT.ROUND_ID.eq(FINDING.ROUND_ID)
                                .and(ROUND_UNIT.UNIT_ID.eq(FINDING.UNIT_ID)))
                        .join(UNIT).on(UNIT.ID.eq(FINDING.UNIT_ID))
                        .leftJoin(effective.overrides).on(effective.overrideFindingId.eq(FINDING.ID))
                        .where(ROUND_POINT.ROUND_ID.eq(roundId))
                        .and(effective.status().eq("FAIL"))
                        .and(EVALUATION_POINT.VETO.isTrue())
                        .and(field("FIND_IN_SET({0}, {1})", Integer.class, UNIT.UNIT_TYPE,
                                EVALUATION_POINT.APPLIES_TO).gt(0))
                        .and(PointScores.notComposite(roundId)))
                .execute();
        if (entries > 0) {
            describeEvidence(db, roundId);
        }
        return entries;
    }

    /**
     * Entries are few, so their evidence is written row by row; doing it in SQL would need GROUP_CONCAT, which MySQL
     * truncates at 1,024 bytes by default.
     */
    private static void describeEvidence(DSLContext db, long roundId) {
        Map<Long, StringBuilder> byFinding = new LinkedHashMap<>();
        db.select(FINDING_EVIDENCE.FINDING_ID, FINDING_EVIDENCE.CAPTURE_ID, CAPTURE.URL, CAPTURE.CAPTURED_AT,
                        FINDING_EVIDENCE.EXCERPT)
                .from(FINDING_EVIDENCE)
                .join(CAPTURE).on(CAPTURE.ID.eq(FINDING_EVIDENCE.CAPTURE_ID))
                .where(FINDING_EVIDENCE.FINDING_ID.in(selectDistinct(NEGATIVE_LIST_ENTRY.FINDING_ID)
                        .from(NEGATIVE_LIST_ENTRY).where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId))))
                .orderBy(FINDING_EVIDENCE.FINDING_ID, FINDING_EVIDENCE.ID)
                .forEach(r -> {
                    StringBuilder text = byFinding.computeIfAbsent(r.value1(), k -> new StringBuilder());
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append("采集记录 #").append(r.value2()).append(' ').append(r.value3())
                            .append("（采集于 ").append(r.value4().format(AT)).append(" UTC）");
                    if (r.value5() != null && !r.value5().isBlank()) {
                        String excerpt = r.value5().strip();
                        text.append("：").append(excerpt.length() > EVIDENCE_EXCERPT
                                ? excerpt.substring(0, EVIDENCE_EXCERPT) + "…" : excerpt);
                    }
                });
        for (var e : byFinding.entrySet()) {
            db.update(NEGATIVE_LIST_ENTRY).set(NEGATIVE_LIST_ENTRY.EVIDENCE, e.getValue().toString())
                    .where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId))
                    .and(NEGATIVE_LIST_ENTRY.FINDING_ID.eq(e.getKey()))
                    .execute();
        }
    }

    /** A composite unit carries its members' entries, each reason prefixed with the member's name. */
    static int copyToComposites(DSLContext db, long roundId) {
        NegativeListEntry member = NEGATIVE_LIST_ENTRY.as("member_entry");
        return db.insertInto(NEGATIVE_LIST_ENTRY, NEGATIVE_LIST_ENTRY.ROUND_ID, NEGATIVE_LIST_ENTRY.UNIT_ID,
                        NEGATIVE_LIST_ENTRY.POINT_ID, NEGATIVE_LIST_ENTRY.FINDING_ID, NEGATIVE_LIST_ENTRY.REASON,
                        NEGATIVE_LIST_ENTRY.EVIDENCE)
                .select(selectDistinct(member.ROUND_ID, ROUND_COMPOSITE_MEMBER.COMPOSITE_UNIT_ID, member.POINT_ID,
                        member.FINDING_ID,
                        substring(concat(inline("（"), UNIT.NAME, inline("）"), member.REASON), 1, REASON_LENGTH),
                        member.EVIDENCE)
                        .from(member)
                        .join(ROUND_COMPOSITE_MEMBER).on(ROUND_COMPOSITE_MEMBER.ROUND_ID.eq(member.ROUND_ID)
                                .and(ROUND_COMPOSITE_MEMBER.MEMBER_UNIT_ID.eq(member.UNIT_ID)))
                        .join(UNIT).on(UNIT.ID.eq(member.UNIT_ID))
                        .where(member.ROUND_ID.eq(roundId)))
                .execute();
    }
}
