package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE_FILE;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_GROUP;

import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.error.NotFound;
import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

/**
 * Scores people enter for points no checker can judge: evaluators the MANUAL points, the supervising department's
 * scorers the DEPARTMENT points, each only their own, so a point's score always comes from the source its method
 * names. Entries are only added; scoring takes the latest per (round, unit, point), earlier ones stay as history.
 */
@Service
public class ManualScores {

    public static final List<String> METHODS = List.of("MANUAL", "DEPARTMENT");

    private final DSLContext dsl;
    private final EvidenceFiles files;

    public ManualScores(DSLContext dsl, EvidenceFiles files) {
        this.dsl = dsl;
        this.files = files;
    }

    /**
     * One (unit, point) of the grid with its latest entry, if any: {@code veto} whether the point is a veto point,
     * {@code vetoHit} whether the latest entry records the veto situation, with its evidence {@code files}.
     */
    public record Cell(long unitId, String unitCode, String unitName, String groupName, long pointId, String pointCode,
                       String pointText, String method, BigDecimal maxScore, BigDecimal score, String enteredBy,
                       LocalDateTime enteredAt, String reason, boolean veto, boolean vetoHit, List<FileLink> files) {
    }

    /** An evidence file behind a veto hit. */
    public record FileLink(long id, String fileName, String sha256, LocalDateTime uploadedAt) {
    }

    /** The methods whose points this account may see and enter. */
    public static Set<String> methodsOf(GongkaiUser user) {
        Set<String> methods = new LinkedHashSet<>();
        if (user.has(Role.EVALUATOR)) {
            methods.add("MANUAL");
        }
        if (user.has(Role.DEPARTMENT_SCORER)) {
            methods.add("DEPARTMENT");
        }
        return methods;
    }

    /** Rounds open for entries, newest first: id → name. */
    public Map<Long, String> openRounds() {
        Map<Long, String> rounds = new LinkedHashMap<>();
        dsl.select(ASSESSMENT_ROUND.ID, ASSESSMENT_ROUND.NAME).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.STATUS.in(RoundStatus.REVIEWING.name(), RoundStatus.FEEDBACK.name()))
                .orderBy(ASSESSMENT_ROUND.ID.desc())
                .forEach(r -> rounds.put(r.value1(), r.value2()));
        return rounds;
    }

    /** Units × the round's points of {@code method} that apply to each unit, in group, unit and point order. */
    public List<Cell> grid(long roundId, String method) {
        return grid(dsl, roundId, method);
    }

    private static List<Cell> grid(DSLContext db, long roundId, String method) {
        ManualScoreSheet.Context context = context(db, roundId, Set.of(method));
        Map<String, String> groups = new HashMap<>();
        db.select(UNIT.CODE, UNIT_GROUP.NAME).from(ROUND_UNIT).join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID))
                .join(UNIT_GROUP).on(UNIT_GROUP.ID.eq(ROUND_UNIT.GROUP_ID)).where(ROUND_UNIT.ROUND_ID.eq(roundId))
                .forEach(r -> groups.put(r.value1(), r.value2()));
        Map<String, Latest> latest = latest(db, roundId);
        Map<Long, List<FileLink>> files = db.select(MANUAL_SCORE_FILE.MANUAL_SCORE_ID, MANUAL_SCORE_FILE.ID,
                        MANUAL_SCORE_FILE.FILE_NAME, MANUAL_SCORE_FILE.SHA256, MANUAL_SCORE_FILE.UPLOADED_AT)
                .from(MANUAL_SCORE_FILE).join(MANUAL_SCORE).on(MANUAL_SCORE.ID.eq(MANUAL_SCORE_FILE.MANUAL_SCORE_ID))
                .where(MANUAL_SCORE.ROUND_ID.eq(roundId)).orderBy(MANUAL_SCORE_FILE.ID)
                .fetchGroups(MANUAL_SCORE_FILE.MANUAL_SCORE_ID, r -> new FileLink(r.value2(), r.value3(), r.value4(),
                        r.value5()));
        List<Cell> cells = new ArrayList<>();
        for (ManualScoreSheet.Unit unit : context.units().values()) {
            for (ManualScoreSheet.Point point : context.points().values()) {
                if (!point.method().equals(method) || !point.appliesTo(unit)) {
                    continue;
                }
                Latest entry = latest.get(unit.id() + ":" + point.id());
                cells.add(new Cell(unit.id(), unit.code(), unit.name(), groups.get(unit.code()), point.id(),
                        point.code(), point.text(), point.method(), point.maxScore(),
                        entry == null ? null : entry.score(), entry == null ? null : entry.enteredBy(),
                        entry == null ? null : entry.enteredAt(), entry == null ? null : entry.reason(),
                        point.veto(), entry != null && entry.vetoHit(),
                        entry == null ? List.of() : files.getOrDefault(entry.id(), List.of())));
            }
        }
        cells.sort(Comparator.comparing((Cell c) -> groups.getOrDefault(c.unitCode(), ""))
                .thenComparing(Cell::unitCode));
        return cells;
    }

    /** Enters one score; a change to an existing score needs a reason, a first entry gets a default one. */
    public void enter(GongkaiUser user, long roundId, long unitId, long pointId, BigDecimal score, String reason) {
        enter(user, roundId, unitId, pointId, score, reason, false, List.of());
    }

    /**
     * Enters one score, or with {@code vetoHit} records that the scorer found a veto point's veto situation: the
     * point scores 0 (an empty score means 0), the unit goes on the negative list at the next scoring, and the scorer
     * must give a reason and at least one evidence file (already checked by {@link EvidenceFiles#check}). The files
     * are put in the store first, then linked to the entry in the entry's transaction.
     */
    public void enter(GongkaiUser user, long roundId, long unitId, long pointId, BigDecimal score, String reason,
                      boolean vetoHit, List<EvidenceFiles.Checked> evidence) {
        if (vetoHit) {
            if (score != null && score.signum() != 0) {
                throw new IllegalArgumentException("认定否决情形时得分应为 0");
            }
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("认定否决情形必须填写理由");
            }
            if (evidence.isEmpty()) {
                throw new IllegalArgumentException("认定否决情形必须上传证据文件（" + EvidenceFiles.ALLOWED + "）");
            }
            score = BigDecimal.ZERO;
        } else if (!evidence.isEmpty()) {
            throw new IllegalArgumentException("证据文件只随否决情形的认定上传");
        }
        if (score == null) {
            throw new IllegalArgumentException("请填写得分");
        }
        // The controller holds what users type to this already; callers in code are held to it as well.
        TextInput.limited(reason == null ? null : reason.strip(), "理由", TextInput.REASON_MAX);
        BigDecimal entered = score;
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            // The grid offers the round's units and points only: another id is not found, whatever the phase.
            ManualScoreSheet.Context context = context(db, roundId, methodsOf(user));
            ManualScoreSheet.Unit unit = context.units().values().stream().filter(u -> u.id() == unitId)
                    .findFirst().orElseThrow(() -> new NotFound("本轮评估中没有这个单位：" + unitId));
            ManualScoreSheet.Point point = context.points().values().stream().filter(p -> p.id() == pointId)
                    .findFirst().orElseThrow(() -> new NotFound("本轮评估中没有这个人工或主管部门评分的评估点：" + pointId));
            requireOpen(db, roundId);
            if (!context.methods().contains(point.method())) {
                throw new IllegalArgumentException("评估点「" + point.code() + "」由"
                        + ManualScoreSheet.methodLabel(point.method()) + "，当前账号不能录入");
            }
            if (!point.appliesTo(unit)) {
                throw new IllegalArgumentException("评估点「" + point.code() + "」不适用于" + unit.name());
            }
            if (vetoHit && !point.veto()) {
                throw new IllegalArgumentException("评估点「" + point.code() + "」不是否决项，不能认定否决情形");
            }
            if (entered.signum() < 0 || entered.compareTo(point.maxScore()) > 0) {
                throw new IllegalArgumentException("得分应在 0 到 " + point.maxScore().stripTrailingZeros().toPlainString()
                        + " 之间");
            }
            if (entered.stripTrailingZeros().scale() > 3) {
                throw new IllegalArgumentException("得分最多保留三位小数");
            }
            Latest before = latest(db, roundId).get(unitId + ":" + pointId);
            String why = reason == null ? "" : reason.strip();
            if (why.isEmpty()) {
                if (before != null && (before.vetoHit()
                        || before.score() != null && before.score().compareTo(entered) != 0)) {
                    throw new IllegalArgumentException("修改已录入的得分必须填写理由");
                }
                why = "录入得分";
            }
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            long id = store(db, user.getUsername(), roundId, unit, point, entered, why, vetoHit, before, now);
            for (EvidenceFiles.Checked file : evidence) {
                // Stored first (idempotent, by digest); if this transaction fails the file is just unreferenced.
                files.store(file);
                long fileId = db.insertInto(MANUAL_SCORE_FILE, MANUAL_SCORE_FILE.MANUAL_SCORE_ID,
                                MANUAL_SCORE_FILE.FILE_NAME, MANUAL_SCORE_FILE.CONTENT_TYPE, MANUAL_SCORE_FILE.SIZE_BYTES,
                                MANUAL_SCORE_FILE.SHA256, MANUAL_SCORE_FILE.UPLOADED_AT)
                        .values(id, file.fileName(), file.contentType(), file.sizeBytes(), file.sha256(), now)
                        .returning(MANUAL_SCORE_FILE.ID).fetchOne().getId();
                AuditTrail.record(db, user.getUsername(), "MANUAL_SCORE_FILE_UPLOADED", "manual_score",
                        String.valueOf(id), null,
                        "{\"file\":" + fileId + ",\"name\":\"" + file.fileName().replace("\"", "\\\"")
                                + "\",\"contentType\":\"" + file.contentType() + "\",\"sizeBytes\":"
                                + file.sizeBytes() + ",\"sha256\":\"" + file.sha256() + "\"}",
                        why);
            }
        });
    }

    /** The round's cells of {@code method} as the import template, current scores filled in. */
    public byte[] exportXlsx(long roundId, String method) {
        List<ManualScoreSheet.Line> lines = new ArrayList<>();
        ManualScoreSheet.Context context = context(dsl, roundId, Set.of(method));
        for (Cell cell : grid(roundId, method)) {
            // a veto hit's reason goes out with it, so the file imports back as it came
            lines.add(new ManualScoreSheet.Line(context.units().get(cell.unitCode()),
                    context.points().get(cell.pointCode()), cell.score(), cell.vetoHit() ? cell.reason() : null,
                    cell.vetoHit()));
        }
        return ManualScoreSheet.write(lines);
    }

    /** Stores every filled-in row of the file, or none: see {@link ManualScoreSheet#read}. Returns the rows stored. */
    public int importXlsx(GongkaiUser user, long roundId, InputStream xlsx) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            requireOpen(db, roundId);
            return store(db, user.getUsername(), roundId,
                    ManualScoreSheet.read(xlsx, context(db, roundId, methodsOf(user))));
        });
    }

    /**
     * What {@code run-round --manual-scores} does: stores every filled-in row of an xlsx or CSV sheet for the MANUAL and
     * DEPARTMENT points, or none, in the name of {@code actor} (audited as such). Returns the rows stored.
     */
    public int importFile(String actor, long roundId, String fileName, byte[] bytes) {
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            requireOpen(db, roundId);
            return store(db, actor, roundId,
                    ManualScoreSheet.read(fileName, bytes, context(db, roundId, Set.copyOf(METHODS))));
        });
    }

    /** Checks a sheet as {@link #importFile} would, storing nothing; refused with every bad row, in Chinese. */
    public int check(long roundId, String fileName, byte[] bytes) {
        return ManualScoreSheet.read(fileName, bytes, context(dsl, roundId, Set.copyOf(METHODS))).size();
    }

    private static int store(DSLContext db, String actor, long roundId, List<ManualScoreSheet.Entry> entries) {
        Map<String, Latest> latest = latest(db, roundId);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        for (ManualScoreSheet.Entry entry : entries) {
            store(db, actor, roundId, entry.unit(), entry.point(), entry.score(),
                    entry.reason() == null ? "表格导入" : entry.reason(), entry.vetoHit(),
                    latest.get(entry.unit().id() + ":" + entry.point().id()), now);
        }
        return entries.size();
    }

    private record Latest(long id, BigDecimal score, String enteredBy, LocalDateTime enteredAt, String reason,
                          boolean vetoHit) {
    }

    private static long store(DSLContext db, String actor, long roundId, ManualScoreSheet.Unit unit,
                              ManualScoreSheet.Point point, BigDecimal score, String reason, boolean vetoHit,
                              Latest before, LocalDateTime now) {
        long id = db.insertInto(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID, MANUAL_SCORE.UNIT_ID, MANUAL_SCORE.POINT_ID,
                        MANUAL_SCORE.SCORE, MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY, MANUAL_SCORE.ENTERED_AT,
                        MANUAL_SCORE.REASON, MANUAL_SCORE.VETO_HIT)
                .values(roundId, unit.id(), point.id(), score, point.method(), actor, now, reason, vetoHit)
                .returning(MANUAL_SCORE.ID).fetchOne().getId();
        AuditTrail.record(db, actor, vetoHit ? point.method() + "_VETO_HIT" : point.method() + "_SCORE",
                "manual_score", String.valueOf(id),
                before == null ? null : "{\"score\":" + before.score() + ",\"vetoHit\":" + before.vetoHit() + "}",
                "{\"round\":" + roundId + ",\"unit\":" + unit.id() + ",\"point\":" + point.id()
                        + ",\"score\":" + score.toPlainString() + ",\"vetoHit\":" + vetoHit + "}",
                reason);
        return id;
    }

    private static void requireOpen(DSLContext db, long roundId) {
        String status = db.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne(ASSESSMENT_ROUND.STATUS);
        if (status == null) {
            throw new IllegalArgumentException("评估轮次不存在：" + roundId);
        }
        RoundStatus roundStatus = RoundStatus.valueOf(status);
        if (roundStatus != RoundStatus.REVIEWING && roundStatus != RoundStatus.FEEDBACK) {
            throw new IllegalStateException("评估轮次处于「" + roundStatus.label() + "」阶段，不能录入得分");
        }
    }

    /** The round's units and its MANUAL and DEPARTMENT points by code, ordered as the catalog orders them. */
    private static ManualScoreSheet.Context context(DSLContext db, long roundId, Set<String> methods) {
        Map<String, ManualScoreSheet.Unit> units = new LinkedHashMap<>();
        db.select(UNIT.ID, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE).from(ROUND_UNIT)
                .join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID)).where(ROUND_UNIT.ROUND_ID.eq(roundId))
                .orderBy(UNIT.CODE)
                .forEach(r -> units.put(r.value2(), new ManualScoreSheet.Unit(r.value1(), r.value2(), r.value3(),
                        r.value4())));
        Map<String, ManualScoreSheet.Point> points = new LinkedHashMap<>();
        db.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.TEXT, EVALUATION_POINT.MAX_SCORE,
                        EVALUATION_POINT.METHOD, EVALUATION_POINT.APPLIES_TO, EVALUATION_POINT.VETO)
                .from(ROUND_POINT).join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId)).and(EVALUATION_POINT.METHOD.in(METHODS))
                .orderBy(EVALUATION_POINT.INDICATOR_ID, EVALUATION_POINT.ORDINAL)
                .forEach(r -> points.put(r.value2(), new ManualScoreSheet.Point(r.value1(), r.value2(), r.value3(),
                        r.value4(), r.value5(), Arrays.stream(r.value6().split(",")).map(String::strip)
                        .collect(Collectors.toSet()), Boolean.TRUE.equals(r.value7()))));
        return new ManualScoreSheet.Context(units, points, methods);
    }

    private static Map<String, Latest> latest(DSLContext db, long roundId) {
        Map<String, Latest> latest = new HashMap<>();
        // Ascending by time and id, so the last put for a key is the entry scoring counts.
        db.select(MANUAL_SCORE.UNIT_ID, MANUAL_SCORE.POINT_ID, MANUAL_SCORE.SCORE, MANUAL_SCORE.ENTERED_BY,
                        MANUAL_SCORE.ENTERED_AT, MANUAL_SCORE.REASON, MANUAL_SCORE.ID, MANUAL_SCORE.VETO_HIT)
                .from(MANUAL_SCORE).where(MANUAL_SCORE.ROUND_ID.eq(roundId))
                .orderBy(MANUAL_SCORE.ENTERED_AT, MANUAL_SCORE.ID)
                .forEach(r -> latest.put(r.value1() + ":" + r.value2(),
                        new Latest(r.value7(), r.value3(), r.value4(), r.value5(), r.value6(), r.value8())));
        return latest;
    }
}
