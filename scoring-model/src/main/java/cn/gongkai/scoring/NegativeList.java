package cn.gongkai.scoring;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE_FILE;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.ROUND_COMPOSITE_MEMBER;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.concat;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.falseCondition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectDistinct;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.substring;

import cn.gongkai.sql.jooq.tables.NegativeListEntry;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * The negative list (负面清单). A unit goes on it, with the point's reason and the evidence, when
 * <ul>
 * <li>a veto point's finding is FAIL after reviews and, if it needs one, an evaluator has confirmed it: a checker's
 * veto FAIL needs a confirmation when the checker is ASSISTED, or when the round's {@code confirm_vetoes} is on (the
 * default), and until it has one the point is 待评 ({@link #awaitingConfirmation}); an override is a person's decision
 * and needs none; or</li>
 * <li>the latest manual or department score of a veto point records a veto hit: a person found the veto situation,
 * with a reason and evidence files.</li>
 * </ul>
 * A manual score does not lift a checker's veto: only a review that overrides the finding does, because the veto is
 * about what was found, not about points.
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
        boolean confirmAll = confirmsEveryChecker(db, roundId);
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
                        .and(reviewed().or(confirmAll ? falseCondition()
                                : EVALUATION_POINT.METHOD.ne(inline("ASSISTED"))))
                        .and(field("FIND_IN_SET({0}, {1})", Integer.class, UNIT.UNIT_TYPE,
                                EVALUATION_POINT.APPLIES_TO).gt(0))
                        .and(PointScores.notComposite(roundId)))
                .execute();
        entries += insertVetoHits(db, roundId, effective);
        if (entries > 0) {
            describeEvidence(db, roundId);
        }
        return entries;
    }

    /** The latest manual or department score of a veto point that records a veto hit, with the scorer's reason. */
    private static int insertVetoHits(DSLContext db, long roundId, EffectiveFindings effective) {
        return db.insertInto(NEGATIVE_LIST_ENTRY, NEGATIVE_LIST_ENTRY.ROUND_ID, NEGATIVE_LIST_ENTRY.UNIT_ID,
                        NEGATIVE_LIST_ENTRY.POINT_ID, NEGATIVE_LIST_ENTRY.MANUAL_SCORE_ID, NEGATIVE_LIST_ENTRY.REASON)
                .select(select(inline(roundId), effective.manualUnitId, effective.manualPointId, effective.manualId,
                        substring(concat(coalesce(EVALUATION_POINT.VETO_REASON, EVALUATION_POINT.TEXT),
                                inline("："), coalesce(MANUAL_SCORE.REASON, inline("")),
                                inline("（"), MANUAL_SCORE.ENTERED_BY, inline(" 人工认定）")), 1, REASON_LENGTH))
                        .from(effective.manual)
                        .join(MANUAL_SCORE).on(MANUAL_SCORE.ID.eq(effective.manualId))
                        .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(effective.manualPointId)
                                .and(EVALUATION_POINT.VETO.isTrue()))
                        .join(ROUND_POINT).on(ROUND_POINT.ROUND_ID.eq(roundId)
                                .and(ROUND_POINT.POINT_ID.eq(effective.manualPointId)))
                        .join(ROUND_UNIT).on(ROUND_UNIT.ROUND_ID.eq(roundId)
                                .and(ROUND_UNIT.UNIT_ID.eq(effective.manualUnitId)))
                        .join(UNIT).on(UNIT.ID.eq(effective.manualUnitId))
                        .where(effective.manualVetoHit.isTrue())
                        .and(field("FIND_IN_SET({0}, {1})", Integer.class, UNIT.UNIT_TYPE,
                                EVALUATION_POINT.APPLIES_TO).gt(0))
                        .and(PointScores.notComposite(roundId)))
                .execute();
    }

    /** Whether the round asks a confirmation for a veto FAIL from any checker, not only from ASSISTED ones. */
    static boolean confirmsEveryChecker(DSLContext db, long roundId) {
        Boolean confirm = db.select(ASSESSMENT_ROUND.CONFIRM_VETOES).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne(ASSESSMENT_ROUND.CONFIRM_VETOES);
        return !Boolean.FALSE.equals(confirm);
    }

    /** An evaluator has decided on the finding: confirmed it, overridden it, or an accepted appeal has. */
    private static Condition reviewed() {
        return exists(selectOne().from(REVIEW).where(REVIEW.FINDING_ID.eq(FINDING.ID)));
    }

    /**
     * The (unit, point) pairs whose checker found a veto FAIL that no evaluator has decided on yet, where one must:
     * they are 待评, not on the negative list. Few rows: a round's veto FAILs, not its findings.
     */
    static List<long[]> awaitingConfirmation(DSLContext db, long roundId) {
        Condition needsOne = confirmsEveryChecker(db, roundId) ? noCondition()
                : EVALUATION_POINT.METHOD.eq(inline("ASSISTED"));
        return db.select(FINDING.UNIT_ID, FINDING.POINT_ID)
                .from(ROUND_POINT)
                .straightJoin(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID)
                        .and(EVALUATION_POINT.VETO.isTrue()))
                .straightJoin(FINDING).on(FINDING.ROUND_ID.eq(ROUND_POINT.ROUND_ID)
                        .and(FINDING.POINT_ID.eq(ROUND_POINT.POINT_ID)))
                .where(ROUND_POINT.ROUND_ID.eq(roundId))
                .and(FINDING.STATUS.eq(inline("FAIL")))
                .and(needsOne)
                .and(notExists(selectOne().from(REVIEW).where(REVIEW.FINDING_ID.eq(FINDING.ID))))
                .fetch(r -> new long[] {r.value1(), r.value2()});
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
                        .from(NEGATIVE_LIST_ENTRY).where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId))
                        .and(NEGATIVE_LIST_ENTRY.FINDING_ID.isNotNull())))
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
        Map<Long, StringBuilder> byScore = new LinkedHashMap<>();
        db.select(NEGATIVE_LIST_ENTRY.MANUAL_SCORE_ID, MANUAL_SCORE_FILE.ID, MANUAL_SCORE_FILE.FILE_NAME,
                        MANUAL_SCORE_FILE.SHA256, MANUAL_SCORE_FILE.UPLOADED_AT)
                .from(NEGATIVE_LIST_ENTRY)
                .leftJoin(MANUAL_SCORE_FILE).on(MANUAL_SCORE_FILE.MANUAL_SCORE_ID.eq(NEGATIVE_LIST_ENTRY.MANUAL_SCORE_ID))
                .where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId)).and(NEGATIVE_LIST_ENTRY.MANUAL_SCORE_ID.isNotNull())
                .orderBy(NEGATIVE_LIST_ENTRY.MANUAL_SCORE_ID, MANUAL_SCORE_FILE.ID)
                .forEach(r -> {
                    StringBuilder text = byScore.computeIfAbsent(r.value1(), k -> new StringBuilder());
                    if (r.value2() == null) {
                        text.append("未附证据文件");
                        return;
                    }
                    if (!text.isEmpty()) {
                        text.append('\n');
                    }
                    text.append("证据文件 #").append(r.value2()).append(' ').append(r.value3())
                            .append("（SHA-256 ").append(r.value4(), 0, 12).append("…，上传于 ")
                            .append(r.value5().format(AT)).append(" UTC）");
                });
        for (var e : byScore.entrySet()) {
            db.update(NEGATIVE_LIST_ENTRY).set(NEGATIVE_LIST_ENTRY.EVIDENCE, e.getValue().toString())
                    .where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId))
                    .and(NEGATIVE_LIST_ENTRY.MANUAL_SCORE_ID.eq(e.getKey()))
                    .execute();
        }
    }

    /** A composite unit carries its members' entries, each reason prefixed with the member's name. */
    static int copyToComposites(DSLContext db, long roundId) {
        NegativeListEntry member = NEGATIVE_LIST_ENTRY.as("member_entry");
        return db.insertInto(NEGATIVE_LIST_ENTRY, NEGATIVE_LIST_ENTRY.ROUND_ID, NEGATIVE_LIST_ENTRY.UNIT_ID,
                        NEGATIVE_LIST_ENTRY.POINT_ID, NEGATIVE_LIST_ENTRY.FINDING_ID,
                        NEGATIVE_LIST_ENTRY.MANUAL_SCORE_ID, NEGATIVE_LIST_ENTRY.REASON, NEGATIVE_LIST_ENTRY.EVIDENCE)
                .select(selectDistinct(member.ROUND_ID, ROUND_COMPOSITE_MEMBER.COMPOSITE_UNIT_ID, member.POINT_ID,
                        member.FINDING_ID, member.MANUAL_SCORE_ID,
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
