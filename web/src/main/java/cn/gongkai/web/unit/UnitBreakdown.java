package cn.gongkai.web.unit;

import static cn.gongkai.sql.jooq.Tables.AREA_SCORE;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.INDICATOR;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_AREA;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.sum;

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

    public Optional<Summary> summary(long roundId, long unitId) {
        return dsl.select(UNIT.ID, UNIT.NAME, UNIT_GROUP.ID, UNIT_GROUP.NAME, UNIT_RESULT.TOTAL,
                        UNIT_RESULT.RANK_IN_GROUP, UNIT_RESULT.GRADE, UNIT_RESULT.NEGATIVE_LIST)
                .from(UNIT_RESULT)
                .join(UNIT).on(UNIT.ID.eq(UNIT_RESULT.UNIT_ID))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(UNIT_RESULT.GROUP_ID))
                .where(UNIT_RESULT.ROUND_ID.eq(roundId)).and(UNIT_RESULT.UNIT_ID.eq(unitId))
                .fetchOptional(r -> {
                    GroupAverages.Of group = averages.of(roundId, r.value3());
                    return new Summary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                            r.value7(), Boolean.TRUE.equals(r.value8()), group.total(), group.units());
                });
    }

    public List<AreaLine> areas(long roundId, Summary summary) {
        GroupAverages.Of group = averages.of(roundId, summary.groupId());
        return dsl.select(INDICATOR_AREA.ID, INDICATOR_AREA.NAME, sum(AREA_SCORE.SCORE), sum(AREA_SCORE.MAX_SCORE))
                .from(AREA_SCORE)
                .join(INDICATOR_AREA).on(INDICATOR_AREA.ID.eq(AREA_SCORE.AREA_ID))
                .where(AREA_SCORE.ROUND_ID.eq(roundId)).and(AREA_SCORE.UNIT_ID.eq(summary.unitId()))
                .groupBy(INDICATOR_AREA.ID, INDICATOR_AREA.NAME, INDICATOR_AREA.ORDINAL)
                .orderBy(INDICATOR_AREA.ORDINAL)
                .fetch(r -> new AreaLine(r.value1(), r.value2(), r.value3(), r.value4(), group.areas().get(r.value1())));
    }

    public List<PointLine> points(long roundId, Summary summary) {
        long unitId = summary.unitId();
        GroupAverages.Of group = averages.of(roundId, summary.groupId());
        Map<Long, List<EvidenceLink>> evidence = dsl.select(FINDING_EVIDENCE.FINDING_ID, CAPTURE.ID, CAPTURE.URL,
                        CAPTURE.CAPTURED_AT, CAPTURE.PAYLOAD_DIGEST, FINDING_EVIDENCE.EXCERPT, FINDING_EVIDENCE.ID)
                .from(FINDING_EVIDENCE)
                .join(FINDING).on(FINDING.ID.eq(FINDING_EVIDENCE.FINDING_ID))
                .join(CAPTURE).on(CAPTURE.ID.eq(FINDING_EVIDENCE.CAPTURE_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.UNIT_ID.eq(unitId))
                .orderBy(FINDING_EVIDENCE.ID)
                .fetchGroups(FINDING_EVIDENCE.FINDING_ID, r -> new EvidenceLink(r.value7(), r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6()));
        return dsl.select(INDICATOR_AREA.NAME, EVALUATION_POINT.TEXT, POINT_SCORE.SCORE, POINT_SCORE.MAX_SCORE,
                        FINDING.STATUS, FINDING.MESSAGE, EVALUATION_POINT.HOW_TO_FIX, FINDING.ID, EVALUATION_POINT.ID)
                .from(POINT_SCORE)
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(POINT_SCORE.POINT_ID))
                .join(INDICATOR).on(INDICATOR.ID.eq(EVALUATION_POINT.INDICATOR_ID))
                .join(INDICATOR_AREA).on(INDICATOR_AREA.ID.eq(INDICATOR.AREA_ID))
                .leftJoin(FINDING).on(FINDING.ROUND_ID.eq(POINT_SCORE.ROUND_ID)
                        .and(FINDING.UNIT_ID.eq(POINT_SCORE.UNIT_ID)).and(FINDING.POINT_ID.eq(POINT_SCORE.POINT_ID)))
                .where(POINT_SCORE.ROUND_ID.eq(roundId)).and(POINT_SCORE.UNIT_ID.eq(unitId))
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
