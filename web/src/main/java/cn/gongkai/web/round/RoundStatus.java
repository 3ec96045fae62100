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

    /**
     * What moving a round from {@code from} to this status does, as the confirmation before the move says it. The
     * server checks the move itself (RoundLifecycle, publication's preconditions); this only tells the evaluator.
     */
    public String moveNotice(RoundStatus from) {
        return switch (this) {
            case DRAFT -> "退回草稿。";
            case CAPTURING -> from == DRAFT
                    ? "开始采集后，将按轮次定义抓取各单位网站并存档为证据，随后自动检查和计分；单位与渠道不能再导入。"
                    : "退回采集中：将重新采集各单位网站，重新检查和计分；已有的复核记录保留。";
            case REVIEWING -> from == FEEDBACK
                    ? "退回复核中：反馈申诉期结束，各单位看不到初评结果，也不能再提出申诉，直到再次进入反馈申诉期。"
                    : "转为复核中：评估人员开始复核检查结果；采集失败或被拦截的渠道，其评估点为待评。";
            case FEEDBACK -> "进入反馈申诉期后，各单位可查看本单位的初评结果并提出申诉；领导仍看不到排名。";
            case FINAL -> "发布后排名对领导可见，结果冻结（生成不可更改的结果快照）；仍有待评项或未完成的复核抽查时，发布将被拒绝。";
        };
    }

    public boolean canMoveTo(RoundStatus target) {
        return NEXT.get(this).contains(target);
    }
}
