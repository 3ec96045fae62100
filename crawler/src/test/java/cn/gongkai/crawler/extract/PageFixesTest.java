package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Forms found on real pages held back from development: each one written here as a small fixture. */
class PageFixesTest {

    private static Document parse(String html) {
        return Jsoup.parse(html, "http://www.qinghe.sandbox.gov.cn/xwzx/");
    }

    private static Document fixture(String name) throws IOException {
        try (InputStream in = PageFixesTest.class.getResourceAsStream("/extract/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2007-08-20-23:59:59|2007-08-20|23:59",
            "2007-08-20 23:59:59|2007-08-20|23:59",
            "2020-04-17T08:05|2020-04-17|08:05",
            "2020/4/7|2020-04-07|",
            "2020年4月17日 10时30分|2020-04-17|10:30"})
    void aDateTimeKeepsEveryDigitOfTheDay(String value, LocalDate day, LocalTime time) {
        PubDate d = Dates.fromMeta(value, "meta:firstpublishedtime");

        assertThat(d.date()).isEqualTo(day);
        assertThat(d.time()).isEqualTo(time);
    }

    @Test
    void moreDigitsAfterTheDayAreAFileNumberNotATruncatedDate() {
        assertThat(Dates.firstFullDate("编号 2020-01-22-1234", "text")).isNull();
        assertThat(Dates.firstFullDate("2020.01.223", "text")).isNull();
    }

    @Test
    void hyphenatedDateTimeInMetadataIsTheFullDay() {
        Document doc = parse("""
                <html><head><meta name="firstpublishedtime" content="2007-08-20-23:59:59"></head>
                <body><p>正文</p></body></html>""");

        assertThat(PageExtractor.publicationDate(doc)).get().extracting(PubDate::iso).isEqualTo("2007-08-20T23:59");
    }

    @Test
    void titleIsFoundWhenSomethingStandsBeforeTheHtmlElement() {
        Document doc = parse("""
                <!-- generated 2026 -->
                 页面统计代码
                <html><head><title>关于做好2026年度政府信息公开工作的通知</title></head>
                <body><div>正文内容</div></body></html>""");

        assertThat(PageExtractor.pageTitle(doc)).isEqualTo("关于做好2026年度政府信息公开工作的通知");
        assertThat(PageExtractor.articleTitle(doc)).hasValue("关于做好2026年度政府信息公开工作的通知");
    }

    @Test
    void anSvgTitleIsNotThePageTitle() {
        Document doc = parse("""
                <html><head></head><body><svg><title>图标</title></svg><p>正文</p></body></html>""");

        assertThat(PageExtractor.pageTitle(doc)).isEmpty();
    }

    @Test
    void theHeadingMostLikeThePageTitleWinsOverALogoH1() throws IOException {
        Document doc = fixture("article-with-comments.html");

        assertThat(PageExtractor.articleTitle(doc)).hasValue("清河区召开2026年冬季森林防火工作会议");
    }

    @Test
    void withoutAMatchingHeadingThePageTitleIsTheTitle() {
        Document doc = parse("""
                <html><head><title>清河区2026年财政预算公开</title></head>
                <body><h1><a href="/">清河区人民政府</a></h1><h2>网站导航</h2><p>正文</p></body></html>""");

        assertThat(PageExtractor.articleTitle(doc)).hasValue("清河区2026年财政预算公开");
    }

    @Test
    void aDateWrittenByAScriptCallIsReadWhereTheScriptStands() {
        Document doc = parse("""
                <html><head><title>通知</title></head><body>
                <h1>关于开展安全生产检查的通知</h1>
                <div class="info">发布时间：<script>showDate("2020/04/17 10:30");</script> 来源：应急局</div>
                <p>各乡镇：现将有关事项通知如下。</p></body></html>""");

        PubDate d = PageExtractor.publicationDate(doc).orElseThrow();
        assertThat(d.iso()).isEqualTo("2020-04-17T10:30");
        assertThat(d.source()).isEqualTo("label:发布时间");
    }

    @Test
    void aLongScriptIsNotReadForDates() {
        String filler = "var x = 1;\n".repeat(80);
        Document doc = parse("""
                <html><body><h1>关于开展安全生产检查的通知</h1>
                <script>%s showDate("2020/04/17");</script><p>正文</p></body></html>""".formatted(filler));

        assertThat(PageExtractor.publicationDate(doc)).isEmpty();
    }

    @Test
    void theArticlesOwnDateBeatsCommentsPublishingTimes() throws IOException {
        Document doc = fixture("article-with-comments.html");

        PubDate d = PageExtractor.publicationDate(doc).orElseThrow();
        assertThat(d.date()).isEqualTo(LocalDate.of(2026, 11, 18));
        assertThat(d.source()).isEqualTo("label:时间");
    }

    @Test
    void aCommentThreadWithoutANamedBoxIsCutAtItsHeading() {
        Document doc = parse("""
                <html><body><h1>清河区召开森林防火工作会议</h1>
                <div>日期：2026-11-18</div><p>会议部署今冬明春森林防火工作。</p>
                <div><b>网友评论</b></div>
                <div>青山绿水 发表时间：2026-11-25 09:10</div><div>支持！</div></body></html>""");

        assertThat(PageExtractor.publicationDate(doc)).get().extracting(PubDate::date)
                .isEqualTo(LocalDate.of(2026, 11, 18));
    }

    @Test
    void commentAuthorsAndCommentLinksAreNotListItems() throws IOException {
        Document doc = fixture("article-with-comments.html");

        assertThat(PageExtractor.listItems(doc, LocalDate.of(2026, 12, 1))).isEmpty();
    }

    @Test
    void commentRowsWithoutANamedBoxAreRejectedButPublishedItemsStay() {
        Document doc = parse("""
                <html><body><ul>
                <li><a href="/xwzx/1.html">清河区开展消防安全检查</a><span>2026-11-20</span></li>
                <li><a href="/xwzx/2.html">清河区召开经济运行分析会</a><span>2026-11-19</span></li>
                <li><a href="/u/7">网友：小王</a> 2026-11-21</li>
                <li><a href="/u/8">老张</a> 发表于 2026-11-22 08:00</li>
                <li>2026-11-23 <a href="#c">我来说两句(0)</a></li>
                </ul></body></html>""");

        assertThat(PageExtractor.listItems(doc, LocalDate.of(2026, 12, 1)))
                .extracting(PageExtractor.ListItem::title)
                .containsExactly("清河区开展消防安全检查", "清河区召开经济运行分析会");
    }

    @Test
    void inspectionShowsTheFixedTitleAndDate() throws IOException {
        byte[] body;
        try (InputStream in = PageFixesTest.class.getResourceAsStream("/extract/article-with-comments.html")) {
            body = in.readAllBytes();
        }
        Map<String, Object> out = PageInspector.inspect(body, "text/html", "http://www.qinghe.sandbox.gov.cn/a.html",
                LocalDate.of(2026, 12, 1));

        assertThat(out).containsEntry("title", "清河区召开2026年冬季森林防火工作会议")
                .containsEntry("pubDate", "2026-11-18");
        assertThat((java.util.List<?>) out.get("items")).isEmpty();
    }

    @Test
    void inspectionSaysWhetherThePageIsBlocked() throws IOException {
        byte[] article;
        try (InputStream in = PageFixesTest.class.getResourceAsStream("/extract/article-with-comments.html")) {
            article = in.readAllBytes();
        }
        assertThat(PageInspector.inspect(article, "text/html", "http://www.qinghe.sandbox.gov.cn/a.html",
                LocalDate.of(2026, 12, 1))).containsEntry("blocked", null);

        byte[] challenge = "<html><head><meta content=\"kq\" r='m'><script>$_ts=window['$_ts'];</script></head></html>"
                .getBytes(StandardCharsets.UTF_8);
        Map<String, Object> out = PageInspector.inspect(challenge, "text/html", "http://www.qinghe.sandbox.gov.cn/",
                LocalDate.of(2026, 12, 1), 412, java.util.List.of());
        assertThat((String) out.get("blocked")).contains("瑞数");
        assertThat(out).containsEntry("blockedStatus", "BLOCKED");
    }

    private static java.util.List<String> pagination(String url, String body) {
        return PageExtractor.pagination(Jsoup.parse("<html><body>" + body + "</body></html>", url));
    }

    @Test
    void paginationFollowsNextLinksStaticPagesAndQueryPagesOfTheSameList() {
        assertThat(pagination("http://www.qinghe.sandbox.gov.cn/xwzx/", """
                <ul><li><a href="t20261120_12.html">清河区召开会议</a> 2026-11-20</li>
                <li><a href="t20261119_11.html">清河区开展检查</a> 2026-11-19</li></ul>
                <div class="page"><a href="index.html">首页</a> <a href="index_1.html">2</a>
                <a href="index_2.html">3</a> <a href="index_1.html">下一页</a> <a href="index_9.html">尾页</a>
                <a href="../tzgg/index_1.html">通知公告</a></div>"""))
                .containsExactly("http://www.qinghe.sandbox.gov.cn/xwzx/index_1.html",
                        "http://www.qinghe.sandbox.gov.cn/xwzx/index_2.html",
                        "http://www.qinghe.sandbox.gov.cn/xwzx/index_9.html");
        assertThat(pagination("http://www.qinghe.sandbox.gov.cn/list.jsp?cid=7&page=1", """
                <a href="list.jsp?cid=7&page=2">2</a> <a href="list.jsp?cid=8&page=2">别的栏目</a>
                <a href="list.jsp?cid=7&pageIndex=3">3</a> <a href="javascript:go(2)">下一页</a>"""))
                .containsExactly("http://www.qinghe.sandbox.gov.cn/list.jsp?cid=7&page=2",
                        "http://www.qinghe.sandbox.gov.cn/list.jsp?cid=7&pageIndex=3");
        // next-article links of an article page are not pages of a list
        assertThat(pagination("http://www.qinghe.sandbox.gov.cn/xwzx/t20261120_12.html",
                "<a href=\"t20261120_13.html\">下一篇：清河区开展检查</a>")).isEmpty();
    }

    @Test
    void paginationReadsTheTrsPagerScript() {
        assertThat(pagination("http://www.qinghe.sandbox.gov.cn/zwgk/tzgg/index_3.html", """
                <script>var countPage = 12; var currentPage = 3;
                createPageHTML(countPage, currentPage, "index", "html");</script>"""))
                .containsExactly("http://www.qinghe.sandbox.gov.cn/zwgk/tzgg/index_4.html",
                        "http://www.qinghe.sandbox.gov.cn/zwgk/tzgg/index_5.html");
        assertThat(pagination("http://www.qinghe.sandbox.gov.cn/zwgk/tzgg/",
                "<script>createPageHTML(2, 0, \"index\", \"shtml\");</script>"))
                .containsExactly("http://www.qinghe.sandbox.gov.cn/zwgk/tzgg/index_1.shtml");
        assertThat(pagination("http://www.qinghe.sandbox.gov.cn/zwgk/tzgg/index_1.html",
                "<script>createPageHTML(2, 1, \"index\", \"html\");</script>")).isEmpty();
    }
}
