package cn.gongkai.web.appeal;

import static cn.gongkai.sql.jooq.Tables.APPEAL;
import static cn.gongkai.sql.jooq.Tables.APPEAL_ATTACHMENT;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.workbench.Reviews;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    /** Allowed extensions and the leading bytes their files must start with. */
    private static final Map<String, byte[][]> SIGNATURES = Map.of(
            "pdf", new byte[][] {{'%', 'P', 'D', 'F'}},
            "png", new byte[][] {{(byte) 0x89, 'P', 'N', 'G'}},
            "jpg", new byte[][] {{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}},
            "jpeg", new byte[][] {{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}},
            "docx", new byte[][] {{'P', 'K', 3, 4}},
            "xlsx", new byte[][] {{'P', 'K', 3, 4}},
            "doc", new byte[][] {{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}},
            "xls", new byte[][] {{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}},
            "wps", new byte[][] {{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}});

    public record Attachment(String fileName, String contentType, byte[] bytes) {
    }

    public record AppealLine(long id, long roundId, long unitId, String unitName, long pointId, String pointText,
                             String text, String url, String status, LocalDateTime filedAt, String decisionReason,
                             LocalDateTime decidedAt, List<AttachmentLine> attachments) {

        public String statusLabel() {
            return switch (status) {
                case "OPEN" -> "待处理";
                case "ACCEPTED" -> "已采纳";
                case "REJECTED" -> "未采纳";
                default -> status;
            };
        }
    }

    public record AttachmentLine(long id, String fileName, long sizeBytes, String sha256) {
    }

    private final DSLContext dsl;
    private final Reviews reviews;

    public Appeals(DSLContext dsl, Reviews reviews) {
        this.dsl = dsl;
        this.reviews = reviews;
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
        if (text.length() > 4000) {
            throw new AppealException("申诉理由不能超过 4000 字");
        }
        String cleanUrl = url == null || url.isBlank() ? null : url.trim();
        if (cleanUrl != null && (!cleanUrl.matches("(?i)https?://\\S+") || cleanUrl.length() > 2048)) {
            throw new AppealException("佐证网址须以 http:// 或 https:// 开头：" + cleanUrl);
        }
        List<Attachment> files = attachments.stream().filter(a -> a.bytes().length > 0).toList();
        if (files.size() > MAX_FILES) {
            throw new AppealException("最多上传 " + MAX_FILES + " 个附件");
        }
        files.forEach(Appeals::validate);
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            String status = db.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                    .where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne(ASSESSMENT_ROUND.STATUS);
            if (status == null || RoundStatus.valueOf(status) != RoundStatus.FEEDBACK) {
                throw new AppealException("当前不在申诉期，不能提出申诉");
            }
            if (!db.fetchExists(ROUND_POINT, ROUND_POINT.ROUND_ID.eq(roundId).and(ROUND_POINT.POINT_ID.eq(pointId)))) {
                throw new AppealException("该评估点不属于本轮评估");
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
            for (Attachment file : files) {
                db.insertInto(APPEAL_ATTACHMENT, APPEAL_ATTACHMENT.APPEAL_ID, APPEAL_ATTACHMENT.FILE_NAME,
                                APPEAL_ATTACHMENT.CONTENT_TYPE, APPEAL_ATTACHMENT.SIZE_BYTES, APPEAL_ATTACHMENT.SHA256,
                                APPEAL_ATTACHMENT.CONTENT, APPEAL_ATTACHMENT.UPLOADED_AT)
                        .values(appealId, safeName(file.fileName()), contentType(file.fileName()),
                                (long) file.bytes().length, sha256(file.bytes()), file.bytes(), now)
                        .execute();
            }
            audit(db, county.getUsername(), "APPEAL_FILED", appealId, null, "{\"status\":\"OPEN\"}", text.trim());
            return appealId;
        });
    }

    public void accept(long appealId, GongkaiUser evaluator, String status, BigDecimal fraction, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new AppealException("采纳申诉须说明理由");
        }
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
        if (reason == null || reason.isBlank()) {
            throw new AppealException("驳回申诉须说明理由");
        }
        openAppeal(appealId);
        dsl.transaction(tx -> decide(tx.dsl(), appealId, evaluator, "REJECTED", reason, null));
    }

    public List<AppealLine> ofUnit(long roundId, long unitId) {
        return lines(APPEAL.ROUND_ID.eq(roundId).and(APPEAL.UNIT_ID.eq(unitId)));
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
        return new Attachment(row.getFileName(), row.getContentType(), row.getContent());
    }

    private List<AppealLine> lines(org.jooq.Condition condition) {
        Map<Long, List<AttachmentLine>> files = dsl.select(APPEAL_ATTACHMENT.APPEAL_ID, APPEAL_ATTACHMENT.ID,
                        APPEAL_ATTACHMENT.FILE_NAME, APPEAL_ATTACHMENT.SIZE_BYTES, APPEAL_ATTACHMENT.SHA256)
                .from(APPEAL_ATTACHMENT).join(APPEAL).on(APPEAL.ID.eq(APPEAL_ATTACHMENT.APPEAL_ID)).where(condition)
                .orderBy(APPEAL_ATTACHMENT.ID)
                .fetchGroups(APPEAL_ATTACHMENT.APPEAL_ID, r -> new AttachmentLine(r.value2(), r.value3(), r.value4(),
                        r.value5()));
        return dsl.select(APPEAL.ID, APPEAL.ROUND_ID, APPEAL.UNIT_ID, UNIT.NAME, APPEAL.POINT_ID, EVALUATION_POINT.TEXT,
                        APPEAL.TEXT, APPEAL.URL, APPEAL.STATUS, APPEAL.FILED_AT, APPEAL.DECISION_REASON,
                        APPEAL.DECIDED_AT)
                .from(APPEAL).join(UNIT).on(UNIT.ID.eq(APPEAL.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(APPEAL.POINT_ID))
                .where(condition).orderBy(APPEAL.ID.desc())
                .fetch(r -> new AppealLine(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(),
                        files.getOrDefault(r.value1(), List.of())));
    }

    private cn.gongkai.sql.jooq.tables.records.AppealRecord openAppeal(long appealId) {
        var appeal = dsl.selectFrom(APPEAL).where(APPEAL.ID.eq(appealId)).fetchOne();
        if (appeal == null) {
            throw new AppealException("申诉不存在");
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

    private static void audit(DSLContext db, String actor, String action, long appealId, String before, String after,
                              String reason) {
        AuditTrail.record(db, actor, action, "appeal", String.valueOf(appealId), before, after, reason);
    }

    /** Refuses a file whose type is not allowed, whose size is over the limit, or whose bytes are not what its name says. */
    static void validate(Attachment file) {
        String name = file.fileName() == null ? "" : file.fileName();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        byte[][] signatures = SIGNATURES.get(extension);
        if (signatures == null) {
            throw new AppealException("附件「" + name + "」的类型不支持，只接受 PDF、Word、WPS、Excel 和 JPG/PNG 图片");
        }
        if (file.bytes().length > MAX_FILE_BYTES) {
            throw new AppealException("附件「" + name + "」超过 10 MB");
        }
        for (byte[] signature : signatures) {
            if (startsWith(file.bytes(), signature)) {
                return;
            }
        }
        throw new AppealException("附件「" + name + "」的内容与扩展名不符或文件已损坏");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String safeName(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"]", "_");
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }

    private static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (extension) {
            case "pdf" -> "application/pdf";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "docx" -> "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "doc" -> "application/msword";
            case "xls" -> "application/vnd.ms-excel";
            default -> "application/octet-stream";
        };
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
