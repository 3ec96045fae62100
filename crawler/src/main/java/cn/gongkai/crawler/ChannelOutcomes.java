package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How each channel's capture ended ({@code channel_capture}): DONE, INCOMPLETE with what is left or was cut by a
 * budget, FAILED when its homepage (or a WeChat bridge) could not be captured.
 */
final class ChannelOutcomes {

    private final CrawlRun run;
    private final Frontier frontier;
    private final Discovery discovery;

    ChannelOutcomes(CrawlRun run, Frontier frontier, Discovery discovery) {
        this.run = run;
        this.frontier = frontier;
        this.discovery = discovery;
    }

    /** The evidence could not be written: every channel of this call is left INCOMPLETE, saying why. */
    void stopAll(String reason) {
        for (Long channelId : discovery.channels()) {
            ChannelCaptures.finish(run.dsl, run.roundId, channelId, ChannelCaptures.INCOMPLETE, reason);
        }
    }

    /** Records each channel's capture as DONE, INCOMPLETE or FAILED; call once everything is indexed. */
    void finishAll() {
        for (Long channelId : discovery.channels()) {
            var home = run.dsl.select(FRONTIER_URL.STATUS, FRONTIER_URL.REASON).from(FRONTIER_URL)
                    .where(FRONTIER_URL.ROUND_ID.eq(run.roundId), FRONTIER_URL.CHANNEL_ID.eq(channelId),
                            FRONTIER_URL.DEPTH.eq(0))
                    .orderBy(FRONTIER_URL.ID).limit(1).fetchOne();
            int queued = run.dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(run.roundId)
                    .and(FRONTIER_URL.CHANNEL_ID.eq(channelId)).and(FRONTIER_URL.STATUS.eq(Frontier.QUEUED)));
            String status;
            String reason = null;
            if (run.wechat.isWechat(channelId)) {
                Optional<String> failure = run.wechat.failure(channelId);
                status = failure.isPresent() ? ChannelCaptures.FAILED
                        : queued > 0 ? ChannelCaptures.INCOMPLETE : ChannelCaptures.DONE;
                reason = failure.orElse(queued > 0 ? "尚有 " + queued + " 篇文章排队，下次抓取继续" : null);
            } else if (home != null && !home.value1().equals(Frontier.DONE) && !home.value1().equals(Frontier.QUEUED)) {
                status = "FAILED";
                reason = "首页未能抓取：" + home.value2();
            } else {
                List<String> why = new ArrayList<>();
                if (queued > 0) {
                    why.add("尚有 " + queued + " 个网址排队（站点暂停访问或抓取中断），下次抓取继续");
                }
                budgetCuts(channelId).ifPresent(why::add);
                status = why.isEmpty() ? ChannelCaptures.DONE : ChannelCaptures.INCOMPLETE;
                reason = why.isEmpty() ? null : String.join("；", why);
            }
            ChannelCaptures.finish(run.dsl, run.roundId, channelId, status, reason);
        }
    }

    /**
     * What the budgets left out of the channel, in words, or empty when nothing was. Counted from the recorded URLs
     * (they stay recorded across crawls until a raised budget lets them in) or this call's count, whichever is more.
     */
    private Optional<String> budgetCuts(long channelId) {
        List<String> out = new ArrayList<>();
        int pages = Math.max(frontier.countCut(channelId, Frontier.CUT_BY_PAGE_BUDGET),
                discovery.cutByPages.getOrDefault(channelId, new AtomicInteger()).get());
        if (pages > 0) {
            out.add("已达每渠道 " + run.settings(channelId).maxPagesPerChannel() + " 个网址的抓取上限，另有"
                    + (pages >= CrawlRun.MAX_CUT_RECORDED ? "至少 " : " ") + pages + " 个已发现的网址未抓取");
        }
        int listPages = Math.max(frontier.countCut(channelId, Frontier.CUT_BY_LIST_BUDGET),
                discovery.cutByLists.getOrDefault(channelId, new AtomicInteger()).get());
        if (listPages > 0) {
            out.add(frontier.countListsCut(channelId) + " 个栏目列表已达每栏目 "
                    + run.settings(channelId).maxListPagesPerColumn() + " 个列表页的上限，已发现的列表页中另有" + (listPages >= CrawlRun.MAX_CUT_RECORDED ? "至少 " : " ")
                    + listPages + " 页未读（列表可能更深），其中的文章未抓取");
        }
        if (out.isEmpty()) {
            return Optional.empty();
        }
        // Once a round is capturing, its definition and unit list are closed: the completion page is where a cut
        // website's budgets are raised then.
        return Optional.of(String.join("；", out) + "；可在工作台的完成情况页提高该网站的每栏目列表页上限、每渠道网址上限后"
                + "重新采集（开始采集前也可在轮次定义的 crawl.maxPagesPerChannel、crawl.maxListPagesPerColumn 或单位名单中"
                + "设定），已抓取的网址不会重复抓取");
    }
}
