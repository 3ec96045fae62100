package cn.gongkai.scoring.publish;

import static cn.gongkai.sql.jooq.Tables.NEGATIVE_LIST_ENTRY;
import static cn.gongkai.sql.jooq.Tables.POINT_SCORE;
import static cn.gongkai.sql.jooq.Tables.RANK_UNCERTAINTY;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_NEGATIVE;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_POINT;
import static cn.gongkai.sql.jooq.Tables.RESULT_SNAPSHOT_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT_RESULT;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;

/**
 * The canonical serialisation of a round's results and its SHA-256. Working results and a snapshot's copy are read
 * by queries with the same columns in the same order, so a snapshot hashes to the value computed before it was
 * written, and anyone can recompute it later to show the rows were not altered.
 *
 * <p>Format (UTF-8): a line per row, tab-separated; units by unit id ({@code U}), then point scores by unit and point
 * ({@code P}), then negative-list entries by unit, point, finding and veto hit ({@code N}; a person's veto hit has no
 * finding, and its own id is not hashed, so snapshots written before veto hits keep their hash); decimals in plain notation without
 * trailing zeros, NULL as {@code \N}, tabs, newlines and backslashes in text escaped. Publication time, actor
 * and reason are not content: publishing identical results twice gives one hash.
 */
final class SnapshotContent {

    private SnapshotContent() {
    }

    static String hashOfWorking(DSLContext db, long roundId) {
        return hash(
                db.select(UNIT_RESULT.UNIT_ID, UNIT_RESULT.GROUP_ID, UNIT_RESULT.TOTAL, UNIT_RESULT.RAW_SCORE,
                                UNIT_RESULT.MAX_SCORE, UNIT_RESULT.BASE_TOTAL, UNIT_RESULT.BONUS,
                                UNIT_RESULT.RANK_IN_GROUP, UNIT_RESULT.GRADE, UNIT_RESULT.NEGATIVE_LIST,
                                UNIT_RESULT.COMPOSITE, RANK_UNCERTAINTY.MEDIAN_RANK, RANK_UNCERTAINTY.P05_RANK,
                                RANK_UNCERTAINTY.P95_RANK)
                        .from(UNIT_RESULT)
                        .leftJoin(RANK_UNCERTAINTY).on(RANK_UNCERTAINTY.ROUND_ID.eq(UNIT_RESULT.ROUND_ID)
                                .and(RANK_UNCERTAINTY.UNIT_ID.eq(UNIT_RESULT.UNIT_ID)))
                        .where(UNIT_RESULT.ROUND_ID.eq(roundId))
                        .orderBy(UNIT_RESULT.UNIT_ID),
                db.select(POINT_SCORE.UNIT_ID, POINT_SCORE.POINT_ID, POINT_SCORE.SCORE, POINT_SCORE.MAX_SCORE,
                                POINT_SCORE.SOURCE)
                        .from(POINT_SCORE)
                        .where(POINT_SCORE.ROUND_ID.eq(roundId))
                        .orderBy(POINT_SCORE.UNIT_ID, POINT_SCORE.POINT_ID),
                db.select(NEGATIVE_LIST_ENTRY.UNIT_ID, NEGATIVE_LIST_ENTRY.POINT_ID, NEGATIVE_LIST_ENTRY.FINDING_ID,
                                NEGATIVE_LIST_ENTRY.REASON, NEGATIVE_LIST_ENTRY.EVIDENCE)
                        .from(NEGATIVE_LIST_ENTRY)
                        .where(NEGATIVE_LIST_ENTRY.ROUND_ID.eq(roundId))
                        .orderBy(NEGATIVE_LIST_ENTRY.UNIT_ID, NEGATIVE_LIST_ENTRY.POINT_ID,
                                NEGATIVE_LIST_ENTRY.FINDING_ID, NEGATIVE_LIST_ENTRY.MANUAL_SCORE_ID));
    }

    static String hashOfSnapshot(DSLContext db, long snapshotId) {
        var u = RESULT_SNAPSHOT_UNIT;
        var p = RESULT_SNAPSHOT_POINT;
        var n = RESULT_SNAPSHOT_NEGATIVE;
        return hash(
                db.select(u.UNIT_ID, u.GROUP_ID, u.TOTAL, u.RAW_SCORE, u.MAX_SCORE, u.BASE_TOTAL, u.BONUS,
                                u.RANK_IN_GROUP, u.GRADE, u.NEGATIVE_LIST, u.COMPOSITE, u.MEDIAN_RANK, u.P05_RANK,
                                u.P95_RANK)
                        .from(u).where(u.SNAPSHOT_ID.eq(snapshotId)).orderBy(u.UNIT_ID),
                db.select(p.UNIT_ID, p.POINT_ID, p.SCORE, p.MAX_SCORE, p.SOURCE)
                        .from(p).where(p.SNAPSHOT_ID.eq(snapshotId)).orderBy(p.UNIT_ID, p.POINT_ID),
                db.select(n.UNIT_ID, n.POINT_ID, n.FINDING_ID, n.REASON, n.EVIDENCE)
                        .from(n).where(n.SNAPSHOT_ID.eq(snapshotId)).orderBy(n.UNIT_ID, n.POINT_ID, n.FINDING_ID,
                                n.MANUAL_SCORE_ID));
    }

    private static String hash(ResultQuery<?> units, ResultQuery<?> points, ResultQuery<?> negatives) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder line = new StringBuilder(256);
        digest(sha256, line, 'U', units);
        digest(sha256, line, 'P', points);
        digest(sha256, line, 'N', negatives);
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Streams the rows (MySQL's driver buffers a whole result unless the fetch size is Integer.MIN_VALUE). */
    private static void digest(MessageDigest sha256, StringBuilder line, char kind, ResultQuery<?> query) {
        try (Cursor<? extends Record> cursor = query.fetchSize(Integer.MIN_VALUE).fetchLazy()) {
            for (Record record : cursor) {
                line.setLength(0);
                line.append(kind);
                for (int i = 0; i < record.size(); i++) {
                    line.append('\t');
                    append(line, record.get(i));
                }
                line.append('\n');
                sha256.update(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    static void append(StringBuilder line, Object value) {
        switch (value) {
            case null -> line.append("\\N");
            case BigDecimal d -> line.append(d.stripTrailingZeros().toPlainString());
            case Boolean b -> line.append(b ? '1' : '0');
            case String s -> {
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    switch (c) {
                        case '\\' -> line.append("\\\\");
                        case '\t' -> line.append("\\t");
                        case '\n' -> line.append("\\n");
                        case '\r' -> line.append("\\r");
                        default -> line.append(c);
                    }
                }
            }
            default -> line.append(value);
        }
    }
}
