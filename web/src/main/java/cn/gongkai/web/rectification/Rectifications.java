package cn.gongkai.web.rectification;

import static cn.gongkai.sql.jooq.Tables.APP_USER;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_ANSWER;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_DECISION;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_FILE;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_ITEM;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_RECAPTURE;
import static cn.gongkai.sql.jooq.Tables.RECTIFICATION_ROUND;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_NEGATIVE;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_POINT;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.crawler.Crawler;
import cn.gongkai.web.appeal.Appeals;
import cn.gongkai.web.appeal.UnitUrlCapture;
import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.error.NotFound;
import cn.gongkai.web.evidence.EvidenceFileException;
import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.visibility.ResultTables;
import cn.gongkai.web.visibility.ResultView;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * The 整改 loop of a published round. Items are read from the round's latest published snapshot (what was announced,
 * not the working results), one per point a unit lost marks on or that put it on the negative list. Everything a
 * person sends is checked before anything is stored, and every step is in the audit log.
 */
@Service
public class Rectifications {

    /** The audit entry of an answer keeps the whole text as its reason, which holds 2,000 characters. */
    public static final int MAX_TEXT = 2000;
    public static final int MAX_FILES = Appeals.MAX_FILES;
    /** The deadline when the evaluator has not set one: 30 days after the items are created. */
    public static final int DEFAULT_DAYS = 30;
    /** At most this many URLs are re-captured at once: the unit's own, then the original evidence's. */
    public static final int MAX_URLS = 5;
    /** Deadlines are days in the evaluated region's calendar, not UTC. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public enum Status {
        OPEN("待整改"), ANSWERED("已答复"), CLOSED("已通过复核"), REOPENED("已退回");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record Upload(String fileName, byte[] bytes) {
    }

    public record AnswerLine(long id, String text, String url, String answeredBy, LocalDateTime answeredAt,
                             List<Appeals.AttachmentLine> files) {
    }

    public record DecisionLine(String decision, String reason, String decidedBy, LocalDateTime decidedAt) {

        public String label() {
            return "CLOSE".equals(decision) ? "通过复核，关闭" : "退回重新整改";
        }
    }

    /**
     * One item with its history. {@code overdue}: not answered (待整改 or 已退回) and the deadline has passed in
     * {@link #ZONE}; {@code urls} are those a re-check captures.
     */
    public record ItemLine(long id, long roundId, long unitId, String unitName, long pointId, String pointCode,
                           String pointText, String howToFix, BigDecimal score, BigDecimal maxScore, String problem,
                           Status status, LocalDate deadline, boolean overdue, LocalDateTime createdAt,
                           List<AnswerLine> answers, List<Appeals.RecaptureLine> recaptures,
                           List<DecisionLine> decisions, List<String> urls) {

        /** The state as the ledger says it: 逾期 for an unanswered item past its deadline. */
        public String stateLabel() {
            return overdue ? "逾期" : status.label();
        }

        public boolean answerable() {
            return status == Status.OPEN || status == Status.REOPENED;
        }

        public AnswerLine lastAnswer() {
            return answers.isEmpty() ? null : answers.getLast();
        }

        public DecisionLine lastDecision() {
            return decisions.isEmpty() ? null : decisions.getLast();
        }
    }

    /** A point the unit lost marks on again, after a 整改 item on it in the previous published round. */
    public record Repeat(long unitId, String unitName, long pointId, String pointCode, String pointText,
                         long previousRoundId, String previousRoundName, long previousItemId, Status previousStatus) {
    }

    private final DSLContext dsl;
    private final EvidenceFiles files;
    private final UnitUrlCapture capture;

    public Rectifications(DSLContext dsl, EvidenceFiles files, UnitUrlCapture capture) {
        this.dsl = dsl;
        this.files = files;
        this.capture = capture;
    }

    // --- creation and deadline ---

    /**
     * Creates the round's items from its latest published snapshot (those already there are kept as they are) and,
     * the first time, the round's deadline. Returns how many items were created.
     */
    public int open(long roundId, String actor) {
        requireRound(roundId);
        Long snapshotId = dsl.select(RESULT_SNAPSHOT.ID).from(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ROUND_ID.eq(roundId))
                .orderBy(RESULT_SNAPSHOT.VERSION.desc()).limit(1).fetchOne(RESULT_SNAPSHOT.ID);
        if (snapshotId == null) {
            throw new RectificationException("该轮次尚未发布结果，不能生成整改事项");
        }
        Map<List<Long>, String> negatives = new LinkedHashMap<>();
        dsl.select(RESULT_SNAPSHOT_NEGATIVE.UNIT_ID, RESULT_SNAPSHOT_NEGATIVE.POINT_ID, RESULT_SNAPSHOT_NEGATIVE.REASON)
                .from(RESULT_SNAPSHOT_NEGATIVE).where(RESULT_SNAPSHOT_NEGATIVE.SNAPSHOT_ID.eq(snapshotId))
                .forEach(r -> negatives.merge(List.of(r.value1(), r.value2()), r.value3(), (a, b) -> a + "；" + b));
        Map<List<Long>, List<String>> messages = new HashMap<>();
        dsl.select(FINDING.UNIT_ID, FINDING.POINT_ID, FINDING.MESSAGE).from(FINDING).where(FINDING.ROUND_ID.eq(roundId))
                .orderBy(FINDING.ID)
                .forEach(r -> messages.computeIfAbsent(List.of(r.value1(), r.value2()), k -> new ArrayList<>())
                        .add(r.value3()));
        Map<List<Long>, String> entries = new HashMap<>();
        dsl.select(MANUAL_SCORE.UNIT_ID, MANUAL_SCORE.POINT_ID, MANUAL_SCORE.REASON).from(MANUAL_SCORE)
                .where(MANUAL_SCORE.ROUND_ID.eq(roundId)).and(MANUAL_SCORE.REASON.isNotNull()).orderBy(MANUAL_SCORE.ID)
                .forEach(r -> entries.put(List.of(r.value1(), r.value2()), r.value3()));
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            // the round's row, locked: two openings (publication and the button) cannot both insert
            db.select(ASSESSMENT_ROUND.ID).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate()
                    .fetch();
            Set<List<Long>> existing = new HashSet<>();
            db.select(RECTIFICATION_ITEM.UNIT_ID, RECTIFICATION_ITEM.POINT_ID).from(RECTIFICATION_ITEM)
                    .where(RECTIFICATION_ITEM.ROUND_ID.eq(roundId))
                    .forEach(r -> existing.add(List.of(r.value1(), r.value2())));
            int created = 0;
            for (var p : db.select(RESULT_SNAPSHOT_POINT.UNIT_ID, RESULT_SNAPSHOT_POINT.POINT_ID,
                            RESULT_SNAPSHOT_POINT.SCORE, RESULT_SNAPSHOT_POINT.MAX_SCORE)
                    .from(RESULT_SNAPSHOT_POINT).where(RESULT_SNAPSHOT_POINT.SNAPSHOT_ID.eq(snapshotId))
                    .orderBy(RESULT_SNAPSHOT_POINT.UNIT_ID, RESULT_SNAPSHOT_POINT.POINT_ID).fetch()) {
                List<Long> key = List.of(p.value1(), p.value2());
                boolean deducted = p.value3() != null && p.value3().compareTo(p.value4()) < 0;
                if (!(deducted || negatives.containsKey(key)) || existing.contains(key)) {
                    continue;
                }
                db.insertInto(RECTIFICATION_ITEM, RECTIFICATION_ITEM.ROUND_ID, RECTIFICATION_ITEM.UNIT_ID,
                                RECTIFICATION_ITEM.POINT_ID, RECTIFICATION_ITEM.SCORE, RECTIFICATION_ITEM.MAX_SCORE,
                                RECTIFICATION_ITEM.PROBLEM, RECTIFICATION_ITEM.STATUS, RECTIFICATION_ITEM.CREATED_AT)
                        .values(roundId, p.value1(), p.value2(), p.value3(), p.value4(),
                                problem(negatives.get(key), messages.get(key), entries.get(key)), Status.OPEN.name(), now)
                        .execute();
                created++;
            }
            LocalDate deadline = null;
            if (!db.fetchExists(RECTIFICATION_ROUND, RECTIFICATION_ROUND.ROUND_ID.eq(roundId))) {
                deadline = LocalDate.now(ZONE).plusDays(DEFAULT_DAYS);
                db.insertInto(RECTIFICATION_ROUND, RECTIFICATION_ROUND.ROUND_ID, RECTIFICATION_ROUND.DEADLINE,
                        RECTIFICATION_ROUND.UPDATED_AT, RECTIFICATION_ROUND.UPDATED_BY)
                        .values(roundId, deadline, now, actor).execute();
            }
            AuditTrail.record(db, actor, "RECTIFICATION_OPENED", "assessment_round", String.valueOf(roundId), null,
                    "{\"snapshot\":" + snapshotId + ",\"created\":" + created
                            + (deadline == null ? "" : ",\"deadline\":\"" + deadline + "\"") + "}",
                    "按已发布结果生成整改事项 " + created + " 项");
            return created;
        });
    }

    /** What was wrong, as the published result and its evidence say it, within the column's 2,000 characters. */
    private static String problem(String negative, List<String> findingMessages, String entryReason) {
        List<String> parts = new ArrayList<>();
        if (negative != null) {
            parts.add("列入负面清单：" + negative);
        }
        if (findingMessages != null) {
            parts.addAll(new LinkedHashSet<>(findingMessages));
        } else if (entryReason != null && !entryReason.isBlank()) {
            parts.add(entryReason);
        }
        String text = parts.isEmpty() ? "未得满分" : String.join("；", parts);
        return text.length() > 2000 ? text.substring(0, 1999) + "…" : text;
    }

    public Optional<LocalDate> deadline(long roundId) {
        return dsl.select(RECTIFICATION_ROUND.DEADLINE).from(RECTIFICATION_ROUND)
                .where(RECTIFICATION_ROUND.ROUND_ID.eq(roundId)).fetchOptional(RECTIFICATION_ROUND.DEADLINE);
    }

    /** Sets the round's deadline (after its items exist); the change and its reason are audited. */
    public void setDeadline(long roundId, String deadlineText, String reason, GongkaiUser evaluator) {
        requireRound(roundId);
        LocalDate deadline;
        try {
            deadline = LocalDate.parse(deadlineText == null ? "" : deadlineText.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new RectificationException("「整改期限」不是有效日期（格式：2027-01-31）；未作修改");
        }
        String why = requiredText(reason, "修改理由", TextInput.REASON_MAX);
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            LocalDate before = db.select(RECTIFICATION_ROUND.DEADLINE).from(RECTIFICATION_ROUND)
                    .where(RECTIFICATION_ROUND.ROUND_ID.eq(roundId)).forUpdate().fetchOne(RECTIFICATION_ROUND.DEADLINE);
            if (before == null) {
                throw new RectificationException("该轮次还没有整改事项，请先生成整改事项");
            }
            db.update(RECTIFICATION_ROUND).set(RECTIFICATION_ROUND.DEADLINE, deadline)
                    .set(RECTIFICATION_ROUND.UPDATED_AT, LocalDateTime.now(ZoneOffset.UTC))
                    .set(RECTIFICATION_ROUND.UPDATED_BY, evaluator.getUsername())
                    .where(RECTIFICATION_ROUND.ROUND_ID.eq(roundId)).execute();
            AuditTrail.record(db, evaluator.getUsername(), "RECTIFICATION_DEADLINE", "assessment_round",
                    String.valueOf(roundId), "{\"deadline\":\"" + before + "\"}",
                    "{\"deadline\":\"" + deadline + "\"}", why);
        });
    }

    // --- the unit's answer ---

    /**
     * The unit's answer to its own item: what it changed, optionally where to see it, and up to three evidence files
     * (the appeal's file checks). The item must be waiting for an answer (待整改 or 已退回). Another unit's item, or one
     * that does not exist, is refused alike (403): a guessed id tells a county nothing.
     */
    public long answer(GongkaiUser county, long itemId, String text, String url, List<Upload> uploads) {
        Long unitId = unitOfItem(itemId);
        if (!county.has(Role.COUNTY) || county.unitId() == null || unitId == null || !unitId.equals(county.unitId())) {
            throw new AccessDeniedException("只能答复本单位的整改事项");
        }
        String answer = requiredText(text, "整改情况", MAX_TEXT);
        String cleanUrl = url == null || url.isBlank() ? null : url.strip();
        if (cleanUrl != null) {
            checked(() -> TextInput.name(cleanUrl, "整改网址", TextInput.URL_MAX));
            if (!cleanUrl.matches("(?i)https?://\\S+")) {
                throw new RectificationException("「整改网址」须以 http:// 或 https:// 开头：" + cleanUrl);
            }
        }
        List<Upload> nonEmpty = uploads.stream().filter(u -> u.bytes().length > 0).toList();
        if (nonEmpty.size() > MAX_FILES) {
            throw new RectificationException("「佐证附件」最多上传 " + MAX_FILES + " 个；未作任何修改");
        }
        List<EvidenceFiles.Checked> checked = new ArrayList<>();
        for (Upload upload : nonEmpty) {
            try {
                checked.add(files.check(new EvidenceFiles.Upload(upload.fileName(), upload.bytes())));
            } catch (EvidenceFileException e) {
                throw new RectificationException("「佐证附件」" + e.getMessage().replaceFirst("^文件", "") + "；未作任何修改");
            }
        }
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            String status = db.select(RECTIFICATION_ITEM.STATUS).from(RECTIFICATION_ITEM)
                    .where(RECTIFICATION_ITEM.ID.eq(itemId)).forUpdate().fetchOne(RECTIFICATION_ITEM.STATUS);
            Status before = Status.valueOf(status);
            if (before == Status.ANSWERED) {
                throw new RectificationException("该整改事项已答复，正等待评估人员复核");
            }
            if (before == Status.CLOSED) {
                throw new RectificationException("该整改事项已通过复核，无需再次答复");
            }
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            long answerId = db.insertInto(RECTIFICATION_ANSWER, RECTIFICATION_ANSWER.ITEM_ID, RECTIFICATION_ANSWER.TEXT,
                            RECTIFICATION_ANSWER.URL, RECTIFICATION_ANSWER.ANSWERED_BY, RECTIFICATION_ANSWER.ANSWERED_AT)
                    .values(itemId, answer, cleanUrl, county.id(), now)
                    .returning(RECTIFICATION_ANSWER.ID).fetchOne().getId();
            for (EvidenceFiles.Checked file : checked) {
                // The bytes go to the store before the row commits: a stored file no row points at is harmless.
                files.store(file);
                db.insertInto(RECTIFICATION_FILE, RECTIFICATION_FILE.ANSWER_ID, RECTIFICATION_FILE.FILE_NAME,
                                RECTIFICATION_FILE.CONTENT_TYPE, RECTIFICATION_FILE.SIZE_BYTES, RECTIFICATION_FILE.SHA256,
                                RECTIFICATION_FILE.UPLOADED_AT)
                        .values(answerId, file.fileName(), file.contentType(), file.sizeBytes(), file.sha256(), now)
                        .execute();
            }
            db.update(RECTIFICATION_ITEM).set(RECTIFICATION_ITEM.STATUS, Status.ANSWERED.name())
                    .where(RECTIFICATION_ITEM.ID.eq(itemId)).execute();
            audit(db, county.getUsername(), "RECTIFICATION_ANSWERED", itemId, before, Status.ANSWERED,
                    ",\"answer\":" + answerId + ",\"files\":" + checked.size(), answer);
            return answerId;
        });
    }

    // --- the evaluator's re-check ---

    /** A URL captured for a re-check, or refused before any fetch (off the unit's sites, say) with the reason. */
    public record Attempt(String url, Crawler.Captured captured, String refused) {
    }

    /**
     * Re-captures the item's URLs now (the unit's answer URL, then the original evidence's), each through the
     * appeal's re-capture with its address rules; captures are linked to the item and audited. Only an answered item.
     */
    public List<Attempt> recapture(long itemId, GongkaiUser evaluator, boolean widen, String widenReason) {
        var item = requireItem(itemId);
        if (Status.valueOf(item.getStatus()) != Status.ANSWERED) {
            throw new RectificationException("只有「已答复」的整改事项可以复核采集");
        }
        String reason = widenReason == null ? "" : widenReason.strip();
        if (widen && reason.isEmpty()) {
            throw new RectificationException("允许采集登记网站以外的网址须说明理由");
        }
        checked(() -> TextInput.name(reason, "允许采集的理由", 500));
        List<String> urls = urls(itemId);
        if (urls.isEmpty()) {
            throw new RectificationException("该整改事项没有可采集的网址：单位未提供网址，原检查结果也没有证据网址");
        }
        List<Attempt> attempts = new ArrayList<>();
        for (String url : urls) {
            try {
                attempts.add(new Attempt(url, capture.capture(item.getRoundId(), item.getUnitId(), url, widen), null));
            } catch (IllegalArgumentException e) {
                attempts.add(new Attempt(url, null, e.getMessage()));
            }
        }
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            for (Attempt attempt : attempts) {
                if (attempt.captured() == null) {
                    continue;
                }
                Crawler.Captured c = attempt.captured();
                db.insertInto(RECTIFICATION_RECAPTURE, RECTIFICATION_RECAPTURE.ITEM_ID, RECTIFICATION_RECAPTURE.CAPTURE_ID,
                                RECTIFICATION_RECAPTURE.REQUESTED_BY, RECTIFICATION_RECAPTURE.REQUESTED_AT)
                        .values(itemId, c.captureId(), evaluator.id(), now).execute();
            }
            StringBuilder after = new StringBuilder("{\"captures\":[");
            for (Attempt attempt : attempts) {
                if (after.charAt(after.length() - 1) != '[') {
                    after.append(',');
                }
                after.append(attempt.captured() == null ? "{\"refused\":true}"
                        : "{\"capture\":" + attempt.captured().captureId() + ",\"status\":\""
                                + attempt.captured().status() + "\",\"httpStatus\":" + attempt.captured().httpStatus() + "}");
            }
            after.append("],\"widened\":").append(widen).append('}');
            String what = "复核采集整改事项网址 " + String.join("、", urls)
                    + (widen ? "（评估人员允许采集登记网站以外的网址，理由：" + reason + "）" : "");
            AuditTrail.record(db, evaluator.getUsername(), "RECTIFICATION_RECAPTURE", "rectification_item",
                    String.valueOf(itemId), null, after.toString(), what.length() > 2000 ? what.substring(0, 2000) : what);
        });
        return attempts;
    }

    /** The URLs a re-check captures: the unit's latest answer URL first, then the original evidence's, at most five. */
    public List<String> urls(long itemId) {
        var item = requireItem(itemId);
        Set<String> urls = new LinkedHashSet<>();
        dsl.select(RECTIFICATION_ANSWER.URL).from(RECTIFICATION_ANSWER).where(RECTIFICATION_ANSWER.ITEM_ID.eq(itemId))
                .and(RECTIFICATION_ANSWER.URL.isNotNull()).orderBy(RECTIFICATION_ANSWER.ID.desc()).limit(1)
                .fetch(RECTIFICATION_ANSWER.URL).forEach(urls::add);
        dsl.selectDistinct(CAPTURE.URL, CAPTURE.ID).from(FINDING_EVIDENCE)
                .join(FINDING).on(FINDING.ID.eq(FINDING_EVIDENCE.FINDING_ID))
                .join(CAPTURE).on(CAPTURE.ID.eq(FINDING_EVIDENCE.CAPTURE_ID))
                .where(FINDING.ROUND_ID.eq(item.getRoundId())).and(FINDING.UNIT_ID.eq(item.getUnitId()))
                .and(FINDING.POINT_ID.eq(item.getPointId())).orderBy(CAPTURE.ID)
                .fetch(CAPTURE.URL).stream().filter(u -> u.matches("(?i)https?://\\S+")).forEach(urls::add);
        return urls.stream().limit(MAX_URLS).toList();
    }

    /**
     * Closes (通过复核) an answered item, or sends it back (退回) when answered or closed, with the evaluator's
     * reason; both audited.
     */
    public void decide(long itemId, String decision, String reason, GongkaiUser evaluator) {
        requireItem(itemId);
        boolean close = "CLOSE".equals(decision);
        if (!close && !"REOPEN".equals(decision)) {
            throw new RectificationException("请选择「通过复核」或「退回」");
        }
        String why = requiredText(reason, close ? "通过理由" : "退回理由", TextInput.REASON_MAX);
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            Status before = Status.valueOf(db.select(RECTIFICATION_ITEM.STATUS).from(RECTIFICATION_ITEM)
                    .where(RECTIFICATION_ITEM.ID.eq(itemId)).forUpdate().fetchOne(RECTIFICATION_ITEM.STATUS));
            if (close && before != Status.ANSWERED) {
                throw new RectificationException("只有「已答复」的整改事项可以通过复核（当前：" + before.label() + "）");
            }
            if (!close && before != Status.ANSWERED && before != Status.CLOSED) {
                throw new RectificationException("只有「已答复」或「已通过复核」的整改事项可以退回（当前：" + before.label() + "）");
            }
            Status after = close ? Status.CLOSED : Status.REOPENED;
            db.insertInto(RECTIFICATION_DECISION, RECTIFICATION_DECISION.ITEM_ID, RECTIFICATION_DECISION.DECISION,
                            RECTIFICATION_DECISION.REASON, RECTIFICATION_DECISION.DECIDED_BY,
                            RECTIFICATION_DECISION.DECIDED_AT)
                    .values(itemId, close ? "CLOSE" : "REOPEN", why, evaluator.id(), LocalDateTime.now(ZoneOffset.UTC))
                    .execute();
            db.update(RECTIFICATION_ITEM).set(RECTIFICATION_ITEM.STATUS, after.name())
                    .where(RECTIFICATION_ITEM.ID.eq(itemId)).execute();
            audit(db, evaluator.getUsername(), close ? "RECTIFICATION_CLOSED" : "RECTIFICATION_REOPENED", itemId,
                    before, after, "", why);
        });
    }

    // --- reading ---

    public List<ItemLine> ofUnit(long roundId, long unitId) {
        return lines(RECTIFICATION_ITEM.ROUND_ID.eq(roundId).and(RECTIFICATION_ITEM.UNIT_ID.eq(unitId)));
    }

    public List<ItemLine> ofRound(long roundId) {
        return lines(RECTIFICATION_ITEM.ROUND_ID.eq(roundId));
    }

    /** Whether the round has a published snapshot, from which items can be created. */
    public boolean published(long roundId) {
        return dsl.fetchExists(RESULT_SNAPSHOT, RESULT_SNAPSHOT.ROUND_ID.eq(roundId));
    }

    public int countOf(long roundId, long unitId) {
        return dsl.fetchCount(RECTIFICATION_ITEM, RECTIFICATION_ITEM.ROUND_ID.eq(roundId)
                .and(RECTIFICATION_ITEM.UNIT_ID.eq(unitId)));
    }

    /** The unit an item belongs to, for access checks; null when there is no such item. */
    public Long unitOfItem(long itemId) {
        return dsl.select(RECTIFICATION_ITEM.UNIT_ID).from(RECTIFICATION_ITEM).where(RECTIFICATION_ITEM.ID.eq(itemId))
                .fetchOne(RECTIFICATION_ITEM.UNIT_ID);
    }

    public Long roundOfItem(long itemId) {
        return dsl.select(RECTIFICATION_ITEM.ROUND_ID).from(RECTIFICATION_ITEM).where(RECTIFICATION_ITEM.ID.eq(itemId))
                .fetchOne(RECTIFICATION_ITEM.ROUND_ID);
    }

    /** The unit an answer's file belongs to, for access checks; null when there is no such file. */
    public Long unitOfFile(long fileId) {
        return dsl.select(RECTIFICATION_ITEM.UNIT_ID).from(RECTIFICATION_FILE)
                .join(RECTIFICATION_ANSWER).on(RECTIFICATION_ANSWER.ID.eq(RECTIFICATION_FILE.ANSWER_ID))
                .join(RECTIFICATION_ITEM).on(RECTIFICATION_ITEM.ID.eq(RECTIFICATION_ANSWER.ITEM_ID))
                .where(RECTIFICATION_FILE.ID.eq(fileId)).fetchOne(RECTIFICATION_ITEM.UNIT_ID);
    }

    public Upload file(long fileId) {
        var row = dsl.selectFrom(RECTIFICATION_FILE).where(RECTIFICATION_FILE.ID.eq(fileId)).fetchOne();
        if (row == null) {
            throw new NotFound("附件不存在：" + fileId);
        }
        return new Upload(row.getFileName(), files.read(row.getSha256()));
    }

    private List<ItemLine> lines(Condition condition) {
        Map<Long, List<Appeals.AttachmentLine>> filesByAnswer = dsl.select(RECTIFICATION_FILE.ANSWER_ID,
                        RECTIFICATION_FILE.ID, RECTIFICATION_FILE.FILE_NAME, RECTIFICATION_FILE.SIZE_BYTES,
                        RECTIFICATION_FILE.SHA256, RECTIFICATION_FILE.UPLOADED_AT)
                .from(RECTIFICATION_FILE).join(RECTIFICATION_ANSWER).on(RECTIFICATION_ANSWER.ID.eq(RECTIFICATION_FILE.ANSWER_ID))
                .join(RECTIFICATION_ITEM).on(RECTIFICATION_ITEM.ID.eq(RECTIFICATION_ANSWER.ITEM_ID))
                .where(condition).orderBy(RECTIFICATION_FILE.ID)
                .fetchGroups(RECTIFICATION_FILE.ANSWER_ID, r -> new Appeals.AttachmentLine(r.value2(), r.value3(),
                        r.value4(), r.value5(), r.value6()));
        Map<Long, List<AnswerLine>> answers = dsl.select(RECTIFICATION_ANSWER.ITEM_ID, RECTIFICATION_ANSWER.ID,
                        RECTIFICATION_ANSWER.TEXT, RECTIFICATION_ANSWER.URL, APP_USER.DISPLAY_NAME,
                        RECTIFICATION_ANSWER.ANSWERED_AT)
                .from(RECTIFICATION_ANSWER).join(RECTIFICATION_ITEM).on(RECTIFICATION_ITEM.ID.eq(RECTIFICATION_ANSWER.ITEM_ID))
                .join(APP_USER).on(APP_USER.ID.eq(RECTIFICATION_ANSWER.ANSWERED_BY))
                .where(condition).orderBy(RECTIFICATION_ANSWER.ID)
                .fetchGroups(RECTIFICATION_ANSWER.ITEM_ID, r -> new AnswerLine(r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6(), filesByAnswer.getOrDefault(r.value2(), List.of())));
        Map<Long, List<Appeals.RecaptureLine>> recaptures = dsl.select(RECTIFICATION_RECAPTURE.ITEM_ID, CAPTURE.ID,
                        CAPTURE.URL, CAPTURE.CAPTURED_AT, CAPTURE.STATUS, CAPTURE.HTTP_STATUS, CAPTURE.PAYLOAD_DIGEST,
                        CAPTURE.ERROR, APP_USER.DISPLAY_NAME)
                .from(RECTIFICATION_RECAPTURE).join(RECTIFICATION_ITEM).on(RECTIFICATION_ITEM.ID.eq(RECTIFICATION_RECAPTURE.ITEM_ID))
                .join(CAPTURE).on(CAPTURE.ID.eq(RECTIFICATION_RECAPTURE.CAPTURE_ID))
                .join(APP_USER).on(APP_USER.ID.eq(RECTIFICATION_RECAPTURE.REQUESTED_BY))
                .where(condition).orderBy(RECTIFICATION_RECAPTURE.ID)
                .fetchGroups(RECTIFICATION_RECAPTURE.ITEM_ID, r -> new Appeals.RecaptureLine(r.value2(), r.value3(),
                        r.value4(), r.value5(), r.value6(), r.value7(), r.value8(), r.value9()));
        Map<Long, List<DecisionLine>> decisions = dsl.select(RECTIFICATION_DECISION.ITEM_ID,
                        RECTIFICATION_DECISION.DECISION, RECTIFICATION_DECISION.REASON, APP_USER.DISPLAY_NAME,
                        RECTIFICATION_DECISION.DECIDED_AT)
                .from(RECTIFICATION_DECISION).join(RECTIFICATION_ITEM).on(RECTIFICATION_ITEM.ID.eq(RECTIFICATION_DECISION.ITEM_ID))
                .join(APP_USER).on(APP_USER.ID.eq(RECTIFICATION_DECISION.DECIDED_BY))
                .where(condition).orderBy(RECTIFICATION_DECISION.ID)
                .fetchGroups(RECTIFICATION_DECISION.ITEM_ID, r -> new DecisionLine(r.value2(), r.value3(), r.value4(),
                        r.value5()));
        LocalDate today = LocalDate.now(ZONE);
        Map<Long, LocalDate> deadlines = new HashMap<>();
        return dsl.select(RECTIFICATION_ITEM.ID, RECTIFICATION_ITEM.ROUND_ID, RECTIFICATION_ITEM.UNIT_ID, UNIT.NAME,
                        RECTIFICATION_ITEM.POINT_ID, EVALUATION_POINT.CODE, EVALUATION_POINT.TEXT,
                        EVALUATION_POINT.HOW_TO_FIX, RECTIFICATION_ITEM.SCORE, RECTIFICATION_ITEM.MAX_SCORE,
                        RECTIFICATION_ITEM.PROBLEM, RECTIFICATION_ITEM.STATUS, RECTIFICATION_ROUND.DEADLINE,
                        RECTIFICATION_ITEM.CREATED_AT)
                .from(RECTIFICATION_ITEM).join(UNIT).on(UNIT.ID.eq(RECTIFICATION_ITEM.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(RECTIFICATION_ITEM.POINT_ID))
                .leftJoin(RECTIFICATION_ROUND).on(RECTIFICATION_ROUND.ROUND_ID.eq(RECTIFICATION_ITEM.ROUND_ID))
                .where(condition)
                // the ledger's order: unit by unit, most marks lost first
                .orderBy(UNIT.CODE, RECTIFICATION_ITEM.MAX_SCORE.minus(org.jooq.impl.DSL.coalesce(
                        RECTIFICATION_ITEM.SCORE, BigDecimal.ZERO)).desc(), EVALUATION_POINT.CODE)
                .fetch(r -> {
                    Status status = Status.valueOf(r.value12());
                    LocalDate deadline = r.value13();
                    boolean overdue = deadline != null && today.isAfter(deadline)
                            && (status == Status.OPEN || status == Status.REOPENED);
                    long id = r.value1();
                    return new ItemLine(id, r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(),
                            r.value8(), r.value9(), r.value10(), r.value11(), status, deadline, overdue, r.value14(),
                            answers.getOrDefault(id, List.of()), recaptures.getOrDefault(id, List.of()),
                            decisions.getOrDefault(id, List.of()), List.of());
                });
    }

    // --- 屡查屡犯 ---

    /** The unit's points in the view that failed again after an item on them in the previous published round. */
    public Map<Long, Repeat> repeatedPoints(ResultView view, long unitId) {
        Map<Long, Repeat> byPoint = new LinkedHashMap<>();
        for (Repeat repeat : repeats(view, UNIT.ID.eq(unitId))) {
            byPoint.put(repeat.pointId(), repeat);
        }
        return byPoint;
    }

    /** Every unit's points in the view that failed again after an item in the previous published round. */
    public List<Repeat> repeats(ResultView view) {
        return repeats(view, org.jooq.impl.DSL.trueCondition());
    }

    private List<Repeat> repeats(ResultView view, Condition unitCondition) {
        var previous = previousPublishedRound(view.roundId());
        if (previous == null) {
            return List.of();
        }
        // Lost marks now (below the maximum, or on the negative list), as the reader's view of the results holds them.
        Set<List<Long>> failedNow = new HashSet<>();
        ResultTables.Points points = ResultTables.points(view);
        dsl.select(points.unitId(), points.pointId()).from(points.table())
                .where(points.score().isNotNull()).and(points.score().lt(points.maxScore()))
                .forEach(r -> failedNow.add(List.of(r.value1(), r.value2())));
        ResultTables.Negatives negatives = ResultTables.negatives(view);
        dsl.select(negatives.unitId(), negatives.pointId()).from(negatives.table())
                .forEach(r -> failedNow.add(List.of(r.value1(), r.value2())));
        List<Repeat> out = new ArrayList<>();
        dsl.select(RECTIFICATION_ITEM.UNIT_ID, UNIT.NAME, RECTIFICATION_ITEM.POINT_ID, EVALUATION_POINT.CODE,
                        EVALUATION_POINT.TEXT, RECTIFICATION_ITEM.ID, RECTIFICATION_ITEM.STATUS)
                .from(RECTIFICATION_ITEM).join(UNIT).on(UNIT.ID.eq(RECTIFICATION_ITEM.UNIT_ID))
                .join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(RECTIFICATION_ITEM.POINT_ID))
                .where(RECTIFICATION_ITEM.ROUND_ID.eq(previous.value1())).and(unitCondition)
                .orderBy(UNIT.CODE, EVALUATION_POINT.CODE)
                .forEach(r -> {
                    if (failedNow.contains(List.of(r.value1(), r.value3()))) {
                        out.add(new Repeat(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                                previous.value1(), previous.value2(), r.value6(), Status.valueOf(r.value7())));
                    }
                });
        return out;
    }

    /**
     * The newest earlier published round (by reference date, then id) of the same indicator system: the rule the
     * dashboard's year-over-year comparison uses, so a 屡查屡犯 mark compares the same rounds.
     */
    private org.jooq.Record2<Long, String> previousPublishedRound(long roundId) {
        var current = ASSESSMENT_ROUND.as("cur");
        return dsl.select(ASSESSMENT_ROUND.ID, ASSESSMENT_ROUND.NAME).from(ASSESSMENT_ROUND)
                .join(current).on(current.ID.eq(roundId)
                        .and(current.INDICATOR_SYSTEM_ID.eq(ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID)))
                .where(ASSESSMENT_ROUND.ID.ne(roundId))
                .and(ASSESSMENT_ROUND.REFERENCE_DATE.lt(current.REFERENCE_DATE)
                        .or(ASSESSMENT_ROUND.REFERENCE_DATE.eq(current.REFERENCE_DATE)
                                .and(ASSESSMENT_ROUND.ID.lt(roundId))))
                .andExists(dsl.selectOne().from(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ROUND_ID.eq(ASSESSMENT_ROUND.ID)))
                .orderBy(ASSESSMENT_ROUND.REFERENCE_DATE.desc(), ASSESSMENT_ROUND.ID.desc())
                .limit(1).fetchOne();
    }

    // --- helpers ---

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** A stored UTC time as Beijing time, for pages and the ledger: the units read their own clock. */
    public static String beijing(LocalDateTime utc) {
        return utc == null ? "" : utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(ZONE).format(TIME);
    }

    public void requireRound(long roundId) {
        if (!dsl.fetchExists(ASSESSMENT_ROUND, ASSESSMENT_ROUND.ID.eq(roundId))) {
            throw new NotFound("评估轮次不存在：" + roundId);
        }
    }

    private cn.gongkai.sql.jooq.tables.records.RectificationItemRecord requireItem(long itemId) {
        var item = dsl.selectFrom(RECTIFICATION_ITEM).where(RECTIFICATION_ITEM.ID.eq(itemId)).fetchOne();
        if (item == null) {
            throw new NotFound("整改事项不存在：" + itemId);
        }
        return item;
    }

    /** A required multi-line text, stripped, checked as {@link TextInput#text} does. */
    private static String requiredText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new RectificationException("请填写「" + field + "」；未作任何修改");
        }
        String text = value.strip();
        checked(() -> TextInput.text(text, field, max));
        return text;
    }

    private static void checked(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new RectificationException(e.getMessage() + "；未作任何修改");
        }
    }

    private static void audit(DSLContext db, String actor, String action, long itemId, Status before, Status after,
                              String more, String reason) {
        AuditTrail.record(db, actor, action, "rectification_item", String.valueOf(itemId),
                "{\"status\":\"" + before + "\"}", "{\"status\":\"" + after + "\"" + more + "}", reason);
    }
}
