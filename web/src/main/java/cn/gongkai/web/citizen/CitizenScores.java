package cn.gongkai.web.citizen;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.EVALUATION_POINT;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.ROUND_POINT;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.round.RoundStatus;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Citizens' scores for the round's PUBLIC source pool, imported from a file: checked row by row against the round,
 * stored all or nothing as people's scores (manual_score, source PUBLIC, the latest winning as for any score), and
 * recorded in the audit log with the file's SHA-256. Scoring reads them as it reads manual and department scores;
 * the pool they count in is the round's policy's.
 */
@Service
public class CitizenScores {

    public static final String SOURCE = "PUBLIC";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext dsl;

    CitizenScores(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A PUBLIC point of the round with how many units have a citizens' score on it. */
    public record PublicPoint(String code, String text, BigDecimal maxScore, String appliesTo, int scored) {
    }

    public List<PublicPoint> publicPoints(long roundId) {
        CitizenSheet.Context context = context(dsl, roundId);
        Map<Long, Integer> scored = dsl.select(MANUAL_SCORE.POINT_ID, org.jooq.impl.DSL.countDistinct(MANUAL_SCORE.UNIT_ID))
                .from(MANUAL_SCORE)
                .where(MANUAL_SCORE.ROUND_ID.eq(roundId)).and(MANUAL_SCORE.SOURCE.eq(SOURCE))
                .groupBy(MANUAL_SCORE.POINT_ID)
                .fetchMap(r -> r.value1(), r -> r.value2());
        return context.publicPoints().values().stream().map(p -> new PublicPoint(p.code(), p.text(), p.maxScore(),
                String.join("、", p.appliesTo().stream().sorted().map(CitizenScores::typeLabel).toList()),
                scored.getOrDefault(p.id(), 0))).toList();
    }

    /** What an import stored. */
    public record Imported(String shape, int rows, int scores) {
    }

    /**
     * Checks the file and stores every score it gives in one transaction; refused as a whole (with every bad cell)
     * by {@link CitizenImportException}, or by IllegalStateException when the round takes no scores now.
     */
    public Imported importFile(String actor, long roundId, String fileName, byte[] bytes) {
        List<CitizenSheet.Line> lines = CitizenSheet.lines(fileName, bytes);
        String sha256 = sha256(bytes);
        return dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            requireOpen(db, roundId);
            CitizenSheet.Result result = CitizenSheet.check(lines, context(db, roundId));
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            String shortName = fileName == null ? "" : fileName.strip();
            if (shortName.length() > 100) {
                shortName = shortName.substring(0, 100) + "…";
            }
            var insert = db.insertInto(MANUAL_SCORE, MANUAL_SCORE.ROUND_ID, MANUAL_SCORE.UNIT_ID,
                    MANUAL_SCORE.POINT_ID, MANUAL_SCORE.SCORE, MANUAL_SCORE.SOURCE, MANUAL_SCORE.ENTERED_BY,
                    MANUAL_SCORE.ENTERED_AT, MANUAL_SCORE.REASON, MANUAL_SCORE.VETO_HIT);
            for (CitizenSheet.Entry entry : result.entries()) {
                String reason = "公众评价导入（" + shortName + " 第 " + entry.row() + " 行，SHA-256 "
                        + sha256.substring(0, 12) + "）" + (entry.note() == null ? "" : "：" + entry.note());
                insert = insert.values(roundId, entry.unit().id(), entry.point().id(), entry.score(), SOURCE, actor,
                        now, reason.length() > 2000 ? reason.substring(0, 1999) + "…" : reason, false);
            }
            insert.execute();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("round", roundId);
            after.put("file", shortName);
            after.put("sha256", sha256);
            after.put("shape", result.shape().name());
            after.put("rows", result.rows());
            after.put("scores", result.entries().size());
            after.put("units", result.entries().stream().map(e -> e.unit().code()).distinct().count());
            AuditTrail.record(db, actor, "PUBLIC_SCORES_IMPORTED", "manual_score", String.valueOf(roundId), null,
                    JSON.writeValueAsString(after), "公众评价导入（" + result.shape().label + "）");
            return new Imported(result.shape().label, result.rows(), result.entries().size());
        });
    }

    /** As for manual scores: citizens' scores come in while the round is under review or open to feedback. */
    private static void requireOpen(DSLContext db, long roundId) {
        String status = db.select(ASSESSMENT_ROUND.STATUS).from(ASSESSMENT_ROUND)
                .where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne(ASSESSMENT_ROUND.STATUS);
        if (status == null) {
            throw new IllegalArgumentException("评估轮次不存在：" + roundId);
        }
        RoundStatus roundStatus = RoundStatus.valueOf(status);
        if (roundStatus != RoundStatus.REVIEWING && roundStatus != RoundStatus.FEEDBACK) {
            throw new IllegalStateException("评估轮次处于「" + roundStatus.label() + "」阶段，不能导入公众评价；"
                    + "复核中和反馈申诉期可以导入");
        }
    }

    /** The round's units, and its points split by the pool the round's policy puts them in. */
    static CitizenSheet.Context context(DSLContext db, long roundId) {
        Map<String, CitizenSheet.Unit> units = new LinkedHashMap<>();
        db.select(UNIT.ID, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE).from(ROUND_UNIT)
                .join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID)).where(ROUND_UNIT.ROUND_ID.eq(roundId))
                .orderBy(UNIT.CODE)
                .forEach(r -> units.put(r.value2(), new CitizenSheet.Unit(r.value1(), r.value2(), r.value3(),
                        r.value4())));
        Map<Long, RoundPolicy.Pool> pools = new RoundPolicies(db).load(roundId).pointPools();
        Map<String, CitizenSheet.Point> publicPoints = new LinkedHashMap<>();
        Set<String> others = new HashSet<>();
        db.select(EVALUATION_POINT.ID, EVALUATION_POINT.CODE, EVALUATION_POINT.TEXT, EVALUATION_POINT.MAX_SCORE,
                        EVALUATION_POINT.APPLIES_TO)
                .from(ROUND_POINT).join(EVALUATION_POINT).on(EVALUATION_POINT.ID.eq(ROUND_POINT.POINT_ID))
                .where(ROUND_POINT.ROUND_ID.eq(roundId))
                .orderBy(EVALUATION_POINT.INDICATOR_ID, EVALUATION_POINT.ORDINAL)
                .forEach(r -> {
                    if (pools.get(r.value1()) == RoundPolicy.Pool.PUBLIC) {
                        publicPoints.put(r.value2(), new CitizenSheet.Point(r.value1(), r.value2(), r.value3(),
                                r.value4(), Arrays.stream(r.value5().split(",")).map(String::strip)
                                .collect(Collectors.toSet())));
                    } else {
                        others.add(r.value2());
                    }
                });
        return new CitizenSheet.Context(units, publicPoints, others);
    }

    private static String typeLabel(String type) {
        return switch (type) {
            case "COUNTY_GOVERNMENT" -> "区县政府";
            case "DEPARTMENT" -> "市直部门";
            case "TOWNSHIP" -> "乡镇街道";
            default -> type;
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
