package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.extract.PageExtractor.ListReading;
import cn.gongkai.crawler.extract.PageExtractor.ListShape;
import java.time.LocalDate;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * A page without dated entries is told apart: a list whose entries show no date and a page that says its list is
 * empty were read; anything else was not, and must not be judged as an empty or stale column.
 */
class ListReadingTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 29);

    private static ListReading read(String body) {
        return PageExtractor.readList(Jsoup.parse("<html><head><title>栏目</title></head><body>"
                + "<div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/xxgk/\">政务公开</a></li>"
                + "<li><a href=\"/hdjl/\">互动交流</a></li></ul></div>" + body
                + "<div class=\"footer\"><ul><li><a href=\"http://www.gov.cn/\">中国政府网门户网站</a></li>"
                + "<li><a href=\"http://www.hunan.gov.cn/\">湖南省人民政府门户网站</a></li>"
                + "<li><a href=\"http://www.cs.gov.cn/\">长沙市人民政府门户网站</a></li></ul></div></body></html>",
                "http://www.qinghe.gov.cn/tzgg/"), DAY);
    }

    @Test
    void datedRowsAreADatedListAsBefore() {
        ListReading list = read("<ul class=\"list\"><li><a href=\"a1.html\">关于做好冬季安全生产工作的通知</a>"
                + "<span>2026-11-20</span></li></ul>");

        assertThat(list.shape()).isEqualTo(ListShape.DATED);
        assertThat(list.items()).singleElement().satisfies(i -> assertThat(i.date()).isEqualTo("2026-11-20"));
    }

    @Test
    void rowsOfArticleLinksWithoutDatesAreAnUndatedList() {
        ListReading list = read("<ul class=\"list\">"
                + "<li><a href=\"a1.html\" title=\"关于做好冬季安全生产工作的通知\">关于做好冬季安全生产工作的通知</a></li>"
                + "<li><a href=\"a2.html\">关于开展城乡环境卫生整治行动的通知</a></li>"
                + "<li><a href=\"/tzgg/a3.html\">清河区二〇二六年秋季征兵工作公告</a></li></ul>");

        assertThat(list.shape()).isEqualTo(ListShape.UNDATED);
        assertThat(list.items()).isEmpty();
        assertThat(list.note()).startsWith("3 条信息均无发布日期").contains("关于做好冬季安全生产工作的通知");
    }

    @Test
    void aStatedEmptyListIsEmpty() {
        for (String marker : new String[] {"暂无信息", "没有相关信息。", "本栏目暂无内容", "没有找到相关记录！", "暂无数据"}) {
            ListReading list = read("<h2>通知公告</h2><ul class=\"list\"><li class=\"empty\">" + marker
                    + "</li></ul><div class=\"page\">共0条</div>");
            assertThat(list.shape()).as(marker).isEqualTo(ListShape.EMPTY);
            assertThat(list.note()).isEqualTo(marker);
        }
    }

    @Test
    void aListInOtherMarkupOrWrittenByScriptIsNotRecognised() {
        // dates and links in div rows, and a TRS-style list written by script: no li/tr rows to read
        assertThat(read("<div class=\"list\"><div class=\"row\"><a href=\"a1.html\">关于做好冬季安全生产工作的通知</a>"
                + "<span>2026-11-20</span></div><div class=\"row\"><a href=\"a2.html\">关于开展城乡环境卫生整治行动的"
                + "通知</a><span>2026-11-18</span></div></div>").shape()).isEqualTo(ListShape.UNRECOGNISED);
        assertThat(read("<div id=\"list\"></div><script>var data=[{\"title\":\"关于做好冬季安全生产工作的通知\","
                + "\"date\":\"2026-11-20\"}];document.write('<ul>'+data.map(function(d){return '<li>'+d.title"
                + "+'</li>'}).join('')+'</ul>');</script>").shape()).isEqualTo(ListShape.UNRECOGNISED);
        // a navigation-only page: menus, footers and link boxes are not lists
        assertThat(read("<div class=\"zdly\"><ul><li><a href=\"/ztzl/1/\">专题一</a></li><li><a href=\"/ztzl/2/\">"
                + "专题二</a></li><li><a href=\"/ztzl/3/\">往期专题</a></li></ul></div>").shape())
                .isEqualTo(ListShape.UNRECOGNISED);
        // a box of links to other sites, however long their names
        assertThat(read("<div class=\"box\"><ul><li><a href=\"http://www.a.gov.cn/\">某某市发展和改革委员会门户网站</a></li>"
                + "<li><a href=\"http://www.b.gov.cn/\">某某市教育局门户网站首页</a></li>"
                + "<li><a href=\"http://www.c.gov.cn/\">某某市卫生健康委员会门户网站</a></li></ul></div>").shape())
                .isEqualTo(ListShape.UNRECOGNISED);
    }

    @Test
    void definitionListsWithoutDatesAreAnUndatedList() {
        ListReading list = read("<div class=\"news-list\">"
                + "<dl><dt><a href=\"a1.html\" title=\"关于做好冬季安全生产工作的通知\">关于做好冬季安全生产工作的通知</a></dt></dl>"
                + "<dl><dt><a href=\"a2.html\">关于开展城乡环境卫生整治行动的通知</a></dt><dd></dd></dl>"
                + "<dl><dt><a href=\"a3.html\">清河区二〇二六年秋季征兵工作公告</a></dt></dl></div>");

        assertThat(list.shape()).isEqualTo(ListShape.UNDATED);
        assertThat(list.note()).startsWith("3 条信息均无发布日期");
    }

    @Test
    void anAppStateOrApiAnswerWithNoEntriesAndATotalOfZeroIsEmpty() {
        for (String state : new String[] {
                "window.__INITIAL_STATE__ = {\"code\": 200, \"total\": 0, \"pageSize\": 10, \"list\": []};",
                "var pageData = {'data': [], 'totalCount': '0'};",
                "window.__NUXT__={state:{column:{\"records\":[ ],\"total\":0}}}"}) {
            ListReading list = read("<div id=\"app\"></div><script>" + state + "</script>");
            assertThat(list.shape()).as(state).isEqualTo(ListShape.EMPTY);
            assertThat(list.note()).contains("JSON");
        }
        // an empty array in a script's settings, without a count of zero, says nothing about the list
        assertThat(read("<div id=\"app\"></div><script>var config = {\"plugins\": [], \"list\": [], \"debug\": false};"
                + "</script>").shape()).isEqualTo(ListShape.UNRECOGNISED);
        assertThat(read("<div id=\"app\"></div><script>var s = {\"list\": [], \"total\": 25};</script>").shape())
                .isEqualTo(ListShape.UNRECOGNISED);
    }

    @Test
    void wordsAboutAnEmptyCalendarOrSentencesAreNoEmptyMarker() {
        assertThat(read("<div class=\"main\"><p>本月暂无活动安排。</p></div>").shape()).isEqualTo(ListShape.UNRECOGNISED);
        assertThat(read("<div class=\"main\"><p>经核查，该地区暂无信息化建设项目需要公示，特此说明。</p></div>").shape())
                .isEqualTo(ListShape.UNRECOGNISED);
        // in a footer or a menu it says nothing about the page's list
        assertThat(read("<div class=\"footer\"><span>暂无信息</span></div>").shape()).isEqualTo(ListShape.UNRECOGNISED);
    }
}
