package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.sandbox.GroundTruth;
import cn.gongkai.crawler.sandbox.GroundTruth.SiteTruth;
import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.sql.TestDatabase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sandbox crawled as a round (the slow site aside): every failure and skip is one the ground truth
 * planted, and what the checkers need (messages with their reply state, attachments) is extracted.
 */
class FullSandboxCrawlIT {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    Path warcDirectory;

    @Test
    void onlyPlantedDefectsFailAndMessagesAndAttachmentsAreExtracted() {
        TestDatabase.get().reset();
        try (Sandbox sandbox = Sandbox.startFull(TODAY)) {
            RoundFixture round = RoundFixture.create(dsl, TODAY, true, 0);
            Map<String, Long> channels = new HashMap<>();
            for (SiteTruth site : GroundTruth.load().sites()) {
                if (site.defect("SLOW").isEmpty()) {
                    channels.put(site.code(), round.addSite(sandbox.site(site.code())));
                }
            }

            new Crawler(dsl, warcDirectory, CrawlSettings.defaults()).crawl(round.roundId);

            for (var entry : channels.entrySet()) {
                SiteTruth site = GroundTruth.load().site(entry.getKey());
                long channel = entry.getValue();
                String status = dsl.select(CHANNEL_CAPTURE.STATUS).from(CHANNEL_CAPTURE)
                        .where(CHANNEL_CAPTURE.ROUND_ID.eq(round.roundId), CHANNEL_CAPTURE.CHANNEL_ID.eq(channel))
                        .fetchOne(CHANNEL_CAPTURE.STATUS);
                if (site.defect("WALL").isPresent()) {
                    // a wall pauses its host: the channel is not done, and nothing behind the wall was read
                    assertThat(status).as(site.code()).isNotEqualTo("DONE");
                    continue;
                }
                assertThat(status).as(site.code()).isEqualTo("DONE");
                var failed = dsl.selectFrom(FRONTIER_URL).where(FRONTIER_URL.CHANNEL_ID.eq(channel),
                        FRONTIER_URL.STATUS.eq("FAILED")).fetch();
                int expectedFailures = site.defects("DEAD_LINK").size() + site.defects("REDIRECT_LOOP").size()
                        + site.defects("SOFT_404").size();
                assertThat(failed).as("%s failures %s", site.code(), failed.getValues(FRONTIER_URL.URL))
                        .hasSize(expectedFailures);
                var skipped = dsl.selectFrom(FRONTIER_URL).where(FRONTIER_URL.CHANNEL_ID.eq(channel),
                        FRONTIER_URL.STATUS.eq("SKIPPED")).fetch();
                if (site.defect("ROBOTS_DISALLOW").isEmpty() && site.defect("LINK_TRAP").isEmpty()) {
                    assertThat(skipped).as("%s skipped", site.code()).isEmpty();
                }
                var messages = dsl.select(EXTRACTED_ITEM.REPLY_STATUS, EXTRACTED_ITEM.REPLIED_AT,
                                EXTRACTED_ITEM.REPLY_UNIT).from(EXTRACTED_ITEM).join(CAPTURE)
                        .on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                        .where(CAPTURE.CHANNEL_ID.eq(channel), CAPTURE.URL.endsWith("/ldxx/"),
                                EXTRACTED_ITEM.KIND.eq("MESSAGE"))
                        .fetch();
                assertThat(messages).as(site.code()).hasSize(10 + site.defects("MESSAGE_UNANSWERED").size()
                        + site.defects("MESSAGE_LATE").size());
                // no reply date: the newest message (days old, being handled) and any planted unanswered one
                assertThat(messages.stream().filter(m -> m.value2() == null).count()).as(site.code())
                        .isEqualTo(1 + site.defects("MESSAGE_UNANSWERED").size());
                // a reply's day comes with the unit that gave it and the status, each in its own column
                assertThat(messages).filteredOn(m -> m.value2() != null).as(site.code())
                        .allSatisfy(m -> {
                            assertThat(m.value1()).isEqualTo("ANSWERED");
                            assertThat(m.value3()).isNotBlank();
                        });
            }
            long beishan = channels.get("beishan");
            assertThat(dsl.select(EXTRACTED_ITEM.EXCERPT).from(EXTRACTED_ITEM).join(CAPTURE)
                    .on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                    .where(CAPTURE.CHANNEL_ID.eq(beishan), EXTRACTED_ITEM.KIND.eq("ATTACHMENT"))
                    .fetch(EXTRACTED_ITEM.EXCERPT)).contains("pdf");
        }
    }
}
