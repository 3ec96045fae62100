package cn.gongkai.evaluator.check.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class BudgetDisclosureCheckerTest {

    @Test
    void titlesNameTheYearOfTheBudgetOrFinalAccounts() {
        assertThat(BudgetDisclosureChecker.years("市教育局2026年部门预算", "预算")).containsExactly(2026);
        assertThat(BudgetDisclosureChecker.years("市教育局2026年部门预算", "决算")).isEmpty();
        assertThat(BudgetDisclosureChecker.years("清河区人民政府办公室2025年度部门决算公开", "决算")).containsExactly(2025);
        assertThat(BudgetDisclosureChecker.years("市民政局2025年部门预决算", "预算")).containsExactly(2025);
        // a report on budget execution is not the budget; the draft budget it comes with is
        assertThat(BudgetDisclosureChecker.years("关于清河区2025年预算执行情况和2026年预算草案的报告", "预算"))
                .containsExactly(2026);
        assertThat(BudgetDisclosureChecker.years("清河区2026年财政预算执行情况", "预算")).isEmpty();
        assertThat(BudgetDisclosureChecker.years("关于开展2026年安全生产检查的通知", "预算")).isEmpty();
    }

    @Test
    void theApprovalDateIsTheDateWrittenNextToTheApproval() {
        assertThat(BudgetDisclosureChecker.approvalDate(Jsoup.parse(
                "<p>发布日期：2026-03-02</p><p>经市财政局于2026年2月20日批复，现将市教育局2026年部门预算公开如下。</p>")))
                .contains(LocalDate.of(2026, 2, 20));
        assertThat(BudgetDisclosureChecker.approvalDate(Jsoup.parse("<p>批复日期：2025-07-15</p>")))
                .contains(LocalDate.of(2025, 7, 15));
        assertThat(BudgetDisclosureChecker.approvalDate(Jsoup.parse("<p>发布日期：2026-03-02 现将预算公开如下。</p>")))
                .isEmpty();
    }
    @Test
    void aGovernmentsOwnBudgetIsToldFromADepartmentsByItsTitle() {
        assertThat(BudgetDisclosureChecker.governmentLevel("清河区2026年政府预算公开")).isTrue();
        assertThat(BudgetDisclosureChecker.governmentLevel("关于清河区2025年预算执行情况和2026年预算草案的报告")).isTrue();
        assertThat(BudgetDisclosureChecker.governmentLevel("清河区2025年本级决算")).isTrue();
        assertThat(BudgetDisclosureChecker.governmentLevel("清河区人民政府办公室2026年部门预算")).isFalse();
        assertThat(BudgetDisclosureChecker.governmentLevel("市教育局2026年预算")).isFalse();
    }
}
