package cn.gongkai.web.unit;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static org.jooq.impl.DSL.sum;

import cn.gongkai.web.visibility.ResultTables;
import cn.gongkai.web.visibility.ResultView;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** A unit's result in a round, point by point, with the evidence behind each finding. */
@Repository
public class UnitBreakdown {

    /** {@code groupAverage} is the mean total of the unit's group, {@code groupSize} the units ranked in it. */
    public record Summary(long unitId, String unitName, long groupId, String groupName, BigDecimal total, int rank,
                          String grade, boolean negativeList, BigDecimal groupAverage, int groupSize) {
    }

    public record EvidenceLink(long evidenceId, long captureId, String url, LocalDateTime capturedAt, String digest, String excerpt) {
    }

    /** An evaluator's evidence file behind a review of the point (an override's screenshot, a PDF …). */
    public record ReviewFileLink(long fileId, String fileName, long sizeBytes, String sha256, LocalDateTime uploadedAt,
                                 String decision, String reason) {
    }

    /** {@code groupAverage}: the group's mean score on the point over the units it applies to. */
    public record PointLine(long pointId, String area, String pointText, BigDecimal score, BigDecimal maxScore,
                            String status, String message, String howToFix, List<EvidenceLink> evidence,
                            BigDecimal groupAverage) {
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
                        u.negativeList())
                .from(u.table())
                .join(UNIT).on(UNIT.ID.eq(u.unitId()))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(u.groupId()))
                .where(u.unitId().eq(unitId))
                .fetchOptional(r -> {
                    GroupAverages.Of group = averages.of(view, r.value3());
                    return new Summary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                            r.value7(), Boolean.TRUE.equals(r.value8()), group.total(), group.units());
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
                .fetch(r -> new PointLine(r.value9(), r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8() == null ? List.of() : evidence.getOrDefault(r.value8(), List.of()),
                        group.points().get(r.value9())));
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
