package cn.gongkai.web.appeal;

import static cn.gongkai.sql.jooq.Tables.APPEAL;
import static cn.gongkai.sql.jooq.Tables.APPEAL_ATTACHMENT;
import static cn.gongkai.sql.jooq.Tables.APPEAL_RECAPTURE;
import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.crawler.Crawler;
import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.error.NotFound;
import cn.gongkai.web.evidence.EvidenceFileException;
import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.workbench.Reviews;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Appeals (申诉): during a round's feedback window a unit contests a point with text, a URL and attachments; an
 * evaluator accepts (the score changes through an APPEAL review) or rejects with a reason. Everything is validated
 * before anything is stored, and every step is logged.
 */
@Service
public class Appeals {

    public static final int MAX_FILES = 3;
    /** The audit entry of a filing keeps the whole text as its reason, which holds 2,000 characters. */
    public static final int MAX_TEXT = 2000;

    public record Attachment(String fileName, String contentType, byte[] bytes) {
    }

    public record AppealLine(long id, long roundId, long unitId, String unitName, long pointId, String pointText,
                             String text, String url, String status, LocalDateTime filedAt, String decisionReason,
                             LocalDateTime decidedAt, List<AttachmentLine> attachments,
                             List<RecaptureLine> recaptures) {

        public String statusLabel() {
            return switch (status) {
                case "OPEN" -> "待处理";
                case "ACCEPTED" -> "已采纳";
                case "REJECTED" -> "未采纳";
                default -> status;
            };
        }
    }

    public record AttachmentLine(long id, String fileName, long sizeBytes, String sha256, LocalDateTime uploadedAt) {

        /** Names stored before uploads were cleaned may still reorder how they are shown. */
        public AttachmentLine {
            fileName = TextInput.withoutBidi(fileName);
        }
    }

    /** A capture the evaluator made of the appeal's URL: the evidence viewer shows it in full. */
    public record RecaptureLine(long captureId, String url, LocalDateTime capturedAt, String status,
                                Integer httpStatus, String digest, String error, String requestedBy) {

        public String statusLabel() {
            return switch (status) {
                case "OK" -> "采集成功";
                case "HTTP_ERROR" -> "服务器返回错误" + (httpStatus == null ? "" : "（HTTP " + httpStatus + "）");
                case "FAILED" -> "采集失败";
                case "BLOCKED" -> "被拦截";
                case "NOT_FOUND" -> "页面不存在";
                case "MAINTENANCE" -> "网站维护中";
                default -> status;
            };
        }
    }

    private final DSLContext dsl;
    private final Reviews reviews;
    private final EvidenceFiles files;
    private final UnitUrlCapture capture;

    public Appeals(DSLContext dsl, Reviews reviews, EvidenceFiles files, UnitUrlCapture capture) {
        this.dsl = dsl;
        this.reviews = reviews;
        this.files = files;
        this.capture = capture;
    }

    public long file(GongkaiUser county, long roundId, long pointId, String text, String url,
                     List<Attachment> attachments) {
        if (!county.has(Role.COUNTY) || county.unitId() == null) {
            throw new AppealException("只有被评估单位账号可以提出申诉");
        }
        long unitId = county.unitId();
        if (text == null || text.isBlank()) {
            throw new AppealException("请填写申诉理由");
        }
        checked(() -> TextInput.limited(text.trim(), "申诉理由", MAX_TEXT));
        String cleanUrl = url == null || url.isBlank() ? null : url.trim();
        checked(() -> TextInput.limited(cleanUrl, "佐证网址", TextInput.URL_MAX));
        if (cleanUrl != null && !cleanUrl.matches("(?i)https?://\\S+")) {
            throw new AppealException("佐证网址须以 http:// 或 https:// 开头：" + cleanUrl);
        }
        List<Attachment> uploads = attachments.stream().filter(a -> a.bytes().length > 0).toList();
        if (uploads.size() > MAX_FILES) {
            throw new AppealException("最多上传 " + MAX_FILES + " 个附件");
        }
        List<EvidenceFiles.Checked> checked = new ArrayList<>();
        for (Attachment upload : uploads) {
            try {
                checked.add(files.check(new EvidenceFiles.Upload(upload.fileName(), upload.bytes())));
            } catch (EvidenceFileException e) {
                throw new AppealException(e.getMessage().replaceFirst("^文件", "附件"));
            }
        }
        // The form offers the round's points only: another id is not found, whatever the round's phase.
        if (!dsl.fetchExists(ROUND_POINT, ROUND_POINT.ROUND_ID.eq(roundId).and(ROUND_POINT.POINT_ID.eq(pointId)))) {
            throw new NotFound("本轮评估中没有这个评估点：" + pointId);
        }
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            String status = db.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                    .where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne(ASSESSMENT_ROUND.STATUS);
            if (status == null || RoundStatus.valueOf(status) != RoundStatus.FEEDBACK) {
                throw new AppealException("当前不在申诉期，不能提出申诉");
            }
            if (!db.fetchExists(ROUND_UNIT, ROUND_UNIT.ROUND_ID.eq(roundId).and(ROUND_UNIT.UNIT_ID.eq(unitId)))) {
                throw new AppealException("本单位不在该轮评估范围内，不能提出申诉");
            }
            if (db.fetchExists(APPEAL, APPEAL.ROUND_ID.eq(roundId).and(APPEAL.UNIT_ID.eq(unitId))
                    .and(APPEAL.POINT_ID.eq(pointId)).and(APPEAL.STATUS.eq("OPEN")))) {
                throw new AppealException("该评估点已有待处理的申诉，请等待处理结果");
            }
            Long findingId = db.select(FINDING.ID).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                    .and(FINDING.UNIT_ID.eq(unitId)).and(FINDING.POINT_ID.eq(pointId)).fetchOne(FINDING.ID);
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            long appealId = db.insertInto(APPEAL, APPEAL.ROUND_ID, APPEAL.UNIT_ID, APPEAL.POINT_ID, APPEAL.FINDING_ID,
                            APPEAL.FILED_BY, APPEAL.FILED_AT, APPEAL.TEXT, APPEAL.URL, APPEAL.STATUS)
                    .values(roundId, unitId, pointId, findingId, county.id(), now, text.trim(), cleanUrl, "OPEN")
                    .returning(APPEAL.ID).fetchOne().getId();
            for (EvidenceFiles.Checked file : checked) {
                // The bytes go to the store before the row commits: a stored file no row points at is harmless.
                files.store(file);
                db.insertInto(APPEAL_ATTACHMENT, APPEAL_ATTACHMENT.APPEAL_ID, APPEAL_ATTACHMENT.FILE_NAME,
                                APPEAL_ATTACHMENT.CONTENT_TYPE, APPEAL_ATTACHMENT.SIZE_BYTES, APPEAL_ATTACHMENT.SHA256,
                                APPEAL_ATTACHMENT.UPLOADED_AT)
                        .values(appealId, file.fileName(), file.contentType(), file.sizeBytes(), file.sha256(), now)
                        .execute();
            }
            audit(db, county.getUsername(), "APPEAL_FILED", appealId, null, "{\"status\":\"OPEN\"}", text.trim());
            return appealId;
        });
    }

    public void accept(long appealId, GongkaiUser evaluator, String status, BigDecimal fraction, String reason) {
        requireAppeal(appealId);
        if (reason == null || reason.isBlank()) {
            throw new AppealException("采纳申诉须说明理由");
        }
        checked(() -> TextInput.limited(reason, "采纳理由", TextInput.REASON_MAX));
        var appeal = openAppeal(appealId);
        if (appeal.getFindingId() == null) {
            throw new AppealException("该评估点没有机器检查结果，请在评分表中直接修改得分");
        }
        dsl.transaction(tx -> {
            long reviewId = reviews.overrideOnAppeal(appeal.getFindingId(), evaluator.id(), evaluator.getUsername(),
                    status, fraction, "申诉采纳：" + reason);
            decide(tx.dsl(), appealId, evaluator, "ACCEPTED", reason, reviewId);
        });
    }

    public void reject(long appealId, GongkaiUser evaluator, String reason) {
        requireAppeal(appealId);
        if (reason == null || reason.isBlank()) {
            throw new AppealException("驳回申诉须说明理由");
        }
        checked(() -> TextInput.limited(reason, "驳回理由", TextInput.REASON_MAX));
        openAppeal(appealId);
        dsl.transaction(tx -> decide(tx.dsl(), appealId, evaluator, "REJECTED", reason, null));
    }

    /**
     * Captures the URL an open appeal gave, now, as evidence of the unit's channel in the round (the one on the same
     * host when there is one): written to WARC, indexed, linked to the appeal and logged. A fetch that fails is
     * recorded and shown as failed; it is not an error. Only during the feedback window.
     *
     * <p>The URL comes from the unit under evaluation, so it is fetched only on the unit's registered sites unless
     * the evaluator widens that with a reason (logged); see {@link UnitUrlCapture} for what is never fetched.
     */
    public Crawler.Captured recapture(long appealId, GongkaiUser evaluator, boolean widen, String widenReason) {
        var appeal = openAppeal(appealId);
        if (appeal.getUrl() == null) {
            throw new AppealException("该申诉没有提供佐证网址");
        }
        String reason = widenReason == null ? "" : widenReason.strip();
        if (widen && reason.isEmpty()) {
            throw new AppealException("允许采集登记网站以外的网址须说明理由");
        }
        checked(() -> TextInput.limited(reason, "允许采集的理由", 500));
        String roundStatus = dsl.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(appeal.getRoundId())).fetchOne(ASSESSMENT_ROUND.STATUS);
        if (roundStatus == null || RoundStatus.valueOf(roundStatus) != RoundStatus.FEEDBACK) {
            throw new AppealException("只有在反馈申诉期才能重新采集申诉网址");
        }
        Crawler.Captured captured;
        try {
            captured = capture.capture(appeal.getRoundId(), appeal.getUnitId(), appeal.getUrl(), widen);
        } catch (IllegalArgumentException e) {
            throw new AppealException(e.getMessage());
        }
        String digest = dsl.select(CAPTURE.PAYLOAD_DIGEST).from(CAPTURE).where(CAPTURE.ID.eq(captured.captureId()))
                .fetchOne(CAPTURE.PAYLOAD_DIGEST);
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            db.insertInto(APPEAL_RECAPTURE, APPEAL_RECAPTURE.APPEAL_ID, APPEAL_RECAPTURE.CAPTURE_ID,
                            APPEAL_RECAPTURE.REQUESTED_BY, APPEAL_RECAPTURE.REQUESTED_AT)
                    .values(appealId, captured.captureId(), evaluator.id(), LocalDateTime.now(ZoneOffset.UTC))
                    .execute();
            audit(db, evaluator.getUsername(), "APPEAL_RECAPTURE", appealId, null,
                    "{\"capture\":" + captured.captureId() + ",\"status\":\"" + captured.status()
                            + "\",\"httpStatus\":" + captured.httpStatus() + ",\"digest\":"
                            + (digest == null ? "null" : "\"" + digest + "\"") + ",\"widened\":" + widen + "}",
                    "重新采集申诉网址 " + captured.url()
                            + (widen ? "（评估人员允许采集登记网站以外的网址，理由：" + reason + "）" : ""));
        });
        return captured;
    }

    public List<AppealLine> ofUnit(long roundId, long unitId) {
        return lines(APPEAL.ROUND_ID.eq(roundId).and(APPEAL.UNIT_ID.eq(unitId)));
    }

    /**
     * The re-captures made for the unit's appeals in the round, by the appeal's point, oldest first: the same ones
     * the unit's page lists under its appeals, for the reports that show them beside each point.
     */
    public Map<Long, List<RecaptureLine>> recapturesByPoint(long roundId, long unitId) {
        Map<Long, List<RecaptureLine>> byPoint = new HashMap<>();
        for (AppealLine appeal : ofUnit(roundId, unitId)) {
            byPoint.computeIfAbsent(appeal.pointId(), p -> new ArrayList<>()).addAll(appeal.recaptures());
        }
        byPoint.values().forEach(list -> list.sort(Comparator.comparingLong(RecaptureLine::captureId)));
        return byPoint;
    }

    /**
     * The unit's appeals in the round (text, attachments, status and the evaluator's answer), by point, in the order
     * they were filed: the same ones the unit's page lists, for the reports that show them beside each point.
     */
    public Map<Long, List<AppealLine>> ofUnitByPoint(long roundId, long unitId) {
        Map<Long, List<AppealLine>> byPoint = new HashMap<>();
        for (AppealLine appeal : ofUnit(roundId, unitId)) {
            byPoint.computeIfAbsent(appeal.pointId(), p -> new ArrayList<>()).add(appeal);
        }
        byPoint.values().forEach(list -> list.sort(Comparator.comparingLong(AppealLine::id)));
        return byPoint;
    }

    public List<AppealLine> ofRound(long roundId) {
        return lines(APPEAL.ROUND_ID.eq(roundId));
    }

    /** The unit an appeal belongs to, for access checks; null when there is no such appeal. */
    public Long unitOfAttachment(long attachmentId) {
        return dsl.select(APPEAL.UNIT_ID).from(APPEAL_ATTACHMENT).join(APPEAL).on(APPEAL.ID.eq(APPEAL_ATTACHMENT.APPEAL_ID))
                .where(APPEAL_ATTACHMENT.ID.eq(attachmentId)).fetchOne(APPEAL.UNIT_ID);
    }

    public Attachment attachment(long attachmentId) {
        var row = dsl.selectFrom(APPEAL_ATTACHMENT).where(APPEAL_ATTACHMENT.ID.eq(attachmentId)).fetchOne();
        if (row == null) {
            throw new AppealException("附件不存在");
        }
        // Attachments filed before the file store keep their bytes in the row.
        byte[] bytes = row.getContent() != null ? row.getContent() : files.read(row.getSha256());
        return new Attachment(row.getFileName(), row.getContentType(), bytes);
    }

    private List<AppealLine> lines(org.jooq.Condition condition) {
        Map<Long, List<AttachmentLine>> attachments = dsl.select(APPEAL_ATTACHMENT.APPEAL_ID, APPEAL_ATTACHMENT.ID,
                        APPEAL_ATTACHMENT.FILE_NAME, APPEAL_ATTACHMENT.SIZE_BYTES, APPEAL_ATTACHMENT.SHA256,
                        APPEAL_ATTACHMENT.UPLOADED_AT)
                .from(APPEAL_ATTACHMENT).join(APPEAL).on(APPEAL.ID.eq(APPEAL_ATTACHMENT.APPEAL_ID)).where(condition)
                .orderBy(APPEAL_ATTACHMENT.ID)
                .fetchGroups(APPEAL_ATTACHMENT.APPEAL_ID, r -> new AttachmentLine(r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6()));
        Map<Long, List<RecaptureLine>> recaptures = dsl.select(APPEAL_RECAPTURE.APPEAL_ID, CAPTURE.ID, CAPTURE.URL,
                        CAPTURE.CAPTURED_AT, CAPTURE.STATUS, CAPTURE.HTTP_STATUS, CAPTURE.PAYLOAD_DIGEST,
                        CAPTURE.ERROR, APP_USER.DISPLAY_NAME)
                .from(APPEAL_RECAPTURE).join(APPEAL).on(APPEAL.ID.eq(APPEAL_RECAPTURE.APPEAL_ID))
                .join(CAPTURE).on(CAPTURE.ID.eq(APPEAL_RECAPTURE.CAPTURE_ID))
                .join(APP_USER).on(APP_USER.ID.eq(APPEAL_RECAPTURE.REQUESTED_BY))
                .where(condition).orderBy(APPEAL_RECAPTURE.ID)
                .fetchGroups(APPEAL_RECAPTURE.APPEAL_ID, r -> new RecaptureLine(r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6(), r.value7(), r.value8(), r.value9()));
        return dsl.select(APPEAL.ID, APPEAL.ROUND_ID, APPEAL.UNIT_ID, UNIT.NAME, APPEAL.POINT_ID, EVALUATION_POINT.TEXT,
                        APPEAL.TEXT, APPEAL.URL, APPEAL.STATUS, APPEAL.FILED_AT, APPEAL.DECISION_REASON,
                        APPEAL.DECIDED_AT)
                .from(APPEAL).join(UNIT).on(UNIT.ID.eq(APPEAL.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(APPEAL.POINT_ID))
                .where(condition).orderBy(APPEAL.ID.desc())
                .fetch(r -> new AppealLine(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(),
                        attachments.getOrDefault(r.value1(), List.of()), recaptures.getOrDefault(r.value1(), List.of())));
    }

    /** An id that names no appeal is not found, before anything else is said about the request. */
    private void requireAppeal(long appealId) {
        if (!dsl.fetchExists(APPEAL, APPEAL.ID.eq(appealId))) {
            throw new NotFound("申诉不存在：" + appealId);
        }
    }

    private cn.gongkai.sql.jooq.tables.records.AppealRecord openAppeal(long appealId) {
        var appeal = dsl.selectFrom(APPEAL).where(APPEAL.ID.eq(appealId)).fetchOne();
        if (appeal == null) {
            throw new NotFound("申诉不存在：" + appealId);
        }
        if (!"OPEN".equals(appeal.getStatus())) {
            throw new AppealException("该申诉已处理");
        }
        return appeal;
    }

    private static void decide(DSLContext db, long appealId, GongkaiUser evaluator, String status, String reason,
                               Long reviewId) {
        int updated = db.update(APPEAL)
                .set(APPEAL.STATUS, status)
                .set(APPEAL.DECIDED_BY, evaluator.id())
                .set(APPEAL.DECIDED_AT, LocalDateTime.now(ZoneOffset.UTC))
                .set(APPEAL.DECISION_REASON, reason)
                .set(APPEAL.REVIEW_ID, reviewId)
                .where(APPEAL.ID.eq(appealId)).and(APPEAL.STATUS.eq("OPEN"))
                .execute();
        if (updated != 1) {
            throw new AppealException("该申诉已处理");
        }
        audit(db, evaluator.getUsername(), "APPEAL_" + status, appealId, "{\"status\":\"OPEN\"}",
                "{\"status\":\"" + status + "\"}", reason);
    }

    /** A limit of {@link TextInput} refused as an appeal's own error, shown on the page it came from. */
    private static void checked(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new AppealException(e.getMessage());
        }
    }

    private static void audit(DSLContext db, String actor, String action, long appealId, String before, String after,
                              String reason) {
        AuditTrail.record(db, actor, action, "appeal", String.valueOf(appealId), before, after, reason);
    }
}
