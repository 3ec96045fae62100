package cn.gongkai.crawler.sandbox;

import cn.gongkai.crawler.sandbox.Sandbox.SandboxColumn;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the content of one sandbox site: articles at fixed day offsets from the site's "as of" date, titled from
 * templates, so the same date always gives the same site. A stale site is simply the site as it stood some days ago
 * (STALE_HOMEPAGE): nothing on it is newer than that.
 */
final class SiteGenerator {

    static final List<SandboxColumn> COLUMNS = List.of(
            new SandboxColumn("工作动态", "/gzdt/", "NEWS"),
            new SandboxColumn("通知公告", "/tzgg/", "NOTICE"),
            new SandboxColumn("政策文件", "/zcwj/", "POLICY"),
            new SandboxColumn("政策解读", "/zcjd/", "INTERPRETATION"),
            new SandboxColumn("政府信息公开", "/xxgk/", "DISCLOSURE"),
            new SandboxColumn("领导信箱", "/ldxx/", "INTERACTION"));

    /** Days before the reference date on which messages arrive at the 领导信箱, newest first. */
    private static final int[] MESSAGE_DAYS = {3, 9, 16, 25, 33, 47, 58, 71, 85, 95};
    private static final List<String> MESSAGE_TITLES = List.of("关于{t}有关问题的咨询", "建议加强{t}工作",
            "反映{t}方面的问题", "咨询{t}办理流程", "关于{t}的意见建议");
    /** Policy documents are published this many days after they are signed (成文), well within 20 working days. */
    static final int USUAL_DISCLOSURE_LAG = 3;

    private static final int[] NEWS_DAYS = {0, 1, 3, 5, 7, 10, 13, 16, 20, 24, 29, 35, 42, 50, 60, 72};
    private static final int[] NOTICE_DAYS = {2, 19, 40, 63, 88, 115, 150, 190};
    private static final int[] POLICY_DAYS = {6, 45, 98, 160, 230, 300};
    /**
     * Interpretations follow their document by two days (a common local rule allows three working days). Those titled
     * 图解 or 一图读懂 carry an image and press conferences (答记者问) a video, see {@link Pages}.
     */
    private static final int INTERPRETATION_LAG = 2;

    private static final List<String> NEWS_TITLES = List.of(
            "{u}召开{y}年第{n}次{meeting}",
            "{u}部署{t}工作",
            "{u}开展{t}专项督查",
            "{u}举办{t}业务培训班",
            "{u}主要负责同志调研{t}工作",
            "{u}召开{t}工作推进会",
            "{u}扎实推进{t}各项任务落实",
            "{u}召开政务公开工作专题会议",
            "{u}开展“{t}”主题宣传活动",
            "{u}通报{t}工作进展情况",
            "{u}召开{t}工作联席会议",
            "{u}组织收看全市{t}工作电视电话会议");
    private static final List<String> NOTICE_TITLES = List.of(
            "关于开展{y}年度政务公开工作考核的通知",
            "关于做好{y}年{t}工作的通知",
            "关于公开征求《{u}{t}实施方案（征求意见稿）》意见的公告",
            "关于开展{t}专项检查的通知",
            "{u}{y}年公开招聘工作人员公告",
            "关于{t}有关事项的通告",
            "关于公布{y}年{u}权责清单的公告",
            "关于举办{t}知识竞赛的通知");
    /** Pairs of (document title, the name a reader quotes it by). */
    private static final List<String[]> POLICY_TITLES = List.of(
            new String[] {"{U}关于印发《{core}》的通知", "{t}三年行动方案（{y}—{y2}年）"},
            new String[] {"{core}", "{U}关于进一步加强{t}工作的实施意见"},
            new String[] {"{U}关于印发《{core}》的通知", "{u}{t}管理办法"},
            new String[] {"{core}", "{U}关于促进{t}高质量发展的若干措施"},
            new String[] {"{U}关于印发《{core}》的通知", "{u}{t}工作考核办法"},
            new String[] {"{core}", "{U}关于建立{t}长效机制的意见"});
    private static final List<String> INTERPRETATION_TITLES = List.of(
            "《{core}》政策解读",
            "图解：《{core}》",
            "一图读懂《{core}》",
            "{u}有关负责同志就《{core}》答记者问",
            "《{core}》H5互动解读");
    /** The oldest document's interpretation is an H5 page embedded in the article, see {@link Pages}. */
    private static final int H5_TEMPLATE = 4;

    /** One published item of a site. */
    record Article(
            int id,
            SandboxColumn column,
            String title,
            LocalDateTime published,
            String topic,
            String docNumber,
            List<String> paragraphs,
            Integer relatedId,
            LocalDate written,
            boolean undated) {

        Article(int id, SandboxColumn column, String title, LocalDateTime published, String topic, String docNumber,
                List<String> paragraphs, Integer relatedId) {
            this(id, column, title, published, topic, docNumber, paragraphs, relatedId, null, false);
        }

        String path() {
            return column.path() + published.format(DateTimeFormatter.ofPattern("yyyyMM")) + "/t"
                    + published.format(DateTimeFormatter.BASIC_ISO_DATE) + "_" + id + ".html";
        }

        LocalDate date() {
            return published.toLocalDate();
        }
    }

    private final SiteProfile site;
    private final LocalDate asOf;
    private final List<Article> articles = new ArrayList<>();
    private int sequence;

    private SiteGenerator(SiteProfile site, LocalDate today) {
        this.site = site;
        this.asOf = site.asOf(today);
    }

    static List<Article> articles(SiteProfile site, LocalDate today) {
        SiteGenerator g = new SiteGenerator(site, today);
        g.news();
        g.notices();
        g.policies();
        g.disclosure();
        g.budgets();
        List<Article> sorted = new ArrayList<>(g.articles);
        sorted.sort(Comparator.comparing(Article::published).reversed().thenComparing(Article::id,
                Comparator.reverseOrder()));
        return List.copyOf(sorted);
    }

    private SandboxColumn column(String type) {
        return COLUMNS.stream().filter(c -> c.columnType().equals(type)).findFirst().orElseThrow();
    }

    private String topic(int i) {
        List<String> topics = site.topics();
        return topics.get((i * 5 + site.index() * 3) % topics.size());
    }

    /** Extra days that push a column back so that its newest item is as old as the ground truth says. */
    private int staleExtra(String columnType, int newestOffset) {
        for (GroundTruth.Defect d : site.truth().defects("STALE_COLUMN")) {
            if (d.string("columnType").equals(columnType)) {
                return Math.max(0, d.integer("days") - newestOffset);
            }
        }
        return 0;
    }

    private boolean undated(String columnType) {
        return site.truth().defects("UNDATED_ITEMS").stream().anyMatch(d -> d.string("columnType").equals(columnType));
    }

    private int shift() {
        return site.index(); // sites differ by a few days in everything but the freshest news
    }

    private LocalDateTime at(LocalDate day, int id) {
        return LocalDateTime.of(day, LocalTime.of(8 + id % 10, id * 7 % 60));
    }

    private int nextId() {
        return 100_000 + site.index() * 1_000 + ++sequence;
    }

    private String fill(String template, String topic, LocalDate day) {
        return template.replace("{U}", site.name())
                .replace("{u}", site.shortName())
                .replace("{t}", topic)
                .replace("{y2}", Integer.toString(day.getYear() + 2))
                .replace("{y}", Integer.toString(day.getYear()))
                .replace("{n}", Integer.toString(day.getMonthValue()))
                .replace("{meeting}", site.meeting());
    }

    private void news() {
        SandboxColumn column = column("NEWS");
        int extra = staleExtra("NEWS", NEWS_DAYS[0]);
        for (int i = 0; i < NEWS_DAYS.length; i++) {
            int offset = (NEWS_DAYS[i] < 4 ? NEWS_DAYS[i] : NEWS_DAYS[i] + shift() % 2) + extra;
            LocalDate day = asOf.minusDays(offset);
            String topic = topic(i);
            String title = fill(NEWS_TITLES.get((i + site.index() * 3) % NEWS_TITLES.size()), topic, day);
            int id = nextId();
            List<String> body = Bodies.news(site, topic, day);
            if (i == 2) {
                body = withWordingError(body);
            }
            articles.add(new Article(id, column, title, at(day, id), topic, null, body, null));
        }
    }

    /** WORDING_ERROR: a recent news item still names an abolished body (a serious wording error, 严重表述错误). */
    private List<String> withWordingError(List<String> body) {
        List<String> planted = new ArrayList<>(body);
        site.truth().defect("WORDING_ERROR").ifPresent(d -> planted.add(
                "会议要求，各部门要认真落实" + d.string("wrong") + d.string("context") + "，确保各项任务按期完成。"));
        return List.copyOf(planted);
    }

    private void notices() {
        SandboxColumn column = column("NOTICE");
        int extra = staleExtra("NOTICE", NOTICE_DAYS[0] + shift());
        boolean undated = undated("NOTICE");
        for (int i = 0; i < NOTICE_DAYS.length; i++) {
            LocalDate day = asOf.minusDays(NOTICE_DAYS[i] + shift() + extra);
            String topic = topic(i + 3);
            String title = fill(NOTICE_TITLES.get((i + site.index()) % NOTICE_TITLES.size()), topic, day);
            int id = nextId();
            articles.add(new Article(id, column, title, at(day, id), topic, null,
                    undated ? Bodies.notice(site, topic, day).subList(0, 7) : Bodies.notice(site, topic, day), null,
                    null, undated));
        }
    }

    private void policies() {
        SandboxColumn policyColumn = column("POLICY");
        SandboxColumn interpretationColumn = column("INTERPRETATION");
        int extra = staleExtra("POLICY", POLICY_DAYS[0] + shift());
        int lag = site.truth().defects("LATE_DISCLOSURE").stream().mapToInt(d -> d.integer("lagDays")).findFirst()
                .orElse(USUAL_DISCLOSURE_LAG);
        for (int i = 0; i < POLICY_DAYS.length; i++) {
            LocalDate day = asOf.minusDays(POLICY_DAYS[i] + shift() + extra);
            String topic = topic(i + 7);
            String[] pair = POLICY_TITLES.get((i + site.index()) % POLICY_TITLES.size());
            String core = fill(pair[1], topic, day);
            String title = fill(pair[0].replace("{core}", core), topic, day);
            String docNumber = site.docPrefix() + "〔" + day.getYear() + "〕" + (POLICY_DAYS.length - i + 2) + "号";
            int policyId = nextId();
            int interpretationId = nextId();
            Interpretation planted = interpretation(i);
            // a one-way link: the interpretation names its document, the document page does not link back
            articles.add(new Article(policyId, policyColumn, title, at(day, policyId), topic, docNumber,
                    Bodies.policy(site, topic, core, docNumber, day.minusDays(lag)),
                    planted.missing() || planted.oneWay() ? null : interpretationId, day.minusDays(lag), false));
            if (planted.missing()) {
                continue;
            }
            LocalDate interpretationDay = day.plusDays(planted.lagDays());
            String interpretationTitle = fill(INTERPRETATION_TITLES.get(planted.template()).replace("{core}", core),
                    topic, interpretationDay);
            List<String> body = Bodies.interpretation(site, topic, core, interpretationDay);
            if (i == 0 && !site.has("PRINCIPAL_INTERPRETATION_MISSING")) {
                // the newest document is interpreted by the unit's principal leader (主要负责人解读)
                String principal = site.leaders().getFirst().name();
                body = body.stream().map(p -> p.replace("解读人：李华", "解读人：" + principal)).toList();
            }
            if (site.has("INTERPRETER_UNSTATED")) {
                body = body.stream().filter(p -> !p.contains("解读人")).toList();
            }
            articles.add(new Article(interpretationId, interpretationColumn, interpretationTitle,
                    at(interpretationDay, interpretationId), topic, null, body, policyId));
        }
    }

    /** How the interpretation of the i-th policy document is planted: missing, late, one-way, text only. */
    private record Interpretation(boolean missing, boolean oneWay, int lagDays, int template) {
    }

    /**
     * Documents 2, 3, … lack an interpretation (INTERPRETATION_MISSING count), documents 0, 1, … link to theirs only
     * from the interpretation's side (INTERPRETATION_ONE_WAY count), document 1's comes lagDays late
     * (INTERPRETATION_LATE), the last one is an H5 page, and a text-only site titles every interpretation as plain
     * text.
     */
    private Interpretation interpretation(int i) {
        int missing = site.truth().defects("INTERPRETATION_MISSING").stream().mapToInt(d -> d.integer("count"))
                .sum();
        int oneWay = site.truth().defects("INTERPRETATION_ONE_WAY").stream().mapToInt(d -> d.integer("count"))
                .sum();
        int lag = i == 1 ? site.truth().defects("INTERPRETATION_LATE").stream().mapToInt(d -> d.integer("lagDays"))
                .findFirst().orElse(INTERPRETATION_LAG) : INTERPRETATION_LAG;
        int template = site.has("INTERPRETATION_TEXT_ONLY") ? 0 : i == POLICY_DAYS.length - 1 ? H5_TEMPLATE
                : (i + site.index()) % 4;
        return new Interpretation(i >= 2 && i < 2 + missing, i < oneWay, lag, template);
    }

    /**
     * A message of the 领导信箱.
     *
     * @param replied null while unanswered
     */
    record Message(int id, String title, LocalDate asked, LocalDate replied, String replyUnit, String topic) {
    }

    static List<Message> messages(SiteProfile site, LocalDate today) {
        LocalDate asOf = site.asOf(today);
        List<Message> out = new ArrayList<>();
        int id = 500_000 + site.index() * 1_000;
        for (int i = 0; i < MESSAGE_DAYS.length; i++) {
            LocalDate asked = asOf.minusDays(MESSAGE_DAYS[i] + site.index() % 3);
            String topic = site.topics().get((i * 7 + site.index()) % site.topics().size());
            // the newest message is still being handled: under a week old, not a defect
            LocalDate replied = i == 0 ? null : asked.plusDays(2 + (i + site.index()) % 4);
            out.add(new Message(++id, MESSAGE_TITLES.get(i % MESSAGE_TITLES.size()).replace("{t}", topic), asked,
                    replied, replied == null ? null : site.office(), topic));
        }
        for (GroundTruth.Defect d : site.truth().defects("MESSAGE_LATE")) {
            LocalDate asked = asOf.minusDays(d.integer("askedDaysAgo"));
            out.add(new Message(++id, "反映小区物业服务问题", asked, asked.plusDays(d.integer("repliedAfterDays")),
                    site.office(), "物业服务"));
        }
        for (GroundTruth.Defect d : site.truth().defects("MESSAGE_UNANSWERED")) {
            out.add(new Message(++id, "关于农村道路破损维修的诉求", asOf.minusDays(d.integer("askedDaysAgo")), null,
                    null, "道路维修"));
        }
        out.sort(Comparator.comparing(Message::asked).reversed());
        return List.copyOf(out);
    }

    private void disclosure() {
        SandboxColumn column = column("DISCLOSURE");
        Map<String, LocalDate> items = new LinkedHashMap<>();
        items.put(site.name() + "法定主动公开内容目录", asOf.minusDays(30 + shift()));
        boolean county = site.unitType().equals(SiteProfile.COUNTY);
        List<String> missing = site.truth().defects("XXGK_INCOMPLETE").stream()
                .flatMap(d -> d.strings("missing").stream()).toList();
        if (!missing.contains("指南")) {
            items.put(site.name() + "政府信息公开指南", asOf.minusDays(150 + shift()));
        }
        items.put(site.name() + "政府信息公开工作制度", asOf.minusDays(200 + shift()));
        items.put(site.name() + "机构职能", asOf.minusDays(320 + shift()));
        // Annual reports are due by 31 January (departments) or 31 March (governments); published a little before.
        // A late report (ground truth ANNUAL_REPORT_LATE) comes out that many days after the deadline.
        MonthDay deadline = county ? MonthDay.of(3, 31) : MonthDay.of(1, 31);
        int late = site.truth().defects("ANNUAL_REPORT_LATE").stream().mapToInt(d -> d.integer("daysLate"))
                .findFirst().orElse(-6);
        LocalDate report = deadline.atYear(asOf.getYear()).plusDays(late);
        if (report.isAfter(asOf)) {
            report = deadline.atYear(asOf.getYear() - 1).plusDays(late);
        }
        String reportTitle = site.name() + (report.getYear() - 1) + "年政府信息公开工作年度报告";
        if (!missing.contains("年报")) {
            items.put(reportTitle, report);
        }
        for (Map.Entry<String, LocalDate> e : items.entrySet()) {
            int id = nextId();
            List<String> body = e.getKey().equals(reportTitle)
                    ? Bodies.annualReport(site, report.getYear() - 1)
                    : Bodies.disclosure(site, e.getKey());
            articles.add(new Article(id, column, e.getKey(), at(e.getValue(), id), "政务公开", null, body, null));
        }
    }

    /** Budgets are published this many days after the finance bureau approves them (批复); the law allows 20. */
    static final int USUAL_BUDGET_LAG = 10;
    /** Years of budgets and of final accounts kept on the site, as 预决算公开 columns keep them (历年可追溯). */
    static final int BUDGET_YEARS = 3;
    static final String BUDGET_TOPIC = "预决算公开";

    /**
     * 部门预算 and 部门决算 in the 政府信息公开 column, for the {@link #BUDGET_YEARS} latest years out by the site's
     * date: budgets are approved (批复) on 20 February of their year, final accounts on 15 July of the next, and
     * published {@link #USUAL_BUDGET_LAG} days later unless the ground truth plants BUDGET_LATE (lagDays) or
     * BUDGET_MISSING. The page states the approval date, as 《地方预决算公开操作规程》 asks. Counties also publish the
     * government's own (本级政府) budget and final accounts, see {@link #governmentBudgets}.
     */
    private void budgets() {
        SandboxColumn column = column("DISCLOSURE");
        boolean county = site.unitType().equals(SiteProfile.COUNTY);
        String owner = county ? site.office() : site.name();
        String approver = county ? site.shortName() + "财政局" : "市财政局";
        for (String document : List.of("预算", "决算")) {
            if (site.truth().defects("BUDGET_MISSING").stream().anyMatch(d -> document.equals(d.string("document")))) {
                continue;
            }
            int lag = site.truth().defects("BUDGET_LATE").stream().filter(d -> document.equals(d.string("document")))
                    .mapToInt(d -> d.integer("lagDays")).findFirst().orElse(USUAL_BUDGET_LAG);
            int published = 0;
            for (int year = asOf.getYear(); year >= asOf.getYear() - 4 && published < BUDGET_YEARS; year--) {
                LocalDate approved = document.equals("预算") ? LocalDate.of(year, 2, 20) : LocalDate.of(year + 1, 7, 15);
                LocalDate day = approved.plusDays(lag);
                if (day.isAfter(asOf)) {
                    continue;
                }
                published++;
                String title = owner + year + "年部门" + document;
                List<String> body = List.of(
                        "根据《中华人民共和国预算法》和《地方预决算公开操作规程》，经" + approver + "于"
                                + Bodies.chineseDate(approved) + "批复，现将" + owner + year + "年部门" + document
                                + "公开如下。",
                        "一、部门基本情况。" + owner + "内设机构和所属单位的职能职责、人员编制情况。",
                        "二、收支总体情况。详见收支总表、收入表、支出表、财政拨款收支总表和一般公共预算财政拨款支出表。",
                        "三、“三公”经费情况。" + year + "年“三公”经费" + document + "数较上年有所减少，主要是严格落实过紧日子要求。",
                        "四、其他重要事项的情况说明。包括机关运行经费、政府采购、国有资产占用和绩效管理情况。",
                        "名词解释：财政拨款收入指本级财政当年拨付的资金。");
                int id = nextId();
                articles.add(new Article(id, column, title, at(day, id), BUDGET_TOPIC, null, body, null));
            }
        }
        if (county) {
            governmentBudgets(column);
        }
    }

    /**
     * The county's own (本级政府) budget, approved by its people's congress on 15 January, and final accounts, approved
     * by the congress's standing committee on 20 July of the next year, each published {@link #USUAL_BUDGET_LAG}
     * days later with its four parts (四本预算) and the government debt, minus what GOV_BUDGET_MISSING and
     * GOV_BUDGET_INCOMPLETE plant. 《预算法》 art. 14 asks for publication within 20 days of approval.
     */
    private void governmentBudgets(SandboxColumn column) {
        List<String> incomplete = site.truth().defects("GOV_BUDGET_INCOMPLETE").stream()
                .flatMap(d -> d.strings("missing").stream()).toList();
        for (String document : List.of("预算", "决算")) {
            if (site.truth().defects("GOV_BUDGET_MISSING").stream()
                    .anyMatch(d -> document.equals(d.string("document")))) {
                continue;
            }
            int published = 0;
            for (int year = asOf.getYear(); year >= asOf.getYear() - 4 && published < BUDGET_YEARS; year--) {
                LocalDate approved = document.equals("预算") ? LocalDate.of(year, 1, 15) : LocalDate.of(year + 1, 7, 20);
                LocalDate day = approved.plusDays(USUAL_BUDGET_LAG);
                if (day.isAfter(asOf)) {
                    continue;
                }
                published++;
                String congress = document.equals("预算") ? "人民代表大会第" + (year - 2020) + "次会议"
                        : "人民代表大会常务委员会第" + (year - 2000) + "次会议";
                List<String> body = new ArrayList<>(List.of(
                        "经" + site.shortName() + congress + "于" + Bodies.chineseDate(approved) + "审查批准，现将"
                                + site.shortName() + year + "年政府" + document + "公开如下。",
                        "一、一般公共预算" + document + "情况。全" + site.shortName().substring(site.shortName().length() - 1)
                                + "一般公共预算收入和支出总体情况、税收返还和转移支付情况。",
                        "二、政府性基金预算" + document + "情况。政府性基金收入和支出情况。",
                        "三、国有资本经营预算" + document + "情况。国有资本经营收入和支出情况。",
                        "四、政府债务情况。政府债务限额、余额和新增债券的使用情况。"));
                body.removeIf(p -> incomplete.stream().anyMatch(p::contains));
                int id = nextId();
                articles.add(new Article(id, column, site.shortName() + year + "年政府" + document + "公开",
                        at(day, id), BUDGET_TOPIC, null, body, null));
            }
        }
    }
}
