package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArticleAndMessageExtractionTest {

    private static Document fixture(String name) throws IOException {
        try (InputStream in = ArticleAndMessageExtractionTest.class.getResourceAsStream("/extract/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return Jsoup.parse(PageExtractor.decode(in.readAllBytes(), null), "http://www.qinghe.sandbox.gov.cn/zcwj/");
        }
    }

    @Test
    void policyArticleGivesTitleDateHeaderBodyAndAttachments() throws IOException {
        Document doc = fixture("policy-article.html");
        PageExtractor.Article article = PageExtractor.article(doc);

        assertThat(article.title()).isEqualTo("清河区人民政府关于印发《清河区优化营商环境三年行动方案》的通知");
        assertThat(article.pubDate().date()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(article.pubDate().time()).isEqualTo(LocalTime.of(9, 30));
        assertThat(article.pubDate().source()).isEqualTo("meta:PubDate");
        assertThat(article.policyMeta()).containsEntry("索引号", "9901020001/2026-00123")
                .containsEntry("发文机关", "清河区人民政府")
                .containsEntry("文号", "清政发〔2026〕8号")
                .containsEntry("成文日期", "2026-10-09")
                .containsEntry("发布日期", "2026-11-20");
        assertThat(article.bodyText()).contains("现将《清河区优化营商环境三年行动方案》印发给你们")
                .doesNotContain("今天是");
        assertThat(PageExtractor.attachments(doc)).extracting(PageExtractor.Attachment::type)
                .containsExactly("pdf", "xlsx", "ofd", "wps");
        assertThat(PageExtractor.links(doc)).extracting(PageExtractor.Link::url)
                .contains("http://www.qinghe.sandbox.gov.cn/zcjd/202611/t20261122_2.html");
    }

    @Test
    void withoutMetadataTheVisibleLabelIsUsedAndChengwenRiqiIsNeverThePublicationDate() {
        Document doc = Jsoup.parse("<html><body><h1>某某通知</h1><p>成文日期：2026-10-09</p>"
                + "<p>发布时间：2026年11月20日 10:05</p><p>正文</p></body></html>");
        PubDate d = PageExtractor.publicationDate(doc).orElseThrow();
        assertThat(d.iso()).isEqualTo("2026-11-20T10:05");
        assertThat(d.source()).isEqualTo("label:发布时间");
        assertThat(PageExtractor.pubDate(doc)).contains(LocalDate.of(2026, 11, 20));
    }

    @Test
    void policyHeaderLabelsSpreadOutWithSpacesAreRead() {
        Document doc = Jsoup.parse("<table><tr><td>索 &nbsp;引 号：</td><td>11220000013544357T/2022-00426</td>"
                + "<td>发文机关：</td><td>吉林省人民政府</td></tr><tr><td>成文日期：</td><td>2022年01月27日</td>"
                + "<td>标&nbsp;&nbsp;&nbsp;题：</td><td>关于某事的通告</td></tr><tr><td>发文字号：</td><td>吉政明电〔2022〕1号</td>"
                + "<td>发布日期：</td><td>2022年01月28日</td></tr></table><p>正文</p>");
        assertThat(PageExtractor.article(doc).policyMeta()).containsEntry("索引号", "11220000013544357T/2022-00426")
                .containsEntry("文号", "吉政明电〔2022〕1号").containsEntry("成文日期", "2022-01-27")
                .containsEntry("发布日期", "2022-01-28").containsEntry("发文机关", "吉林省人民政府");
    }

    @Test
    void aMonthIsReportedAsAMonthAndUndatedTextAsNothingStated() {
        Document doc = Jsoup.parse("<html><body><p>——《北京之春》1998年3月号</p></body></html>");
        assertThat(PageExtractor.publicationDate(doc).orElseThrow().iso()).isEqualTo("1998-03");
        assertThat(PageExtractor.pubDate(doc)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <li><a href="/a.html">标题一</a><span>2026-11-20</span></li>        | 2026-11-20
            <li><a href="/a.html">标题一</a><span>2026年11月2日</span></li>       | 2026-11-02
            <li><a href="/a.html">标题一</a> 2026/11/20</li>                     | 2026-11-20
            <li><a href="/a.html">标题一</a>[11-20]</li>                         | 2026-11-20
            <li><a href="/a.html">标题一</a>[12-30]</li>                         | 2025-12-30
            <li><a href="/a.html">标题一</a><span>发布时间：2026-10-01 08:00</span></li> | 2026-10-01
            """)
    void listDateForms(String row, String expected) {
        Document doc = Jsoup.parse("<ul>" + row + "</ul>", "http://x.gov.cn/");
        assertThat(PageExtractor.listItems(doc, LocalDate.of(2026, 11, 29)))
                .extracting(i -> i.date().toString()).containsExactly(expected);
    }

    @Test
    void messageBoardTableGivesMessagesWithTimesAndStatus() throws IOException {
        List<PageExtractor.Message> messages = PageExtractor.messages(fixture("message-board.html"));

        assertThat(messages).hasSize(3);
        assertThat(messages.get(0)).isEqualTo(new PageExtractor.Message("关于村道路灯维修的建议",
                "http://www.qinghe.sandbox.gov.cn/ldxx/1.html", LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 6),
                "ANSWERED", "已回复", "县住建局"));
        assertThat(messages.get(1).status()).isEqualTo("IN_PROGRESS");
        assertThat(messages.get(1).askedAt()).isEqualTo(LocalDate.of(2026, 10, 15));
        assertThat(messages.get(2).status()).isEqualTo("UNANSWERED");
        assertThat(messages.get(2).repliedAt()).isNull();
    }

    @Test
    void messageBlocksWithLabelledFieldsAreReadToo() throws IOException {
        List<PageExtractor.Message> messages = PageExtractor.messages(fixture("message-blocks.html"));

        assertThat(messages).extracting(PageExtractor.Message::title)
                .containsExactly("孩子转学需要哪些材料？", "学校食堂收费标准在哪里公开？");
        assertThat(messages.get(0).repliedAt()).isEqualTo(LocalDate.of(2026, 11, 12));
        assertThat(messages.get(0).status()).isEqualTo("ANSWERED");
        assertThat(messages.get(0).replyUnit()).isEqualTo("市教育局基础教育科");
        assertThat(messages.get(1).status()).isEqualTo("UNANSWERED");
    }

    @Test
    void attachmentsAreRecognisedByContentTypeAndExtension() {
        assertThat(Attachments.type("application/pdf", "http://x/download?id=1")).contains("pdf");
        assertThat(Attachments.type("application/vnd.openxmlformats-officedocument.wordprocessingml.document", null))
                .contains("docx");
        assertThat(Attachments.type(null, "http://x/a/b/report.XLS")).contains("xls");
        assertThat(Attachments.type("text/html", "http://x/a/b/index.html")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void inspectionReportsEverythingAsPlainData() throws IOException {
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("/extract/policy-article.html")) {
            body = in.readAllBytes();
        }
        Map<String, Object> out = PageInspector.inspect(body, "text/html; charset=utf-8",
                "http://www.qinghe.sandbox.gov.cn/zcwj/202611/t20261120_1.html", LocalDate.of(2026, 11, 29));

        assertThat(out).containsEntry("charset", "UTF-8").containsEntry("pubDate", "2026-11-20T09:30")
                .containsKeys("title", "metaTags", "items", "messages", "attachments", "links");
        assertThat((Map<String, String>) out.get("metaTags")).containsEntry("PubDate", "2026-11-20 09:30");
        assertThat((List<?>) out.get("attachments")).hasSize(4);
    }
}
