package cn.gongkai.web.visibility;

import cn.gongkai.web.round.RoundStatus;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Which results of a round a reader gets, and the label that says so on every page, report and API answer.
 * {@code snapshotId}, {@code version} and {@code publishedAt} are set for {@link Kind#PUBLISHED} only.
 */
public record ResultView(long roundId, RoundStatus status, Kind kind, Long snapshotId, Integer version,
                         LocalDateTime publishedAt) {

    public enum Kind {
        /** The evaluators' working results, whatever the round's status. */
        WORKING,
        /** The working results shown to a county during the feedback window: not final, not published. */
        PRELIMINARY,
        /** A frozen, published snapshot. */
        PUBLISHED
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public static ResultView working(long roundId, RoundStatus status) {
        return new ResultView(roundId, status, Kind.WORKING, null, null, null);
    }

    public boolean published() {
        return kind == Kind.PUBLISHED;
    }

    /**
     * The label with the publication time in the readers' zone (the unit page and its PDF), e.g.
     * 已发布结果（第 1 版，发布于 2026-12-06 11:50 北京时间）.
     */
    public String label(java.time.ZoneId zone, String zoneLabel) {
        if (kind == Kind.PUBLISHED) {
            LocalDateTime local = publishedAt.atOffset(java.time.ZoneOffset.UTC).atZoneSameInstant(zone)
                    .toLocalDateTime();
            return "已发布结果（第 " + version + " 版，发布于 " + TIME.format(local) + " " + zoneLabel + "）";
        }
        return label();
    }

    /** What the reader is looking at, in the words shown to them. */
    public String label() {
        return switch (kind) {
            case PUBLISHED -> "已发布结果（第 " + version + " 版，发布于 " + TIME.format(publishedAt) + " UTC）";
            case PRELIMINARY -> "初评，未发布";
            case WORKING -> "工作结果（" + status.label() + (status == RoundStatus.FINAL ? "" : "，未发布") + "）";
        };
    }
}
