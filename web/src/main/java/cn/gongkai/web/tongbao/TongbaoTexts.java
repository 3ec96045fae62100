package cn.gongkai.web.tongbao;

import static cn.gongkai.sql.jooq.Tables.TONGBAO_TEXT;

import cn.gongkai.web.audit.AuditTrail;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The words of a round's 通报 that the evaluator edits before it goes out: drafted from the published facts until the
 * evaluator saves them, then the saved text. Every save is audited with the texts before and after.
 */
@Service
class TongbaoTexts {

    /**
     * The editable parts. {@code savedBy} and {@code savedAt} are null for a draft nobody has saved yet. Serializable:
     * a refused save carries the typed text back to the form as a flash attribute, kept in the session.
     */
    record Text(String title, String docNumber, String issuingBody, String addressees, String overview,
                String problemsNote, String nextSteps, LocalDate rectifyBy, LocalDate issuedOn, String savedBy,
                LocalDateTime savedAt) implements java.io.Serializable {

        boolean saved() {
            return savedBy != null;
        }
    }

    static final int TITLE_MAX = 200;
    static final int DOC_NUMBER_MAX = 100;
    static final int BODY_MAX = 200;
    static final int ADDRESSEES_MAX = 500;
    static final int PARAGRAPHS_MAX = 4000;
    /** Units usually get a month to report their 整改: the draft's deadline, which the evaluator may change. */
    static final int RECTIFY_DAYS = 30;
    /** Dates in the document are the issuing office's: China's, whatever the server's zone. */
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Control characters other than line breaks (kept: paragraphs) and tabs. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");
    private static final Pattern BIDI = Pattern.compile("[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final DSLContext dsl;

    TongbaoTexts(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The saved text of the round's 通报, or a draft from its facts. */
    Text of(TongbaoFacts.Facts facts) {
        return dsl.selectFrom(TONGBAO_TEXT).where(TONGBAO_TEXT.ROUND_ID.eq(facts.roundId())).fetchOptional()
                .map(r -> new Text(r.getTitle(), r.getDocNumber(), r.getIssuingBody(), r.getAddressees(),
                        r.getOverview(), r.getProblemsNote(), r.getNextSteps(), r.getRectifyBy(), r.getIssuedOn(),
                        r.getUpdatedBy(), r.getUpdatedAt()))
                .orElseGet(() -> draft(facts));
    }

    /** The text as drafted from the published facts, before the evaluator edits it. */
    static Text draft(TongbaoFacts.Facts facts) {
        LocalDate today = LocalDate.now(CHINA);
        LocalDate rectifyBy = today.plusDays(RECTIFY_DAYS);
        String name = facts.roundName();
        String title = "关于" + name + (name.contains("评估") ? "" : "政务公开第三方评估") + "结果的通报";
        String groups = facts.groups().stream().map(g -> g.name() + " " + g.units().size() + " 个")
                .collect(Collectors.joining("、"));
        String overview = "为深入贯彻《中华人民共和国政府信息公开条例》和国务院办公厅关于全面推进政务公开的部署，"
                + "以评促建、以评促改，委托第三方评估机构于 " + DAY.format(facts.periodStart()) + "至"
                + DAY.format(facts.periodEnd()) + "对 " + facts.units() + " 个单位（" + groups + "）的政务公开工作"
                + "开展了评估。评估依据《" + facts.systemName() + "》，共 " + facts.points() + " 个评估点，涵盖"
                + String.join("、", facts.areas()) + "等方面，采取网站和政务新媒体自动检测与人工核验相结合、"
                + "第三方评估与主管部门评价相结合的方式，所有扣分均留存网页证据；评估结果经复核、反馈申诉和复查后确定。"
                + "参评单位平均得分 " + plain(facts.average()) + " 分。现将评估结果通报如下。";
        String problemsNote = "评估发现，各单位政务公开工作总体规范有序，但部分单位仍存在信息更新不及时、"
                + "政策解读与文件关联不到位、互动回应不够及时等问题。以下为扣分单位最多的评估点及典型单位。";
        String nextSteps = "各单位要对照本通报和本单位评估报告中指出的问题逐项整改，明确责任人和完成时限，"
                + "整改情况于 " + DAY.format(rectifyBy) + "前书面报送。列入负面清单的单位要深入分析原因，"
                + "立即整改到位，并在下一轮评估中作为重点复查对象；整改不到位、问题反复出现的，将予以通报批评。"
                + "获评" + facts.topGrade() + "的单位要总结经验，持续巩固提升。";
        return new Text(title, "〔" + today.getYear() + "〕号", "政务公开工作领导小组办公室",
                "各区县人民政府，市政府各部门：", overview, problemsNote, nextSteps, rectifyBy, today, null, null);
    }

    /**
     * Checks and saves the evaluator's text, with an audit entry holding the text before (the draft, the first
     * time) and after. Refuses with a Chinese message naming the field; nothing is stored then.
     */
    Text save(String actor, TongbaoFacts.Facts facts, Text form) {
        Text text = new Text(
                line(form.title(), "标题", TITLE_MAX, true),
                line(form.docNumber(), "文号", DOC_NUMBER_MAX, false),
                line(form.issuingBody(), "发文机关", BODY_MAX, true),
                line(form.addressees(), "主送机关", ADDRESSEES_MAX, false),
                paragraphs(form.overview(), "总体情况", true),
                paragraphs(form.problemsNote(), "典型问题说明", false),
                paragraphs(form.nextSteps(), "下一步工作要求", true),
                required(form.rectifyBy(), "整改期限"), required(form.issuedOn(), "成文日期"), actor,
                LocalDateTime.now(ZoneOffset.UTC));
        if (text.rectifyBy().isBefore(text.issuedOn())) {
            throw new IllegalArgumentException("「整改期限」不能早于「成文日期」");
        }
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            // Read under the row lock (or the gap lock when there is none) so two saves cannot both think first.
            var existing = db.selectFrom(TONGBAO_TEXT).where(TONGBAO_TEXT.ROUND_ID.eq(facts.roundId())).forUpdate()
                    .fetchOptional();
            Text before = existing.map(r -> new Text(r.getTitle(), r.getDocNumber(), r.getIssuingBody(),
                    r.getAddressees(), r.getOverview(), r.getProblemsNote(), r.getNextSteps(), r.getRectifyBy(),
                    r.getIssuedOn(), r.getUpdatedBy(), r.getUpdatedAt())).orElseGet(() -> draft(facts));
            var record = existing.orElseGet(() -> {
                var r = db.newRecord(TONGBAO_TEXT);
                r.setRoundId(facts.roundId());
                return r;
            });
            record.setTitle(text.title());
            record.setDocNumber(text.docNumber());
            record.setIssuingBody(text.issuingBody());
            record.setAddressees(text.addressees());
            record.setOverview(text.overview());
            record.setProblemsNote(text.problemsNote());
            record.setNextSteps(text.nextSteps());
            record.setRectifyBy(text.rectifyBy());
            record.setIssuedOn(text.issuedOn());
            record.setUpdatedBy(actor);
            record.setUpdatedAt(text.savedAt());
            record.store();
            AuditTrail.record(db, actor, "TONGBAO_TEXT_SAVED", "assessment_round", String.valueOf(facts.roundId()),
                    json(before), json(text), existing.isPresent() ? "修改通报文字" : "首次保存通报文字（由草稿修改）");
        });
        return text;
    }

    private static String json(Text text) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("title", text.title());
        map.put("docNumber", text.docNumber());
        map.put("issuingBody", text.issuingBody());
        map.put("addressees", text.addressees());
        map.put("overview", text.overview());
        map.put("problemsNote", text.problemsNote());
        map.put("nextSteps", text.nextSteps());
        map.put("rectifyBy", text.rectifyBy() == null ? null : text.rectifyBy().toString());
        map.put("issuedOn", text.issuedOn() == null ? null : text.issuedOn().toString());
        return JSON.writeValueAsString(map);
    }

    /** A one-line field: stripped, no line breaks or invisible direction marks, within its length. */
    private static String line(String value, String field, int max, boolean required) {
        String v = value == null ? "" : value.strip();
        if (required && v.isEmpty()) {
            throw new IllegalArgumentException("请填写「" + field + "」");
        }
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || CONTROL.matcher(v).find() || v.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("「" + field + "」应为一行文字，不能含换行或控制字符");
        }
        return checked(v, field, max);
    }

    /** A text of paragraphs (one per line); Windows line ends become plain ones. */
    private static String paragraphs(String value, String field, boolean required) {
        String v = value == null ? "" : value.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (required && v.isEmpty()) {
            throw new IllegalArgumentException("请填写「" + field + "」");
        }
        if (CONTROL.matcher(v).find()) {
            throw new IllegalArgumentException("「" + field + "」含有控制字符，请删除后重试");
        }
        return checked(v, field, PARAGRAPHS_MAX);
    }

    private static String checked(String v, String field, int max) {
        if (BIDI.matcher(v).find()) {
            throw new IllegalArgumentException("「" + field + "」含有改变文字显示方向的不可见字符，请删除后重试");
        }
        int length = v.codePointCount(0, v.length());
        if (length > max) {
            throw new IllegalArgumentException("「" + field + "」不能超过 " + max + " 个字符（现有 " + length + " 个）");
        }
        return v;
    }

    private static LocalDate required(LocalDate value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("请填写「" + field + "」（日期格式如 2026-12-31）");
        }
        return value;
    }

    /** The paragraphs of a text, one per non-blank line. */
    static List<String> paragraphsOf(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    static String day(LocalDate date) {
        return DAY.format(date);
    }

    static String plain(BigDecimal value) {
        return value.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
