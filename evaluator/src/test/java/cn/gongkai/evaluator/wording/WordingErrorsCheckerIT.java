package cn.gongkai.evaluator.wording;

import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Evidence;
import cn.gongkai.evaluator.check.FindingStatus;
import cn.gongkai.evaluator.document.CaptureFixture;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordingErrorsCheckerIT {

    private final DSLContext dsl = TestDatabase.get().dsl();
    @TempDir
    Path warc;

    private static String page(String body) {
        return "<html><head><meta charset=\"utf-8\"><script>var s = '国家卫计委';</script></head><body>"
                + body + "</body></html>";
    }

    @Test
    void wrongNamesOnCapturedPagesFailWithTheirSentencesAndOldArticlesAreExcused() throws Exception {
        TestDatabase.get().reset();
        try (CaptureFixture round = new CaptureFixture(dsl, warc, LocalDate.of(2026, 11, 20))) {
            var site = round.site("county", "COUNTY_GOVERNMENT");
            round.html(site, "", page("<p>县政府门户网站</p><p>生态环境部、农业农村部最新政策。</p>"));
            long wrong = round.html(site, "art/1.html",
                    page("<h1>关于开展卫生专项行动的通知</h1><p>根据国家卫计委要求，各乡镇农业部门须于月底前完成自查。</p>"));
            long old = round.html(site, "art/old.html", page("<p>环境保护部于今日发布新版标准。</p>"));
            dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.PUB_DATE)
                    .values(old, "ARTICLE", LocalDate.of(2016, 5, 4)).execute();
            round.capture(site, "files/a.pdf", "application/pdf", new byte[] {'%', 'P', 'D', 'F'});

            CheckResult result = new WordingErrorsChecker().check(round.context(site, Map.of()));

            assertThat(result.status()).isEqualTo(FindingStatus.FAIL);
            assertThat(result.measuredValue()).isEqualTo("1处");
            assertThat(result.message()).contains("检查 3 个页面").contains("国家卫计委（应为国家卫生健康委员会） 1 处");
            assertThat(result.evidence()).containsExactly(new Evidence(wrong,
                    "「国家卫计委」应为「国家卫生健康委员会」：根据国家卫计委要求，各乡镇农业部门须于月底前完成自查。"));

            CheckResult withExtra = new WordingErrorsChecker().check(round.context(site,
                    Map.of("entries", List.of("县政府门户网站=>县人民政府门户网站"))));
            assertThat(withExtra.measuredValue()).isEqualTo("2处");

            var clean = round.site("clean", "DEPARTMENT");
            round.html(clean, "", page("<p>国家卫生健康委员会发布通知。</p>"));
            assertThat(new WordingErrorsChecker().check(round.context(clean, Map.of())).status())
                    .isEqualTo(FindingStatus.PASS);
            var none = round.site("none", "DEPARTMENT");
            assertThat(new WordingErrorsChecker().check(round.context(none, Map.of())).status())
                    .isEqualTo(FindingStatus.UNCERTAIN);
        }
    }
}
