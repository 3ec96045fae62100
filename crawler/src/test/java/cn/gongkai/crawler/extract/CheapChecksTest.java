package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.fetch.Blocking;
import cn.gongkai.crawler.sandbox.Sandbox;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * The cheap pre-checks that spare most pages the expensive rules (the wall check's page text, the charset's
 * counting decoder, the attachment URL parse, the message-label scan) answer exactly as the rules themselves: on
 * every sandbox page, on the real pages when present, and on pages made to sit on their edges.
 */
class CheapChecksTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    private static List<byte[]> pages() {
        List<byte[]> pages = new ArrayList<>();
        Sandbox.htmlPages(DAY, 0, 0).forEach(p -> pages.add(p.body()));
        Sandbox.htmlPages(DAY, 1, 20).forEach(p -> pages.add(p.body()));
        return pages;
    }

    @Test
    void theWallCheckAnswersTheSameWithoutTheTextOfLongPages() {
        List<String> htmls = new ArrayList<>();
        pages().forEach(b -> htmls.add(Charsets.decode(b, null).text()));
        htmls.add("<title>安全验证</title><body>请输入验证码 " + "字".repeat(1_499) + "</body>");
        htmls.add("<title>安全验证</title><body>请输入验证码 " + "字".repeat(1_500) + "</body>");
        htmls.add("<title>安全验证</title><body><p>请输入验证码</p>" + "\u200b\u00a0\u3000 ".repeat(3_000) + "</body>");
        htmls.add("<title>页面不存在</title><body><pre>" + " x ".repeat(800) + "</pre>页面不存在</body>");
        htmls.add("<html><head><title>t</title></head></html>");
        int skipped = 0;
        for (String html : htmls) {
            Document doc = Jsoup.parse(html, "http://x.gov.cn/");
            String cheap = Blocking.visibleTextIfShort(doc);
            String full = doc.body() == null ? "" : doc.body().text();
            if (cheap == null) {
                skipped++;
                assertThat(full.strip().length()).isGreaterThan(1_500);
            } else {
                assertThat(cheap).isEqualTo(full);
            }
            for (int status : new int[] {200, 404, 412, 202}) {
                assertThat(Blocking.recognise(status, List.of(), html, "标题", cheap, html.length()))
                        .as(html.length() + " chars at " + status)
                        .isEqualTo(Blocking.recognise(status, List.of(), html, "标题", full, html.length()));
            }
        }
        assertThat(skipped).as("long pages spared their text").isGreaterThan(0);
    }

    @Test
    void cleanBytesDecodeAsTheCountingDecoderDoes() {
        List<byte[]> bodies = new ArrayList<>(pages());
        bodies.add("公开\uFFFD信息".getBytes(StandardCharsets.UTF_8));
        bodies.add(new byte[] {(byte) 0xC4, (byte) 0xE3, 'a', (byte) 0xFF, (byte) 0xB9, (byte) 0xAB});
        bodies.add("政务公开".getBytes(Charset.forName("GB18030")));
        for (byte[] body : bodies) {
            for (Charset cs : List.of(StandardCharsets.UTF_8, Charsets.GB18030)) {
                assertThat(Charsets.strict(body, 0, cs, "s", null))
                        .isEqualTo(Charsets.counted(body, 0, cs, "s", null));
            }
        }
        assertThat(Charsets.strict("公开\uFFFD".getBytes(StandardCharsets.UTF_8), 0, StandardCharsets.UTF_8, "s", null)
                .text()).isEqualTo("公开\uFFFD");
    }

    @Test
    void attachmentsAreStillRecognisedBehindEscapesAndCase() {
        assertThat(Attachments.type(null, "http://x.gov.cn/a/report.PDF")).contains("pdf");
        assertThat(Attachments.type(null, "http://x.gov.cn/a/report%2Epdf")).contains("pdf");
        assertThat(Attachments.type(null, "http://x.gov.cn/a/b.p%64f?x=1")).contains("pdf");
        assertThat(Attachments.type(null, "http://x.gov.cn/a/年报.docx")).contains("docx");
        assertThat(Attachments.type(null, "http://x.gov.cn/a/b.et")).contains("xls");
        assertThat(Attachments.type(null, "http://x.gov.cn/down?file=a.pdf")).isEmpty();
        assertThat(Attachments.type(null, "http://x.gov.cn/a/index.html")).isEmpty();
        assertThat(Attachments.type(null, "http://x.gov.cn/a b/c.xls")).contains("xls");
    }

    @Test
    void aMessageLabelSplitByMarkupIsStillRead() {
        Document doc = Jsoup.parse("""
                <body><div class="msg"><a href="/m/1.html">关于路灯的问题</a>
                <p>留言<span></span>时间：2026-11-20</p><p>回复时间：2026-11-25</p><p>办理状态：已回复</p></div>
                <div class="msg"><a href="/m/2.html">关于公交的问题</a>
                <p>留言时间：2026-11-21</p><p>办理状态：未回复</p></div></body>""", "http://x.gov.cn/");
        assertThat(PageExtractor.messages(doc)).extracting(PageExtractor.Message::title, PageExtractor.Message::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("关于路灯的问题", "ANSWERED"),
                        org.assertj.core.groups.Tuple.tuple("关于公交的问题", "UNANSWERED"));
    }
}
