package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;

import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.round.RoundDefinition.CrawlLimit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * A website's own crawl budgets (URLs per channel, list pages per column), raised by the evaluator where a capture
 * ended 未采完 because a budget cut it: shown with the channel on the completion page, stored on the channel with an
 * audit entry, and read by the next crawl of the channel, which carries on where the budget stopped it. The round
 * YAML and the unit list set the same columns before a round starts.
 */
@Service
class SiteBudgets {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext dsl;

    SiteBudgets(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A website's own budgets; null where the round's applies. */
    record Budgets(Integer maxPagesPerChannel, Integer maxListPagesPerColumn) {

        /** The form's two fields: empty is the round's; anything but a whole number in range is refused in Chinese. */
        static Budgets parse(String maxPagesPerChannel, String maxListPagesPerColumn) {
            return new Budgets(field(CrawlLimit.PAGES_PER_CHANNEL, maxPagesPerChannel),
                    field(CrawlLimit.LIST_PAGES_PER_COLUMN, maxListPagesPerColumn));
        }

        private static Integer field(CrawlLimit limit, String text) {
            return text == null || text.isBlank() ? null : limit.parse(text, limit.label());
        }

        /** As the confirmation says it: "每栏目列表页上限 200 页；每渠道网址上限 本轮设定". */
        String describe() {
            return CrawlLimit.LIST_PAGES_PER_COLUMN.label() + " "
                    + (maxListPagesPerColumn == null ? "本轮设定" : maxListPagesPerColumn + " 页") + "；"
                    + CrawlLimit.PAGES_PER_CHANNEL.label() + " "
                    + (maxPagesPerChannel == null ? "本轮设定" : maxPagesPerChannel + " 个");
        }
    }

    /** The round's websites that have budgets of their own, by channel. */
    Map<Long, Budgets> ofRound(long roundId) {
        Map<Long, Budgets> out = new HashMap<>();
        dsl.select(CHANNEL.ID, CHANNEL.CRAWL_MAX_PAGES_PER_CHANNEL, CHANNEL.CRAWL_MAX_LIST_PAGES).from(ROUND_CHANNEL)
                .join(CHANNEL).on(CHANNEL.ID.eq(ROUND_CHANNEL.CHANNEL_ID))
                .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), CHANNEL.KIND.eq("WEBSITE"))
                .and(CHANNEL.CRAWL_MAX_PAGES_PER_CHANNEL.isNotNull().or(CHANNEL.CRAWL_MAX_LIST_PAGES.isNotNull()))
                .forEach(r -> out.put(r.value1(), new Budgets(r.value2(), r.value3())));
        return out;
    }

    /**
     * Stores the website's two budgets (null: the round's), audited with the ones they replace.
     *
     * @throws IllegalArgumentException when the channel is not a website of the round
     */
    void set(String actor, long roundId, long channelId, Budgets budgets) {
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            var before = tx.select(CHANNEL.CRAWL_MAX_PAGES_PER_CHANNEL, CHANNEL.CRAWL_MAX_LIST_PAGES).from(CHANNEL)
                    .join(ROUND_CHANNEL).on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                    .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), CHANNEL.ID.eq(channelId), CHANNEL.KIND.eq("WEBSITE"))
                    .forUpdate().fetchOne();
            if (before == null) {
                throw new IllegalArgumentException("抓取上限只能为本轮次的网站渠道设定");
            }
            tx.update(CHANNEL).set(CHANNEL.CRAWL_MAX_PAGES_PER_CHANNEL, budgets.maxPagesPerChannel())
                    .set(CHANNEL.CRAWL_MAX_LIST_PAGES, budgets.maxListPagesPerColumn())
                    .where(CHANNEL.ID.eq(channelId)).execute();
            AuditTrail.record(tx, actor, "SITE_CRAWL_BUDGETS_SET", "channel", String.valueOf(channelId),
                    json(new Budgets(before.value1(), before.value2())), json(budgets),
                    "评估轮次 " + roundId + " 的完成情况页，重新采集未采完的网站");
        });
    }

    private static String json(Budgets budgets) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("maxPagesPerChannel", budgets.maxPagesPerChannel());
        map.put("maxListPagesPerColumn", budgets.maxListPagesPerColumn());
        return JSON.writeValueAsString(map);
    }
}
