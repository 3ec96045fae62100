package cn.gongkai.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.extract.ExtractionProfile;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** Each step of the chain on fixture pages, and what the chain hands to the index, in its order. */
class ExtractionChainTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 29);
    private static final String URL = "http://www.qinghe.sandbox.gov.cn/tzgg/";

    private static Document page(String head, String body) {
        return Jsoup.parse("<html><head><title>清河区人民政府</title>" + head + "</head><body>"
                + "<div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/xxgk/\">政务公开</a></li></ul></div>"
                + body + "</body></html>", URL);
    }

    private static ExtractionChain.Page read(Document doc, ExtractionProfile profile) {
        return ExtractionChain.read(URL, doc, DAY, profile);
    }

    private static final String LIST = """
            <ul class="list"><li><a href="a1.html">关于做好冬季安全生产工作的通知</a><span>2026-11-20</span></li>
            <li><a href="a2.html">关于开展城乡环境卫生整治行动的通知</a><span>2026-11-18</span></li>
            <li><a href="a3.html">清河区二〇二六年秋季征兵工作公告</a><span>2026-11-02</span></li></ul>""";

    @Test
    void theStepsRunInOrderAndTheArticleStepComesAfterTheList() {
        assertThat(ExtractionChain.STEPS).extracting(ExtractionChain.Step::name)
                .containsExactly("list entries", "article", "pagination", "messages", "attachments");
    }

    @Test
    void theListsFurtherPagesComeFromItsPagerAndTheProfilesSelectorFirst() {
        Document trs = page("", LIST + "<div class=\"page\"><script>createPageHTML(3, 0, \"index\", \"html\");"
                + "</script></div>");
        assertThat(read(trs, null).nextPages).containsExactly("http://www.qinghe.sandbox.gov.cn/tzgg/index_1.html",
                "http://www.qinghe.sandbox.gov.cn/tzgg/index_2.html");
        // a pager of images only: the generic reading sees no next page, the profile names it
        Document images = page("", LIST + "<div class=\"pg\"><a class=\"go\" href=\"list_2.html\"><img src=\"n.gif\">"
                + "</a></div>");
        assertThat(read(images, null).nextPages).isEmpty();
        assertThat(read(images, ExtractionProfile.of(Map.of("nextPage", "div.pg a.go"))).nextPages)
                .containsExactly("http://www.qinghe.sandbox.gov.cn/tzgg/list_2.html");
        // an article has no further pages
        assertThat(read(page("", "<h1>关于做好冬季安全生产工作的通知</h1><p>发布时间：2026-11-20</p>"), null).nextPages)
                .isEmpty();
    }

    @Test
    void aListPageGivesItsEntriesAndNoArticle() {
        ExtractionChain.Page page = read(page("", LIST), null);
        assertThat(page.items()).extracting(Captures.Item::kind).containsOnly("LIST_ITEM").hasSize(3);
        assertThat(page.items().getFirst().pubDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(page.article).isNull();
    }

    @Test
    void anArticleIsReadByItsMetadataEvenBesideARelatedList() {
        ExtractionChain.Page page = read(page("<meta name=\"ArticleTitle\" content=\"关于做好冬季安全生产工作的通知\">"
                + "<meta name=\"PubDate\" content=\"2026-11-20 09:30\"><meta name=\"Description\" content=\"各乡镇……\">",
                "<h1>关于做好冬季安全生产工作的通知</h1><p>各乡镇人民政府：……</p><div class=\"related\">" + LIST + "</div>"),
                null);
        assertThat(page.items()).singleElement().satisfies(item -> {
            assertThat(item.kind()).isEqualTo("ARTICLE");
            assertThat(item.title()).isEqualTo("关于做好冬季安全生产工作的通知");
            assertThat(item.pubDate()).isEqualTo(LocalDate.of(2026, 11, 20));
            assertThat(item.excerpt()).isEqualTo("各乡镇……");
        });
    }

    @Test
    void aPageWithoutMetadataIsAnArticleOnlyIfItStatesADate() {
        assertThat(read(page("", "<h1>关于做好冬季安全生产工作的通知</h1><p>发布时间：2026-11-20</p><p>正文……</p>"), null)
                .items()).extracting(Captures.Item::kind, Captures.Item::pubDate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ARTICLE", LocalDate.of(2026, 11, 20)));
        assertThat(read(page("", "<h1>机构职能</h1><p>负责全区政务公开工作。</p>"), null).items()).isEmpty();
    }

    @Test
    void theProfileDecidesTheListAndTheArticleWhereItSelectsSomething() {
        Document undatedList = page("", "<div class=\"lb\"><div class=\"it\"><a href=\"a1.html\">关于做好冬季安全生产工作的通知"
                + "</a></div><div class=\"it\"><a href=\"a2.html\">关于开展城乡环境卫生整治行动的通知</a></div></div>"
                + "<p class=\"foot\">更新时间：2026-11-28</p>");
        // generic reading: no list recognised, so the stray date makes the page an article of that day
        assertThat(read(undatedList, null).items()).extracting(Captures.Item::kind).containsExactly("ARTICLE");
        // the profile says this is a list whose entries carry no date: no article, no dated entry
        ExtractionChain.Page profiled = read(undatedList, ExtractionProfile.of(Map.of("listItem", "div.lb > div.it")));
        assertThat(profiled.items()).isEmpty();
        assertThat(profiled.profiledList).get().satisfies(l -> assertThat(l.note()).startsWith("2 条信息均无发布日期"));

        Document article = page("", "<div class=\"bt\">关于做好冬季安全生产工作的通知</div><p>今天是2026年11月29日</p>"
                + "<span id=\"fbsj\">2026-11-20</span><div id=\"zoom\"><p>正文……</p></div>");
        ExtractionChain.Page byProfile = read(article, ExtractionProfile.of(Map.of("articleTitle", "div.bt",
                "articleDate", "#fbsj")));
        assertThat(byProfile.items()).singleElement().satisfies(item -> {
            assertThat(item.title()).isEqualTo("关于做好冬季安全生产工作的通知");
            assertThat(item.pubDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        });
    }

    @Test
    void messagesCarryTheirReplyAndAttachmentsTheirTypeAfterTheArticle() throws IOException {
        Document board;
        try (InputStream in = ExtractionChainTest.class.getResourceAsStream("/extract/message-board.html")) {
            board = Jsoup.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    "http://www.qinghe.sandbox.gov.cn/ldxx/");
        }
        ExtractionChain.Page page = read(board, null);
        List<Captures.Item> messages = page.items().stream().filter(i -> i.kind().equals("MESSAGE")).toList();
        assertThat(messages).hasSize(3);
        assertThat(messages.getFirst().reply()).isEqualTo(new Captures.Reply("ANSWERED", LocalDate.of(2026, 11, 6),
                "县住建局"));
        assertThat(messages.getFirst().excerpt()).isEqualTo("已回复");

        ExtractionChain.Page withFiles = read(page("<meta name=\"PubDate\" content=\"2026-11-20\">",
                "<h1>关于印发某方案的通知</h1><p><a href=\"/fj/1.pdf\">方案全文</a> <a href=\"/fj/2.docx\">附件2.docx</a></p>"),
                null);
        assertThat(withFiles.items()).extracting(Captures.Item::kind, Captures.Item::excerpt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ARTICLE", null),
                org.assertj.core.groups.Tuple.tuple("ATTACHMENT", "pdf"),
                org.assertj.core.groups.Tuple.tuple("ATTACHMENT", "docx"));
    }
}
