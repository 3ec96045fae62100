package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.REVIEW_FILE;
import static cn.gongkai.sql.jooq.Tables.SECOND_REVIEW;

import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.error.NotFound;
import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.round.RoundStatus;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Evaluators' decisions on findings: a confirmation keeps the machine's finding, an override replaces its status and
 * score with the evaluator's, for a stated reason. Reviews are only added, never changed; scoring uses the latest.
 */
@Service
public class Reviews {

    static final List<String> STATUSES = List.of("PASS", "FAIL", "PARTIAL", "NOT_APPLICABLE");

    private final DSLContext dsl;
    private final EvidenceFiles files;

    public Reviews(DSLContext dsl, EvidenceFiles files) {
        this.dsl = dsl;
        this.files = files;
    }

    /** An evaluator's confirmation from the review queue; refused to the finding's blind second reviewer. */
    public void confirm(long findingId, long reviewerId, String actor, String reason) {
        requireNotBlindReviewer(findingId, reviewerId);
        record("FIRST", findingId, reviewerId, actor, "CONFIRM", null, null, reason);
    }

    /** What a bulk action did: findings decided, and those left alone because the evaluator reviews them blind. */
    public record BulkResult(int decided, int blindSkipped) {
    }

    /**
     * Confirms or overrides each finding with one reason, all in one transaction: either every finding gets its
     * review and audit entry or none does. An id naming no finding of the round refuses the whole request; findings
     * drawn for this evaluator's blind second review are left out (a first review by them would defeat it).
     *
     * @param status the override's status (OVERRIDE only); {@code fraction} as for {@link #override}
     */
    public BulkResult decideAll(long roundId, Collection<Long> findingIds, long reviewerId, String actor,
                                String decision, String status, BigDecimal fraction, String reason) {
        if (!"CONFIRM".equals(decision) && !"OVERRIDE".equals(decision)) {
            throw new IllegalArgumentException("批量操作无效：" + decision);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("批量" + ("OVERRIDE".equals(decision) ? "改判" : "确认")
                    + "须填写「批量操作理由」");
        }
        TextInput.text(reason, "批量操作理由", TextInput.REASON_MAX);
        Set<Long> ids = new LinkedHashSet<>(findingIds);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("请先勾选要处理的检查结果，或选择筛选结果中的全部");
        }
        Set<Long> known = new HashSet<>(dsl.select(FINDING.ID).from(FINDING)
                .where(FINDING.ROUND_ID.eq(roundId)).and(FINDING.ID.in(ids)).fetch(FINDING.ID));
        List<Long> unknown = ids.stream().filter(id -> !known.contains(id)).toList();
        if (!unknown.isEmpty()) {
            throw new NotFound("本轮次中没有这些检查结果：" + unknown.stream().limit(20).map(String::valueOf)
                    .collect(Collectors.joining("、")) + (unknown.size() > 20 ? "……" : ""));
        }
        Set<Long> blind = new HashSet<>(dsl.select(SECOND_REVIEW.FINDING_ID).from(SECOND_REVIEW)
                .where(SECOND_REVIEW.FINDING_ID.in(ids)).and(SECOND_REVIEW.REVIEWER_ID.eq(reviewerId))
                .fetch(SECOND_REVIEW.FINDING_ID));
        List<Long> decided = ids.stream().filter(id -> !blind.contains(id)).toList();
        dsl.transaction(tx -> {
            for (long id : decided) {
                if ("OVERRIDE".equals(decision)) {
                    override("FIRST", id, reviewerId, actor, status, fraction, reason, List.of());
                } else {
                    record("FIRST", id, reviewerId, actor, "CONFIRM", null, null, reason);
                }
            }
        });
        return new BulkResult(decided.size(), blind.size());
    }

    /** Replaces the finding's verdict; {@code fraction} is needed for PARTIAL and ignored otherwise. */
    public void override(long findingId, long reviewerId, String actor, String status, BigDecimal fraction,
                         String reason) {
        override("FIRST", findingId, reviewerId, actor, status, fraction, reason, List.of());
    }

    /**
     * An override with the evaluator's own evidence (a screenshot, a PDF …), already checked by
     * {@link EvidenceFiles#check}. The files are put in the store before the review is written, and linked to the
     * review in the same transaction as the review and its audit entries: either all of it is recorded or nothing.
     */
    public long override(long findingId, long reviewerId, String actor, String status, BigDecimal fraction,
                         String reason, List<EvidenceFiles.Checked> evidence) {
        requireNotBlindReviewer(findingId, reviewerId);
        return override("FIRST", findingId, reviewerId, actor, status, fraction, reason, evidence);
    }

    /** The override that an accepted appeal makes; returns the review's id. */
    public long overrideOnAppeal(long findingId, long reviewerId, String actor, String status, BigDecimal fraction,
                                 String reason) {
        return override("APPEAL", findingId, reviewerId, actor, status, fraction, reason, List.of());
    }

    /**
     * The evaluator drawn to judge a finding blind (复核抽查) must not also be its first reviewer: the second verdict
     * is worth something only if it comes from another person.
     */
    private void requireNotBlindReviewer(long findingId, long reviewerId) {
        if (dsl.fetchExists(SECOND_REVIEW, SECOND_REVIEW.FINDING_ID.eq(findingId)
                .and(SECOND_REVIEW.REVIEWER_ID.eq(reviewerId)))) {
            throw new IllegalStateException("这条检查结果已抽取由您盲评复核，不能再由您确认或改判；请由另一位评估人员复核");
        }
    }

    private long override(String kind, long findingId, long reviewerId, String actor, String status,
                          BigDecimal fraction, String reason, List<EvidenceFiles.Checked> evidence) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("改判结论无效：" + status);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("改判必须填写理由");
        }
        BigDecimal score = switch (status) {
            case "PASS" -> BigDecimal.ONE;
            case "FAIL" -> BigDecimal.ZERO;
            case "PARTIAL" -> {
                if (fraction == null || fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
                    throw new IllegalArgumentException("部分得分比例须在 0 到 1 之间");
                }
                yield fraction;
            }
            default -> null;
        };
        return record(kind, findingId, reviewerId, actor, "OVERRIDE", status, score, reason, evidence);
    }

    private long record(String kind, long findingId, long reviewerId, String actor, String decision, String status,
                        BigDecimal fraction, String reason) {
        return record(kind, findingId, reviewerId, actor, decision, status, fraction, reason, List.of());
    }

    private long record(String kind, long findingId, long reviewerId, String actor, String decision, String status,
                        BigDecimal fraction, String reason, List<EvidenceFiles.Checked> evidence) {
        if (!evidence.isEmpty() && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("上传证据时必须填写理由");
        }
        // Callers hold what users type to TextInput.REASON_MAX; this is the column's own size, prefixes included.
        TextInput.limited(reason, "OVERRIDE".equals(decision) ? "改判理由" : "确认理由", 2000);
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            var finding = db.select(FINDING.STATUS, FINDING.SCORE_FRACTION, ASSESSMENT_ROUND.STATUS)
                    .from(FINDING).join(ASSESSMENT_ROUND).on(ASSESSMENT_ROUND.ID.eq(FINDING.ROUND_ID))
                    .where(FINDING.ID.eq(findingId)).fetchOne();
            if (finding == null) {
                throw new NotFound("检查结果不存在：" + findingId);
            }
            RoundStatus roundStatus = RoundStatus.valueOf(finding.value3());
            if (roundStatus != RoundStatus.REVIEWING && roundStatus != RoundStatus.FEEDBACK) {
                throw new IllegalStateException("评估轮次处于「" + roundStatus.label() + "」阶段，不能复核");
            }
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            long reviewId = db.insertInto(REVIEW, REVIEW.FINDING_ID, REVIEW.REVIEWER_ID, REVIEW.KIND, REVIEW.DECISION,
                            REVIEW.STATUS, REVIEW.SCORE_FRACTION, REVIEW.REASON, REVIEW.REVIEWED_AT)
                    .values(findingId, reviewerId, kind, decision, status, fraction, reason, now)
                    .returning(REVIEW.ID).fetchOne().getId();
            AuditTrail.record(db, actor, "FINDING_" + decision, "finding", String.valueOf(findingId),
                    "{\"status\":\"" + finding.value1() + "\",\"scoreFraction\":" + finding.value2() + "}",
                    "{\"review\":" + reviewId + ",\"status\":\"" + (status == null ? finding.value1() : status)
                            + "\",\"scoreFraction\":" + (status == null ? finding.value2() : fraction) + "}",
                    reason);
            for (EvidenceFiles.Checked file : evidence) {
                // Stored first (idempotent, by digest); if this transaction fails the file is just unreferenced.
                files.store(file);
                long fileId = db.insertInto(REVIEW_FILE, REVIEW_FILE.REVIEW_ID, REVIEW_FILE.FILE_NAME,
                                REVIEW_FILE.CONTENT_TYPE, REVIEW_FILE.SIZE_BYTES, REVIEW_FILE.SHA256,
                                REVIEW_FILE.UPLOADED_AT)
                        .values(reviewId, file.fileName(), file.contentType(), file.sizeBytes(), file.sha256(), now)
                        .returning(REVIEW_FILE.ID).fetchOne().getId();
                AuditTrail.record(db, actor, "REVIEW_FILE_UPLOADED", "finding", String.valueOf(findingId), null,
                        "{\"review\":" + reviewId + ",\"file\":" + fileId + ",\"name\":\"" + file.fileName()
                                + "\",\"contentType\":\"" + file.contentType() + "\",\"sizeBytes\":"
                                + file.sizeBytes() + ",\"sha256\":\"" + file.sha256() + "\"}",
                        reason);
            }
            return reviewId;
        });
    }
}
