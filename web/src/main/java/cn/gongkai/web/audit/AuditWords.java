package cn.gongkai.web.audit;

import cn.gongkai.web.workbench.StatusWords;
import java.util.Map;

/**
 * The audit log's action codes and stored JSON as evaluators read them on the log page: in Chinese, the codes kept
 * in the database as they are (exports and queries go on using them).
 */
public final class AuditWords {

    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("FINDING_CONFIRM", "确认检查结果"),
            Map.entry("FINDING_OVERRIDE", "改判检查结果"),
            Map.entry("REVIEW_FILE_UPLOADED", "上传复核证据文件"),
            Map.entry("ROUND_CREATED", "新建评估轮次"),
            Map.entry("ROUND_STATUS", "评估轮次转阶段"),
            Map.entry("ROUND_RESCORED", "重新计分"),
            Map.entry("PUBLISH_RESULTS", "发布评估结果"),
            Map.entry("SCORING_POLICY", "修改评分规则"),
            Map.entry("UNITS_IMPORTED", "导入单位与渠道"),
            Map.entry("SECOND_REVIEW_DRAWN", "抽取复核抽查"),
            Map.entry("SECOND_REVIEW_JUDGED", "盲评复核"),
            Map.entry("SECOND_REVIEW_RECONCILED", "协调复核分歧"),
            Map.entry("APPEAL_FILED", "提出申诉"),
            Map.entry("APPEAL_ACCEPTED", "采纳申诉"),
            Map.entry("APPEAL_REJECTED", "驳回申诉"),
            Map.entry("APPEAL_RECAPTURE", "申诉网址重新采集"),
            Map.entry("CHANNEL_RECAPTURE", "渠道重新采集"),
            Map.entry("SITE_PROFILE_SAVED", "修改网站栏目配置"),
            Map.entry("CHANNEL_RECAPTURED", "渠道重新采集完成"),
            Map.entry("CHANNEL_RECAPTURE_FAILED", "渠道重新采集失败"),
            Map.entry("MANUAL_SCORE", "人工评分"),
            Map.entry("DEPARTMENT_SCORE", "主管部门评分"),
            Map.entry("PUBLIC_SCORE", "公众评价评分"),
            Map.entry("MANUAL_VETO_HIT", "人工认定否决项"),
            Map.entry("DEPARTMENT_VETO_HIT", "主管部门认定否决项"),
            Map.entry("MANUAL_SCORE_FILE_UPLOADED", "上传评分证据文件"),
            Map.entry("PUBLIC_SCORES_IMPORTED", "导入公众评价"),
            Map.entry("CALENDAR_UPLOAD", "上传工作日历"),
            Map.entry("CALENDAR_REPLACE", "替换工作日历"),
            Map.entry("TONGBAO_TEXT_SAVED", "保存通报文字"),
            Map.entry("USER_CREATED", "新建账号"),
            Map.entry("USER_ENABLED", "启用账号"),
            Map.entry("USER_DISABLED", "停用账号"),
            Map.entry("USER_PASSWORD_RESET", "重置密码"),
            Map.entry("LOGIN_FAILED", "登录失败"),
            Map.entry("LOGIN_LOCKED", "登录锁定"),
            Map.entry("LOGIN_REFUSED", "拒绝登录"));

    private AuditWords() {
    }

    /** An action in Chinese; a code this list does not know yet as it is stored. */
    public static String action(String code) {
        return ACTIONS.getOrDefault(code, code);
    }

    /** Stored before/after JSON with its status codes (PASS, FAIL …) in Chinese. */
    public static String json(String json) {
        return StatusWords.inJson(json);
    }
}
