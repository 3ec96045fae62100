package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.SECOND_REVIEW;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.USER_ROLE;

import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.error.NotFound;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Second review (复核抽查): a random sample of a round's machine findings is judged again by a second evaluator who
 * sees the point and its evidence but not the first verdict; agreement is reported, and every disagreement must be
 * reconciled — with a reason, and the reconciled verdict taking effect — before the round can be published.
 */
@Service
public class SecondReviews {

    /** The verdicts an evaluator can give. */
    static final Set<String> VERDICTS = Set.of("PASS", "FAIL", "PARTIAL", "NOT_APPLICABLE");

    record Task(long findingId, String unitName, String pointText, List<Long> captureIds, String secondStatus) {
    }

    record Disagreement(long findingId, String unitName, String pointText, String first, String second,
                        String secondReason, String reviewer) {

        public String firstLabel() {
            return StatusWords.status(first);
        }

        public String secondLabel() {
            return StatusWords.status(second);
        }
    }

    private final DSLContext dsl;
    private final Reviews reviews;
    private final RoundLifecycle lifecycle;

    public SecondReviews(DSLContext dsl, Reviews reviews, RoundLifecycle lifecycle) {
        this.dsl = dsl;
        this.reviews = reviews;
        this.lifecycle = lifecycle;
    }

    /**
     * Draws {@code percent}% of the round's machine findings not yet sampled (at least one) for {@code reviewer},
     * leaving out findings the reviewer decided first. The seed makes a draw repeatable for the audit.
     */
    public int draw(long roundId, int percent, String reviewerUsername, long seed, GongkaiUser actor) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("抽查比例须在 1% 到 100% 之间");
        }
        requireOpen(roundId);
        Long reviewerId = dsl.select(APP_USER.ID).from(APP_USER).join(USER_ROLE).on(USER_ROLE.USER_ID.eq(APP_USER.ID))
                .where(APP_USER.USERNAME.eq(reviewerUsername)).and(USER_ROLE.ROLE.eq("EVALUATOR"))
                .fetchOne(APP_USER.ID);
        if (reviewerId == null) {
            throw new IllegalArgumentException("没有名为 " + reviewerUsername + " 的评估人员");
        }
        Set<Long> decidedByReviewer = Set.copyOf(dsl.selectDistinct(REVIEW.FINDING_ID).from(REVIEW)
                .where(REVIEW.REVIEWER_ID.eq(reviewerId)).fetch(REVIEW.FINDING_ID));
        List<Long> candidates = new ArrayList<>(dsl.select(FINDING.ID).from(FINDING)
                .where(FINDING.ROUND_ID.eq(roundId))
                .andNotExists(dsl.selectOne().from(SECOND_REVIEW).where(SECOND_REVIEW.FINDING_ID.eq(FINDING.ID)))
                .orderBy(FINDING.ID)
                .fetch(FINDING.ID));
        candidates.removeAll(decidedByReviewer);
        if (candidates.isEmpty()) {
            throw new IllegalStateException("没有可抽查的检查结果");
        }
        Collections.shuffle(candidates, new Random(seed));
        int size = Math.max(1, (int) Math.round(candidates.size() * percent / 100.0));
        List<Long> sample = candidates.subList(0, Math.min(size, candidates.size()));
        Map<Long, String> firstVerdicts = firstVerdicts(roundId);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        dsl.transaction(tx -> {
            for (long findingId : sample) {
                tx.dsl().insertInto(SECOND_REVIEW, SECOND_REVIEW.ROUND_ID, SECOND_REVIEW.FINDING_ID,
                                SECOND_REVIEW.REVIEWER_ID, SECOND_REVIEW.FIRST_STATUS, SECOND_REVIEW.DRAWN_BY,
                                SECOND_REVIEW.DRAWN_AT)
                        .values(roundId, findingId, reviewerId, firstVerdicts.get(findingId), actor.getUsername(), now)
                        .execute();
            }
            audit(tx.dsl(), actor.getUsername(), "SECOND_REVIEW_DRAWN", String.valueOf(roundId),
                    "{\"reviewer\":\"" + reviewerUsername + "\",\"size\":" + sample.size() + ",\"percent\":" + percent
                            + ",\"seed\":" + seed + "}", "抽取 " + percent + "% 复核");
        });
        return sample.size();
    }

    /** The reviewer's sampled findings: point and evidence only, never the first verdict. */
    List<Task> tasks(long roundId, GongkaiUser reviewer) {
        Map<Long, List<Long>> evidence = dsl.select(FINDING_EVIDENCE.FINDING_ID, FINDING_EVIDENCE.CAPTURE_ID)
                .from(FINDING_EVIDENCE).join(SECOND_REVIEW).on(SECOND_REVIEW.FINDING_ID.eq(FINDING_EVIDENCE.FINDING_ID))
                .where(SECOND_REVIEW.ROUND_ID.eq(roundId)).and(SECOND_REVIEW.REVIEWER_ID.eq(reviewer.id()))
                .fetchGroups(FINDING_EVIDENCE.FINDING_ID, FINDING_EVIDENCE.CAPTURE_ID);
        return dsl.select(SECOND_REVIEW.FINDING_ID, UNIT.NAME, EVALUATION_POINT.TEXT, SECOND_REVIEW.SECOND_STATUS)
                .from(SECOND_REVIEW)
                .join(FINDING).on(FINDING.ID.eq(SECOND_REVIEW.FINDING_ID))
                .join(UNIT).on(UNIT.ID.eq(FINDING.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                .where(SECOND_REVIEW.ROUND_ID.eq(roundId)).and(SECOND_REVIEW.REVIEWER_ID.eq(reviewer.id()))
                .orderBy(UNIT.ID, EVALUATION_POINT.ORDINAL)
                .fetch(r -> new Task(r.value1(), r.value2(), r.value3(), evidence.getOrDefault(r.value1(), List.of()),
                        r.value4()));
    }

    public void judge(long roundId, long findingId, GongkaiUser reviewer, String status, String reason) {
        requireFinding(roundId, findingId);
        if (!VERDICTS.contains(status)) {
            throw new IllegalArgumentException("复核结论无效：" + status);
        }
        TextInput.limited(reason, "复核说明", TextInput.REASON_MAX);
        requireOpen(roundId);
        // The draw leaves out findings the reviewer had decided; this holds for reviews made after the draw too.
        if (dsl.fetchExists(REVIEW, REVIEW.FINDING_ID.eq(findingId).and(REVIEW.REVIEWER_ID.eq(reviewer.id())))) {
            throw new IllegalStateException("您已复核过这条检查结果（确认、改判或处理申诉），盲评复核须由另一位评估人员进行");
        }
        int updated = dsl.update(SECOND_REVIEW)
                .set(SECOND_REVIEW.SECOND_STATUS, status)
                .set(SECOND_REVIEW.SECOND_REASON, reason)
                .set(SECOND_REVIEW.REVIEWED_AT, LocalDateTime.now(ZoneOffset.UTC))
                .where(SECOND_REVIEW.ROUND_ID.eq(roundId)).and(SECOND_REVIEW.FINDING_ID.eq(findingId))
                .and(SECOND_REVIEW.REVIEWER_ID.eq(reviewer.id())).and(SECOND_REVIEW.RECONCILED_STATUS.isNull())
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("该检查结果不在您的复核抽查任务中，或已完成协调");
        }
        audit(dsl, reviewer.getUsername(), "SECOND_REVIEW_JUDGED", String.valueOf(findingId),
                "{\"secondStatus\":\"" + status + "\"}", reason);
    }

    Agreement agreement(long roundId) {
        List<Agreement.Pair> pairs = dsl.select(SECOND_REVIEW.FIRST_STATUS, SECOND_REVIEW.SECOND_STATUS)
                .from(SECOND_REVIEW).where(SECOND_REVIEW.ROUND_ID.eq(roundId)).and(SECOND_REVIEW.SECOND_STATUS.isNotNull())
                .fetch(r -> new Agreement.Pair(r.value1(), r.value2()));
        return Agreement.of(pairs, VERDICTS);
    }

    List<Disagreement> disagreements(long roundId) {
        return dsl.select(SECOND_REVIEW.FINDING_ID, UNIT.NAME, EVALUATION_POINT.TEXT, SECOND_REVIEW.FIRST_STATUS,
                        SECOND_REVIEW.SECOND_STATUS, SECOND_REVIEW.SECOND_REASON, APP_USER.DISPLAY_NAME)
                .from(SECOND_REVIEW)
                .join(FINDING).on(FINDING.ID.eq(SECOND_REVIEW.FINDING_ID))
                .join(UNIT).on(UNIT.ID.eq(FINDING.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(FINDING.POINT_ID))
                .join(APP_USER).on(APP_USER.ID.eq(SECOND_REVIEW.REVIEWER_ID))
                .where(SECOND_REVIEW.ROUND_ID.eq(roundId)).and(SECOND_REVIEW.SECOND_STATUS.isNotNull())
                .and(SECOND_REVIEW.SECOND_STATUS.ne(SECOND_REVIEW.FIRST_STATUS))
                .and(SECOND_REVIEW.RECONCILED_STATUS.isNull())
                .fetch(r -> new Disagreement(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7()));
    }

    /** Settles a disagreement; a verdict other than the first one takes effect as an override. */
    public void reconcile(long roundId, long findingId, GongkaiUser evaluator, String status, String reason) {
        requireFinding(roundId, findingId);
        if (!VERDICTS.contains(status)) {
            throw new IllegalArgumentException("协调结论无效：" + status);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("协调分歧须说明理由");
        }
        TextInput.limited(reason, "协调理由", TextInput.REASON_MAX);
        var sample = dsl.selectFrom(SECOND_REVIEW).where(SECOND_REVIEW.ROUND_ID.eq(roundId))
                .and(SECOND_REVIEW.FINDING_ID.eq(findingId)).fetchOne();
        if (sample == null || sample.getSecondStatus() == null || sample.getReconciledStatus() != null) {
            throw new IllegalStateException("该抽查结果没有待协调的分歧");
        }
        dsl.transaction(tx -> {
            if (!status.equals(sample.getFirstStatus())) {
                reviews.override(findingId, evaluator.id(), evaluator.getUsername(), status,
                        status.equals("PARTIAL") ? new java.math.BigDecimal("0.5") : null, "复核抽查协调：" + reason);
            }
            tx.dsl().update(SECOND_REVIEW)
                    .set(SECOND_REVIEW.RECONCILED_STATUS, status)
                    .set(SECOND_REVIEW.RECONCILED_BY, evaluator.getUsername())
                    .set(SECOND_REVIEW.RECONCILED_AT, LocalDateTime.now(ZoneOffset.UTC))
                    .set(SECOND_REVIEW.RECONCILE_REASON, reason)
                    .where(SECOND_REVIEW.ROUND_ID.eq(roundId)).and(SECOND_REVIEW.FINDING_ID.eq(findingId))
                    .execute();
            audit(tx.dsl(), evaluator.getUsername(), "SECOND_REVIEW_RECONCILED", String.valueOf(findingId),
                    "{\"first\":\"" + sample.getFirstStatus() + "\",\"second\":\"" + sample.getSecondStatus()
                            + "\",\"reconciled\":\"" + status + "\"}", reason);
        });
    }

    /** A finding of another round, or none, is not found; one of the round outside the sample is a state error. */
    private void requireFinding(long roundId, long findingId) {
        if (!dsl.fetchExists(FINDING, FINDING.ID.eq(findingId).and(FINDING.ROUND_ID.eq(roundId)))) {
            throw new NotFound("本轮次中没有这条检查结果：" + findingId);
        }
    }

    /** Sampled findings not yet judged, plus disagreements not yet reconciled: both hold publication back. */
    public int outstanding(long roundId) {
        int unjudged = dsl.fetchCount(SECOND_REVIEW, SECOND_REVIEW.ROUND_ID.eq(roundId)
                .and(SECOND_REVIEW.SECOND_STATUS.isNull()));
        return unjudged + disagreements(roundId).size();
    }

    /** The verdict in force for each finding: the latest override, else the machine's. */
    private Map<Long, String> firstVerdicts(long roundId) {
        Map<Long, String> verdicts = dsl.select(FINDING.ID, FINDING.STATUS).from(FINDING)
                .where(FINDING.ROUND_ID.eq(roundId)).fetchMap(FINDING.ID, FINDING.STATUS);
        dsl.select(REVIEW.FINDING_ID, REVIEW.STATUS).from(REVIEW).join(FINDING).on(FINDING.ID.eq(REVIEW.FINDING_ID))
                .where(FINDING.ROUND_ID.eq(roundId)).and(REVIEW.DECISION.eq("OVERRIDE"))
                .orderBy(REVIEW.REVIEWED_AT, REVIEW.ID)
                .forEach(r -> verdicts.put(r.value1(), r.value2()));
        return verdicts;
    }

    private void requireOpen(long roundId) {
        RoundStatus status = lifecycle.status(roundId);
        if (status != RoundStatus.REVIEWING && status != RoundStatus.FEEDBACK) {
            throw new IllegalStateException("评估轮次处于「" + status.label() + "」阶段，不能进行复核抽查");
        }
    }

    private static void audit(DSLContext db, String actor, String action, String entityId, String after, String reason) {
        AuditTrail.record(db, actor, action, "second_review", entityId, null, after, reason);
    }
}
