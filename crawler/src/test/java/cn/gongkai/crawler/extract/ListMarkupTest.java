package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.extract.PageExtractor.ListItem;
import cn.gongkai.crawler.extract.PageExtractor.ListShape;
import java.time.LocalDate;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 4: lists in any markup. Entries repeated as {@code div}, {@code dl} or {@code p} blocks, and list data
 * in scripts as Hanweb JCMS (recordset of CDATA records), {@code document.write} and JSON arrays write it, are read as
 * dated entries; lone dated links, navigation boxes, comment threads and scripts that are not data are not.
 */
class ListMarkupTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 29);
    private static final String BASE = "http://www.qinghe.gov.cn/tzgg/";

    private static Document page(String body) {
        return Jsoup.parse("<html><head><title>通知公告</title></head><body>"
                + "<div class=\"nav\"><div class=\"item\"><a href=\"/\">首页</a> 2026-11-28</div>"
                + "<div class=\"item\"><a href=\"/xxgk/\">政务公开</a> 2026-11-28</div>"
                + "<div class=\"item\"><a href=\"/hdjl/\">互动交流</a> 2026-11-28</div></div>"
                + body + "</body></html>", BASE);
    }

    private static List<ListItem> items(String body) {
        return PageExtractor.listItems(page(body), DAY);
    }

    @Test
    void repeatedDivBlocksWithALinkAndADateAreEntries() {
        List<ListItem> items = items("<div class=\"news-list\">"
                + "<div class=\"row\"><a href=\"202611/t20261120_1.html\">关于做好冬季安全生产工作的通知</a><em>2026-11-20</em></div>"
                + "<div class=\"row\"><a href=\"202611/t20261115_2.html\">清河区2026年第三季度政务公开工作情况</a><em>2026-11-15</em></div>"
                + "<div class=\"row\"><a href=\"202610/t20261030_3.html\">关于公布行政规范性文件清理结果的公告</a><em>2026/10/30</em></div>"
                + "</div>");

        assertThat(items).extracting(ListItem::date).containsExactly(LocalDate.of(2026, 11, 20),
                LocalDate.of(2026, 11, 15), LocalDate.of(2026, 10, 30));
        assertThat(items.getFirst().url()).isEqualTo("http://www.qinghe.gov.cn/tzgg/202611/t20261120_1.html");
        assertThat(items.getFirst().title()).isEqualTo("关于做好冬季安全生产工作的通知");
    }

    @Test
    void definitionListsWithTheTitleInDtAndTheDateInDdAreEntries() {
        List<ListItem> items = items("<div class=\"zwgk\">"
                + "<dl><dt><a href=\"/art/1.html\" title=\"清河区人民政府关于调整城乡居民基本医疗保险缴费标准的通知\">清河区人民政府关于调整…</a></dt><dd>[11-18]</dd></dl>"
                + "<dl><dt><a href=\"/art/2.html\">清河区2027年度政府信息公开工作要点</a></dt><dd>[11-02]</dd></dl>"
                + "<dl><dt><a href=\"/art/3.html\">清河区开展农村人居环境整治专项行动的通知</a></dt><dd>[10-21]</dd></dl>"
                + "</div>");

        assertThat(items).hasSize(3);
        assertThat(items.getFirst().title()).isEqualTo("清河区人民政府关于调整城乡居民基本医疗保险缴费标准的通知");
        assertThat(items.getFirst().date()).isEqualTo(LocalDate.of(2026, 11, 18));
    }

    @Test
    void twoDatedBlocksAreNotAListAndNeitherAreNavigationOrCommentThreads() {
        assertThat(items("<div class=\"content\"><p><a href=\"/a.html\">附件：清河区2026年重点工作任务分解表</a> 2026-11-01</p>"
                + "<p><a href=\"/b.html\">附件：清河区2026年重点项目清单（第二批）</a> 2026-11-02</p></div>")).isEmpty();
        assertThat(items("<div class=\"comment-list\">"
                + "<div class=\"c\"><a href=\"/u/1\">网友甲的个人主页链接</a> 2026-11-27</div>"
                + "<div class=\"c\"><a href=\"/u/2\">网友乙的个人主页链接</a> 2026-11-26</div>"
                + "<div class=\"c\"><a href=\"/u/3\">网友丙的个人主页链接</a> 2026-11-25</div></div>")).isEmpty();
    }

    @Test
    void hanwebRecordsetRecordsAreEntries() {
        Document doc = page("<div id=\"12345\"><script type=\"text/xml\"><datastore><nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1\"></a>]]></nextgroup>"
                + "<recordset>"
                + "<record><![CDATA[<li><a href=\"/art/2026/11/21/art_1229_8801.html\" title=\"清河区关于2026年度行政事业性收费项目目录的公示\" target=\"_blank\">清河区关于2026年度行政事业性收费项目…</a><span>2026-11-21</span></li>]]></record>"
                + "<record><![CDATA[<li><a href=\"/art/2026/11/9/art_1229_8790.html\" title=\"清河区政府信息公开指南（2026年修订）\">清河区政府信息公开指南（2026年修订）</a><span>2026-11-09</span></li>]]></record>"
                + "</recordset></datastore></script></div>");

        assertThat(PageExtractor.listItems(doc, DAY)).extracting(ListItem::url, ListItem::date).containsExactly(
                org.assertj.core.groups.Tuple.tuple("http://www.qinghe.gov.cn/art/2026/11/21/art_1229_8801.html",
                        LocalDate.of(2026, 11, 21)),
                org.assertj.core.groups.Tuple.tuple("http://www.qinghe.gov.cn/art/2026/11/9/art_1229_8790.html",
                        LocalDate.of(2026, 11, 9)));
        assertThat(PageExtractor.readList(doc, DAY).shape()).isEqualTo(ListShape.DATED);
    }

    @Test
    void literalDocumentWriteMarkupIsRead() {
        List<ListItem> items = items("<ul><script>\n"
                + "document.write('<li><a href=\\'./202611/t20261125_77.html\\'>清河区2026年11月份财政预算执行情况</a><span>2026-11-25</span></li>');\n"
                + "document.writeln(\"<li><a href=\\\"./202611/t20261112_70.html\\\">\\u6e05\\u6cb3\\u533a\\u9632\\u6c5b\\u5de5\\u4f5c\\u603b\\u7ed3\\u62a5\\u544a</a><span>2026-11-12</span></li>\");\n"
                + "</script></ul>");

        assertThat(items).extracting(ListItem::title).containsExactly("清河区2026年11月份财政预算执行情况", "清河区防汛工作总结报告");
        assertThat(items.get(1).url()).isEqualTo("http://www.qinghe.gov.cn/tzgg/202611/t20261112_70.html");
    }

    @Test
    void jsonArraysOfEntriesInScriptsAreRead() {
        List<ListItem> items = items("<div id=\"list\"></div><script>\n"
                + "var pageSize = 20; var unrelated = [1, 2, 3];\n"
                + "var listData = [{\"DOCTITLE\": \"清河区关于开展2026年度统计执法检查的公告\", \"DOCPUBURL\": \"/tzgg/202611/t20261126_9.html\", \"DOCRELTIME\": \"2026-11-26 09:30:00\"},\n"
                + "  {title: '清河区人民政府2026年第12次常务会议纪要', url: 'http://www.qinghe.gov.cn/zwgk/202611/t20261119_8.html', pubDate: 1763510400000},\n"
                + "  {title: '没有日期的一条', url: '/x.html'}];\n"
                + "var render = function () { return [{a: b}]; };\n"
                + "</script>");

        assertThat(items).extracting(ListItem::title, ListItem::date).containsExactly(
                org.assertj.core.groups.Tuple.tuple("清河区关于开展2026年度统计执法检查的公告", LocalDate.of(2026, 11, 26)),
                org.assertj.core.groups.Tuple.tuple("清河区人民政府2026年第12次常务会议纪要", LocalDate.of(2025, 11, 19)));
        assertThat(items.getFirst().url()).isEqualTo("http://www.qinghe.gov.cn/tzgg/202611/t20261126_9.html");
    }

    @Test
    void scriptsThatWriteNothingReadableLeaveTheListUnrecognised() {
        Document doc = page("<div id=\"list\"></div><script>var html = ''; for (var i = 0; i < data.length; i++) {"
                + " html += '<li><a href=\"' + data[i].url + '\">' + data[i].title + '</a></li>'; }"
                + " document.getElementById('list').innerHTML = html;</script>");

        assertThat(PageExtractor.readList(doc, DAY).shape()).isEqualTo(ListShape.UNRECOGNISED);
    }

    /** A crawler must reach the articles of script-held lists, dated or not, as it reaches those of markup lists. */
    @Test
    void theLinksOfScriptHeldListsAreFollowableDatedOrNot() {
        Document doc = page("<div id=\"4011\"><script type=\"text/xml\"><datastore><recordset>"
                + "<record><![CDATA[<li><a href=\"/art/2026/11/20/art_1_1.html\">关于做好冬季安全生产工作的通知</a></li>]]></record>"
                + "</recordset></datastore></script></div>"
                + "<script>document.write('<li><a href=\"./202611/t20261115_2.html\">清河区政务公开工作情况</a></li>');</script>"
                + "<script>window.__INITIAL_STATE__ = {\"list\": [{\"title\": \"关于公布权责清单的公告\", "
                + "\"url\": \"/tzgg/202610/t20261030_3.html\"}, {\"name\": \"首页\"}]};</script>");
        assertThat(PageExtractor.scriptListLinks(doc)).containsExactly(
                "http://www.qinghe.gov.cn/art/2026/11/20/art_1_1.html",
                "http://www.qinghe.gov.cn/tzgg/202611/t20261115_2.html",
                "http://www.qinghe.gov.cn/tzgg/202610/t20261030_3.html");
        assertThat(PageExtractor.listItems(doc, DAY)).isEmpty();
    }

    /** Undated entries in script-held lists make an UNDATED list (a column not kept up), not an unrecognised one. */
    @Test
    void undatedEntriesOfScriptHeldListsAreAnUndatedList() {
        Document hanweb = page("<div id=\"4011\"><script type=\"text/xml\"><datastore><recordset>"
                + "<record><![CDATA[<li><a href=\"/art/2026/11/20/art_1_1.html\">关于做好冬季安全生产工作的通知</a></li>]]></record>"
                + "<record><![CDATA[<li><a href=\"/art/2026/11/15/art_1_2.html\">清河区2026年第三季度政务公开工作情况</a></li>]]></record>"
                + "<record><![CDATA[<li><a href=\"/art/2026/10/30/art_1_3.html\">关于公布行政规范性文件清理结果的公告</a></li>]]></record>"
                + "</recordset></datastore></script></div>");
        PageExtractor.ListReading reading = PageExtractor.readList(hanweb, DAY);
        assertThat(reading.shape()).isEqualTo(ListShape.UNDATED);
        assertThat(reading.note()).isEqualTo("3 条信息均无发布日期，如：关于做好冬季安全生产工作的通知");

        Document json = page("<script>window.__INITIAL_STATE__ = {\"list\": ["
                + "{\"title\": \"关于做好冬季安全生产工作的通知\", \"url\": \"/tzgg/1.html\"},"
                + "{\"title\": \"清河区2026年第三季度政务公开工作情况\", \"url\": \"/tzgg/2.html\"},"
                + "{\"title\": \"关于公布行政规范性文件清理结果的公告\", \"url\": \"/tzgg/3.html\"}]};</script>");
        assertThat(PageExtractor.readList(json, DAY).shape()).isEqualTo(ListShape.UNDATED);
        // Two undated JSON entries are not a list, nor are entries linking to another site.
        Document few = page("<script>var data = [{\"title\": \"关于做好冬季安全生产工作的通知\", \"url\": \"/1.html\"},"
                + "{\"title\": \"关于公布行政规范性文件清理结果的公告\", \"url\": \"http://other.example.cn/2.html\"},"
                + "{\"title\": \"清河区2026年第三季度政务公开工作情况\", \"url\": \"http://other.example.cn/3.html\"}];</script>");
        assertThat(PageExtractor.readList(few, DAY).shape()).isEqualTo(ListShape.UNRECOGNISED);
    }

    /** A checker looking for one item (a year's annual report) sees the links of script-held lists as the page's. */
    @Test
    void allAnchorsIncludeThoseOfScriptHeldLists() {
        Document doc = page("<script>var list = [{\"title\": \"清河区2025年政府信息公开工作年度报告\", "
                + "\"url\": \"./202601/t20260120_9.html\", \"date\": \"2026-01-20\"}];</script>");
        assertThat(PageExtractor.allAnchors(doc)).extracting(a -> a.text() + " " + a.absUrl("href")).containsExactly(
                "首页 http://www.qinghe.gov.cn/", "政务公开 http://www.qinghe.gov.cn/xxgk/",
                "互动交流 http://www.qinghe.gov.cn/hdjl/",
                "清河区2025年政府信息公开工作年度报告 http://www.qinghe.gov.cn/tzgg/202601/t20260120_9.html");
    }
}
