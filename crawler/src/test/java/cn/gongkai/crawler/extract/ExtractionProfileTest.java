package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.crawler.extract.PageExtractor.ListShape;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** A site's profile reads what its selectors select, and leaves everything else to the generic extractor. */
class ExtractionProfileTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 29);

    /** A 政策文件 list whose rows give the signing date (成文日期) before the publication date (发布日期). */
    private static final String POLICY_LIST = """
            <html><head><title>政策文件</title></head><body>
            <table class="zcwj"><tr><th>标题</th><th>成文日期</th><th>发布日期</th></tr>
            <tr><td><a href="./202611/t20261120_1.html">关于印发《安全生产三年行动方案》的通知</a></td>
                <td>2026-10-08</td><td class="fbrq">2026-11-20</td></tr>
            <tr><td><a href="./202610/t20261015_2.html">关于进一步加强耕地保护工作的实施意见</a></td>
                <td>2026-09-01</td><td class="fbrq">2026-10-15</td></tr>
            <tr><td><a href="./202609/t20260903_3.html">关于促进乡村振兴高质量发展的若干措施</a></td>
                <td>2026-08-12</td><td class="fbrq">2026-09-03</td></tr>
            </table>
            <div class="fy"><a href="javascript:;">上一页</a> <a class="nx" href="index_1.html">›</a></div>
            </body></html>""";

    private static Document page(String html, String url) {
        return Jsoup.parse(html, url);
    }

    private static ExtractionProfile profile(String... keysAndSelectors) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndSelectors.length; i += 2) {
            map.put(keysAndSelectors[i], keysAndSelectors[i + 1]);
        }
        return ExtractionProfile.of(map);
    }

    @Test
    void theDateSelectorPicksThePublicationDateColumnOfEachEntry() {
        Document doc = page(POLICY_LIST, "http://www.example.gov.cn/zcwj/");

        var list = profile("listItem", "table.zcwj tr:has(a)", "itemDate", "td.fbrq").readList(doc, DAY).orElseThrow();

        assertThat(list.shape()).isEqualTo(ListShape.DATED);
        assertThat(list.items()).extracting(PageExtractor.ListItem::date)
                .containsExactly(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 10, 15), LocalDate.of(2026, 9, 3));
        assertThat(list.items().getFirst().url()).isEqualTo("http://www.example.gov.cn/zcwj/202611/t20261120_1.html");
        assertThat(list.items().getFirst().title()).isEqualTo("关于印发《安全生产三年行动方案》的通知");
    }

    @Test
    void entriesWithoutADateAreAnUndatedListAndASelectorThatSelectsNothingLeavesTheGenericReading() {
        Document doc = page(POLICY_LIST, "http://www.example.gov.cn/zcwj/");
        var undated = profile("listItem", "table.zcwj tr:has(a)", "itemDate", "td.none").readList(doc, DAY);
        assertThat(undated).get().satisfies(l -> {
            assertThat(l.shape()).isEqualTo(ListShape.UNDATED);
            assertThat(l.note()).startsWith("3 条信息均无发布日期（按抽取配置读取）");
        });
        assertThat(profile("listItem", "ul.news li").readList(doc, DAY)).isEmpty();
        assertThat(profile("articleBody", "#zoom").readList(doc, DAY)).isEmpty();
    }

    @Test
    void theNextPageSelectorGivesAbsoluteLinksAndSkipsScriptLinks() {
        Document doc = page(POLICY_LIST, "http://www.example.gov.cn/zcwj/");
        assertThat(profile("nextPage", "div.fy a").nextPages(doc))
                .containsExactly("http://www.example.gov.cn/zcwj/index_1.html");
        assertThat(profile("nextPage", "div.fy").nextPages(doc))
                .containsExactly("http://www.example.gov.cn/zcwj/index_1.html");
        assertThat(profile("listItem", "tr").nextPages(doc)).isEmpty();
    }

    @Test
    void articleTitleDateAndBodyComeFromTheirSelectors() {
        Document doc = page("""
                <html><head><title>松林县人民政府门户网站</title></head><body>
                <div class="logo"><h1>松林县人民政府</h1></div>
                <div class="detail"><div class="bt">关于做好冬季安全生产工作的通知</div>
                <div class="xx">来源：县政府办公室 <span id="fbsj" data-x="1">发布时间：2026年11月20日 09:30</span> 浏览次数：12</div>
                <div id="zoom"><p>各乡镇人民政府：</p><p>现将有关事项通知如下。</p></div>
                <div class="comments"><p>网友 2026-11-28：已阅</p></div></div></body></html>""",
                "http://www.example.gov.cn/tzgg/202611/t20261120_1.html");
        ExtractionProfile profile = profile("articleTitle", ".detail .bt", "articleDate", "#fbsj",
                "articleBody", "#zoom");

        assertThat(profile.articleTitle(doc)).contains("关于做好冬季安全生产工作的通知");
        assertThat(profile.articleDate(doc)).get().satisfies(d -> assertThat(d.iso()).isEqualTo("2026-11-20T09:30"));
        assertThat(profile.articleBody(doc)).get().satisfies(b -> assertThat(b.text())
                .isEqualTo("各乡镇人民政府： 现将有关事项通知如下。"));
        assertThat(profile("articleTitle", "h2.none").articleTitle(doc)).isEmpty();
    }

    @Test
    void badSelectorsAndUnknownKeysAreRefusedInChineseAndBlankOnesLeftOut() {
        assertThatThrownBy(() -> profile("listItem", "div[", "title", "h1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("列表项选择器（listItem）不是有效的 CSS 选择器：“div[”")
                .hasMessageContaining("未知的抽取配置项“title”");
        assertThatThrownBy(() -> profile("nextPage", "a".repeat(301))).hasMessageContaining("过长");
        assertThat(profile("listItem", "  ", "articleBody", "#zoom").selectors()).containsOnlyKeys("articleBody");
        assertThat(profile("listItem", " ").isEmpty()).isTrue();
    }

    @Test
    void aProfileIsStoredAsJsonAndReadBack() {
        ExtractionProfile profile = profile("listItem", "div.list > dl", "itemDate", "dd.time", "nextPage", "a.next");
        assertThat(ExtractionProfile.fromJson(profile.toJson())).contains(profile);
        assertThat(ExtractionProfile.fromJson(null)).isEmpty();
        assertThat(ExtractionProfile.fromJson("{}")).isEmpty();
        assertThatThrownBy(() -> ExtractionProfile.fromJson("{listItem")).hasMessageContaining("不是有效的 JSON");
    }
}
