package cn.gongkai.scoring.publish;

import static cn.gongkai.sql.jooq.Tables.AREA_SCORE;
import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.AUDIT_LOG;
import static cn.gongkai.sql.jooq.Tables.FINDING;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY;
import static cn.gongkai.sql.jooq.Tables.RESULT_CHANGE;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_AREA;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_NEGATIVE;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_POINT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_UNIT;
import static cn.gongkai.sql.jooq.Tables.REVIEW;
import static cn.gongkai.sql.jooq.Tables.ROUND_SCORING_POLICY;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import cn.gongkai.scoring.PendingPoints;
import cn.gongkai.scoring.RoundPolicies;
import cn.gongkai.scoring.RoundPolicy;
import cn.gongkai.scoring.UncertainPoints;
import cn.gongkai.scoring.publish.Snapshot.Change;
import cn.gongkai.scoring.publish.Snapshot.UnitRow;
import cn.gongkai.sql.jooq.tables.records.ResultSnapshotRecord;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jooq.DSLContext;

/**
 * Publishes a round's working results as an immutable, hashed snapshot, and reads published snapshots back. A
 * later publication with different content becomes a new version with its change log; publishing unchanged
 * results again returns the version already published.
 */
public final class Publisher {

    private final DSLContext dsl;

    public Publisher(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Freezes the round's current results. Refused (with the reason, in Chinese) when the round has not been scored,
     * when findings, reviews, manual scores or the policy changed after scoring, when UNCERTAIN points remain and the
     * round's policy makes them block publication, when any point is still 待评 (listed unit by unit), or when a new
     * version comes without a reason.
     */
    public Snapshot publish(long roundId, String actor, String reason) {
        Objects.requireNonNull(actor);
        long snapshotId = dsl.transactionResult(tx -> {
            DSLContext db = tx.dsl();
            if (db.selectOne().from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId)).forUpdate().fetchOne()
                    == null) {
                throw new IllegalArgumentException("评估轮次 " + roundId + " 不存在");
            }
            LocalDateTime computedAt = db.select(min(UNIT_RESULT.COMPUTED_AT)).from(UNIT_RESULT)
                    .where(UNIT_RESULT.ROUND_ID.eq(roundId)).fetchOne().value1();
            if (computedAt == null) {
                throw new PublicationRefusedException("本轮次尚未计分，没有可发布的结果");
            }
            LocalDateTime changedAt = lastInputChange(db, roundId);
            if (changedAt != null && changedAt.isAfter(computedAt)) {
                throw new PublicationRefusedException("计分之后检查结果、复核、人工评分或计分规则又有变动，请重新计分后再发布");
            }
            RoundPolicy policy = new RoundPolicies(db).load(roundId);
            int uncertain = new UncertainPoints(db).count(roundId);
            if (policy.uncertainBlocksPublication() && uncertain > 0) {
                throw new PublicationRefusedException("还有 " + uncertain + " 个评估点的检查结果不确定，须经评估人员复核后才能发布");
            }
            // Whatever the policy says of uncertain findings, a total with unassessed points is not a result.
            List<PendingPoints.Unit> pending = new PendingPoints(db).list(roundId);
            if (!pending.isEmpty()) {
                throw new PublicationRefusedException(pendingMessage(pending));
            }
            String hash = SnapshotContent.hashOfWorking(db, roundId);
            ResultSnapshotRecord previous = db.selectFrom(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ROUND_ID.eq(roundId))
                    .orderBy(RESULT_SNAPSHOT.VERSION.desc()).limit(1).fetchOne();
            if (previous != null && previous.getContentHash().equals(hash)) {
                return previous.getId();
            }
            if (previous != null && (reason == null || reason.isBlank())) {
                throw new PublicationRefusedException("本轮次已发布过结果，再次发布须说明变更原因");
            }
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            int version = previous == null ? 1 : previous.getVersion() + 1;
            int units = db.fetchCount(UNIT_RESULT, UNIT_RESULT.ROUND_ID.eq(roundId));
            long id = db.insertInto(RESULT_SNAPSHOT, RESULT_SNAPSHOT.ROUND_ID, RESULT_SNAPSHOT.VERSION,
                            RESULT_SNAPSHOT.CONTENT_HASH, RESULT_SNAPSHOT.UNITS, RESULT_SNAPSHOT.PUBLISHED_AT,
                            RESULT_SNAPSHOT.PUBLISHED_BY, RESULT_SNAPSHOT.REASON)
                    .values(roundId, version, hash, units, now, actor, reason)
                    .returning(RESULT_SNAPSHOT.ID).fetchOne().getId();
            copy(db, roundId, id);
            String copied = SnapshotContent.hashOfSnapshot(db, id);
            if (!copied.equals(hash)) {
                throw new IllegalStateException("发布快照的内容与当前结果不一致（" + copied + " ≠ " + hash + "），已取消发布");
            }
            if (previous != null) {
                writeChanges(db, previous.getId(), id);
            }
            db.insertInto(AUDIT_LOG, AUDIT_LOG.AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION, AUDIT_LOG.ENTITY,
                            AUDIT_LOG.ENTITY_ID, AUDIT_LOG.BEFORE_JSON, AUDIT_LOG.AFTER_JSON, AUDIT_LOG.REASON)
                    .values(now, actor, "PUBLISH_RESULTS", "result_snapshot", String.valueOf(id),
                            previous == null ? null : "{\"version\":" + previous.getVersion() + ",\"contentHash\":\""
                                    + previous.getContentHash() + "\"}",
                            "{\"roundId\":" + roundId + ",\"version\":" + version + ",\"contentHash\":\"" + hash + "\"}",
                            reason)
                    .execute();
            return id;
        });
        return read(snapshotId);
    }

    /** Units and points listed in a refusal; the workbench lists them all. */
    private static final int UNITS_LISTED = 20;
    private static final int POINTS_LISTED = 10;

    /** The refusal in Chinese: what is missing, unit by unit and point by point, each with why. */
    static String pendingMessage(List<PendingPoints.Unit> pending) {
        int points = pending.stream().mapToInt(u -> u.points().size()).sum();
        StringBuilder text = new StringBuilder("还有 ").append(pending.size()).append(" 个单位的 ").append(points)
                .append(" 个评估点待评，须全部评定后才能发布：");
        for (int i = 0; i < Math.min(UNITS_LISTED, pending.size()); i++) {
            PendingPoints.Unit unit = pending.get(i);
            text.append(i == 0 ? "" : "；").append(unit.unitName()).append("（已评 ").append(unit.assessed())
                    .append('/').append(unit.applicable()).append("）待评：");
            for (int j = 0; j < Math.min(POINTS_LISTED, unit.points().size()); j++) {
                PendingPoints.Point point = unit.points().get(j);
                text.append(j == 0 ? "" : "、").append(point.code()).append(' ').append(point.reason());
            }
            if (unit.points().size() > POINTS_LISTED) {
                text.append(" 等 ").append(unit.points().size()).append(" 项");
            }
        }
        if (pending.size() > UNITS_LISTED) {
            text.append("；另有 ").append(pending.size() - UNITS_LISTED).append(" 个单位");
        }
        return text.append('。').toString();
    }

    /** The newest time any input of the round's scores changed, or null. */
    private static LocalDateTime lastInputChange(DSLContext db, long roundId) {
        return Stream.of(
                        db.select(max(FINDING.CHECKED_AT)).from(FINDING).where(FINDING.ROUND_ID.eq(roundId)),
                        db.select(max(REVIEW.REVIEWED_AT)).from(REVIEW).join(FINDING).on(FINDING.ID.eq(REVIEW.FINDING_ID))
                                .where(FINDING.ROUND_ID.eq(roundId)),
                        db.select(max(MANUAL_SCORE.ENTERED_AT)).from(MANUAL_SCORE)
                                .where(MANUAL_SCORE.ROUND_ID.eq(roundId)),
                        db.select(max(ROUND_SCORING_POLICY.UPDATED_AT)).from(ROUND_SCORING_POLICY)
                                .where(ROUND_SCORING_POLICY.ROUND_ID.eq(roundId)))
                .map(q -> q.fetchOne().value1())
                .filter(Objects::nonNull)
                .max(LocalDateTime::compareTo)
                .orElse(null);
    }

    private static void copy(DSLContext db, long roundId, long snapshotId) {
        var u = RESULT_SNAPSHOT_UNIT;
        db.insertInto(u, u.SNAPSHOT_ID, u.UNIT_ID, u.GROUP_ID, u.TOTAL, u.RAW_SCORE, u.MAX_SCORE, u.BASE_TOTAL,
                        u.BONUS, u.RANK_IN_GROUP, u.GRADE, u.NEGATIVE_LIST, u.COMPOSITE, u.MEDIAN_RANK, u.P05_RANK,
                        u.P95_RANK)
                .select(select(val(snapshotId), UNIT_RESULT.UNIT_ID, UNIT_RESULT.GROUP_ID, UNIT_RESULT.TOTAL,
                        UNIT_RESULT.RAW_SCORE, UNIT_RESULT.MAX_SCORE, UNIT_RESULT.BASE_TOTAL, UNIT_RESULT.BONUS,
                        UNIT_RESULT.RANK_IN_GROUP, UNIT_RESULT.GRADE, UNIT_RESULT.NEGATIVE_LIST, UNIT_RESULT.COMPOSITE,
                        RANK_UNCERTAINTY.MEDIAN_RANK, RANK_UNCERTAINTY.P05_RANK, RANK_UNCERTAINTY.P95_RANK)
                        .from(UNIT_RESULT)
                        .leftJoin(RANK_UNCERTAINTY).on(RANK_UNCERTAINTY.ROUND_ID.eq(UNIT_RESULT.ROUND_ID)
                                .and(RANK_UNCERTAINTY.UNIT_ID.eq(UNIT_RESULT.UNIT_ID)))
                        .where(UNIT_RESULT.ROUND_ID.eq(roundId)))
                .execute();
        var p = RESULT_SNAPSHOT_POINT;
        db.insertInto(p, p.SNAPSHOT_ID, p.UNIT_ID, p.POINT_ID, p.SCORE, p.MAX_SCORE, p.SOURCE)
                .select(select(val(snapshotId), POINT_SCORE.UNIT_ID, POINT_SCORE.POINT_ID, POINT_SCORE.SCORE,
                        POINT_SCORE.MAX_SCORE, POINT_SCORE.SOURCE)
                        .from(POINT_SCORE).where(POINT_SCORE.ROUND_ID.eq(roundId)))
                .execute();
        var n = RESULT_SNAPSHOT_NEGATIVE;
        db.insertInto(n, n.SNAPSHOT_ID, n.UNIT_ID, n.POINT_ID, n.FINDING_ID, n.MANUAL_SCORE_ID, n.REASON, n.EVIDENCE)
                .select(select(val(snapshotId), NEGATIVE_LIST_ENTRY.UNIT_ID, NEGATIVE_LIST_ENTRY.POINT_ID,
                        NEGATIVE_LIST_ENTRY.FINDING_ID, NEGATIVE_LIST_ENTRY.MANUAL_SCORE_ID,
                        NEGATIVE_LIST_ENTRY.REASON, NEGATIVE_LIST_ENTRY.EVIDENCE)
                        .from(NEGATIVE_LIST_ENTRY).where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId)))
                .execute();
        var a = RESULT_SNAPSHOT_AREA;
        db.insertInto(a, a.SNAPSHOT_ID, a.UNIT_ID, a.AREA_ID, a.POOL, a.SCORE, a.MAX_SCORE)
                .select(select(val(snapshotId), AREA_SCORE.UNIT_ID, AREA_SCORE.AREA_ID, AREA_SCORE.POOL,
                        AREA_SCORE.SCORE, AREA_SCORE.MAX_SCORE)
                        .from(AREA_SCORE).where(AREA_SCORE.ROUND_ID.eq(roundId)))
                .execute();
    }

    private static void writeChanges(DSLContext db, long previousId, long snapshotId) {
        List<Change> changes = ChangeLog.between(units(db, previousId), units(db, snapshotId));
        if (changes.isEmpty()) {
            return;
        }
        var insert = db.insertInto(RESULT_CHANGE, RESULT_CHANGE.SNAPSHOT_ID, RESULT_CHANGE.UNIT_ID,
                RESULT_CHANGE.FIELD, RESULT_CHANGE.OLD_VALUE, RESULT_CHANGE.NEW_VALUE);
        for (Change c : changes) {
            insert = insert.values(snapshotId, c.unitId(), c.field(), c.oldValue(), c.newValue());
        }
        insert.execute();
    }

    /** The latest published version of the round's results. */
    public Optional<Snapshot> latest(long roundId) {
        return dsl.select(RESULT_SNAPSHOT.ID).from(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ROUND_ID.eq(roundId))
                .orderBy(RESULT_SNAPSHOT.VERSION.desc()).limit(1)
                .fetchOptional(RESULT_SNAPSHOT.ID)
                .map(this::read);
    }

    /** Every published version of the round, oldest first. */
    public List<Snapshot> history(long roundId) {
        return dsl.select(RESULT_SNAPSHOT.ID).from(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ROUND_ID.eq(roundId))
                .orderBy(RESULT_SNAPSHOT.VERSION)
                .fetch(RESULT_SNAPSHOT.ID)
                .stream().map(this::read).toList();
    }

    /** Whether the snapshot's rows still hash to the hash recorded when it was published. */
    public boolean verify(long snapshotId) {
        String recorded = dsl.select(RESULT_SNAPSHOT.CONTENT_HASH).from(RESULT_SNAPSHOT)
                .where(RESULT_SNAPSHOT.ID.eq(snapshotId)).fetchOptional(RESULT_SNAPSHOT.CONTENT_HASH)
                .orElseThrow(() -> new IllegalArgumentException("发布快照 " + snapshotId + " 不存在"));
        return recorded.equals(SnapshotContent.hashOfSnapshot(dsl, snapshotId));
    }

    public Snapshot read(long snapshotId) {
        ResultSnapshotRecord s = dsl.selectFrom(RESULT_SNAPSHOT).where(RESULT_SNAPSHOT.ID.eq(snapshotId)).fetchOne();
        if (s == null) {
            throw new IllegalArgumentException("发布快照 " + snapshotId + " 不存在");
        }
        List<Change> changes = dsl.selectFrom(RESULT_CHANGE).where(RESULT_CHANGE.SNAPSHOT_ID.eq(snapshotId))
                .orderBy(RESULT_CHANGE.ID)
                .fetch(c -> new Change(c.getUnitId(), c.getField(), c.getOldValue(), c.getNewValue()));
        return new Snapshot(s.getId(), s.getRoundId(), s.getVersion(), s.getContentHash(), s.getPublishedAt(),
                s.getPublishedBy(), s.getReason(), new ArrayList<>(units(dsl, snapshotId).values()), changes);
    }

    private static Map<Long, UnitRow> units(DSLContext db, long snapshotId) {
        Map<Long, UnitRow> rows = new LinkedHashMap<>();
        var u = RESULT_SNAPSHOT_UNIT;
        db.selectFrom(u).where(u.SNAPSHOT_ID.eq(snapshotId)).orderBy(u.GROUP_ID, u.RANK_IN_GROUP, u.UNIT_ID)
                .forEach(r -> rows.put(r.getUnitId(), new UnitRow(r.getUnitId(), r.getGroupId(), r.getTotal(),
                        r.getBaseTotal(), r.getBonus(), r.getRankInGroup(), r.getGrade(), r.getNegativeList(),
                        r.getComposite(), r.getMedianRank(), r.getP05Rank(), r.getP95Rank())));
        return rows;
    }

    static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
