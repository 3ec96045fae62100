package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class PageChromeTest {

    /** Template parts as county CMS templates name them, in English and in pinyin, with a column list in between. */
    private static final String PAGE = """
            <html><body>
            <div class="top"><div class="logo">某县人民政府</div></div>
            <div id="dh"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
            <div class="head_nav"><a href="/hdjl/">互动交流</a></div>
            <div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>
            <div class="top-news"><a href="/a1.html">关于开展森林防火专项检查的通知</a></div>
            <div class="article-header"><h1>关于做好防汛工作的通知</h1><span>2026-11-20</span></div>
            <div class="list-head"><span>标题</span><span>日期</span></div>
            <ul class="bottom-list"><li><a href="/a2.html">关于公布权责清单的公告</a></li></ul>
            <div class="yqlj"><a href="http://www.gov.cn/">中国政府网</a></div>
            <div class="bottom"><p>网站标识码：9901000001</p></div>
            <footer><p>主办单位</p></footer>
            <script>var x = 1;</script>
            </body></html>
            """;

    @Test
    void templatePartsAreChromeAndContentIsNot() {
        Document doc = Jsoup.parse(PAGE, "http://www.example.gov.cn/");
        assertThat(PageChrome.contains(doc.selectFirst("div.logo"))).isTrue();
        assertThat(PageChrome.contains(doc.selectFirst("#dh a"))).isTrue();
        assertThat(PageChrome.contains(doc.selectFirst(".head_nav a"))).isTrue();
        assertThat(PageChrome.contains(doc.selectFirst(".dqwz a"))).isTrue();
        assertThat(PageChrome.contains(doc.selectFirst(".yqlj a"))).isTrue();
        assertThat(PageChrome.contains(doc.selectFirst(".bottom p"))).isTrue();
        assertThat(PageChrome.contains(doc.selectFirst("footer p"))).isTrue();

        assertThat(PageChrome.contains(doc.selectFirst(".top-news a"))).isFalse();
        assertThat(PageChrome.contains(doc.selectFirst(".article-header h1"))).isFalse();
        assertThat(PageChrome.contains(doc.selectFirst(".list-head span"))).isFalse();
        assertThat(PageChrome.contains(doc.selectFirst(".bottom-list a"))).isFalse();
    }

    @Test
    void contentKeepsTheArticleAndLeavesThePageAlone() {
        Document doc = Jsoup.parse(PAGE, "http://www.example.gov.cn/");
        String text = PageChrome.content(doc).text();
        assertThat(text).contains("关于做好防汛工作的通知", "2026-11-20", "关于开展森林防火专项检查的通知", "关于公布权责清单的公告")
                .doesNotContain("政务公开", "当前位置", "中国政府网", "网站标识码", "主办单位", "var x");
        assertThat(doc.text()).contains("网站标识码");
        assertThat(PageChrome.content(doc.selectFirst(".article-header")).text()).isEqualTo("关于做好防汛工作的通知 2026-11-20");
    }
}
