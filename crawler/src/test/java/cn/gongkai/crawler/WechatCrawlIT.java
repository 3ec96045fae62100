package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_ARTICLE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.GroundTruth;
import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxWechat;
import cn.gongkai.sql.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WeChat accounts of the full sandbox: feeds (RSS, Atom, JSON Feed), an imported URL list, a stale and a dead bridge. */
class WechatCrawlIT {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate TODAY = LocalDate.now(CHINA);
    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    Path warcDirectory;

    @Test
    void articlesAreArchivedAndDatedFromCtAndABrokenBridgeFailsTheAccount() throws Exception {
        TestDatabase.get().reset();
        try (Sandbox sandbox = Sandbox.startFull(TODAY); HttpClient http = HttpClient.newHttpClient()) {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            Map<String, Long> channels = new HashMap<>();
            for (SandboxWechat account : sandbox.wechatAccounts()) {
                long channelId = round.addSite(sandbox.site(account.unitCode()));
                long unitId = dsl.select(CHANNEL.UNIT_ID).from(CHANNEL).where(CHANNEL.ID.eq(channelId)).fetchOne().value1();
                long wechat = dsl.insertInto(CHANNEL).set(CHANNEL.UNIT_ID, unitId).set(CHANNEL.KIND, "WECHAT")
                        .set(CHANNEL.NAME, account.name()).set(CHANNEL.URL, "https://mp.weixin.qq.com/")
                        .set(CHANNEL.FEED_URL, account.feedUrl())
                        .returningResult(CHANNEL.ID).fetchOne().value1();
                dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(round.roundId, wechat).execute();
                // the website channel is not part of this test
                dsl.deleteFrom(ROUND_CHANNEL).where(ROUND_CHANNEL.CHANNEL_ID.eq(channelId)).execute();
                if (account.feedUrl() == null) {
                    for (String url : account.articleUrls()) {
                        dsl.insertInto(CHANNEL_ARTICLE).set(CHANNEL_ARTICLE.CHANNEL_ID, wechat).set(CHANNEL_ARTICLE.URL, url)
                                .set(CHANNEL_ARTICLE.URL_HASH, Urls.sha256Hex(url))
                                .set(CHANNEL_ARTICLE.IMPORTED_AT, LocalDateTime.now(ZoneOffset.UTC)).execute();
                    }
                }
                channels.put(account.code(), wechat);
            }

            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

            for (SandboxWechat account : sandbox.wechatAccounts()) {
                var truth = GroundTruth.load().wechat().stream().filter(w -> w.code().equals(account.code()))
                        .findFirst().orElseThrow();
                long channel = channels.get(account.code());
                var state = dsl.selectFrom(CHANNEL_CAPTURE).where(CHANNEL_CAPTURE.ROUND_ID.eq(round.roundId),
                        CHANNEL_CAPTURE.CHANNEL_ID.eq(channel)).fetchOne();
                if (truth.defect("BRIDGE_FAILED").isPresent()) {
                    assertThat(state.getStatus()).isEqualTo("FAILED");
                    assertThat(state.getReason()).contains("订阅桥接服务不可用", "HTTP 502", "不确定");
                    assertThat(dsl.fetchCount(CAPTURE, CAPTURE.CHANNEL_ID.eq(channel).and(CAPTURE.HTTP_STATUS.eq(502))))
                            .as("the failing bridge is evidence too").isEqualTo(1);
                    continue;
                }
                var items = dsl.select(EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE, EXTRACTED_ITEM.EXCERPT)
                        .from(EXTRACTED_ITEM).join(CAPTURE).on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                        .where(CAPTURE.CHANNEL_ID.eq(channel), EXTRACTED_ITEM.KIND.eq("ARTICLE")).fetch();
                if (truth.defect("VERIFY_WALL").isPresent()) {
                    // the wall is archived as evidence, nothing behind it is read, and the capture is not complete
                    assertThat(state.getStatus()).as(account.code()).isNotEqualTo("DONE");
                    assertThat(items).as(account.code()).isEmpty();
                    assertThat(dsl.select(CAPTURE.STATUS, CAPTURE.ERROR).from(CAPTURE).where(CAPTURE.CHANNEL_ID.eq(channel),
                            CAPTURE.URL.in(account.articleUrls())).fetch()).isNotEmpty().allSatisfy(r -> {
                                assertThat(r.value1()).isEqualTo("BLOCKED");
                                assertThat(r.value2()).contains("环境异常");
                            });
                    continue;
                }
                assertThat(state.getStatus()).as(account.code()).isEqualTo("DONE");
                int deleted = truth.defect("DELETED_ARTICLES").map(d -> d.integer("count")).orElse(0);
                assertThat(dsl.fetchCount(CAPTURE, CAPTURE.CHANNEL_ID.eq(channel).and(CAPTURE.STATUS.eq("NOT_FOUND"))))
                        .as(account.code()).isEqualTo(deleted);
                assertThat(items).as(account.code()).hasSize(account.articleUrls().size() - deleted);
                for (var item : items) {
                    String html = http.send(HttpRequest.newBuilder(URI.create(item.value1())).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    Matcher ct = Pattern.compile("var ct = \"(\\d+)\"").matcher(html);
                    assertThat(ct.find()).isTrue();
                    assertThat(item.value2()).isEqualTo(LocalDate.ofInstant(
                            Instant.ofEpochSecond(Long.parseLong(ct.group(1))), CHINA));
                    assertThat(item.value3()).contains("ct");
                }
                LocalDate newest = items.stream().map(r -> r.value2()).max(LocalDate::compareTo).orElseThrow();
                int staleDays = truth.defect("STALE_WECHAT").map(d -> d.integer("days")).orElse(0);
                if (deleted == 0) {
                    assertThat(ChronoUnit.DAYS.between(newest, TODAY)).as(account.code()).isEqualTo(staleDays);
                } else {
                    // the deleted articles were the newest: the newest read is the next one in the feed
                    assertThat(newest).as(account.code()).isEqualTo(items.stream().filter(r -> r.value1()
                            .equals(account.articleUrls().get(deleted))).findFirst().orElseThrow().value2());
                    assertThat(ChronoUnit.DAYS.between(newest, TODAY)).as(account.code()).isGreaterThan(staleDays);
                }
            }
        }
    }

    @Test
    void aBridgeOnAPrivateAddressIsFetchedOnlyWhenAllowedForThatFeedAndTheArticlesStayUnderTheRoundsPolicy()
            throws Exception {
        TestDatabase.get().reset();
        try (Sandbox sandbox = Sandbox.startFull(TODAY)) {
            SandboxWechat account = sandbox.wechatAccounts().stream().filter(a -> a.feedUrl() != null)
                    .filter(a -> GroundTruth.load().wechat().stream().filter(w -> w.code().equals(a.code()))
                            .findFirst().orElseThrow().defect("BRIDGE_FAILED").isEmpty())
                    .findFirst().orElseThrow();
            // The round does not allow private addresses; the bridge runs on loopback like one on the evaluator's LAN.
            RoundFixture round = RoundFixture.create(dsl, TODAY, false, 0);
            long site = round.addSite(sandbox.site(account.unitCode()));
            long unitId = dsl.select(CHANNEL.UNIT_ID).from(CHANNEL).where(CHANNEL.ID.eq(site)).fetchOne().value1();
            dsl.deleteFrom(ROUND_CHANNEL).where(ROUND_CHANNEL.CHANNEL_ID.eq(site)).execute();
            long wechat = dsl.insertInto(CHANNEL).set(CHANNEL.UNIT_ID, unitId).set(CHANNEL.KIND, "WECHAT")
                    .set(CHANNEL.NAME, account.name()).set(CHANNEL.URL, "https://mp.weixin.qq.com/")
                    .set(CHANNEL.FEED_URL, account.feedUrl())
                    // allowed for another address: no allowance for this one
                    .set(CHANNEL.PRIVATE_FEED_ALLOWED, account.feedUrl() + "old")
                    .returningResult(CHANNEL.ID).fetchOne().value1();
            dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(round.roundId, wechat)
                    .execute();

            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);
            var refused = dsl.selectFrom(CHANNEL_CAPTURE).where(CHANNEL_CAPTURE.ROUND_ID.eq(round.roundId),
                    CHANNEL_CAPTURE.CHANNEL_ID.eq(wechat)).fetchOne();
            assertThat(refused.getStatus()).isEqualTo("FAILED");
            assertThat(refused.getReason()).contains("订阅源", "内网", "单独允许");
            assertThat(dsl.fetchCount(CHANNEL_ARTICLE, CHANNEL_ARTICLE.CHANNEL_ID.eq(wechat))).isZero();

            dsl.update(CHANNEL).set(CHANNEL.PRIVATE_FEED_ALLOWED, account.feedUrl()).where(CHANNEL.ID.eq(wechat)).execute();
            RoundFixture second = RoundFixture.create(dsl, TODAY, false, 0);
            dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(second.roundId, wechat)
                    .execute();
            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(second.roundId);
            // The feed was read: its entries are the account's article list ...
            assertThat(dsl.fetchCount(CHANNEL_ARTICLE, CHANNEL_ARTICLE.CHANNEL_ID.eq(wechat)))
                    .isEqualTo(account.articleUrls().size());
            assertThat(dsl.fetchCount(CAPTURE, CAPTURE.ROUND_ID.eq(second.roundId)
                    .and(CAPTURE.URL.eq(account.feedUrl())).and(CAPTURE.STATUS.eq("OK")))).isEqualTo(1);
            // ... but the allowance is the bridge's alone: article pages on a private address are still refused.
            assertThat(dsl.fetchCount(CAPTURE, CAPTURE.ROUND_ID.eq(second.roundId).and(CAPTURE.STATUS.eq("OK"))
                    .and(CAPTURE.URL.ne(account.feedUrl())))).isZero();
        }
    }
}
