package cn.gongkai.evaluator.document;

import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import cn.gongkai.evaluator.document.AnnualReportIdentities.Identity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/**
 * {@code annual-report}: the previous year's annual report is published on the disclosure platform, has the six
 * sections of 国办公开办函〔2021〕30号 in order, and its tables add up. Every broken identity and every missing section
 * is one piece of evidence; the measured value is the number of such errors. A report that cannot be read (encrypted,
 * corrupt) is uncertain, never failed.
 *
 * <p>Parameters: {@code reportYear} (default: the year before the reference date), {@code departmentDeadline} and
 * {@code governmentDeadline} as {@code MM-dd} (default 01-31 and 03-31), or {@code deadline} for every unit type:
 * before its deadline a missing report is not yet a fault.
 */
public final class AnnualReportChecker implements Checker {

    public static final String TYPE = "annual-report";
    /** Evidence rows per finding: enough to show the pattern, few enough to read. */
    private static final int MAX_EVIDENCE = 30;

    private final CapturedDocuments documents;

    public AnnualReportChecker(DSLContext dsl, EvidenceStore evidence) {
        this(new CapturedDocuments(dsl, evidence, DocumentReader.defaults()));
    }

    public AnnualReportChecker(CapturedDocuments documents) {
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
        AnnualReportSource.Found found = AnnualReportSource.find(context, documents, year, true);
        switch (found.outcome()) {
            case NO_LIST_CAPTURED:
                return CheckResult.uncertain((found.unread() == null ? "未采集到年报栏目或政府信息公开栏目"
                        : "年报栏目或政府信息公开栏目未能读取：" + found.unread()) + "，无法查找" + year + "年度报告");
            case NOT_LISTED:
                if (!context.referenceDate().isAfter(deadline)) {
                    return CheckResult.notApplicable(year + "年度报告的公布期限（" + deadline + "）未到，栏目中尚未发布");
                }
                return CheckResult.failNotFound("未公开", "年报栏目中未见" + year + "年度政府信息公开工作年度报告（公布期限 "
                        + deadline + "）", List.of(new Evidence(found.list().id(),
                        "年报栏目中没有" + year + "年度报告：" + found.list().url())));
            case NOT_CAPTURED:
                return CheckResult.uncertain("找到" + year + "年度报告链接「" + found.linkText() + "」，但其内容未能采集："
                        + found.url());
            default:
                break;
        }
        long captureId = found.document().id();
        if (found.report() == null) {
            DocumentText text = found.text();
            String why = text == null ? "文件未能从采集证据中读出" : text.problem();
            return CheckResult.uncertain(year + "年度报告无法读取（" + why + "），需人工核对",
                    List.of(new Evidence(captureId, "年度报告文件无法读取：" + why)));
        }
        AnnualReport report = found.report();
        AnnualReportIdentities.Result identities = AnnualReportIdentities.check(report);
        List<String> faults = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        for (String missing : report.missingSections()) {
            faults.add("缺少「" + missing + "」");
            evidence.add(new Evidence(captureId, "年度报告中没有「" + missing + "」部分"));
        }
        if (!report.sectionsInOrder()) {
            String order = String.join(" → ", report.sections().stream().map(AnnualReport.Section::heading).toList());
            faults.add("各部分顺序与规定格式不符");
            evidence.add(new Evidence(captureId, excerpt("各部分顺序为：" + order)));
        }
        for (Identity broken : identities.broken()) {
            evidence.add(new Evidence(captureId, excerpt("勾稽关系不成立：" + broken.describe())));
        }
        if (!identities.broken().isEmpty()) {
            faults.add(identities.broken().size() + " 项勾稽关系不成立");
        }
        for (AnnualReportIdentities.InvalidCell cell : identities.invalid()) {
            evidence.add(new Evidence(captureId, excerpt(cell.describe())));
        }
        if (!identities.invalid().isEmpty()) {
            faults.add(identities.invalid().size() + " 个单元格不是非负整数");
        }
        int checked = identities.identities().size();
        // The count of errors, so that a DEDUCTION rule takes its amount off per error (每处错误扣分).
        String measured = Integer.toString(report.missingSections().size() + (report.sectionsInOrder() ? 0 : 1)
                + identities.broken().size() + identities.invalid().size());
        if (!faults.isEmpty()) {
            // The faults found stand; the rows not read are named so that nobody takes the count as complete.
            String unread = report.problems().isEmpty() ? ""
                    : "；另有表格内容未能识别，需人工核对：" + String.join("；", report.problems());
            return CheckResult.fail(measured, excerpt(year + "年度报告：" + String.join("；", faults) + "（勾稽关系 "
                            + (checked - identities.broken().size()) + "/" + checked + " 成立）" + unread),
                    evidence.subList(0, Math.min(MAX_EVIDENCE, evidence.size())));
        }
        if (!identities.notChecked().isEmpty() || !report.problems().isEmpty()) {
            List<String> unread = new ArrayList<>(report.problems());
            unread.addAll(identities.notChecked());
            return CheckResult.uncertain(year + "年度报告的表格未能完整识别，需人工核对：" + excerpt(String.join("；", unread)),
                    List.of(new Evidence(captureId, excerpt(String.join("；", unread)))));
        }
        return CheckResult.pass(measured, year + "年度报告六个部分齐全、顺序正确，" + checked + " 项勾稽关系全部成立",
                List.of(new Evidence(captureId, year + "年度报告：" + found.linkText())));
    }

    /** Evidence excerpts are stored in 1000 characters. */
    static String excerpt(String s) {
        return s.length() <= 900 ? s : s.substring(0, 900) + "…";
    }
}
