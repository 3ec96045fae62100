package cn.gongkai.evaluator.check.timeliness;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * 首页更新：the newest dated entry on the homepage must be at most {@code maxDays} days (default 14) older than the
 * round's reference date. A navigation-only homepage is judged by its second-level pages, and a site with no dated
 * entry at all counts as not updated (国办秘函〔2019〕19号).
 */
public final class HomepageUpdateChecker implements Checker {

    public static final String TYPE = "homepage-update";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        int maxDays = context.intParam("maxDays", 14);
        Optional<CaptureRef> homepage = context.captures().latest(context.roundId(), context.channelId(),
                context.channelUrl());
        if (homepage.isEmpty()) {
            return CheckResult.uncertain("首页 " + context.channelUrl() + " 未被采集，无法判断更新情况");
        }
        CaptureRef home = homepage.get();
        if (!home.ok()) {
            String why = home.httpStatus() != null ? "HTTP " + home.httpStatus() : String.valueOf(home.error());
            return CheckResult.uncertain("首页采集失败（" + why + "），无法判断更新情况，需重新采集或人工核实",
                    List.of(new Evidence(home.id(), "采集失败：" + why)));
        }
        List<DatedItem> items = context.captures().listItems(home.id());
        String where = "首页";
        if (items.isEmpty()) {
            items = context.captures().listItemsOfChannel(context.roundId(), context.channelId(), home.id());
            where = "首页无带日期信息，按二级页面";
        }
        Optional<DatedItem> newest = items.stream()
                .filter(item -> !item.date().isAfter(context.referenceDate()))
                .findFirst();
        if (newest.isEmpty()) {
            return CheckResult.fail("1", "首页及二级页面均未发现带发布日期的信息（无日期的信息视为未更新）",
                    List.of(new Evidence(home.id(), "首页未发现带发布日期的信息")));
        }
        DatedItem item = newest.get();
        long age = ChronoUnit.DAYS.between(item.date(), context.referenceDate());
        String excerpt = "《" + item.title() + "》 " + item.date();
        String summary = where + "最近一次更新为 " + item.date() + "（《" + item.title() + "》），距检查日 "
                + context.referenceDate() + " 已 " + age + " 天";
        List<Evidence> evidence = List.of(new Evidence(item.captureId(), excerpt));
        if (age > maxDays) {
            return CheckResult.fail(String.valueOf(age), summary + "，超过 " + maxDays + " 天未更新", evidence);
        }
        return CheckResult.pass(String.valueOf(age), summary + "，在 " + maxDays + " 天以内", evidence);
    }
}
