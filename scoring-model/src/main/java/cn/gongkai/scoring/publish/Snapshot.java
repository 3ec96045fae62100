package cn.gongkai.scoring.publish;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One published, frozen version of a round's results. {@code changes} is what differs from the previous version
 * (empty for version 1); who, why and when are the snapshot's own.
 */
public record Snapshot(long id, long roundId, int version, String contentHash, LocalDateTime publishedAt,
                       String publishedBy, String reason, List<UnitRow> units, List<Change> changes) {

    public record UnitRow(long unitId, long groupId, BigDecimal total, BigDecimal baseTotal, BigDecimal bonus,
                          int rankInGroup, String grade, boolean negativeList, boolean composite,
                          BigDecimal medianRank, Integer p05Rank, Integer p95Rank) {
    }

    /** {@code field}: total, rank_in_group, grade, negative_list, or unit (a unit added to or removed from the results). */
    public record Change(long unitId, String field, String oldValue, String newValue) {
    }
}
