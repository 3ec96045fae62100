package cn.gongkai.evaluator.document;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.evaluator.document.AnnualReportIdentities.Identity;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnnualReportParserTest {

    private static final DocumentReader READER = DocumentReader.defaults();

    /** The same report read three ways: an HTML page, a DOCX through Tika, a PDF through Tika. */
    static Stream<Arguments> formats() {
        Function<ReportFixture, AnnualReport> html = f -> AnnualReportParser.parse(Jsoup.parse(f.html()));
        Function<ReportFixture, AnnualReport> docx = f -> AnnualReportParser.parse(read(f.docx(), "report.docx"));
        Function<ReportFixture, AnnualReport> pdf = f -> AnnualReportParser.parse(read(f.pdf(), "report.pdf"));
        return Stream.of(Arguments.of("HTML", html), Arguments.of("DOCX", docx), Arguments.of("PDF", pdf));
    }

    private static String read(byte[] bytes, String name) {
        DocumentText text = READER.read(bytes, name, null);
        assertThat(text.status()).as(text.problem()).isEqualTo(DocumentText.Status.OK);
        return text.text();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void correctReportHasAllSectionsBothTablesAndEveryIdentityHolds(String format,
                                                                   Function<ReportFixture, AnnualReport> parse) {
        AnnualReport report = parse.apply(ReportFixture.correct());

        assertThat(report.problems()).isEmpty();
        assertThat(report.sections()).extracting(AnnualReport.Section::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(report.sectionsComplete()).isTrue();
        assertThat(report.applications().rows()).hasSize(25);
        assertThat(report.applications().row("三.三.2").orElseThrow().cells())
                .containsExactly("2", "0", "0", "0", "0", "0", "2");
        assertThat(report.applications().row("三.六.3").orElseThrow().cells().getFirst()).isEqualTo("1");
        assertThat(report.reviews().rows().getFirst().cells()).hasSize(15).startsWith("2", "1", "0", "1", "4");

        AnnualReportIdentities.Result result = AnnualReportIdentities.check(report);
        // 25 row totals + 7 columns × ((七) and 一+二=(七)+四) + 3 groups of table 四
        assertThat(result.identities()).hasSize(25 + 14 + 3);
        assertThat(result.broken()).isEmpty();
        assertThat(result.invalid()).isEmpty();
        assertThat(result.notChecked()).isEmpty();
        assertThat(result.allHold()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void oneMisprintedCellBreaksExactlyTheIdentitiesItTakesPartIn(String format,
                                                                  Function<ReportFixture, AnnualReport> parse) {
        // 不予公开 2 printed as 3 in the 自然人 column while every total was left as it was
        AnnualReport report = parse.apply(ReportFixture.correct().withCell("三.三.2", 0, "3"));

        List<Identity> broken = AnnualReportIdentities.check(report).broken();

        assertThat(broken).extracting(Identity::name).containsExactlyInAnyOrder(
                "「（三）不予公开 2.其他法律行政法规禁止公开」行 总计 = 自然人 + 法人或其他组织各列",
                "（七）总计 = （一）至（六）之和（自然人列）");
        Identity row = broken.stream().filter(i -> i.name().contains("禁止公开")).findFirst().orElseThrow();
        assertThat(row.expected()).isEqualTo(3);
        assertThat(row.actual()).isEqualTo(2);
        assertThat(row.cells()).contains("「（三）不予公开 2.其他法律行政法规禁止公开」「自然人」=3");
        Identity column = broken.stream().filter(i -> i.name().startsWith("（七）")).findFirst().orElseThrow();
        assertThat(column.expected()).isEqualTo(column.actual() + 1);
        assertThat(column.describe()).contains("应为 " + column.expected()).contains("实际填报 " + column.actual());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void carriedOverMisprintBreaksTheColumnIdentityAndTheRowTotal(String format,
                                                                  Function<ReportFixture, AnnualReport> parse) {
        AnnualReport report = parse.apply(ReportFixture.correct().withCell("四", 1, "2"));

        assertThat(AnnualReportIdentities.check(report).broken()).extracting(Identity::name)
                .containsExactlyInAnyOrder(
                        "「四、结转下年度继续办理」行 总计 = 自然人 + 法人或其他组织各列",
                        "本列勾稽关系 一 + 二 = （七）总计 + 四（商业企业列）");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void reviewTotalThatDoesNotAddUpIsBroken(String format, Function<ReportFixture, AnnualReport> parse) {
        AnnualReport report = parse.apply(ReportFixture.correct().withCell("表四", 9, "3"));

        List<Identity> broken = AnnualReportIdentities.check(report).broken();
        assertThat(broken).extracting(Identity::name)
                .containsExactly("行政诉讼（未经复议直接起诉） 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结");
        assertThat(broken.getFirst().expected()).isEqualTo(2);
        assertThat(broken.getFirst().actual()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void missingSectionIsNamedAndTheRestStillChecked(String format, Function<ReportFixture, AnnualReport> parse) {
        AnnualReport report = parse.apply(ReportFixture.correct().withoutSections(5));

        assertThat(report.missingSections()).containsExactly("五、存在的主要问题及改进情况");
        assertThat(report.sectionsInOrder()).isTrue();
        assertThat(report.sectionsComplete()).isFalse();
        assertThat(AnnualReportIdentities.check(report).allHold()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void cellThatIsNotANonNegativeIntegerIsReportedAndItsIdentitiesAreNotGuessed(
            String format, Function<ReportFixture, AnnualReport> parse) {
        AnnualReport report = parse.apply(ReportFixture.correct().withCell("三.五.2", 3, "-1"));

        AnnualReportIdentities.Result result = AnnualReportIdentities.check(report);
        assertThat(result.invalid()).singleElement().satisfies(cell -> {
            assertThat(cell.column()).isEqualTo("社会公益组织");
            assertThat(cell.printed()).isEqualTo("-1");
            assertThat(cell.describe()).contains("应为非负整数");
        });
        assertThat(result.notChecked()).hasSize(2);
        assertThat(result.broken()).isEmpty();
        assertThat(result.allHold()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void sectionsOutOfOrderAreNoticed() {
        String html = ReportFixture.correct().html()
                .replace("<p><strong>五、存在的主要问题及改进情况</strong></p>", "")
                .replace("<p><strong>二、主动公开政府信息情况</strong></p>",
                        "<p><strong>五、存在的主要问题及改进情况</strong></p><p><strong>二、主动公开政府信息情况</strong></p>");
        AnnualReport report = AnnualReportParser.parse(Jsoup.parse(html));

        assertThat(report.missingSections()).isEmpty();
        assertThat(report.sectionsInOrder()).isFalse();
        assertThat(report.sections()).extracting(AnnualReport.Section::number).containsExactly(1, 5, 2, 3, 4, 6);
    }

    @org.junit.jupiter.api.Test
    void pageWithoutTablesSaysWhatIsMissing() {
        AnnualReport report = AnnualReportParser.parse("一、总体情况\n全年主动公开信息 312 条。\n");

        assertThat(report.applications()).isNull();
        assertThat(report.reviews()).isNull();
        assertThat(report.problems()).anyMatch(p -> p.contains("未找到表三")).anyMatch(p -> p.contains("未找到表四"));
        assertThat(AnnualReportIdentities.check(report).notChecked()).hasSize(2);
    }

    @org.junit.jupiter.api.Test
    void rowsAreRecognisedByTheirMostSpecificLabel() {
        assertThat(AnnualReportParser.classify("三、本年度办理结果 （三）不予公开 1.属于国家秘密")).isEqualTo("三.三.1");
        assertThat(AnnualReportParser.classify("（六）其他处理 3.其他")).isEqualTo("三.六.3");
        assertThat(AnnualReportParser.classify("3.其他")).isEqualTo("三.六.3");
        assertThat(AnnualReportParser.classify("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")).isEqualTo("三.二");
        assertThat(AnnualReportParser.classify("（六）其他处理")).isEqualTo("三.六");
        assertThat(AnnualReportParser.classify("5.要求行政机关确认或重新出具已获取信息")).isEqualTo("三.五.5");
        assertThat(AnnualReportParser.classify("申请人情况")).isNull();
    }

    @ParameterizedTest(name = "drawn line by line: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void pdfTableWhoseLabelsWrapAroundTheirFiguresIsReadRowByRow(boolean lineByLine) {
        String text = read(ReportFixture.correct().pdfWithWrappedCells(lineByLine), "report.pdf");
        AnnualReport report = AnnualReportParser.parse(text);

        assertThat(report.problems()).isEmpty();
        assertThat(report.applications().rows()).hasSize(25);
        assertThat(report.applications().row("三.六.1").orElseThrow().cells())
                .containsExactly("2", "0", "0", "0", "0", "0", "2");
        assertThat(AnnualReportIdentities.check(report).allHold()).isTrue();
    }

    @org.junit.jupiter.api.Test
    void wrappedPdfRowsTakePartInTheTotalOfResults() {
        // 其他处理 1 (a label over four lines) printed 3 instead of 2 for 自然人, every total left as it was
        String text = read(ReportFixture.correct().withCell("三.六.1", 0, "3").pdfWithWrappedCells(true), "report.pdf");

        assertThat(AnnualReportIdentities.check(AnnualReportParser.parse(text)).broken()).extracting(Identity::name)
                .containsExactlyInAnyOrder(
                        "「（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请」行 总计 = 自然人 + 法人或其他组织各列",
                        "（七）总计 = （一）至（六）之和（自然人列）");
    }
}
