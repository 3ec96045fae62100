package cn.gongkai.web.unit;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE_FILE;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static org.jooq.impl.DSL.sum;

import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.visibility.ResultTables;
import cn.gongkai.web.visibility.ResultView;
import cn.gongkai.scoring.PendingPoints;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** A unit's result in a round, point by point, with the evidence behind each finding. */
@Repository
public class UnitBreakdown {

    /**
     * {@code groupAverage} is the mean total of the unit's group, {@code groupSize} the units ranked in it;
     * {@code negatives} the unit's negative-list entries, each with its reason and evidence. With
     * {@code pendingPoints} (待评) the total is provisional, the unit unranked and its grade 待评. {@code rankLow} and
     * {@code rankHigh} are the rank-uncertainty interval (5th to 95th percentile), null until it was computed.
     */
    public record Summary(long unitId, String unitName, long groupId, String groupName, BigDecimal total, int rank,
                          String grade, boolean negativeList, BigDecimal groupAverage, int groupSize,
                          List<NegativeLine> negatives, int pendingPoints, Integer rankLow, Integer rankHigh) {

        public boolean provisional() {
            return pendingPoints > 0;
        }

        /** The interval in words, e.g. 2–5 (a single rank when both ends agree), null when there is none. */
        public String rankInterval() {
            if (rankLow == null || rankHigh == null) {
                return null;
            }
            return rankLow.equals(rankHigh) ? String.valueOf(rankLow) : rankLow + "–" + rankHigh;
        }
    }

    /**
     * Why the unit is on the negative list: the veto point, the reason, and the evidence as recorded with the entry
     * (captures or files, in words); {@code files} are the evidence files of a person's veto hit on the point.
     */
    public record NegativeLine(long pointId, String pointText, String reason, String evidence, List<VetoFile> files) {
    }

    /** A scorer's evidence file behind a veto hit (downloadable by the unit at /manual-score-files/{id}). */
    public record VetoFile(long fileId, String fileName, String sha256, LocalDateTime uploadedAt) {

        public VetoFile {
            fileName = TextInput.withoutBidi(fileName);
        }
    }

    public record EvidenceLink(long evidenceId, long captureId, String url, LocalDateTime capturedAt, String digest, String excerpt) {
    }

    /** An evaluator's evidence file behind a review of the point (an override's screenshot, a PDF …). */
    public record ReviewFileLink(long fileId, String fileName, long sizeBytes, String sha256, LocalDateTime uploadedAt,
                                 String decision, String reason) {

        /** Names stored before uploads were cleaned may still reorder how they are shown. */
        public ReviewFileLink {
            fileName = TextInput.withoutBidi(fileName);
        }
    }

    /**
     * {@code groupAverage}: the group's mean score on the point over the units it applies to. {@code status} is the
     * finding's status once evaluators have spoken (the latest override, an accepted appeal's included);
     * {@code machineStatus} and {@code message} are what the checker found, kept as history; {@code decision} says
     * in words what people decided on the point (confirmed, overridden, a veto hit, a veto awaiting confirmation),
     * null when nobody has. {@code pendingReason} is why the point is still 待评 (its score is then null), else null.
     */
    public record PointLine(long pointId, String area, String pointText, BigDecimal score, BigDecimal maxScore,
                            String status, String message, String howToFix, List<EvidenceLink> evidence,
                            BigDecimal groupAverage, String machineStatus, String decision,
                            String pendingReason) {

        public boolean pending() {
            return pendingReason != null;
        }

        /**
         * The verdict in words: 待评 while pending, the finding's status, 人工评分 for a point people scored without a
         * checker's finding, 不适用 for a point that does not apply.
         */
        public String statusLabel() {
            if (pending()) {
                return "待评";
            }
            if (status != null) {
                return statusLabels().getOrDefault(status, status);
            }
            return score == null ? "不适用" : "人工评分";
        }

        /** Marks lost ({@link UnitPoints#lost}); null when 待评 or not applicable. */
        public BigDecimal lost() {
            return UnitPoints.lost(this);
        }

        /** Whether people changed the checker's verdict. */
        public boolean overridden() {
            return machineStatus != null && !machineStatus.equals(status);
        }
    }

    private record Decided(String status, String text) {
    }

    /** An area's score and maximum for the unit (all source pools together) and the group's mean in that area. */
    public record AreaLine(long areaId, String area, BigDecimal score, BigDecimal maxScore, BigDecimal groupAverage) {
    }

    private final DSLContext dsl;
    private final GroupAverages averages;

    UnitBreakdown(DSLContext dsl, GroupAverages averages) {
        this.dsl = dsl;
        this.averages = averages;
    }

    public Optional<Summary> summary(ResultView view, long unitId) {
        ResultTables.Units u = ResultTables.units(view);
        return dsl.select(UNIT.ID, UNIT.NAME, UNIT_GROUP.ID, UNIT_GROUP.NAME, u.total(), u.rank(), u.grade(),
                        u.negativeList(), u.pendingPoints(), u.p05Rank(), u.p95Rank())
                .from(u.table())
                .join(UNIT).on(UNIT.ID.eq(u.unitId()))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(u.groupId()))
                .where(u.unitId().eq(unitId))
                .fetchOptional(r -> {
                    GroupAverages.Of group = averages.of(view, r.value3());
                    return new Summary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                            r.value7(), Boolean.TRUE.equals(r.value8()), group.total(), group.units(),
                            negatives(view, r.value1()), r.value9() == null ? 0 : r.value9(), r.value10(),
                            r.value11());
                });
    }

    public List<AreaLine> areas(ResultView view, Summary summary) {
        GroupAverages.Of group = averages.of(view, summary.groupId());
        ResultTables.Areas a = ResultTables.areas(view);
        return dsl.select(INDICATOR_AREA.ID, INDICATOR_AREA.NAME, sum(a.score()), sum(a.maxScore()))
                .from(a.table())
                .join(INDICATOR_AREA).on(INDICATOR_AREA.ID.eq(a.areaId()))
                .where(a.unitId().eq(summary.unitId()))
                .groupBy(INDICATOR_AREA.ID, INDICATOR_AREA.NAME, INDICATOR_AREA.ORDINAL)
                .orderBy(INDICATOR_AREA.ORDINAL)
                .fetch(r -> new AreaLine(r.value1(), r.value2(), r.value3(), r.value4(), group.areas().get(r.value1())));
    }

    /**
     * The unit's points with the view's scores. Findings, their evidence and reviews are the record behind the
     * scores and are read as they stand.
     */
    public List<PointLine> points(ResultView view, Summary summary) {
        long roundId = view.roundId();
        long unitId = summary.unitId();
        GroupAverages.Of group = averages.of(view, summary.groupId());
        Map<Long, List<EvidenceLink>> evidence = dsl.select(FINDING_EVIDENCE.FINDING_ID, CAPTURE.ID, CAPTURE.URL,
                        CAPTURE.CAPTURED_AT, CAPTURE.PAYLOAD_DIGEST, FINDING_EVIDENCE.EXCERPT, FINDING_EVIDENCE.ID)
                .from(FINDING_EVIDENCE)
                .join(FINDING).on(FINDING.ID.eq(FINDING_EVIDENCE.FINDING_ID))
                .join(CAPTURE).on(CAPTURE.ID.eq(FINDING_EVIDENCE.CAPTURE_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.UNIT_ID.eq(unitId))
                .orderBy(FINDING_EVIDENCE.ID)
                .fetchGroups(FINDING_EVIDENCE.FINDING_ID, r -> new EvidenceLink(r.value7(), r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6()));
        Map<Long, Decided> decided = decisions(roundId, unitId);
        // A published snapshot holds nothing 待评 (publication is refused while any remains).
        Map<Long, String> pending = new HashMap<>();
        if (!view.published() && summary.provisional()) {
            new PendingPoints(dsl).ofUnit(roundId, unitId).forEach(pt -> pending.put(pt.pointId(), pt.reason()));
        }
        ResultTables.Points p = ResultTables.points(view);
        return dsl.select(INDICATOR_AREA.NAME, EVALUATION_POINT.TEXT, p.score(), p.maxScore(),
                        FINDING.STATUS, FINDING.MESSAGE, EVALUATION_POINT.HOW_TO_FIX, FINDING.ID, EVALUATION_POINT.ID)
                .from(p.table())
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(p.pointId()))
                .join(INDICATOR).on(INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .join(INDICATOR_AREA).on(INDICATOR_AREA.ID.eq(INDICATOR.AREA_ID))
                .leftJoin(FINDING).on(FINDING.ROUND_ID.eq(roundId)
                        .and(FINDING.UNIT_ID.eq(p.unitId())).and(FINDING.POINT_ID.eq(p.pointId())))
                .where(p.unitId().eq(unitId))
                .orderBy(INDICATOR_AREA.ORDINAL, INDICATOR.ORDINAL, EVALUATION_POINT.ORDINAL)
                .fetch(r -> {
                    Decided d = decided.get(r.value9());
                    String status = d == null || d.status() == null ? r.value5() : d.status();
                    return new PointLine(r.value9(), r.value1(), r.value2(), r.value3(), r.value4(), status,
                            r.value6(), r.value7(),
                            r.value8() == null ? List.of() : evidence.getOrDefault(r.value8(), List.of()),
                            group.points().get(r.value9()), r.value5(), d == null ? null : d.text(),
                            pending.get(r.value9()));
                });
    }

    /**
     * What people decided on the unit's points, by point: the latest review of each finding (the latest override
     * setting the status), a veto FAIL still awaiting confirmation, and a scorer's veto hit.
     */
    private Map<Long, Decided> decisions(long roundId, long unitId) {
        Map<String, String> labels = statusLabels();
        Map<Long, Decided> decided = new HashMap<>();
        Map<Long, String> overridden = new HashMap<>();
        dsl.select(FINDING.POINT_ID, REVIEW.KIND, REVIEW.DECISION, REVIEW.STATUS, REVIEW.REASON, APP_USER.DISPLAY_NAME)
                .from(REVIEW)
                .join(FINDING).on(FINDING.ID.eq(REVIEW.FINDING_ID))
                .join(APP_USER).on(APP_USER.ID.eq(REVIEW.REVIEWER_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.UNIT_ID.eq(unitId))
                .orderBy(REVIEW.REVIEWED_AT, REVIEW.ID)
                .forEach(r -> {
                    boolean override = "OVERRIDE".equals(r.value3());
                    if (override) {
                        overridden.put(r.value1(), r.value4());
                    }
                    String who = "APPEAL".equals(r.value2()) ? "申诉采纳，" + r.value6() : r.value6();
                    String text = override
                            ? who + "改判为「" + labels.getOrDefault(r.value4(), r.value4()) + "」"
                            : who + "已确认检查结果";
                    if (r.value5() != null && !r.value5().isBlank()) {
                        text += "：" + r.value5();
                    }
                    decided.put(r.value1(), new Decided(overridden.get(r.value1()), text));
                });
        boolean confirmAll = !Boolean.FALSE.equals(dsl.select(ASSESSMENT_ROUND.CONFIRM_VETOES).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).fetchOne(ASSESSMENT_ROUND.CONFIRM_VETOES));
        dsl.select(FINDING.POINT_ID, EVALUATION_POINT.METHOD)
                .from(FINDING)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.UNIT_ID.eq(unitId))
                .and(EVALUATION_POINT.VETO.isTrue()).and(FINDING.STATUS.eq("FAIL"))
                .forEach(r -> {
                    if (!decided.containsKey(r.value1()) && (confirmAll || "ASSISTED".equals(r.value2()))) {
                        decided.put(r.value1(), new Decided(null, "否决项检查不通过，待评估人员确认（确认前不列入负面清单，本项待评）"));
                    }
                });
        // the latest entry per point counts: ascending, so the last put wins
        Map<Long, Decided> manual = new HashMap<>();
        dsl.select(MANUAL_SCORE.POINT_ID, MANUAL_SCORE.VETO_HIT, MANUAL_SCORE.REASON, MANUAL_SCORE.ENTERED_BY)
                .from(MANUAL_SCORE)
                .where(MANUAL_SCORE.ROUND_ID.eq(roundId)).and(MANUAL_SCORE.UNIT_ID.eq(unitId))
                .orderBy(MANUAL_SCORE.ENTERED_AT, MANUAL_SCORE.ID)
                .forEach(r -> manual.put(r.value1(), Boolean.TRUE.equals(r.value2())
                        ? new Decided(null, r.value4() + " 认定否决情形：" + r.value3()) : null));
        manual.forEach((point, hit) -> {
            if (hit != null) {
                decided.put(point, hit);
            }
        });
        return decided;
    }

    /** The unit's negative-list entries in the view, in the order they were found. */
    private List<NegativeLine> negatives(ResultView view, long unitId) {
        ResultTables.Negatives n = ResultTables.negatives(view);
        Map<Long, List<VetoFile>> files = vetoFiles(view.roundId(), unitId);
        return dsl.select(EVALUATION_POINT.ID, EVALUATION_POINT.TEXT, n.reason(), n.evidence())
                .from(n.table())
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(n.pointId()))
                .where(n.unitId().eq(unitId))
                .orderBy(n.ordinal())
                .fetch(r -> new NegativeLine(r.value1(), r.value2(), r.value3(), r.value4(),
                        files.getOrDefault(r.value1(), List.of())));
    }

    /**
     * The files of the latest veto-hit score of each of the unit's points: the evidence of a negative-list entry a
     * person made. Few rows: a unit's veto hits.
     */
    private Map<Long, List<VetoFile>> vetoFiles(long roundId, long unitId) {
        Map<Long, Long> latest = new HashMap<>();
        dsl.select(MANUAL_SCORE.POINT_ID, MANUAL_SCORE.ID, MANUAL_SCORE.VETO_HIT)
                .from(MANUAL_SCORE)
                .where(MANUAL_SCORE.ROUND_ID.eq(roundId)).and(MANUAL_SCORE.UNIT_ID.eq(unitId))
                .orderBy(MANUAL_SCORE.ENTERED_AT, MANUAL_SCORE.ID)
                .forEach(r -> {
                    if (Boolean.TRUE.equals(r.value3())) {
                        latest.put(r.value1(), r.value2());
                    } else {
                        latest.remove(r.value1());
                    }
                });
        if (latest.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> pointOf = new HashMap<>();
        latest.forEach((point, score) -> pointOf.put(score, point));
        Map<Long, List<VetoFile>> files = new HashMap<>();
        dsl.select(MANUAL_SCORE_FILE.MANUAL_SCORE_ID, MANUAL_SCORE_FILE.ID, MANUAL_SCORE_FILE.FILE_NAME,
                        MANUAL_SCORE_FILE.SHA256, MANUAL_SCORE_FILE.UPLOADED_AT)
                .from(MANUAL_SCORE_FILE)
                .where(MANUAL_SCORE_FILE.MANUAL_SCORE_ID.in(latest.values()))
                .orderBy(MANUAL_SCORE_FILE.ID)
                .forEach(r -> files.computeIfAbsent(pointOf.get(r.value1()), k -> new java.util.ArrayList<>())
                        .add(new VetoFile(r.value2(), r.value3(), r.value4(), r.value5())));
        return files;
    }

    /** The evaluators' evidence files on the unit's findings in the round, by point, oldest first. */
    public Map<Long, List<ReviewFileLink>> reviewFiles(long roundId, long unitId) {
        return dsl.select(FINDING.POINT_ID, REVIEW_FILE.ID, REVIEW_FILE.FILE_NAME, REVIEW_FILE.SIZE_BYTES,
                        REVIEW_FILE.SHA256, REVIEW_FILE.UPLOADED_AT, REVIEW.DECISION, REVIEW.REASON)
                .from(REVIEW_FILE)
                .join(REVIEW).on(REVIEW.ID.eq(REVIEW_FILE.REVIEW_ID))
                .join(FINDING).on(FINDING.ID.eq(REVIEW.FINDING_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.UNIT_ID.eq(unitId))
                .orderBy(REVIEW_FILE.ID)
                .fetchGroups(FINDING.POINT_ID, r -> new ReviewFileLink(r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8()));
    }

    public static Map<String, String> statusLabels() {
        return java.util.stream.Stream.of(new String[][] {
                {"PASS", "通过"}, {"FAIL", "不通过"}, {"PARTIAL", "部分通过"}, {"UNCERTAIN", "待核实"},
                {"NOT_APPLICABLE", "不适用"}, {"NOT_ASSESSABLE", "需人工评估"}})
                .collect(Collectors.toMap(a -> a[0], a -> a[1]));
    }
}
