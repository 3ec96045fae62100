package cn.gongkai.evaluator.document;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer fuzz target for the annual-report table parser and its identity checks, on text as Tika gives it and on
 * report pages as HTML. Seeds (a correct report as HTML, DOCX text and PDF text, and broken ones) are in
 * {@code src/test/resources/.../AnnualReportFuzzTestInputs}; see {@code ExtractionFuzzTest} in the crawler for how
 * the modes run.
 */
class AnnualReportFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void annualReportParser(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        check(AnnualReportParser.parse(text));
        check(AnnualReportParser.parse(Jsoup.parse(text).body()));
    }

    private static void check(AnnualReport report) {
        if (report.sections() == null || report.problems() == null || report.missingSections() == null) {
            throw new AssertionError("a report without its lists");
        }
        AnnualReportIdentities.Result result = AnnualReportIdentities.check(report);
        // every broken identity and invalid cell must be describable as evidence, in full
        for (AnnualReportIdentities.Identity identity : result.broken()) {
            if (identity.describe().isBlank() || identity.cells().isEmpty()) {
                throw new AssertionError("a broken identity without its cells: " + identity);
            }
        }
        result.invalid().forEach(AnnualReportIdentities.InvalidCell::describe);
    }
}
