package cn.gongkai.evaluator.check.interpretation;

import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.FindingStatus;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.budget.BudgetColumnChecker;
import cn.gongkai.evaluator.check.budget.BudgetDisclosureChecker;
import cn.gongkai.evaluator.document.CaptureFixture;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the interpretation and budget checkers conclude when pages are missing from the captures: never a failure
 * for something nobody could read, and matching on real WARC records written as the crawler writes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterpretationAndBudgetCapturesIT {

    private static final LocalDate REFERENCE = LocalDate.of(2026, 11, 20);
    private final DSLContext dsl = TestDatabase.get().dsl();
    @TempDir
    static Path warc;
    private CaptureFixture round;

    // One round for all tests, each on a site of its own: resetting the database per test would cost more than
    // the tests themselves.
    @BeforeAll
    void setUp() {
        TestDatabase.get().reset();
        round = new CaptureFixture(dsl, warc, REFERENCE);
    }

    @AfterAll
    void tearDown() throws Exception {
        round.close();
    }

    private static String page(String title, String body) {
        return "<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>"
                + "<div class=\"nav\"><a href=\"/zcjd/\">政策解读</a></div><div class=\"main\">" + body + "</div></body></html>";
    }

    private CheckResult coverage(CaptureFixture.Site site) {
        return InterpretationChecks.coverage().check(round.context(site, Map.of()));
    }

    @Test
    void aPolicyColumnThatWasNotCapturedIsUncertain() {
        var site = round.site("county1", "COUNTY_GOVERNMENT");
        round.column(site, "政策文件", "zcwj/", "POLICY");
        round.column(site, "政策解读", "zcjd/", "INTERPRETATION");
        assertThat(coverage(site).status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(coverage(site).message()).contains("未能读取").contains("本轮未采集");
    }

    @Test
    void aDocumentWhosePageWasNotCapturedIsUndecidedNotUninterpreted() {
        var site = round.site("county2", "COUNTY_GOVERNMENT");
        round.column(site, "政策文件", "zcwj/", "POLICY");
        round.column(site, "政策解读", "zcjd/", "INTERPRETATION");
        long list = round.html(site, "zcwj/", page("政策文件", "<ul><li><a href=\"1.html\">示例县安全生产管理办法</a>"
                + "<span>2026-10-09</span></li></ul>"));
        round.listItem(list, "示例县安全生产管理办法", site.base() + "zcwj/1.html", LocalDate.of(2026, 10, 9));
        round.html(site, "zcjd/", page("政策解读", "<ul></ul>"));
        CheckResult result = coverage(site);
        assertThat(result.status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(result.message()).contains("《示例县安全生产管理办法》");
    }

    @Test
    void anInterpretationOnlyLinkedFromTheDocumentPageIsFoundAndItsLateDateCounted() {
        var site = round.site("county3", "COUNTY_GOVERNMENT");
        round.column(site, "政策文件", "zcwj/", "POLICY");
        round.column(site, "政策解读", "zcjd/", "INTERPRETATION");
        long list = round.html(site, "zcwj/", page("政策文件", "<ul><li><a href=\"1.html\">示例县人民政府关于印发"
                + "《示例县安全生产管理办法》的通知</a><span>2026-10-09</span></li></ul>"));
        round.listItem(list, "示例县人民政府关于印发《示例县安全生产管理办法》的通知", site.base() + "zcwj/1.html",
                LocalDate.of(2026, 10, 9));
        round.html(site, "zcwj/1.html", page("通知", "<p>文号：示政发〔2026〕8号</p><div class=\"related\">相关解读："
                + "<a href=\"/jd/7.html\">一图读懂示例县安全生产管理办法</a></div>"));
        round.html(site, "zcjd/", page("政策解读", "<ul></ul>"));
        long interpretation = round.html(site, "jd/7.html", page("一图读懂", "<p><img src=\"/img/7.png\"></p>"));
        dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                        EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                .values(interpretation, "ARTICLE", "一图读懂", site.base() + "jd/7.html", LocalDate.of(2026, 10, 19))
                .execute();
        CheckResult covered = coverage(site);
        assertThat(covered.status()).isEqualTo(FindingStatus.PASS);
        assertThat(covered.measuredValue()).isEqualTo("1.0000");
        assertThat(covered.evidence()).singleElement().extracting(e -> e.excerpt()).asString()
                .contains("示政发〔2026〕8号", "按文件页面链接匹配");
        // ten days after the document, past the National Day holiday: well over 3 working days
        CheckResult late = InterpretationChecks.timeliness(WorkingDayCalendar.china())
                .check(round.context(site, Map.of("maxWorkingDays", 3)));
        assertThat(late.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(late.measuredValue()).isEqualTo("1");
        CheckResult links = InterpretationChecks.links().check(round.context(site, Map.of()));
        assertThat(links.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(links.message()).contains("单向关联（解读页面未链接文件）");
        assertThat(InterpretationChecks.forms().check(round.context(site, Map.of())).status())
                .isEqualTo(FindingStatus.PASS);
    }

    @Test
    void aSiteProfilesArticleBodyDecidesWhatTheInterpretationItselfShows() {
        var site = round.site("county-profile", "COUNTY_GOVERNMENT");
        round.column(site, "政策文件", "zcwj/", "POLICY");
        round.column(site, "政策解读", "zcjd/", "INTERPRETATION");
        long list = round.html(site, "zcwj/", page("政策文件", "<ul><li><a href=\"1.html\">示例县人民政府关于印发"
                + "《示例县耕地保护管理办法》的通知</a><span>2026-10-09</span></li></ul>"));
        round.listItem(list, "示例县人民政府关于印发《示例县耕地保护管理办法》的通知", site.base() + "zcwj/1.html",
                LocalDate.of(2026, 10, 9));
        round.html(site, "zcwj/1.html", page("通知", "<p>文号：示政发〔2026〕9号</p><div class=\"related\">相关解读："
                + "<a href=\"/jd/9.html\">《示例县耕地保护管理办法》政策解读</a></div>"));
        round.html(site, "zcjd/", page("政策解读", "<ul></ul>"));
        // the article is text only; the picture beside it is the site's own banner for another campaign
        long interpretation = round.html(site, "jd/9.html", page("政策解读", "<div class=\"zw\"><p>一、出台背景。"
                + "为加强耕地保护……</p><p>解读人：李华</p></div><div class=\"tj\"><img src=\"/img/banner/2026.png\""
                + " width=\"300\"></div>"));
        dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                        EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                .values(interpretation, "ARTICLE", "《示例县耕地保护管理办法》政策解读", site.base() + "jd/9.html",
                        LocalDate.of(2026, 10, 10))
                .execute();
        assertThat(InterpretationChecks.forms().check(round.context(site, Map.of())).status())
                .isEqualTo(FindingStatus.PASS);

        dsl.update(CHANNEL).set(CHANNEL.EXTRACTION_PROFILE,
                        cn.gongkai.crawler.extract.ExtractionProfile.of(Map.of("articleBody", "div.zw")).toJson())
                .where(CHANNEL.ID.eq(site.channelId())).execute();

        CheckResult forms = InterpretationChecks.forms().check(round.context(site, Map.of()));
        assertThat(forms.status()).isNotEqualTo(FindingStatus.PASS);
        assertThat(forms.evidence()).singleElement().extracting(e -> e.excerpt()).asString().contains("仅文字");
        assertThat(InterpretationChecks.interpreter().check(round.context(site, Map.of())).evidence())
                .singleElement().extracting(e -> e.excerpt()).asString().contains("解读人：李华");
    }

    @Test
    void anInterpretationListedOnlyOnTheHomepageIsMatchedByItsTitle() {
        var site = round.site("county4", "COUNTY_GOVERNMENT");
        round.column(site, "政策文件", "zcwj/", "POLICY");
        round.column(site, "政策解读", "zcjd/", "INTERPRETATION");
        long list = round.html(site, "zcwj/", page("政策文件", "<ul><li><a href=\"1.html\">示例县河湖长制工作考核办法</a>"
                + "<span>2026-09-01</span></li></ul>"));
        round.listItem(list, "示例县河湖长制工作考核办法", site.base() + "zcwj/1.html", LocalDate.of(2026, 9, 1));
        round.html(site, "zcwj/1.html", page("考核办法", "<p>第一条 为……</p>"));
        round.html(site, "zcjd/", page("政策解读", "<ul></ul>"));
        long home = round.html(site, "", page("首页", "<ul><li><a href=\"/zt/9.html\">关于《示例县河湖长制工作考核办法》的解读"
                + "</a><span>2026-09-02</span></li></ul>"));
        round.listItem(home, "关于《示例县河湖长制工作考核办法》的解读", site.base() + "zt/9.html", LocalDate.of(2026, 9, 2));
        CheckResult result = coverage(site);
        assertThat(result.status()).isEqualTo(FindingStatus.PASS);
        assertThat(result.evidence()).singleElement().extracting(e -> e.excerpt()).asString().contains("按标题匹配");
        // the interpretation page itself was not captured: whether the two link to each other is not known
        assertThat(InterpretationChecks.links().check(round.context(site, Map.of())).status())
                .isEqualTo(FindingStatus.NOT_ASSESSABLE);
    }

    @Test
    void aBudgetNotFoundWhileTheDisclosureColumnWasNotCapturedIsUncertain() {
        var site = round.site("dept1", "DEPARTMENT");
        round.column(site, "政府信息公开", "xxgk/", "DISCLOSURE");
        round.html(site, "", page("首页", "<ul><li><a href=\"gzdt/1.html\">工作动态</a><span>2026-11-19</span></li></ul>"));
        CheckResult result = new BudgetDisclosureChecker().check(round.context(site, Map.of("document", "预算")));
        assertThat(result.status()).isEqualTo(FindingStatus.UNCERTAIN);
    }

    @Test
    void aBudgetWhosePageStatesNoApprovalDateIsLeftToPeople() {
        var site = round.site("dept2", "DEPARTMENT");
        round.column(site, "政府信息公开", "xxgk/", "DISCLOSURE");
        long list = round.html(site, "xxgk/", page("政府信息公开", "<ul><li><a href=\"ys.html\">示例局2026年部门预算</a>"
                + "<span>2026-03-02</span></li></ul>"));
        round.listItem(list, "示例局2026年部门预算", site.base() + "xxgk/ys.html", LocalDate.of(2026, 3, 2));
        round.html(site, "xxgk/ys.html", page("示例局2026年部门预算", "<p>现将示例局2026年部门预算公开如下。</p>"));
        CheckResult result = new BudgetDisclosureChecker().check(round.context(site, Map.of("document", "预算")));
        assertThat(result.status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(result.message()).contains("未标明批复日期");
        // the final accounts of 2025 are due by 31 October 2026 and are nowhere: a failure, with the list as evidence
        CheckResult finalAccounts = new BudgetDisclosureChecker().check(round.context(site, Map.of("document", "决算")));
        assertThat(finalAccounts.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(finalAccounts.message()).contains("2025年决算");
        assertThat(finalAccounts.evidence()).singleElement().extracting(e -> e.captureId()).isEqualTo(list);
    }
    /** A county with one document and its interpretation signed by 李华, the leader page linked from the homepage. */
    private CaptureFixture.Site interpretedBy(String code, String interpreter, boolean leaderPageCaptured) {
        var site = round.site(code, "COUNTY_GOVERNMENT");
        round.column(site, "政策文件", "zcwj/", "POLICY");
        round.column(site, "政策解读", "zcjd/", "INTERPRETATION");
        round.html(site, "", page("首页", "<p><a href=\"/ldzc/\">领导之窗</a></p>"));
        long list = round.html(site, "zcwj/", page("政策文件", "<ul><li><a href=\"1.html\">示例县河湖长制工作考核办法</a>"
                + "<span>2026-09-01</span></li></ul>"));
        round.listItem(list, "示例县河湖长制工作考核办法", site.base() + "zcwj/1.html", LocalDate.of(2026, 9, 1));
        round.html(site, "zcwj/1.html", page("考核办法", "<div class=\"related\"><a href=\"/zcjd/2.html\">"
                + "《示例县河湖长制工作考核办法》政策解读</a></div>"));
        long interpretations = round.html(site, "zcjd/", page("政策解读", "<ul><li><a href=\"2.html\">《示例县河湖长制工作"
                + "考核办法》政策解读</a><span>2026-09-02</span></li></ul>"));
        round.listItem(interpretations, "《示例县河湖长制工作考核办法》政策解读", site.base() + "zcjd/2.html",
                LocalDate.of(2026, 9, 2));
        round.html(site, "zcjd/2.html", page("解读", "<p>解读机关：示例县人民政府办公室；解读人：" + interpreter
                + "；联系电话：0999-1</p><a href=\"/zcwj/1.html\">原文</a>"));
        if (leaderPageCaptured) {
            round.html(site, "ldzc/", page("领导之窗", "<div class=\"leader\"><h3>王建国</h3><p>职务：县委副书记、县长</p></div>"
                    + "<div class=\"leader\"><h3>李华</h3><p>职务：副县长</p></div>"));
        }
        return site;
    }

    @Test
    void thePrincipalLeaderIsToldFromTheLeaderPageAndAnUncapturedLeaderPageIsUncertain() {
        Checker principal = InterpretationChecks.principal();
        CheckResult byHead = principal.check(round.context(interpretedBy("county5", "王建国", true), Map.of()));
        assertThat(byHead.status()).isEqualTo(FindingStatus.PASS);
        assertThat(byHead.measuredValue()).isEqualTo("1");
        assertThat(byHead.evidence()).singleElement().extracting(e -> e.excerpt()).asString()
                .contains("解读人：王建国", "县长");
        CheckResult byDeputy = principal.check(round.context(interpretedBy("county6", "李华", true), Map.of()));
        assertThat(byDeputy.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(byDeputy.message()).contains("王建国（县长）");
        assertThat(byDeputy.evidence()).extracting(e -> e.excerpt()).anyMatch(e -> e.contains("解读人：李华"));
        // the leader page is linked but was not captured: 李华 might be the head, so nobody can say
        CheckResult unknown = principal.check(round.context(interpretedBy("county7", "李华", false), Map.of()));
        assertThat(unknown.status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(unknown.message()).contains("领导信息页面未能采集");
    }

    @Test
    void aGovernmentBudgetIsJudgedWithItsFinalAccountsAndPartsAndUncertainWhenTheColumnWasNotCaptured() {
        var site = round.site("county8", "COUNTY_GOVERNMENT");
        round.column(site, "政府信息公开", "xxgk/", "DISCLOSURE");
        long list = round.html(site, "xxgk/", page("政府信息公开", "<ul><li><a href=\"ys.html\">示例县2026年政府预算公开</a>"
                + "<span>2026-01-25</span></li><li><a href=\"bm.html\">示例县人民政府办公室2025年部门决算</a>"
                + "<span>2026-07-25</span></li></ul>"));
        round.listItem(list, "示例县2026年政府预算公开", site.base() + "xxgk/ys.html", LocalDate.of(2026, 1, 25));
        round.listItem(list, "示例县人民政府办公室2025年部门决算", site.base() + "xxgk/bm.html", LocalDate.of(2026, 7, 25));
        round.html(site, "xxgk/ys.html", page("示例县2026年政府预算公开", "<p>经示例县人民代表大会于2026年1月15日审查批准，"
                + "现将预算公开如下。</p><p>一、一般公共预算。</p><p>二、政府性基金预算。</p>"));
        Map<String, Object> params = Map.of("scope", "本级政府", "documents", List.of("预算", "决算"),
                "contents", List.of("一般公共预算", "政府性基金预算", "国有资本经营预算", "债务"));
        CheckResult result = new BudgetDisclosureChecker().check(round.context(site, params));
        // the budget lacks two of its parts and the government's final accounts are missing (a department's is not one)
        assertThat(result.status()).isEqualTo(FindingStatus.PARTIAL);
        assertThat(result.message()).contains("未见国有资本经营预算、债务", "未找到2025年本级政府决算");

        var hidden = round.site("county9", "COUNTY_GOVERNMENT");
        round.column(hidden, "政府信息公开", "xxgk/", "DISCLOSURE");
        round.html(hidden, "", page("首页", "<p><a href=\"/xxgk/\">政府信息公开</a></p>"));
        assertThat(new BudgetDisclosureChecker().check(round.context(hidden, params)).status())
                .isEqualTo(FindingStatus.UNCERTAIN);
    }

    @Test
    void aBudgetColumnIsFoundByItsLinkAndJudgedByItsDatedYearsAndAnUncapturedOneIsUncertain() {
        BudgetColumnChecker checker = new BudgetColumnChecker();
        var site = round.site("dept3", "DEPARTMENT");
        round.html(site, "", page("首页", "<p><a href=\"/xxgk/\">政府信息公开</a> <a href=\"/xxgk/yjsgk/\">预决算公开</a></p>"));
        long column = round.html(site, "xxgk/yjsgk/", page("预决算公开_示例局", "<h2>预决算公开</h2><ul>"
                + "<li><a href=\"1.html\">示例局2026年部门预算</a><span>2026-03-02</span></li>"
                + "<li><a href=\"2.html\">示例局2025年部门决算</a><span>2026-07-25</span></li>"
                + "<li><a href=\"3.html\">示例局2025年部门预算</a><span>2025-03-02</span></li></ul>"));
        round.listItem(column, "示例局2026年部门预算", site.base() + "xxgk/yjsgk/1.html", LocalDate.of(2026, 3, 2));
        round.listItem(column, "示例局2025年部门决算", site.base() + "xxgk/yjsgk/2.html", LocalDate.of(2026, 7, 25));
        round.listItem(column, "示例局2025年部门预算", site.base() + "xxgk/yjsgk/3.html", LocalDate.of(2025, 3, 2));
        // two years (2025, 2026): enough for two, not for three
        assertThat(checker.check(round.context(site, Map.of("minYears", 2))).status()).isEqualTo(FindingStatus.PASS);
        CheckResult short3 = checker.check(round.context(site, Map.of("minYears", 3)));
        assertThat(short3.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(short3.evidence()).singleElement().extracting(e -> e.captureId()).isEqualTo(column);

        var none = round.site("dept4", "DEPARTMENT");
        long home = round.html(none, "", page("首页", "<p><a href=\"/xxgk/\">政府信息公开</a></p>"));
        CheckResult missing = checker.check(round.context(none, Map.of()));
        assertThat(missing.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(missing.evidence()).singleElement().extracting(e -> e.captureId()).isEqualTo(home);

        var blocked = round.site("dept5", "DEPARTMENT");
        round.html(blocked, "", page("首页", "<p><a href=\"/xxgk/yjsgk/\">预决算公开</a></p>"));
        CheckResult uncertain = checker.check(round.context(blocked, Map.of()));
        assertThat(uncertain.status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(uncertain.message()).contains("未能采集");
    }
}
