package cn.gongkai.web.round;

import java.util.List;
import java.util.Map;

/** The life of an assessment round; only evaluators move it, and every move is recorded. */
public enum RoundStatus {
    DRAFT("草稿"),
    CAPTURING("采集中"),
    REVIEWING("复核中"),
    FEEDBACK("反馈申诉期"),
    FINAL("已发布");

    /** Where a round may go from each status: forward, and back from feedback to review after appeals. */
    private static final Map<RoundStatus, List<RoundStatus>> NEXT = Map.of(
            DRAFT, List.of(CAPTURING),
            CAPTURING, List.of(REVIEWING),
            REVIEWING, List.of(CAPTURING, FEEDBACK),
            FEEDBACK, List.of(REVIEWING, FINAL),
            FINAL, List.of());

    private final String label;

    RoundStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public List<RoundStatus> next() {
        return NEXT.get(this);
    }

    public boolean canMoveTo(RoundStatus target) {
        return NEXT.get(this).contains(target);
    }
}
