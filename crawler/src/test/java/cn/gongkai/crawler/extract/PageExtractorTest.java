package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.extract.PageExtractor.ListItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageExtractorTest {

    private static final Charset GBK = Charset.forName("GBK");
    /** Real Chinese pages (MIT licensed), kept with the tests (see {@link RealPages}). */
    private static final Path REAL_PAGES = RealPages.locate().root();

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = PageExtractorTest.class.getResourceAsStream("/extract/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static Document parse(String html) {
        return Jsoup.parse(html, "http://www.example.gov.cn/tzgg/");
    }

    @Test
    void gb2312MetaIsDecodedAsGb18030SoGbkOnlyCharactersSurvive() throws IOException {
        String text = PageExtractor.decode(fixture("article-gb2312.html"), "text/html");

        assertThat(text).contains("关于朱镕基同志题词的说明", "喆、镕、堃").doesNotContain("\uFFFD");
    }

    @Test
    void httpHeaderCharsetComesBeforeMeta() {
        byte[] body = "<html><head><meta charset=\"utf-8\"></head><body>政务公开</body></html>".getBytes(GBK);

        assertThat(PageExtractor.decode(body, "text/html; charset=GBK")).contains("政务公开");
        assertThat(PageExtractor.decode(body, "text/html;charset=\"gb2312\"")).contains("政务公开");
    }

    @Test
    void byteOrderMarkIsStrippedAndWinsOverAWrongHeader() {
        byte[] text = "<p>政府信息公开指南</p>".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);

        assertThat(PageExtractor.decode(body, null)).isEqualTo("<p>政府信息公开指南</p>");
        assertThat(PageExtractor.decode(body, "text/html; charset=gbk")).isEqualTo("<p>政府信息公开指南</p>");
    }

    @Test
    void withoutDeclarationValidUtf8IsUtf8AndAnythingElseIsGb18030() {
        String html = "<html><body>政策解读</body></html>";

        assertThat(PageExtractor.decode(html.getBytes(StandardCharsets.UTF_8), null)).isEqualTo(html);
        assertThat(PageExtractor.decode(html.getBytes(GBK), "text/html")).isEqualTo(html);
        assertThat(PageExtractor.decode(new byte[0], null)).isEmpty();
    }

    @Test
    void unknownCharsetLabelFallsThroughToTheNextSource() {
        byte[] body = "<meta charset=\"gbk\"><p>通知公告</p>".getBytes(GBK);

        assertThat(PageExtractor.decode(body, "text/html; charset=no-such-charset")).contains("通知公告");
    }

    @Test
    void listItemsReadEveryDateFormAndResolveUrls() throws IOException {
        Document doc = Jsoup.parse(new String(fixture("list-dates.html"), StandardCharsets.UTF_8),
                "http://www.example.gov.cn/tzgg/");

        List<ListItem> items = PageExtractor.listItems(doc, LocalDate.of(2026, 11, 29));

        assertThat(items).containsExactly(
                new ListItem("关于开展2026年度政务公开工作考核的通知",
                        "http://www.example.gov.cn/tzgg/202611/t20261120_1.html", LocalDate.of(2026, 11, 20)),
                new ListItem("关于做好2026年冬季森林防火工作的通知（完整标题）",
                        "http://www.example.gov.cn/tzgg/t20261118_2.html", LocalDate.of(2026, 11, 18)),
                new ListItem("关于公布2026年权责清单的公告",
                        "http://www.example.gov.cn/tzgg/t20261115_3.html", LocalDate.of(2026, 11, 15)),
                new ListItem("关于印发安全生产实施方案的通知",
                        "http://other.example.gov.cn/a/4.html", LocalDate.of(2026, 11, 2)),
                new ListItem("县政府召开常务会议", "http://www.example.gov.cn/tzgg/6.html", LocalDate.of(2026, 10, 28)),
                new ListItem("政府信息公开指南", "http://www.example.gov.cn/xxgk/8.html", LocalDate.of(2026, 6, 1)),
                new ListItem("政策解读一", "http://www.example.gov.cn/zcjd/9.html", LocalDate.of(2026, 11, 25)),
                // [12-30] cannot be this year's 30 December, which is after the reference date
                new ListItem("政策解读二", "http://www.example.gov.cn/zcjd/10.html", LocalDate.of(2025, 12, 30)));
    }

    @Test
    void aDateThatIsPartOfTheTitleIsNotThePublicationDate() {
        Document doc = parse("<ul><li><a href=\"/a.html\">2026年10月30日全县工作会议召开</a></li>"
                + "<li><a href=\"/b.html\">2026年10月30日全县工作会议召开</a><span>2026-10-31</span></li></ul>");

        assertThat(PageExtractor.listItems(doc, LocalDate.of(2026, 11, 29))).containsExactly(
                new ListItem("2026年10月30日全县工作会议召开", "http://www.example.gov.cn/b.html",
                        LocalDate.of(2026, 10, 31)));
    }

    @ParameterizedTest(name = "[{0}] seen on {1} is {2}")
    @CsvSource({
            "12-30, 2027-01-05, 2026-12-30",
            "01-03, 2027-01-05, 2027-01-03",
            "01-05, 2027-01-05, 2027-01-05",
            "01-06, 2027-01-05, 2026-01-06",
            "02-29, 2027-01-05, 2024-02-29",
            "11-20, 2026-11-29, 2026-11-20"})
    void monthDayGetsTheLatestYearNotAfterTheReferenceDate(String monthDay, LocalDate reference, LocalDate expected) {
        Document doc = parse("<ul><li><a href=\"/x.html\">某条信息</a>[" + monthDay + "]</li></ul>");

        assertThat(PageExtractor.listItems(doc, reference)).singleElement()
                .extracting(ListItem::date).isEqualTo(expected);
    }

    @Test
    void bareMonthDayInItsOwnElementIsADate() {
        Document doc = parse("<ul><li><a href=\"/x.html\">某条信息</a><span class=\"time\">12-30</span></li></ul>");

        assertThat(PageExtractor.listItems(doc, LocalDate.of(2027, 1, 5))).singleElement()
                .extracting(ListItem::date).isEqualTo(LocalDate.of(2026, 12, 30));
    }

    @Test
    void impossibleDatesAreIgnored() {
        Document doc = parse("<ul><li><a href=\"/x.html\">某条信息</a><span>2026-02-30</span></li>"
                + "<li><a href=\"/y.html\">另一条</a><span>2026-13-01</span></li></ul>");

        assertThat(PageExtractor.listItems(doc, LocalDate.of(2026, 11, 29))).isEmpty();
    }

    @Test
    void pubDateComesFromMetadataFirst() {
        Document doc = parse("<html><head><meta name=\"PubDate\" content=\"2026-11-20 09:30\"></head>"
                + "<body>发布日期：2026-11-21</body></html>");

        assertThat(PageExtractor.pubDate(doc)).contains(LocalDate.of(2026, 11, 20));
    }

    @Test
    void pubDateFallsBackToTheVisibleLabel() throws IOException {
        Document gb = Jsoup.parse(PageExtractor.decode(fixture("article-gb2312.html"), null), "http://x.gov.cn/");

        assertThat(PageExtractor.pubDate(gb)).contains(LocalDate.of(2025, 3, 5));
        assertThat(PageExtractor.pubDate(parse("<p>发布日期:2026/1/5 来源：本站</p>")))
                .contains(LocalDate.of(2026, 1, 5));
        assertThat(PageExtractor.pubDate(parse("<p>成文日期：2026-01-05</p>"))).isEmpty();
    }

    @Test
    void articleTitlePrefersMetadata() {
        Document doc = parse("<html><head><title>标题_网站</title><meta name=\"ArticleTitle\" content=\"文章标题\">"
                + "</head><body><h1>页面标题</h1></body></html>");

        assertThat(PageExtractor.articleTitle(doc)).contains("文章标题");
        assertThat(PageExtractor.articleTitle(parse("<h1>页面标题</h1>"))).contains("页面标题");
        assertThat(PageExtractor.articleTitle(parse(""))).isEqualTo(Optional.empty());
    }

    // --- real pages ---

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
            "05e98007-d810-4036-b154-2ef2fe68c2af, gb2312 in meta",
            "0d931936-d510-4904-a714-88bb267b62da, gb2312 in meta",
            "47f387e6-6467-41fd-a165-b13c1171c6e7, gbk in meta",
            "ecbe8d49-c640-4a08-b46d-f8b795f836ba, gbk in meta",
            "b26fbb82-9d98-42f0-af75-7439c1706bcd, GB2312 in meta",
            "5dc3fa2d-6734-41e9-8520-a9c7c91ae1f8, undeclared GBK",
            "c38e2b2d-b578-4808-9251-3abf183ef19e, undeclared GBK",
            "35687fb1-3d1f-46ac-a1c1-30ae027b2ae4, UTF-8"})
    void realPagesDecodeWithoutReplacementCharacters(String id, String note) throws IOException {
        byte[] body = Files.readAllBytes(REAL_PAGES.resolve("html/" + id + ".html"));
        String expectedStart = Files.readString(REAL_PAGES.resolve("cleaned/" + id + ".txt")).lines()
                .map(String::strip).filter(l -> l.length() >= 8).findFirst().orElseThrow().substring(0, 8);

        String html = PageExtractor.decode(body, null);

        assertThat(html).doesNotContain("\uFFFD");
        assertThat(Jsoup.parse(html).text()).contains(expectedStart);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "500b350d-d38d-4fb0-9e81-75e0c95e95a8, 2022-02-11",
            "d232c5df-4a6a-47f7-8c63-2dd47719ffe7, 2022-02-11",
            "9890f458-7af7-4e96-a507-6eb1b359d675, 2022-02-13"})
    void realPagesPubDateMatchesTheirLabel(String id, LocalDate expected) throws IOException {
        byte[] body = Files.readAllBytes(REAL_PAGES.resolve("html/" + id + ".html"));
        String label = Files.readString(REAL_PAGES.resolve("date/" + id + ".txt")).strip();
        assertThat(label).startsWith(expected.toString());

        Document doc = Jsoup.parse(PageExtractor.decode(body, null), "http://example.gov.cn/");

        assertThat(PageExtractor.pubDate(doc)).contains(expected);
    }
}
