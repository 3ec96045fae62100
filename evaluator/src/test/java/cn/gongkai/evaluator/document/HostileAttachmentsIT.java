package cn.gongkai.evaluator.document;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Evidence;
import cn.gongkai.evaluator.check.FindingStatus;
import cn.gongkai.sql.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile attachments as the annual-report checker meets them, captured into WARC: a document nobody can read makes
 * the finding UNCERTAIN with the reason, never FAIL and never an exception.
 */
class HostileAttachmentsIT {

    private static final LocalDate REFERENCE = LocalDate.of(2026, 5, 10);
    private final DSLContext dsl = TestDatabase.get().dsl();
    @TempDir
    Path warc;
    private CaptureFixture round;
    private AnnualReportChecker content;

    @BeforeEach
    void setUp() {
        TestDatabase.get().reset();
        round = new CaptureFixture(dsl, warc, REFERENCE);
        content = new AnnualReportChecker(dsl, round.evidence);
    }

    @AfterEach
    void tearDown() throws Exception {
        round.close();
    }

    private CheckResult checkAttachment(String code, String file, byte[] body) {
        var site = round.site(code, "COUNTY_GOVERNMENT");
        round.column(site, "年报", "nb/", "DISCLOSURE");
        long list = round.html(site, "nb/", "<html><head><meta charset=\"utf-8\"><title>年报</title></head><body>"
                + "<a href=\"" + file + "\">2025年度报告</a></body></html>");
        round.listItem(list, "2025年度报告", site.base() + "nb/" + file, LocalDate.of(2026, 3, 31));
        long capture = round.capture(site, "nb/" + file, "application/octet-stream", body);
        CheckResult result = content.check(round.context(site, Map.of()));
        System.out.println("hostile attachment " + file + " -> " + result.status() + ": " + result.message());
        assertThat(result.evidence()).extracting(Evidence::captureId).contains(capture);
        return result;
    }

    @Test
    void zipBombReportIsUncertainWithTheReason() {
        byte[] bomb = HostileDocumentsTest.inflating(ReportFixture.correct().docx(), "word/document.xml", "<w:t>", 128);

        CheckResult result = checkAttachment("bomb", "2025nb.docx", bomb);

        assertThat(result.status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(result.message()).contains("压缩炸弹");
    }

    @Test
    void reportWithExternalEntitiesIsUncertainAndNothingLeaks(@TempDir Path secretDir) throws Exception {
        Path secret = java.nio.file.Files.writeString(secretDir.resolve("secret.txt"), "LEAKED-FROM-DISK");
        byte[] xxe = HostileDocumentsTest.replaceEntry(ReportFixture.correct().docx(), "word/document.xml",
                xml -> xml.replaceFirst("\\?>", "?><!DOCTYPE w:document [<!ENTITY disk SYSTEM \"" + secret.toUri()
                        + "\">]>").replaceFirst("<w:t>", "<w:t>&disk;"));

        CheckResult result = checkAttachment("xxe", "2025nb.docx", xxe);

        assertThat(result.status()).isIn(FindingStatus.UNCERTAIN, FindingStatus.PASS);
        assertThat(result.message()).doesNotContain("LEAKED");
        assertThat(result.evidence()).extracting(Evidence::excerpt).noneMatch(e -> e != null && e.contains("LEAKED"));
    }

    @Test
    void garbageCalledPdfIsUncertain() {
        byte[] garbage = ("%PDF-1.7\nxref\n0 3\nzzzz\ntrailer\n<< /Root 1 0 R >>\nstartxref\n12\n%%EOF")
                .getBytes(StandardCharsets.ISO_8859_1);

        CheckResult result = checkAttachment("garbage", "2025nb.pdf", garbage);

        assertThat(result.status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(result.message()).contains("损坏");
    }

}
