package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.noCondition;

import cn.gongkai.web.input.TextInput;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** The findings of a round awaiting or having had an evaluator's review, filtered as the evaluator asks. */
@Repository
class ReviewQueue {

    record Filter(String status, String point, Long unit, String checker, boolean unreviewedOnly) {
    }

    record Line(long findingId, String unitName, String pointCode, String pointText, String method, String checker,
                String status, BigDecimal scoreFraction, String message, String lastDecision, String lastStatus,
                String lastReviewer, String lastReason, LocalDateTime lastReviewedAt, boolean veto,
                boolean confirmVetoes) {

        public boolean needsConfirmation() {
            return lastDecision == null && ("ASSISTED".equals(method) || vetoAwaitsConfirmation());
        }

        /** A veto FAIL that enters the negative list only once an evaluator confirms it; 待评 until then. */
        public boolean vetoAwaitsConfirmation() {
            return lastDecision == null && veto && "FAIL".equals(status)
                    && (confirmVetoes || "ASSISTED".equals(method));
        }
    }

    /** An evidence file an evaluator attached to a review of the finding. */
    record FileLink(long id, String fileName, String sha256, LocalDateTime uploadedAt) {

        /** Names stored before uploads were cleaned may still reorder how they are shown. */
        FileLink {
            fileName = TextInput.withoutBidi(fileName);
        }
    }

    private final DSLContext dsl;

    ReviewQueue(DSLContext dsl) {
        this.dsl = dsl;
    }

    List<Line> lines(long roundId, Filter filter) {
        var latest = dsl.select(REVIEW.FINDING_ID.as("finding_id"), max(REVIEW.ID).as("review_id"))
                .from(REVIEW).groupBy(REVIEW.FINDING_ID).asTable("latest");
        var latestReview = REVIEW.as("lr");
        Condition where = FINDING.ROUND_ID.eq(roundId);
        if (filter.status() != null && !filter.status().isBlank()) {
            where = where.and(FINDING.STATUS.eq(filter.status()));
        }
        if (filter.point() != null && !filter.point().isBlank()) {
            where = where.and(EVALUATION_POINT.CODE.eq(filter.point()));
        }
        if (filter.unit() != null) {
            where = where.and(FINDING.UNIT_ID.eq(filter.unit()));
        }
        if (filter.checker() != null && !filter.checker().isBlank()) {
            where = where.and(EVALUATION_POINT.CHECKER_TYPE.eq(filter.checker()));
        }
        Condition unreviewed = filter.unreviewedOnly() ? latestReview.ID.isNull() : noCondition();
        return dsl.select(FINDING.ID, UNIT.NAME, EVALUATION_POINT.CODE, EVALUATION_POINT.TEXT, EVALUATION_POINT.METHOD,
                        EVALUATION_POINT.CHECKER_TYPE, FINDING.STATUS, FINDING.SCORE_FRACTION, FINDING.MESSAGE,
                        latestReview.DECISION, latestReview.STATUS, APP_USER.DISPLAY_NAME, latestReview.REASON,
                        latestReview.REVIEWED_AT, EVALUATION_POINT.VETO, ASSESSMENT_ROUND.CONFIRM_VETOES)
                .from(FINDING)
                .join(ASSESSMENT_ROUND).on(ASSESSMENT_ROUND.ID.eq(FINDING.ROUND_ID))
                .join(UNIT).on(UNIT.ID.eq(FINDING.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                .leftJoin(latest).on(field(latest.field("finding_id", Long.class)).eq(FINDING.ID))
                .leftJoin(latestReview).on(latestReview.ID.eq(latest.field("review_id", Long.class)))
                .leftJoin(APP_USER).on(APP_USER.ID.eq(latestReview.REVIEWER_ID))
                .where(where).and(unreviewed)
                // What most needs a person comes first: uncertain, then failures, then the rest.
                .orderBy(FINDING.STATUS.sortAsc("UNCERTAIN", "FAIL", "PARTIAL", "NOT_ASSESSABLE", "PASS",
                        "NOT_APPLICABLE"), UNIT.ID, EVALUATION_POINT.ORDINAL)
                .limit(1000)
                .fetch(r -> new Line(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(), r.value13(),
                        r.value14(), Boolean.TRUE.equals(r.value15()), !Boolean.FALSE.equals(r.value16())));
    }

    /** The evaluators' evidence files on the round's findings, by finding. */
    java.util.Map<Long, List<FileLink>> files(long roundId) {
        return dsl.select(REVIEW.FINDING_ID, REVIEW_FILE.ID, REVIEW_FILE.FILE_NAME, REVIEW_FILE.SHA256,
                        REVIEW_FILE.UPLOADED_AT)
                .from(REVIEW_FILE).join(REVIEW).on(REVIEW.ID.eq(REVIEW_FILE.REVIEW_ID))
                .join(FINDING).on(FINDING.ID.eq(REVIEW.FINDING_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).orderBy(REVIEW_FILE.ID)
                .fetchGroups(REVIEW.FINDING_ID, r -> new FileLink(r.value2(), r.value3(), r.value4(), r.value5()));
    }
}
