package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.selectOne;

import cn.gongkai.web.input.TextInput;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SortField;
import org.springframework.stereotype.Repository;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/** The findings of a round awaiting or having had an evaluator's review, filtered as the evaluator asks. */
@Repository
class ReviewQueue {

    /** Findings shown on one page of the queue; bulk actions may still take every finding the filter matches. */
    static final int PAGE_SIZE = 100;

    /** The machine's statuses, in the order the queue lists them: what most needs a person first. */
    static final List<String> STATUS_ORDER = List.of("UNCERTAIN", "FAIL", "PARTIAL", "NOT_ASSESSABLE", "PASS",
            "NOT_APPLICABLE");

    record Filter(String status, String point, Long unit, String checker, boolean unreviewedOnly) {

        Filter {
            status = blankToNull(status);
            point = blankToNull(point);
            checker = blankToNull(checker);
        }

        /** The filter as the queue's query string (without page), e.g. {@code status=FAIL&unit=3}. */
        public String query() {
            List<String> parts = new ArrayList<>();
            add(parts, "status", status);
            add(parts, "point", point);
            add(parts, "unit", unit == null ? null : String.valueOf(unit));
            add(parts, "checker", checker);
            add(parts, "unreviewed", unreviewedOnly ? "true" : null);
            return String.join("&", parts);
        }

        private static void add(List<String> parts, String name, String value) {
            if (value != null) {
                parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    /**
     * Where the evaluator was in the queue: the filter and the page. Forms carry it as one query string ({@code back})
     * and it is read back field by field, so a redirect built from it holds only the queue's own parameters.
     */
    record Position(Filter filter, int page) {

        static Position parse(String back) {
            MultiValueMap<String, String> q = UriComponentsBuilder.fromUriString("/?" + (back == null ? "" : back))
                    .build().getQueryParams();
            Long unit = null;
            int page = 1;
            try {
                unit = q.getFirst("unit") == null || q.getFirst("unit").isBlank() ? null
                        : Long.parseLong(decode(q.getFirst("unit")));
                page = q.getFirst("page") == null ? 1 : Math.max(1, Integer.parseInt(decode(q.getFirst("page"))));
            } catch (NumberFormatException e) {
                // A damaged position goes back to the unfiltered queue's first page rather than failing the action.
                return new Position(new Filter(null, null, null, null, false), 1);
            }
            return new Position(new Filter(decode(q.getFirst("status")), decode(q.getFirst("point")), unit,
                    decode(q.getFirst("checker")), "true".equals(decode(q.getFirst("unreviewed")))), page);
        }

        public Position withPage(int other) {
            return new Position(filter, other);
        }

        /** The query string of the filter and page, e.g. {@code status=FAIL&page=2}. */
        public String query() {
            String filterQuery = filter.query();
            String pageQuery = page > 1 ? "page=" + page : "";
            return filterQuery.isEmpty() ? pageQuery : pageQuery.isEmpty() ? filterQuery : filterQuery + "&" + pageQuery;
        }

        private static String decode(String value) {
            return value == null ? null : java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
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

        /** The machine's status in Chinese. */
        public String statusLabel() {
            return StatusWords.status(status);
        }

        /** The latest review in Chinese, e.g. 已确认 or 已改判为通过; null when nobody reviewed the finding. */
        public String lastDecisionLabel() {
            return lastDecision == null ? null : StatusWords.decision(lastDecision, lastStatus);
        }
    }

    /** A capture behind a finding and the words the checker read in it, linked to the evidence viewer. */
    record EvidenceLine(long evidenceId, long captureId, String url, String excerpt) {
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

    private static Condition matching(long roundId, Filter filter) {
        Condition where = FINDING.ROUND_ID.eq(roundId);
        if (filter.status() != null) {
            where = where.and(FINDING.STATUS.eq(filter.status()));
        }
        if (filter.point() != null) {
            where = where.and(EVALUATION_POINT.CODE.eq(filter.point()));
        }
        if (filter.unit() != null) {
            where = where.and(FINDING.UNIT_ID.eq(filter.unit()));
        }
        if (filter.checker() != null) {
            where = where.and(EVALUATION_POINT.CHECKER_TYPE.eq(filter.checker()));
        }
        if (filter.unreviewedOnly()) {
            where = where.andNotExists(selectOne().from(REVIEW).where(REVIEW.FINDING_ID.eq(FINDING.ID)));
        }
        return where;
    }

    private static List<SortField<?>> order() {
        return List.of(FINDING.STATUS.sortAsc(STATUS_ORDER), UNIT.ID.asc(), EVALUATION_POINT.ORDINAL.asc(),
                FINDING.ID.asc());
    }

    /** How many findings of the round the filter matches, on all pages. */
    int count(long roundId, Filter filter) {
        return dsl.selectCount().from(FINDING)
                .join(UNIT).on(UNIT.ID.eq(FINDING.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                .where(matching(roundId, filter)).fetchOne(0, int.class);
    }

    /** Every finding the filter matches, in the queue's order: what 「全选筛选结果」 acts on. */
    List<Long> ids(long roundId, Filter filter) {
        return dsl.select(FINDING.ID).from(FINDING)
                .join(UNIT).on(UNIT.ID.eq(FINDING.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                .where(matching(roundId, filter)).orderBy(order()).fetch(FINDING.ID);
    }

    boolean matches(long roundId, Filter filter, long findingId) {
        return dsl.selectCount().from(FINDING)
                .join(UNIT).on(UNIT.ID.eq(FINDING.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                .where(matching(roundId, filter)).and(FINDING.ID.eq(findingId)).fetchOne(0, int.class) > 0;
    }

    /** One page (from 1) of the findings the filter matches. */
    List<Line> lines(long roundId, Filter filter, int page) {
        var latest = dsl.select(REVIEW.FINDING_ID.as("finding_id"), max(REVIEW.ID).as("review_id"))
                .from(REVIEW).groupBy(REVIEW.FINDING_ID).asTable("latest");
        var latestReview = REVIEW.as("lr");
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
                .where(matching(roundId, filter))
                .orderBy(order())
                .limit(PAGE_SIZE).offset((long) (Math.max(1, page) - 1) * PAGE_SIZE)
                .fetch(r -> new Line(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(), r.value13(),
                        r.value14(), Boolean.TRUE.equals(r.value15()), !Boolean.FALSE.equals(r.value16())));
    }

    /** The captures behind the given findings with their excerpts, by finding. */
    Map<Long, List<EvidenceLine>> evidence(Collection<Long> findingIds) {
        if (findingIds.isEmpty()) {
            return Map.of();
        }
        return dsl.select(FINDING_EVIDENCE.FINDING_ID, FINDING_EVIDENCE.ID, CAPTURE.ID, CAPTURE.URL,
                        FINDING_EVIDENCE.EXCERPT)
                .from(FINDING_EVIDENCE).join(CAPTURE).on(CAPTURE.ID.eq(FINDING_EVIDENCE.CAPTURE_ID))
                .where(FINDING_EVIDENCE.FINDING_ID.in(findingIds)).orderBy(FINDING_EVIDENCE.ID)
                .fetchGroups(FINDING_EVIDENCE.FINDING_ID,
                        r -> new EvidenceLine(r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** The evaluators' evidence files on the round's findings, by finding. */
    Map<Long, List<FileLink>> files(long roundId) {
        return dsl.select(REVIEW.FINDING_ID, REVIEW_FILE.ID, REVIEW_FILE.FILE_NAME, REVIEW_FILE.SHA256,
                        REVIEW_FILE.UPLOADED_AT)
                .from(REVIEW_FILE).join(REVIEW).on(REVIEW.ID.eq(REVIEW_FILE.REVIEW_ID))
                .join(FINDING).on(FINDING.ID.eq(REVIEW.FINDING_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).orderBy(REVIEW_FILE.ID)
                .fetchGroups(REVIEW.FINDING_ID, r -> new FileLink(r.value2(), r.value3(), r.value4(), r.value5()));
    }
}
