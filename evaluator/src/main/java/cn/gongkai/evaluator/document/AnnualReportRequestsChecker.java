package cn.gongkai.evaluator.document;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import cn.gongkai.evaluator.document.AnnualReport.ReportRow;
import cn.gongkai.evaluator.document.AnnualReport.ReportTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code annual-report-requests} (machine-assisted): the request-based disclosure (依申请公开) figures of the unit's
 * annual report — requests received and carried over, how they were handled, what was carried forward — and the
 * administrative reviews and lawsuits about them (table 四). A 结果纠正 there means a reviewing body or a court
 * corrected the unit's answer to a request: that is the failure, with the cells as evidence. The figures go into
 * the message for the evaluator, who still checks answers against a simulated request.
 *
 * <p>Uncertain when the report is missing, unreadable or its tables were not found: the annual-report point deals
 * with those.
 */
public final class AnnualReportRequestsChecker implements Checker {

    public static final String TYPE = "annual-report-requests";
    private static final int TOTAL = 6;
    /** The 结果纠正 column of each group of table 四. */
    private static final int[] CORRECTED = {1, 6, 11};
    private static final String[] GROUPS = {"行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"};

    private final CapturedDocuments documents;

    public AnnualReportRequestsChecker(CapturedDocuments documents) {
        this.documents = documents;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        int year = AnnualReportSource.reportYear(context);
        AnnualReportSource.Found found = AnnualReportSource.find(context, documents, year, true);
        if (found.outcome() != AnnualReportSource.Outcome.FOUND) {
            return CheckResult.uncertain("未找到或未能采集" + year + "年度报告，依申请公开情况需人工核实");
        }
        long captureId = found.document().id();
        AnnualReport report = found.report();
        if (report == null || report.applications() == null) {
            String why = report == null ? (found.text() == null ? "文件未能读出" : found.text().problem()) : "未识别出表三";
            return CheckResult.uncertain(year + "年度报告的依申请公开数据无法读取（" + why + "），需人工核对",
                    List.of(new Evidence(captureId, "年度报告依申请公开数据无法读取：" + why)));
        }
        ReportTable t = report.applications();
        String figures = year + "年度报告：本年新收申请 " + cell(t, "一") + " 件，上年结转 " + cell(t, "二")
                + " 件；予以公开 " + cell(t, "三.一") + "，部分公开 " + cell(t, "三.二") + "，不予公开 "
                + group(t, "三.三", 8) + "，无法提供 " + group(t, "三.四", 3) + "，不予处理 " + group(t, "三.五", 5)
                + "，其他处理 " + group(t, "三.六", 3) + "，办理结果总计 " + cell(t, "三.七") + " 件；结转下年度 "
                + cell(t, "四") + " 件";
        ReportTable reviews = report.reviews();
        if (reviews == null || reviews.rows().isEmpty()) {
            return CheckResult.uncertain(figures + "；未识别出表四（行政复议、行政诉讼），需人工核对",
                    List.of(new Evidence(captureId, AnnualReportChecker.excerpt(figures))));
        }
        List<String> cells = reviews.rows().getFirst().cells();
        List<Evidence> evidence = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        long corrected = 0;
        for (int g = 0; g < GROUPS.length; g++) {
            String total = g * 5 + 4 < cells.size() ? cells.get(g * 5 + 4) : "?";
            String fixed = CORRECTED[g] < cells.size() ? cells.get(CORRECTED[g]) : "?";
            counts.add(GROUPS[g] + " " + total + " 件（结果纠正 " + fixed + "）");
            long n = number(fixed);
            if (n > 0) {
                corrected += n;
                evidence.add(new Evidence(captureId, "表四「" + GROUPS[g] + "·结果纠正」为 " + fixed
                        + "：本单位的依申请公开答复被纠正"));
            }
        }
        String message = figures + "；" + String.join("，", counts);
        if (corrected > 0) {
            return CheckResult.fail(Long.toString(corrected), message + "；有 " + corrected
                    + " 件依申请公开答复被复议机关或法院纠正", evidence);
        }
        return CheckResult.pass("0", message, List.of(new Evidence(captureId, AnnualReportChecker.excerpt(message))));
    }

    private static String cell(ReportTable t, String key) {
        return t.row(key).map(ReportRow::cells).filter(c -> c.size() > TOTAL).map(c -> c.get(TOTAL)).orElse("?");
    }

    /** A group's 总计: its subtotal row where the report prints one, else the sum of its sub-rows. */
    private static String group(ReportTable t, String key, int subRows) {
        Optional<ReportRow> row = t.row(key);
        if (row.isPresent()) {
            return cell(t, key);
        }
        long sum = 0;
        for (int i = 1; i <= subRows; i++) {
            long n = number(cell(t, key + "." + i));
            if (n < 0) {
                return "?";
            }
            sum += n;
        }
        return Long.toString(sum);
    }

    /** A printed count, or -1 when it is not one. */
    private static long number(String printed) {
        try {
            return Long.parseLong(printed.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
