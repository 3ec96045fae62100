package cn.gongkai.crawler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.extract.PageExtractor.ListItem;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxColumn;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxTest {

    private static final LocalDate TODAY = LocalDate.of(2027, 1, 10);
    private static Sandbox sandbox;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(TODAY);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        http.close();
        sandbox.close();
    }

    private static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Document page(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(url);
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        assertThat(contentType).isEqualTo("text/html; charset=utf-8");
        return Jsoup.parse(PageExtractor.decode(response.body(), contentType), url);
    }

    @Test
    void sixSitesWithFixedCodesOnTheirOwnPorts() {
        assertThat(sandbox.sites()).extracting(SandboxSite::code)
                .containsExactly("qinghe", "yunshan", "shimen", "baiyang", "edu", "health");
        assertThat(sandbox.sites()).extracting(SandboxSite::baseUrl).doesNotHaveDuplicates()
                .allMatch(u -> u.matches("http://127\\.0\\.0\\.1:\\d+"));
        assertThat(sandbox.sites()).filteredOn(SandboxSite::stale).extracting(SandboxSite::code)
                .containsExactly("shimen");
        assertThat(sandbox.sites()).filteredOn(s -> s.unitType().equals("DEPARTMENT"))
                .extracting(SandboxSite::name).containsExactly("市教育局", "市卫生健康委员会");
        assertThat(sandbox.sites().getFirst().columns()).extracting(SandboxColumn::columnType)
                .containsExactly("NEWS", "NOTICE", "POLICY", "INTERPRETATION", "DISCLOSURE", "INTERACTION");
        assertThat(sandbox.baseUrl("edu")).isEqualTo(sandbox.sites().get(4).baseUrl());
    }

    @Test
    void homepageCarriesSiteMetadataFooterAndTheEightLatestItems() throws Exception {
        Document home = page(sandbox.baseUrl("qinghe") + "/");

        assertThat(home.select("meta[name=SiteName]").attr("content")).isEqualTo("清河区人民政府");
        assertThat(home.select("meta[name=SiteDomain]").attr("content")).endsWith(".gov.cn");
        assertThat(home.select("meta[name=SiteIDCode]").attr("content")).matches("\\d{10}");
        assertThat(home.select(".footer").text()).contains("网站标识码", "ICP备", "公网安备");
        assertThat(home.select(".nav a")).extracting(e -> e.attr("href"))
                .contains("/gzdt/", "/tzgg/", "/zcwj/", "/zcjd/", "/xxgk/");

        List<ListItem> latest = PageExtractor.listItems(home, TODAY);
        assertThat(latest).hasSize(8);
        assertThat(latest).extracting(ListItem::date)
                .contains(TODAY, TODAY.minusDays(1), TODAY.minusDays(3))
                .isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void staleSiteHasNothingNewerThanThirtyDays() throws Exception {
        String base = sandbox.baseUrl("shimen");
        LocalDate newest = LocalDate.MIN;
        for (String path : List.of("/", "/gzdt/", "/tzgg/", "/zcwj/", "/zcjd/", "/xxgk/")) {
            List<ListItem> items = PageExtractor.listItems(page(base + path), TODAY);
            assertThat(items).as(path).isNotEmpty();
            for (ListItem item : items) {
                newest = item.date().isAfter(newest) ? item.date() : newest;
            }
        }
        assertThat(newest).isBeforeOrEqualTo(TODAY.minusDays(30));
    }

    @Test
    void columnListsLinkToArticlesWithPubDate() throws Exception {
        String base = sandbox.baseUrl("edu");
        Document column = page(base + "/zcwj/");
        assertThat(column.select("meta[name=ColumnName]").attr("content")).isEqualTo("政策文件");
        List<ListItem> items = PageExtractor.listItems(column, TODAY);
        assertThat(items).isNotEmpty();

        ListItem first = items.getFirst();
        Document article = page(first.url());
        assertThat(article.select("meta[name=ArticleTitle]").attr("content")).isEqualTo(first.title());
        assertThat(article.select("meta[name=PubDate]").attr("content")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        assertThat(PageExtractor.pubDate(article)).contains(first.date());
        assertThat(article.text()).contains("发布日期：" + first.date());
        assertThat(article.select(".related a").attr("href")).startsWith("/zcjd/");
    }

    @Test
    void freshNewsColumnIsCurrentAndRobotsAllowsAll() throws Exception {
        String base = sandbox.baseUrl("baiyang");
        assertThat(PageExtractor.listItems(page(base + "/gzdt/"), TODAY)).extracting(ListItem::date)
                .startsWith(TODAY, TODAY.minusDays(1), TODAY.minusDays(3));
        HttpResponse<byte[]> robots = get(base + "/robots.txt");
        assertThat(robots.statusCode()).isEqualTo(200);
        assertThat(new String(robots.body())).contains("User-agent: *", "Disallow:");
        assertThat(get(base + "/no-such-page.html").statusCode()).isEqualTo(404);
    }

    @Test
    void sameDayGivesTheSameBytes() throws Exception {
        try (Sandbox other = Sandbox.start(TODAY)) {
            String path = "/tzgg/";
            assertThat(get(other.baseUrl("health") + path).body())
                    .isEqualTo(get(sandbox.baseUrl("health") + path).body());
        }
    }
}
