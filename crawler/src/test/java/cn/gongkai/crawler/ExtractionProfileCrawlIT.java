package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.extract.ExtractionProfile;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxColumn;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import cn.gongkai.sql.TestDatabase;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site the generic extractor cannot page through: its column links to its further list pages only by an image with
 * no text. With the evaluator's profile for the site (entries, their 发布日期 beside the 实施日期, the pager), the
 * crawler follows the pager at the list's own depth and stores every entry with its publication date; without it,
 * only the first list page is read.
 */
class ExtractionProfileCrawlIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final int PAGES = 3;

    private final DSLContext dsl = TestDatabase.get().dsl();
    private HttpServer server;

    @TempDir
    Path warcDirectory;

    @BeforeEach
    void start() throws IOException {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/", "<html><head><title>测试县人民政府</title></head><body><div class=\"main\">"
                + "<a href=\"/zcwj/\">政策文件</a></div></body></html>");
        for (int p = 0; p < PAGES; p++) {
            StringBuilder list = new StringBuilder("<html><head><title>政策文件</title></head><body><div class=\"wjlb\">");
            for (int i = 0; i < 4; i++) {
                int n = p * 4 + i;
                LocalDate published = TODAY.minusDays(10L * n + 5);
                list.append("<div class=\"wj\"><a href=\"/zcwj/t").append(n).append(".html\">关于印发第").append(n)
                        .append("号专项工作实施方案的通知</a><span>实施日期：").append(published.plusDays(3))
                        .append("</span><span class=\"fb\">发布日期：").append(published).append("</span></div>");
            }
            list.append("</div><div class=\"fy\">");
            if (p < PAGES - 1) {
                list.append("<a class=\"fy-r\" href=\"/zcwj/list_").append(p + 2).append(".html\"><img src=\"/i/r.gif\"></a>");
            }
            list.append("</div></body></html>");
            pages.put(p == 0 ? "/zcwj/" : "/zcwj/list_" + (p + 1) + ".html", list.toString());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String body = pages.get(ex.getRequestURI().getPath());
                byte[] bytes = (body == null ? "<html><body>无此页面</body></html>" : body).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private long crawl(ExtractionProfile profile) {
        TestDatabase.get().reset();
        RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        long channel = round.addSite(new SandboxSite("t-profile", "测试县人民政府", "COUNTY_GOVERNMENT", base,
                List.of(new SandboxColumn("政策文件", "/zcwj/", "POLICY")), false));
        if (profile != null) {
            dsl.update(CHANNEL).set(CHANNEL.EXTRACTION_PROFILE, profile.toJson()).where(CHANNEL.ID.eq(channel))
                    .execute();
        }
        // depth 1: the column's own page, and with the profile its further pages at the same depth
        new Crawler(dsl, warcDirectory, CrawlSettings.defaults().withMaxDepth(1)).crawl(round.roundId);
        return round.roundId;
    }

    private List<String> listPages(long roundId) {
        return dsl.select(CAPTURE.URL).from(CAPTURE).where(CAPTURE.ROUND_ID.eq(roundId), CAPTURE.URL.contains("/zcwj/"),
                CAPTURE.URL.notContains("/t")).fetch(CAPTURE.URL);
    }

    private List<LocalDate> itemDates(long roundId) {
        return dsl.select(EXTRACTED_ITEM.PUB_DATE).from(EXTRACTED_ITEM).join(CAPTURE)
                .on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                .where(CAPTURE.ROUND_ID.eq(roundId), EXTRACTED_ITEM.KIND.eq("LIST_ITEM"))
                .orderBy(EXTRACTED_ITEM.PUB_DATE.desc()).fetch(EXTRACTED_ITEM.PUB_DATE);
    }

    @Test
    void theProfileFollowsThePagerAndReadsThePublicationDates() {
        long roundId = crawl(ExtractionProfile.of(Map.of("listItem", "div.wjlb > div.wj", "itemDate", "span.fb",
                "nextPage", "div.fy a.fy-r")));

        assertThat(listPages(roundId)).hasSize(PAGES);
        List<LocalDate> expected = java.util.stream.IntStream.range(0, PAGES * 4)
                .mapToObj(n -> TODAY.minusDays(10L * n + 5)).toList();
        assertThat(itemDates(roundId)).containsExactlyElementsOf(expected);
    }

    @Test
    void withoutTheProfileTheImagePagerIsNotFollowed() {
        long roundId = crawl(null);

        assertThat(listPages(roundId)).hasSize(1);
        assertThat(itemDates(roundId)).hasSize(4);
    }
}
