package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deep county site of the sandbox (five columns ten list pages deep, paged by TRS's createPageHTML script and by
 * 下一页 links): default settings capture every article it publishes; a budget smaller than the site ends the channel
 * INCOMPLETE with the reason, and raising the budget lets the next crawl finish the job.
 */
class PaginationCrawlIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    Path warcDirectory;

    @Test
    void defaultSettingsCaptureEveryArticleOfColumnsTenListPagesDeep() {
        TestDatabase.get().reset();
        try (Sandbox sandbox = Sandbox.startDeep(TODAY)) {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            long channel = round.addSite(sandbox.site("deep"));
            List<String> truth = sandbox.articleUrls("deep");
            assertThat(truth).hasSize(5 * 10 * 15);

            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

            assertThat(capturedArticles(round.roundId)).containsExactlyInAnyOrderElementsOf(truth);
            assertThat(status(round.roundId, channel)).containsExactly("DONE", null);
            // the tenth list page of a column is read at the column's own depth, not nine levels below it
            String lastPage = sandbox.baseUrl("deep") + "/tzgg/index_9.html";
            assertThat(dsl.select(FRONTIER_URL.DEPTH, FRONTIER_URL.STATUS).from(FRONTIER_URL)
                    .where(FRONTIER_URL.ROUND_ID.eq(round.roundId), FRONTIER_URL.URL.eq(lastPage)).fetchOne())
                    .satisfies(r -> {
                        assertThat(r.value1()).isEqualTo(1);
                        assertThat(r.value2()).isEqualTo("DONE");
                    });
        }
    }

    @Test
    void aListPageBudgetSmallerThanTheSiteEndsIncompleteAndARaisedBudgetFinishesTheCrawl() {
        TestDatabase.get().reset();
        try (Sandbox sandbox = Sandbox.startDeep(TODAY)) {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            long channel = round.addSite(sandbox.site("deep"));
            List<String> truth = sandbox.articleUrls("deep");
            // the round's own limit, as its YAML (crawl.maxListPagesPerColumn) stores it
            dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.CRAWL_MAX_LIST_PAGES, 4)
                    .where(ASSESSMENT_ROUND.ID.eq(round.roundId)).execute();

            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

            Set<String> captured = new HashSet<>(capturedArticles(round.roundId));
            assertThat(truth).containsAll(captured);
            assertThat(captured.size()).isLessThan(truth.size());
            // 工作动态 is listed only on its own list: four list pages of fifteen, and what of the homepage's latest
            // eight belongs to it (the other columns' articles are linked from the disclosure catalogue too)
            String news = sandbox.baseUrl("deep") + "/gzdt/";
            assertThat(captured.stream().filter(u -> u.startsWith(news))).hasSizeBetween(4 * 15, 4 * 15 + 8);
            assertListPagesRead(sandbox, round.roundId, 4);
            String[] incomplete = status(round.roundId, channel);
            assertThat(incomplete[0]).isEqualTo("INCOMPLETE");
            assertThat(incomplete[1]).contains("5 个栏目列表已达每栏目 4 个列表页的上限").contains("页未读")
                    .contains("crawl.maxListPagesPerColumn");
            assertThat(dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(round.roundId)
                    .and(FRONTIER_URL.STATUS.eq("SKIPPED"))
                    .and(FRONTIER_URL.REASON.startsWith(Frontier.CUT_BY_LIST_BUDGET)))).isPositive();

            // a crawl with the same budget stays INCOMPLETE: nothing left queued does not make it DONE
            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);
            assertThat(status(round.roundId, channel)[0]).isEqualTo("INCOMPLETE");

            dsl.update(ASSESSMENT_ROUND).setNull(ASSESSMENT_ROUND.CRAWL_MAX_LIST_PAGES)
                    .where(ASSESSMENT_ROUND.ID.eq(round.roundId)).execute();
            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

            assertThat(capturedArticles(round.roundId)).containsExactlyInAnyOrderElementsOf(truth);
            assertThat(status(round.roundId, channel)).containsExactly("DONE", null);
        }
    }

    @Test
    void aWebsitesOwnListPageBudgetReplacesTheRounds() {
        TestDatabase.get().reset();
        try (Sandbox sandbox = Sandbox.startDeep(TODAY)) {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            long channel = round.addSite(sandbox.site("deep"));
            List<String> truth = sandbox.articleUrls("deep");
            dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.CRAWL_MAX_LIST_PAGES, 4)
                    .where(ASSESSMENT_ROUND.ID.eq(round.roundId)).execute();
            // the website's own budget, as the unit sheet's 每栏目列表页上限 stores it, is tighter than the round's
            dsl.update(CHANNEL).set(CHANNEL.CRAWL_MAX_LIST_PAGES, 3).where(CHANNEL.ID.eq(channel)).execute();

            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

            assertListPagesRead(sandbox, round.roundId, 3);
            String[] incomplete = status(round.roundId, channel);
            assertThat(incomplete[0]).isEqualTo("INCOMPLETE");
            assertThat(incomplete[1]).contains("5 个栏目列表已达每栏目 3 个列表页的上限").contains("每栏目列表页上限");

            // and where the site is deeper than the round allows, its own larger budget lets the crawl finish
            dsl.update(CHANNEL).set(CHANNEL.CRAWL_MAX_LIST_PAGES, 10).where(CHANNEL.ID.eq(channel)).execute();
            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

            assertThat(capturedArticles(round.roundId)).containsExactlyInAnyOrderElementsOf(truth);
            assertThat(status(round.roundId, channel)).containsExactly("DONE", null);
        }
    }

    @Test
    void aPageBudgetSmallerThanTheSiteEndsIncompleteNamingTheUrlsLeftOut() {
        TestDatabase.get().reset();
        try (Sandbox sandbox = Sandbox.startDeep(TODAY)) {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            long channel = round.addSite(sandbox.site("deep"));

            new Crawler(dsl, warcDirectory, CrawlSettings.defaults().withMaxPagesPerChannel(200))
                    .crawl(round.roundId);

            String[] incomplete = status(round.roundId, channel);
            assertThat(incomplete[0]).isEqualTo("INCOMPLETE");
            int cut = dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(round.roundId)
                    .and(FRONTIER_URL.REASON.startsWith(Frontier.CUT_BY_PAGE_BUDGET)));
            assertThat(cut).isPositive();
            assertThat(incomplete[1]).contains("已达每渠道 200 个网址的抓取上限，另有 " + cut + " 个已发现的网址未抓取");
            int fetched = dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(round.roundId)
                    .and(FRONTIER_URL.STATUS.in("DONE", "FAILED")));
            assertThat(fetched).isLessThanOrEqualTo(200);
            assertThat(capturedArticles(round.roundId).size()).isLessThan(sandbox.articleUrls("deep").size());
        }
    }

    /** Each of the deep site's five columns had exactly {@code pages} of its list pages read. */
    private void assertListPagesRead(Sandbox sandbox, long roundId, int pages) {
        for (String column : List.of("/gzdt/", "/tzgg/", "/zcwj/", "/zcjd/", "/xxgk/")) {
            String base = sandbox.baseUrl("deep") + column;
            assertThat(dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(roundId)
                    .and(FRONTIER_URL.STATUS.eq("DONE"))
                    .and(FRONTIER_URL.URL.eq(base).or(FRONTIER_URL.URL.like(base + "index_%")))))
                    .as("list pages of %s read", column).isEqualTo(pages);
        }
    }

    /** Article pages (t20261120_123.html) captured OK in the round. */
    private List<String> capturedArticles(long roundId) {
        return dsl.selectDistinct(CAPTURE.URL).from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId), CAPTURE.STATUS.eq("OK"),
                        CAPTURE.URL.likeRegex("/t[0-9]{8}_[0-9]+\\.html$"))
                .fetch(CAPTURE.URL);
    }

    private String[] status(long roundId, long channelId) {
        return dsl.select(CHANNEL_CAPTURE.STATUS, CHANNEL_CAPTURE.REASON).from(CHANNEL_CAPTURE)
                .where(CHANNEL_CAPTURE.ROUND_ID.eq(roundId), CHANNEL_CAPTURE.CHANNEL_ID.eq(channelId))
                .fetchOne(r -> new String[] {r.value1(), r.value2()});
    }
}
