package cn.gongkai.evaluator.document;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Evidence;
import cn.gongkai.evaluator.check.FindingStatus;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnualReportCheckersIT {

    private static final LocalDate REFERENCE = LocalDate.of(2026, 5, 10);
    private final DSLContext dsl = TestDatabase.get().dsl();
    @TempDir
    Path warc;
    private CaptureFixture round;
    private AnnualReportChecker content;
    private AnnualReportTimelinessChecker timeliness;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        round = new CaptureFixture(dsl, warc, REFERENCE);
        content = new AnnualReportChecker(dsl, round.evidence);
        timeliness = new AnnualReportTimelinessChecker(dsl, round.evidence);
    }

    @AfterEach
    void tearDown() throws Exception {
        round.close();
    }

    private static String withPubDate(String html, String date) {
        return html.replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"><meta name=\"PubDate\" content=\""
                + date + " 09:30\">");
    }

    private static String page(String title, String body) {
        return "<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>"
                + "<div class=\"nav\"><a href=\"/\">首页</a></div><div class=\"main\">" + body + "</div></body></html>";
    }

    /** Platform page → 年报 section → year list → the report page. */
    @Test
    void correctHtmlReportOfAGovernmentPublishedInTimePasses() {
        var site = round.site("county", "COUNTY_GOVERNMENT");
        round.column(site, "政府信息公开", "zwgk/", "DISCLOSURE");
        round.html(site, "zwgk/", page("政府信息公开", "<ul><li><a href=\"zn/\">政府信息公开指南</a></li>"
                + "<li><a href=\"nb/\">政府信息公开年报</a></li></ul>"));
        round.html(site, "zwgk/nb/", page("年报", "<ul><li><a href=\"2025.html\">示例县2025年政府信息公开工作年度报告</a>"
                + "</li><li><a href=\"2024.html\">示例县2024年政府信息公开工作年度报告</a></li></ul>"));
        round.html(site, "zwgk/nb/2025.html", withPubDate(ReportFixture.correct().html(), "2026-03-20"));

        CheckResult report = content.check(round.context(site, Map.of()));
        CheckResult time = timeliness.check(round.context(site, Map.of()));

        assertThat(report.status()).as(report.message()).isEqualTo(FindingStatus.PASS);
        assertThat(report.measuredValue()).isEqualTo("0");
        assertThat(time.status()).as(time.message()).isEqualTo(FindingStatus.PASS);
        assertThat(time.message()).contains("2026-03-20").contains("2026-03-31");
    }

    /** A department's report page carrying the report as a PDF, with a misprinted cell, published after 31 January. */
    @Test
    void pdfAttachmentWithBrokenIdentityFailsWithTheCellsAsEvidenceAndLatePageDateFails() {
        var site = round.site("dept", "DEPARTMENT");
        round.column(site, "政府信息公开年报", "nb/", "DISCLOSURE");
        round.html(site, "nb/", page("年报", "<a href=\"t20260210.html\">2025年政府信息公开工作年度报告</a>"));
        round.html(site, "nb/t20260210.html", page("2025年政府信息公开工作年度报告",
                "<p>发布日期：2026-02-10</p><p>附件：<a href=\"P020260210.pdf\">2025年年报.pdf</a></p>"));
        long pdf = round.capture(site, "nb/P020260210.pdf", "application/pdf",
                ReportFixture.correct().withCell("三.三.2", 0, "3").pdf());

        CheckResult report = content.check(round.context(site, Map.of()));
        CheckResult time = timeliness.check(round.context(site, Map.of()));

        assertThat(report.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(report.message()).contains("2 项勾稽关系不成立");
        assertThat(report.evidence()).hasSize(2).allMatch(e -> e.captureId() == pdf);
        assertThat(report.evidence()).extracting(Evidence::excerpt)
                .anyMatch(e -> e.contains("（七）总计 = （一）至（六）之和（自然人列）"))
                .anyMatch(e -> e.contains("「（三）不予公开 2.其他法律行政法规禁止公开」「自然人」=3"));
        assertThat(time.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(time.measuredValue()).isEqualTo("逾期 10 天");
        assertThat(time.message()).contains("据报告页面");
    }

    /** The list links straight to a password-protected DOCX: unreadable is uncertain; the list dates it. */
    @Test
    void encryptedAttachmentIsUncertainAndTheListDateJudgesTimeliness() {
        var site = round.site("town", "COUNTY_GOVERNMENT");
        round.column(site, "年报", "nb/", "DISCLOSURE");
        long list = round.html(site, "nb/", page("年报", "<a href=\"2025nb.docx\">2025年度报告</a>"));
        round.listItem(list, "2025年度报告", site.base() + "nb/2025nb.docx", LocalDate.of(2026, 3, 31));
        long docx = round.capture(site, "nb/2025nb.docx", "application/octet-stream",
                TestFiles.encrypt(ReportFixture.correct().docx(), "secret"));

        CheckResult report = content.check(round.context(site, Map.of()));
        CheckResult time = timeliness.check(round.context(site, Map.of()));

        assertThat(report.status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(report.message()).contains("加密");
        assertThat(report.evidence()).singleElement().extracting(Evidence::captureId).isEqualTo(docx);
        assertThat(time.status()).isEqualTo(FindingStatus.PASS);
        assertThat(time.message()).contains("据栏目列表");
    }

    @Test
    void missingReportFailsAfterTheDeadlineOnTheListAsEvidenceAndIsNotYetDueBefore() {
        var site = round.site("late", "COUNTY_GOVERNMENT");
        round.column(site, "年报", "nb/", "DISCLOSURE");
        long list = round.html(site, "nb/", page("年报", "<a href=\"2024.html\">2024年政府信息公开工作年度报告</a>"));

        CheckResult report = content.check(round.context(site, Map.of()));
        CheckResult time = timeliness.check(round.context(site, Map.of()));
        CheckResult beforeDeadline = timeliness.check(round.context(site, Map.of("governmentDeadline", "06-30")));

        assertThat(report.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(time.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(time.evidence()).singleElement().extracting(Evidence::captureId).isEqualTo(list);
        assertThat(beforeDeadline.status()).isEqualTo(FindingStatus.NOT_APPLICABLE);
    }

    @Test
    void reportWithMissingSectionFailsNamingIt() {
        var site = round.site("gap", "DEPARTMENT");
        round.column(site, "年报", "nb/", "DISCLOSURE");
        round.html(site, "nb/", page("年报", "<a href=\"2025.docx\">2025年政府信息公开年报</a>"));
        round.capture(site, "nb/2025.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ReportFixture.correct().withoutSections(6).docx());

        CheckResult report = content.check(round.context(site, Map.of()));

        assertThat(report.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(report.message()).contains("缺少「六、其他需要报告的事项」").doesNotContain("勾稽关系不成立");
        assertThat(report.evidence()).singleElement().extracting(Evidence::excerpt).asString().contains("六、其他需要报告的事项");
    }

    @Test
    void nothingCapturedIsUncertain() {
        var site = round.site("none", "COUNTY_GOVERNMENT");
        round.column(site, "政府信息公开", "zwgk/", "DISCLOSURE");

        assertThat(content.check(round.context(site, Map.of())).status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(timeliness.check(round.context(site, Map.of())).status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(List.of(content.type(), timeliness.type()))
                .containsExactly("annual-report", "annual-report-timeliness");
    }
}
