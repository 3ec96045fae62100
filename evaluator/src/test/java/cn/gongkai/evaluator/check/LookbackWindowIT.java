package cn.gongkai.evaluator.check;

import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.evaluator.check.response.MessageChecks;
import cn.gongkai.evaluator.check.timeliness.ProactiveDisclosureTimelinessChecker;
import cn.gongkai.evaluator.document.CaptureFixture;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proactive-disclosure and message checkers judge what falls in the round's assessment period unless the point
 * sets {@code lookbackMonths}: a late document or an unanswered message of an earlier year is not this round's.
 */
class LookbackWindowIT {

    private static final LocalDate REFERENCE = LocalDate.of(2026, 12, 1);
    private static final LocalDate PERIOD_START = LocalDate.of(2026, 1, 1);
    private static final LocalDate PERIOD_END = LocalDate.of(2026, 12, 31);

    private CaptureFixture fixture;
    private CaptureFixture.Site site;

    @BeforeEach
    void setUp(@TempDir Path warc) {
        TestDatabase.get().reset();
        fixture = new CaptureFixture(TestDatabase.get().dsl(), warc, REFERENCE);
        site = fixture.site("lookback", "COUNTY_GOVERNMENT");
        fixture.column(site, "政策文件", "zcwj/", "POLICY");
        long list = fixture.html(site, "zcwj/", "<html><body><ul><li>文件</li></ul></body></html>");
        // 2025: signed 3 March, published 20 May, 53 working days later. 2026: published 2 working days after.
        document(list, "zcwj/2025-1.html", "关于2025年春耕工作的通知", "2025-03-03", "2025-05-20");
        document(list, "zcwj/2026-1.html", "关于2026年冬季供暖工作的通知", "2026-11-02", "2026-11-04");

        long board = fixture.html(site, "liuyan/", "<html><body><table><tr><td>留言</td></tr></table></body></html>");
        // Unanswered since June 2025, before the period; the 2026 one was answered in three days.
        message(board, "liuyan/1.html", "反映道路破损", LocalDate.of(2025, 6, 2), "UNANSWERED", null);
        message(board, "liuyan/2.html", "咨询办事流程", LocalDate.of(2026, 9, 1), "ANSWERED",
                LocalDate.of(2026, 9, 4));
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void byDefaultOnlyTheRoundsPeriodIsJudged() {
        CheckContext context = context(Map.of());
        assertThat(context.lookback().from()).isEqualTo(PERIOD_START);
        // cut at the reference date: nothing after it was captured
        assertThat(context.lookback().to()).isEqualTo(REFERENCE);

        CheckResult timeliness = new ProactiveDisclosureTimelinessChecker(WorkingDayCalendar.china()).check(context);
        assertThat(timeliness.status()).isEqualTo(FindingStatus.PASS);
        assertThat(timeliness.message()).contains("评估周期（2026-01-01 至 2026-12-01）").contains("1 件政策文件");

        CheckResult unanswered = MessageChecks.unanswered().check(context);
        assertThat(unanswered.status()).isEqualTo(FindingStatus.PASS);
        assertThat(unanswered.message()).contains("评估周期").contains("1 条留言");
        assertThat(MessageChecks.replyRate(WorkingDayCalendar.china()).check(context).status())
                .isEqualTo(FindingStatus.PASS);
    }

    @Test
    void aPointsLookbackMonthsReachesFurtherBack() {
        CheckContext context = context(Map.of("lookbackMonths", 24));
        assertThat(context.lookback().from()).isEqualTo(REFERENCE.minusMonths(24));

        CheckResult timeliness = new ProactiveDisclosureTimelinessChecker(WorkingDayCalendar.china()).check(context);
        assertThat(timeliness.status()).isEqualTo(FindingStatus.PARTIAL);
        assertThat(timeliness.message()).contains("检查前 24 个月").contains("2 件政策文件中 1 件超过 20 个工作日")
                .contains("关于2025年春耕工作的通知");

        CheckResult unanswered = MessageChecks.unanswered().check(context);
        assertThat(unanswered.status()).isEqualTo(FindingStatus.FAIL);
        assertThat(unanswered.message()).contains("反映道路破损");
        assertThat(MessageChecks.replyRate(WorkingDayCalendar.china()).check(context).status())
                .isEqualTo(FindingStatus.PARTIAL);
    }

    @Test
    void aPeriodWithNothingInItDecidesNothing() {
        CheckContext context = new CheckContext(fixture.roundId, REFERENCE, site.unitId(), site.channelId(),
                site.base(), Map.of(), new Captures(fixture.dsl, fixture.evidence), LocalDate.of(2026, 10, 1),
                PERIOD_END);
        assertThat(MessageChecks.unanswered().check(context).status()).isEqualTo(FindingStatus.UNCERTAIN);
        assertThat(new ProactiveDisclosureTimelinessChecker(WorkingDayCalendar.china()).check(context).status())
                .isEqualTo(FindingStatus.PASS);
        CheckContext december = new CheckContext(fixture.roundId, REFERENCE, site.unitId(), site.channelId(),
                site.base(), Map.of(), new Captures(fixture.dsl, fixture.evidence), LocalDate.of(2026, 11, 20),
                PERIOD_END);
        assertThat(new ProactiveDisclosureTimelinessChecker(WorkingDayCalendar.china()).check(december).status())
                .isEqualTo(FindingStatus.NOT_ASSESSABLE);
    }

    @Test
    void aLookbackThatIsNotAPositiveNumberOfMonthsIsRefused() {
        assertThatThrownBy(() -> context(Map.of("lookbackMonths", 0)).lookback())
                .hasMessageContaining("lookbackMonths");
        assertThatThrownBy(() -> context(Map.of("lookbackMonths", "一年")).lookback())
                .hasMessageContaining("lookbackMonths");
    }

    private CheckContext context(Map<String, Object> params) {
        return new CheckContext(fixture.roundId, REFERENCE, site.unitId(), site.channelId(), site.base(), params,
                new Captures(fixture.dsl, fixture.evidence), PERIOD_START, PERIOD_END);
    }

    private void document(long list, String path, String title, String formed, String published) {
        fixture.listItem(list, title, site.base() + path, LocalDate.parse(published));
        fixture.html(site, path, "<html><head><title>" + title + "</title></head><body><table>"
                + "<tr><th>成文日期</th><td>" + formed + "</td><th>发布日期</th><td>" + published + "</td></tr>"
                + "</table><h1>" + title + "</h1><p>正文。</p></body></html>");
    }

    private void message(long board, String path, String title, LocalDate asked, String status, LocalDate replied) {
        fixture.dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                        EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE, EXTRACTED_ITEM.REPLY_STATUS,
                        EXTRACTED_ITEM.REPLIED_AT)
                .values(board, "MESSAGE", title, site.base() + path, asked, status, replied).execute();
    }
}
