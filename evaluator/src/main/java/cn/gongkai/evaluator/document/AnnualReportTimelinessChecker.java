package cn.gongkai.evaluator.document;

import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.DSLContext;

/**
 * {@code annual-report-timeliness}: the annual report was published by the deadline of Art. 49 of the Regulations —
 * 31 January for a department, 31 March for a government. The publication date is the page's (its article date,
 * PubDate meta or 发布日期 line, else the date the list shows for it), never the file's own metadata, which records
 * when someone saved it.
 *
 * <p>Parameters as for {@link AnnualReportChecker}.
 */
public final class AnnualReportTimelinessChecker implements Checker {

    public static final String TYPE = "annual-report-timeliness";

    private final CapturedDocuments documents;

    public AnnualReportTimelinessChecker(DSLContext dsl, EvidenceStore evidence) {
        this(new CapturedDocuments(dsl, evidence, DocumentReader.defaults()));
    }

    public AnnualReportTimelinessChecker(CapturedDocuments documents) {
        this.documents = documents;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        int year = AnnualReportSource.reportYear(context);
        LocalDate deadline = AnnualReportSource.deadline(context, documents, year);
        AnnualReportSource.Found found = AnnualReportSource.find(context, documents, year, false);
        boolean due = context.referenceDate().isAfter(deadline);
        switch (found.outcome()) {
            case NO_LIST_CAPTURED:
                return CheckResult.uncertain((found.unread() == null ? "未采集到年报栏目或政府信息公开栏目"
                        : "年报栏目或政府信息公开栏目未能读取：" + found.unread()) + "，无法判断" + year + "年度报告是否按时公布");
            case NOT_LISTED:
                if (!due) {
                    return CheckResult.notApplicable(year + "年度报告的公布期限（" + deadline + "）未到");
                }
                return CheckResult.failNotFound("未公布", "截至检查日（" + context.referenceDate() + "）未见" + year
                        + "年度报告，法定公布期限为 " + deadline, List.of(new Evidence(found.list().id(),
                        "年报栏目中没有" + year + "年度报告：" + found.list().url())));
            default:
                break;
        }
        if (found.publishedOn() == null) {
            return CheckResult.uncertain(year + "年度报告页面未显示发布日期，需人工核对是否在 " + deadline + " 前公布",
                    found.page() == null ? List.of() : List.of(new Evidence(found.page().id(), "报告页面无发布日期")));
        }
        long captureId = found.page() != null ? found.page().id() : found.list().id();
        LocalDate published = found.publishedOn();
        String shown = year + "年度报告发布日期 " + published + "（据" + found.dateSource() + "），法定期限 " + deadline;
        if (published.isAfter(deadline)) {
            long late = ChronoUnit.DAYS.between(deadline, published);
            return CheckResult.fail("逾期 " + late + " 天", shown + "，逾期 " + late + " 天",
                    List.of(new Evidence(captureId, shown)));
        }
        return CheckResult.pass(published.toString(), shown + "，按时公布", List.of(new Evidence(captureId, shown)));
    }
}
