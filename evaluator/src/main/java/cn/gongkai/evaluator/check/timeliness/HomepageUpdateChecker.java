package cn.gongkai.evaluator.check.timeliness;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
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
 * entry at all counts as not updated (国办秘函〔2019〕19号) when its homepage list was recognised and shows no date or
 * says it is empty; a homepage whose list was not recognised, or could not be read, is UNCERTAIN.
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
        if (home.unread().isPresent()) {
            String why = home.unread().get();
            return CheckResult.uncertain("首页未能读取：" + why + "，无法判断更新情况，需重新采集或人工核实",
                    List.of(new Evidence(home.id(), "首页未能读取：" + why)));
        }
        List<DatedItem> items = context.captures().listItems(home.id());
        String where = "首页";
        if (items.isEmpty()) {
            items = context.captures().listItemsOfChannel(context.roundId(), context.channelId(), home.id());
            where = "首页无带日期信息，按二级页面";
        }
        if (items.isEmpty()) {
            // Nothing dated was indexed; a site profile given since the capture may still read the homepage's list.
            PageExtractor.ListReading list = context.captures().list(home);
            if (list.shape() != PageExtractor.ListShape.DATED) {
                return undated(home, list);
            }
            where = "首页";
            items = list.items().stream()
                    .sorted(java.util.Comparator.comparing(PageExtractor.ListItem::date).reversed())
                    .map(i -> new DatedItem(home.id(), i.title(), i.url(), i.date())).toList();
        }
        Optional<DatedItem> newest = items.stream()
                .filter(item -> !item.date().isAfter(context.referenceDate()))
                .findFirst();
        if (newest.isEmpty()) {
            return CheckResult.uncertain(where + "的信息日期均晚于检查日 " + context.referenceDate()
                    + "，无法按检查日判断更新情况，需人工核实", List.of(new Evidence(items.get(0).captureId(),
                    "《" + items.get(0).title() + "》 " + items.get(0).date())));
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

    /**
     * No dated entry anywhere in the channel. Only a homepage whose list was recognised counts as not updated: its
     * entries carry no date, or it says it has none. A list the extractor did not recognise (written in other markup
     * or by scripts) was not read, and nothing unread is failed.
     */
    private static CheckResult undated(CaptureRef home, PageExtractor.ListReading list) {
        return switch (list.shape()) {
            case UNDATED -> CheckResult.fail("1", "首页及二级页面均未发现带发布日期的信息（无日期的信息视为未更新）：首页"
                    + list.note(), List.of(new Evidence(home.id(), "首页" + list.note())));
            case EMPTY -> CheckResult.fail("1", "首页及二级页面均未发现带发布日期的信息，首页栏目显示“" + list.note() + "”",
                    List.of(new Evidence(home.id(), "首页显示“" + list.note() + "”")));
            case DATED, UNRECOGNISED -> CheckResult.uncertain(Captures.UNRECOGNISED_LIST + "：首页及二级页面均未读出带发布日期的"
                    + "信息，栏目列表可能由脚本或其他结构生成，需人工核实首页更新情况",
                    List.of(new Evidence(home.id(), Captures.UNRECOGNISED_LIST + "：" + home.url())));
        };
    }
}
