package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * Pagination on whole pages written as the CMS families county sites run write them: TRS WCM (pager script, its
 * variables set in another script), Hanweb JCMS (首页/上页/下页/尾页 with {@code pageNum}), a generic ASP.NET list
 * ({@code pageIndex}, 末页, another column's page 2 nearby), and an article page whose 上一篇/下一篇 are not pages.
 */
class PaginationTest {

    private static List<String> pages(String fixture, String url) throws IOException {
        try (InputStream in = PaginationTest.class.getResourceAsStream("/pagination/" + fixture)) {
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return PageExtractor.pagination(Jsoup.parse(html, url));
        }
    }

    @Test
    void trsWcmPagerScriptWithItsVariablesSetInAnotherScript() throws IOException {
        assertThat(pages("trs-wcm.html", "http://www.shifan.gov.cn/zwgk/tzgg/"))
                .containsExactly("http://www.shifan.gov.cn/zwgk/tzgg/index_1.html",
                        "http://www.shifan.gov.cn/zwgk/tzgg/index_2.html");
        // the same template on page 6 and on the last page (27 pages, numbered from 0)
        assertThat(pages("trs-wcm.html", "var currentPage = 0;", "var currentPage = 5;",
                "http://www.shifan.gov.cn/zwgk/tzgg/index_5.html"))
                .containsExactly("http://www.shifan.gov.cn/zwgk/tzgg/index_6.html",
                        "http://www.shifan.gov.cn/zwgk/tzgg/index_7.html");
        assertThat(pages("trs-wcm.html", "var currentPage = 0;", "var currentPage = 26;",
                "http://www.shifan.gov.cn/zwgk/tzgg/index_26.html")).isEmpty();
    }

    /** The fixture with one piece of text replaced, as the CMS writes the same template on another page. */
    private static List<String> pages(String fixture, String from, String to, String url) throws IOException {
        try (InputStream in = PaginationTest.class.getResourceAsStream("/pagination/" + fixture)) {
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(html).contains(from);
            return PageExtractor.pagination(Jsoup.parse(html.replace(from, to), url));
        }
    }

    @Test
    void hanwebJcmsPagerWithPageNum() throws IOException {
        assertThat(pages("hanweb-jcms.html",
                "http://www.shifan.gov.cn/col/col1203/index.html?uid=4471&pageNum=2"))
                .contains("http://www.shifan.gov.cn/col/col1203/index.html?uid=4471&pageNum=3",
                        "http://www.shifan.gov.cn/col/col1203/index.html?uid=4471&pageNum=38")
                .noneMatch(u -> u.contains("col1290") || u.contains("col1291") || u.contains("/art/"))
                .doesNotContain("http://www.shifan.gov.cn/col/col1203/index.html");
        // from the column's first page (no query), 下页 still leads on
        assertThat(pages("hanweb-jcms.html", "http://www.shifan.gov.cn/col/col1203/index.html"))
                .contains("http://www.shifan.gov.cn/col/col1203/index.html?uid=4471&pageNum=3");
    }

    @Test
    void genericQueryPagerWithPageIndexAndAnotherColumnsPageNearby() throws IOException {
        assertThat(pages("generic-query.html", "http://www.shifan.gov.cn/news.aspx?cid=15"))
                .containsExactly("http://www.shifan.gov.cn/news.aspx?cid=15&pageIndex=1",
                        "http://www.shifan.gov.cn/news.aspx?cid=15&pageIndex=2",
                        "http://www.shifan.gov.cn/news.aspx?cid=15&pageIndex=3",
                        "http://www.shifan.gov.cn/news.aspx?cid=15&pageIndex=9");
    }

    @Test
    void anArticlesPreviousAndNextArticlesAreNotPagesOfAList() throws IOException {
        assertThat(pages("article.html", "http://www.shifan.gov.cn/xwzx/gzdt/202611/t20261120_4471500.html"))
                .isEmpty();
    }

    @Test
    void theSandboxPagersAreReadToo() {
        // the deep sandbox site's two pager styles, as its IT crawls them
        String links = """
                <div class="pagination">共150条 第3页/共10页 <a href="./">首页</a> <a href="index_1.html">上一页</a>
                <a href="index_3.html">下一页</a> <a href="index_9.html">尾页</a></div>""";
        assertThat(PageExtractor.pagination(Jsoup.parse(links, "http://127.0.0.1:8080/tzgg/index_2.html")))
                .containsExactly("http://127.0.0.1:8080/tzgg/index_1.html", "http://127.0.0.1:8080/tzgg/index_3.html",
                        "http://127.0.0.1:8080/tzgg/index_9.html");
    }
}
