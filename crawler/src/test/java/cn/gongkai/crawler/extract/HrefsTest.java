package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** {@link Hrefs} gives every link the URL jsoup's {@code absUrl} gives it, on made-up and on real pages. */
class HrefsTest {

    private static final List<String> HREFS = List.of("a.html", "./202611/t20261120_1.html", "../xxgk/", "/zcwj/",
            "?page=2", "#top", "", " spaced .html ", "//cdn.example.cn/a.pdf", "http://OTHER.gov.cn/x",
            "https://www.gov.cn/zhengce/", "javascript:void(0)", "mailto:a@b.cn", "tel:12345", "weixin://dl/x",
            "line\nbreak.html", "tab\there.html", "中文/页面.html", "a b?x=1&y=2", "http://[bad", "::::",
            "index_1.html#p", "HTTP://UPPER.GOV.CN/", "/./a.html", "/../../a.html", "./../b.html",
            "../../../../../c.html", "/.hidden/d.html", "?", "??x=1", "#", "e.html#f#g", "http://x.cn/../y.html",
            "http://x.cn:8080/./z?q=1#r", "//cdn.example.cn/../w.js", "\\back\\slash.html");

    private static void assertSameAsAbsUrl(Document doc) {
        Hrefs hrefs = new Hrefs();
        for (Element e : doc.select("a, area, frame, iframe")) {
            for (String key : List.of("href", "src")) {
                assertThat(hrefs.abs(e, key)).as(e.outerHtml()).isEqualTo(e.absUrl(key));
            }
        }
    }

    @Test
    void everyKindOfHrefResolvesAsAbsUrlDoesAgainstGoodAndBadBases() {
        for (String base : List.of("http://www.example.gov.cn/xxgk/zcwj/index.html", "https://a.cn", "file:/tmp/x.html",
                "not a url", "")) {
            StringBuilder html = new StringBuilder("<html><body>");
            for (String href : HREFS) {
                html.append("<a href=\"").append(href.replace("\"", "&quot;")).append("\">x</a>");
            }
            html.append("<iframe src=\"/h5/index.html\"></iframe><a>no href</a></body></html>");
            assertSameAsAbsUrl(Jsoup.parse(html.toString(), base));
        }
    }

    @Test
    void aBaseElementChangesTheBaseForWhatFollows() {
        Document doc = Jsoup.parse("<html><head><base href=\"http://static.example.cn/site/\"></head><body>"
                + "<a href=\"a.html\">a</a><a href=\"/b.html\">b</a></body></html>", "http://www.example.gov.cn/x/");
        assertSameAsAbsUrl(doc);
        assertThat(new Hrefs().abs(doc.selectFirst("a"), "href")).isEqualTo("http://static.example.cn/site/a.html");
    }

    @Test
    void theRealPagesLinksComeOutAsAbsUrlGivesThem() {
        for (RealPages.Page page : RealPages.locate().pages()) {
            assertSameAsAbsUrl(Jsoup.parse(PageExtractor.decode(page.html(), null), "http://www.example.gov.cn/a/b/c.html"));
        }
    }
}
