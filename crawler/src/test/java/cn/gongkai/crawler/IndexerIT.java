package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static cn.gongkai.sql.jooq.Tables.HOST_PAUSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import cn.gongkai.crawler.warc.WarcLocation;
import cn.gongkai.sql.TestDatabase;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batched index on the real database: many pages' captures, items, pauses and frontier statuses written in one
 * transaction, each item on its own page's capture (ids from one multi-row insert), all or nothing.
 */
class IndexerIT {

    private static final String BASE = "http://127.0.0.1:9";
    /** A wait no test reaches: batches are written only when full, flushed or closed. */
    private static final long NEVER_DUE = 600_000;
    private final DSLContext dsl = TestDatabase.get().dsl();
    private long roundId;
    private long channelId;
    private Frontier frontier;

    @BeforeEach
    void round() {
        TestDatabase.get().reset();
        RoundFixture round = RoundFixture.create(dsl, LocalDate.of(2026, 12, 1), true, 0);
        roundId = round.roundId;
        channelId = round.addSite(new SandboxSite("idx", "索引测试局", "DEPARTMENT", BASE, List.of(), false));
        frontier = new Frontier(dsl, roundId, null);
    }

    private Captures.Row capture(long channel, String url, long offset) {
        return new Captures.Row(roundId, channel, url, LocalDateTime.now(ZoneOffset.UTC), Captures.OK, 200,
                "text/html", Optional.of(new WarcLocation("test.warc.gz", offset, 100, "sha256:" + offset, 50)),
                "127.0.0.1", 3, null);
    }

    private static List<Captures.Item> items(String url, int n) {
        List<Captures.Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Captures.Item("LIST_ITEM", "条目 " + i, url + "#" + i, LocalDate.of(2026, 11, 1), null));
        }
        return out;
    }

    private List<Frontier.Row> queue(String... paths) {
        List<Frontier.NewUrl> urls = new ArrayList<>();
        for (String p : paths) {
            urls.add(new Frontier.NewUrl(BASE + p, 1, 0, null));
        }
        return frontier.addAll(channelId, urls);
    }

    @Test
    void aBatchIndexesEachPagesItemsOnItsOwnCaptureWithItsFrontierStatus() {
        List<Frontier.Row> rows = queue("/a", "/b", "/c", "/d");
        assertThat(rows).extracting(Frontier.Row::id).doesNotContainNull().doesNotHaveDuplicates();
        try (Indexer indexer = new Indexer(dsl, roundId, NEVER_DUE)) {
            // robots.txt: a capture and nothing else
            indexer.submit(new Indexer.Entry().capture(capture(channelId, BASE + "/robots.txt", 0)));
            // /a answered on the second attempt: the items belong to the second capture
            Indexer.Entry a = new Indexer.Entry().capture(capture(channelId, BASE + "/a", 100))
                    .capture(capture(channelId, BASE + "/a", 200));
            a.items = items(BASE + "/a", 2);
            a.update = new Frontier.Update(rows.get(0).id(), Frontier.DONE, 2, null);
            indexer.submit(a);
            Indexer.Entry b = new Indexer.Entry().capture(capture(channelId, BASE + "/b", 300));
            b.update = new Frontier.Update(rows.get(1).id(), Frontier.FAILED, 1, "服务器返回 HTTP 500");
            indexer.submit(b);
            // /c was a wall that paused the host: marked, paused with its capture, left queued
            Indexer.Entry c = new Indexer.Entry().capture(capture(channelId, BASE + "/c", 400));
            c.markLast("BLOCKED", "验证码页面");
            c.pause = new Indexer.HostPause("127.0.0.1:9", "验证码页面，已暂停抓取该站点", 200,
                    LocalDateTime.now(ZoneOffset.UTC));
            c.update = new Frontier.Update(rows.get(2).id(), Frontier.QUEUED, 1, "验证码页面，已暂停抓取该站点");
            indexer.submit(c);
            Indexer.Entry d = new Indexer.Entry();
            d.update = new Frontier.Update(rows.get(3).id(), Frontier.SKIPPED, 0, "robots.txt 不允许抓取该网址");
            indexer.submit(d);
            assertThat(dsl.fetchCount(CAPTURE)).as("nothing written before the batch is due").isZero();
        }

        var captures = dsl.selectFrom(CAPTURE).orderBy(CAPTURE.ID).fetch();
        assertThat(captures).extracting(r -> r.getUrl().substring(BASE.length()))
                .containsExactly("/robots.txt", "/a", "/a", "/b", "/c");
        long aId = captures.get(2).getId();
        long cId = captures.get(4).getId();
        assertThat(captures.get(2).getWarcOffset()).isEqualTo(200);
        assertThat(captures.get(4).getStatus()).isEqualTo("BLOCKED");
        assertThat(captures.get(4).getError()).isEqualTo("验证码页面");
        Map<Long, Integer> itemsByCapture = dsl.select(EXTRACTED_ITEM.CAPTURE_ID, org.jooq.impl.DSL.count())
                .from(EXTRACTED_ITEM).groupBy(EXTRACTED_ITEM.CAPTURE_ID).fetchMap(r -> r.value1(), r -> r.value2());
        assertThat(itemsByCapture).containsExactly(Map.entry(aId, 2));
        assertThat(dsl.select(HOST_PAUSE.CAPTURE_ID).from(HOST_PAUSE).fetch(HOST_PAUSE.CAPTURE_ID)).containsExactly(cId);
        var statuses = dsl.selectFrom(FRONTIER_URL).orderBy(FRONTIER_URL.ID).fetch();
        assertThat(statuses).extracting(r -> r.getStatus() + " " + r.getAttempts() + " " + r.getReason())
                .containsExactly("DONE 2 null", "FAILED 1 服务器返回 HTTP 500", "QUEUED 1 验证码页面，已暂停抓取该站点",
                        "SKIPPED 0 robots.txt 不允许抓取该网址");
    }

    @Test
    void fullBatchesAreWrittenAsTheyFillAndEveryItemStaysWithItsPage() {
        int pages = Indexer.MAX_PAGES * 2 + 50;
        try (Indexer indexer = new Indexer(dsl, roundId, NEVER_DUE)) {
            for (int i = 0; i < pages; i++) {
                // six items a page: a batch's items span more than one multi-row statement
                Indexer.Entry e = new Indexer.Entry().capture(capture(channelId, BASE + "/p" + i, i * 10L));
                e.items = items(BASE + "/p" + i, 6);
                indexer.submit(e);
            }
            assertThat(dsl.fetchCount(CAPTURE)).as("two full batches written while submitting")
                    .isGreaterThanOrEqualTo(Indexer.MAX_PAGES * 2);
        }
        assertThat(dsl.fetchCount(CAPTURE)).isEqualTo(pages);
        assertThat(dsl.fetchCount(EXTRACTED_ITEM)).isEqualTo(pages * 6);
        var mismatched = dsl.select(EXTRACTED_ITEM.URL, CAPTURE.URL).from(EXTRACTED_ITEM)
                .join(CAPTURE).on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID)).fetch()
                .stream().filter(r -> !r.value1().startsWith(r.value2() + "#")).toList();
        assertThat(mismatched).as("items attached to another page's capture").isEmpty();
    }

    @Test
    void aPageWaitsAtMostAFractionOfASecond() throws Exception {
        try (Indexer indexer = new Indexer(dsl, roundId)) {
            indexer.submit(new Indexer.Entry().capture(capture(channelId, BASE + "/alone", 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dsl.fetchCount(CAPTURE) == 0) {
                assertThat(System.nanoTime()).as("the lone page was never written").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    @Test
    void aBatchThatFailsWritesNothingOfItAndStopsTheIndexer() {
        List<Frontier.Row> rows = queue("/ok");
        Indexer indexer = new Indexer(dsl, roundId, NEVER_DUE);
        Indexer.Entry ok = new Indexer.Entry().capture(capture(channelId, BASE + "/ok", 0));
        ok.items = items(BASE + "/ok", 3);
        ok.update = new Frontier.Update(rows.getFirst().id(), Frontier.DONE, 1, null);
        indexer.submit(ok);
        // a capture of a channel that does not exist breaks the batch's foreign key
        indexer.submit(new Indexer.Entry().capture(capture(channelId + 1_000, BASE + "/broken", 10)));
        assertThatThrownBy(indexer::flush).isInstanceOf(org.jooq.exception.DataAccessException.class);

        assertThat(dsl.fetchCount(CAPTURE)).as("no capture of the failed batch").isZero();
        assertThat(dsl.fetchCount(EXTRACTED_ITEM)).isZero();
        assertThat(dsl.select(FRONTIER_URL.STATUS).from(FRONTIER_URL).fetchOne(FRONTIER_URL.STATUS))
                .as("the page stays queued, to be fetched again").isEqualTo(Frontier.QUEUED);
        assertThatThrownBy(() -> indexer.submit(new Indexer.Entry().capture(capture(channelId, BASE + "/x", 20))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("写入抓取索引失败");
        assertThatThrownBy(indexer::close).isInstanceOf(IllegalStateException.class);
        assertThat(dsl.fetchCount(CAPTURE)).isZero();
    }

    /** The index's rows bound with plain JDBC ({@link RowInsert}) come out of the database as jOOQ's own inserts do. */
    @Test
    void rowsBoundWithPlainJdbcAreStoredAsJooqStoresThem() {
        LocalDateTime at = LocalDateTime.of(2026, 12, 1, 8, 30, 15, 123_456_789);
        Captures.Row row = new Captures.Row(roundId, channelId, BASE + "/x", at, Captures.HTTP_ERROR, null, null,
                Optional.empty(), null, 7, "服务器返回 HTTP 500");
        long viaRows = Captures.insert(dsl, List.of(row)).getFirst();
        long viaJooq = dsl.insertInto(CAPTURE).set(CAPTURE.ROUND_ID, roundId).set(CAPTURE.CHANNEL_ID, channelId)
                .set(CAPTURE.URL, BASE + "/x").set(CAPTURE.URL_HASH, Urls.sha256Hex(BASE + "/x"))
                .set(CAPTURE.CAPTURED_AT, at).set(CAPTURE.STATUS, Captures.HTTP_ERROR).set(CAPTURE.ELAPSED_MS, 7)
                .set(CAPTURE.ERROR, "服务器返回 HTTP 500").returning(CAPTURE.ID).fetchOne().getId();
        assertThat(withoutId(dsl.selectFrom(CAPTURE).where(CAPTURE.ID.eq(viaRows)).fetchOne().intoMap()))
                .isEqualTo(withoutId(dsl.selectFrom(CAPTURE).where(CAPTURE.ID.eq(viaJooq)).fetchOne().intoMap()));

        Captures.Item message = new Captures.Item("MESSAGE", "关于小区停车的建议", BASE + "/m1", LocalDate.of(2026, 11, 2),
                "已回复", new Captures.Reply("ANSWERED", LocalDate.of(2026, 11, 9), "区住建局"));
        Captures.Item bare = new Captures.Item("LIST_ITEM", null, BASE + "/l1", null, null);
        Captures.insertItems(dsl, List.of(new Captures.ItemOf(viaRows, message), new Captures.ItemOf(viaRows, bare)));
        dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                        EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE, EXTRACTED_ITEM.EXCERPT, EXTRACTED_ITEM.REPLY_STATUS,
                        EXTRACTED_ITEM.REPLIED_AT, EXTRACTED_ITEM.REPLY_UNIT)
                .values(viaJooq, "MESSAGE", "关于小区停车的建议", BASE + "/m1", LocalDate.of(2026, 11, 2), "已回复", "ANSWERED",
                        LocalDate.of(2026, 11, 9), "区住建局")
                .values(viaJooq, "LIST_ITEM", null, BASE + "/l1", null, null, null, null, null).execute();
        assertThat(items(viaRows)).isEqualTo(items(viaJooq)).hasSize(2);

        // new frontier rows: a URL already there is left as it was, and every row's id is read back
        List<Frontier.Row> first = queue("/q1");
        List<Frontier.Row> again = frontier.addAll(channelId, List.of(new Frontier.NewUrl(BASE + "/q1", 3, 1, null),
                new Frontier.NewUrl(BASE + "/q2", 2, 0, first.getFirst().id())));
        assertThat(again.getFirst().id()).isEqualTo(first.getFirst().id());
        assertThat(dsl.select(FRONTIER_URL.DEPTH, FRONTIER_URL.STATUS, FRONTIER_URL.LIST_ROOT_ID).from(FRONTIER_URL)
                .where(FRONTIER_URL.ID.eq(first.getFirst().id())).fetchOne().intoList())
                .containsExactly(1, Frontier.QUEUED, null);
        assertThat(dsl.select(FRONTIER_URL.LIST_ROOT_ID).from(FRONTIER_URL).where(FRONTIER_URL.ID.eq(again.get(1).id()))
                .fetchOne().value1()).isEqualTo(first.getFirst().id());
    }

    private static Map<String, Object> withoutId(Map<String, Object> row) {
        Map<String, Object> out = new java.util.TreeMap<>(row);
        out.remove("id");
        return out;
    }

    private List<Map<String, Object>> items(long captureId) {
        return dsl.selectFrom(EXTRACTED_ITEM).where(EXTRACTED_ITEM.CAPTURE_ID.eq(captureId)).orderBy(EXTRACTED_ITEM.ID)
                .fetch().stream().map(r -> {
                    Map<String, Object> m = withoutId(r.intoMap());
                    m.remove("capture_id");
                    return m;
                }).toList();
    }
}
