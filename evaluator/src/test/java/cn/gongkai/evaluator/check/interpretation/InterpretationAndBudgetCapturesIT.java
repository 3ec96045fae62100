package cn.gongkai.evaluator.check.interpretation;

import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.FindingStatus;
import cn.gongkai.evaluator.check.budget.BudgetDisclosureChecker;
import cn.gongkai.evaluator.document.CaptureFixture;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
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
        assertThat(coverage(site).message()).contains("未能采集");
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
}
