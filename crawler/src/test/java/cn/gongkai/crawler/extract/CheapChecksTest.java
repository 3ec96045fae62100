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
    @Test
    void theMessageLabelScanFindsWhatTheExpressionFinds() {
        java.util.regex.Pattern asked = java.util.regex.Pattern.compile("(留言|来信|提问|咨询|投诉|写信)(时间|日期)");
        char[] alphabet = "留言来信提问咨询投诉写时间日期 x".toCharArray();
        java.util.Random random = new java.util.Random(18);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(14); k > 0; k--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            java.util.regex.Matcher m = asked.matcher(s);
            int count = 0;
            while (m.find()) {
                count++;
            }
            assertThat(Messages.countAskedLabels(s, false)).as("%s", s).isEqualTo(count);
            assertThat(Messages.countAskedLabels(s, true)).as("%s", s).isEqualTo(Math.min(count, 1));
        }
    }

    @Test
    void aTableHeaderLabelSplitByMarkupIsStillRead() {
        Document doc = Jsoup.parse("""
                <body><table><tr><th>标题</th><th>留<b>言</b><span></span>时间</th><th>状态</th></tr>
                <tr><td><a href="/m/1.html">关于路灯的问题</a></td><td>2026-11-20</td><td>已回复</td></tr></table>
                </body>""", "http://x.gov.cn/");
        assertThat(PageExtractor.messages(doc)).extracting(PageExtractor.Message::title, PageExtractor.Message::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("关于路灯的问题", "ANSWERED"));
    }

    @Test
    void theVisibleTextReadInPlaceEqualsTheReadableCopys() {
        List<String> htmls = new ArrayList<>();
        pages().forEach(b -> htmls.add(Charsets.decode(b, null).text()));
        htmls.add("""
                <body><div style="display:none">隐藏 2020-01-01</div><p>发布时间：<script>showDate("2021/03/04 10:00")</script>
                </p><noscript>请启用脚本</noscript><template><p>模板</p></template><style>p{}</style>
                <div style="DISPLAY : none"><script>document.write('2019-01-02')</script></div>
                <table><tr><td>一</td><td>二<br>三</td></tr></table><script>write("x")</script>正文</body>""");
        htmls.add("<body style=\"display:none\"><p>发布日期：2020-01-01</p></body>");
        htmls.add("<frameset><frame src=a.html></frameset>");
        htmls.add("<div class=comment>评论 2020-02-02</div><p>正文" + "字".repeat(50) + "</p>");
        for (String html : htmls) {
            Document doc = Jsoup.parse(html, "http://x.gov.cn/");
            assertThat(Articles.visibleText(doc)).isEqualTo(Articles.copiedVisibleText(doc));
        }
    }

    @Test
    void theRealPagesVisibleTextReadInPlaceEqualsTheReadableCopys() {
        for (RealPages.Page page : RealPages.locate().pages()) {
            Document doc = Jsoup.parse(Charsets.decode(page.html(), null).text(), "http://x.gov.cn/");
            assertThat(Articles.visibleText(doc)).as(page.id()).isEqualTo(Articles.copiedVisibleText(doc));
        }
    }
    @Test
    void commentNamesAreReadAsTheExpressionReadsThem() {
        java.util.regex.Pattern names = java.util.regex.Pattern.compile("(?i)comment|pinglun|plun");
        String[] parts = {"comment", "COMMENT", "CoMmEnT", "pinglun", "PingLun", "plun", "PLUN", "comm", "ent", "p",
                "lun", "ping", " ", "-", "x", "\u212Aomment", "pİnglun", "评论", "\u0130"};
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 30_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(5); k > 0; k--) {
                s.append(parts[random.nextInt(parts.length)]);
            }
            assertThat(Articles.namesComment(s.toString())).as("%s", s).isEqualTo(names.matcher(s).find());
        }
    }
    @Test
    void thePageHeadSelectsTheMetadataTheQueriesSelect() {
        List<String> htmls = new ArrayList<>();
        pages().forEach(b -> htmls.add(Charsets.decode(b, null).text()));
        htmls.add("""
                x<html><head><META NAME="pubdate" CONTENT=" 2020-01-02 "><meta name=" ArticleTitle " content="甲">
                <meta property="og:title" content="乙"></head><body><meta name="Description" content="丙">
                <meta content="无名"><meta name="description"><meta name="Description" content="丁"></body></html>""");
        htmls.add("<title>t</title><p>没有元数据</p>");
        for (String html : htmls) {
            Document doc = Jsoup.parse(html, "http://x.gov.cn/");
            PageHead head = PageHead.of(doc);
            for (String query : List.of("meta[content]", "meta[name=ArticleTitle]", "meta[property=og:title]",
                    "meta[name=Description]", "meta[name=PubDate], meta[name=ArticleTitle]")) {
                assertThat(head.select(Css.of(query))).as(query).containsExactlyElementsOf(doc.select(query));
            }
            assertThat(head.statesArticle()).isEqualTo(!doc.select("meta[name=PubDate], meta[name=ArticleTitle]")
                    .isEmpty());
            assertThat(head.description()).isEqualTo(doc.select("meta[name=Description]").attr("content").strip());
            assertThat(PageExtractor.articleTitle(head)).isEqualTo(PageExtractor.articleTitle(Jsoup.parse(html,
                    "http://x.gov.cn/")));
        }
    }
    @Test
    void charsetShortcutsDecideAsTheDetectorWould() {
        List<byte[]> bodies = new ArrayList<>(pages());
        String chinese = "政务公开第三方评估平台：信息公开、政策解读、回应关切、平台建设、组织保障。发布日期：2026年11月20日";
        String text = "<html><head><title>测试</title></head><body><p>" + chinese.repeat(40) + "</p></body></html>";
        java.util.Random random = new java.util.Random(24);
        for (String cs : List.of("GB18030", "GBK", "Big5", "Shift_JIS", "EUC-KR", "EUC-JP", "UTF-8", "ISO-2022-JP")) {
            String sample = cs.equals("Shift_JIS") || cs.startsWith("EUC-JP") || cs.equals("ISO-2022-JP")
                    ? text.replace(chinese, "日本語のテキストです。お知らせ、ニュース、行政情報。") : cs.equals("EUC-KR")
                    ? text.replace(chinese, "한국어 텍스트입니다. 공지사항과 뉴스.") : text;
            byte[] clean = sample.getBytes(Charset.forName(cs));
            bodies.add(clean);
            for (int stray : new int[] {1, 2, 3, 5, 13, 40}) {
                byte[] broken = clean.clone();
                for (int k = 0; k < stray; k++) {
                    broken[random.nextInt(broken.length)] = (byte) (0x80 + random.nextInt(0x80));
                }
                bodies.add(broken);
            }
        }
        int n = 0;
        for (byte[] body : bodies) {
            for (String header : java.util.Arrays.asList(null, "text/html; charset=gb2312", "text/html; charset=utf-8",
                    "text/html; charset=big5")) {
                assertThat(Charsets.decode(body, header, true)).as("body %d, %s", n, header)
                        .isEqualTo(Charsets.decode(body, header, false));
            }
            n++;
        }
    }

    @Test
    void theRealPagesCharsetsAreDecidedAsTheDetectorWould() {
        for (RealPages.Page page : RealPages.locate().pages()) {
            assertThat(Charsets.decode(page.html(), null, true)).as(page.id())
                    .isEqualTo(Charsets.decode(page.html(), null, false));
        }
    }
}
