package cn.gongkai.evaluator.check.timeliness;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * 疑似倒填日期 (伪造发稿日期)：an entry that appears on a list page after a capture that did not show it, yet is dated
 * more than {@code toleranceDays} before that earlier capture. Only our own first-seen time can prove this, and a
 * site may legitimately move old items, so suspects go to an evaluator (UNCERTAIN) and never fail automatically.
 */
public final class BackdatedItemsChecker implements Checker {

    public static final String TYPE = "backdated-items";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        int tolerance = context.intParam("toleranceDays", 1);
        Captures captures = context.captures();
        List<Evidence> suspects = new ArrayList<>();
        int comparedPages = 0;
        List<String> pages = new ArrayList<>();
        pages.add(context.channelUrl());
        captures.columns(context.channelId()).forEach(column -> pages.add(column.url()));
        for (String url : pages) {
            List<CaptureRef> history = captures.history(context.roundId(), context.channelId(), url);
            for (int i = 1; i < history.size(); i++) {
                CaptureRef earlier = history.get(i - 1);
                CaptureRef later = history.get(i);
                comparedPages++;
                Set<String> seenBefore = captures.items(earlier.id(), "LIST_ITEM").stream()
                        .map(DatedItem::url).collect(Collectors.toSet());
                LocalDate earlierDay = earlier.capturedAt().toLocalDate();
                for (DatedItem item : captures.listItems(later.id())) {
                    if (!seenBefore.contains(item.url()) && item.date().isBefore(earlierDay.minusDays(tolerance))) {
                        suspects.add(new Evidence(later.id(), "《" + item.title() + "》标注日期 " + item.date()
                                + "，但 " + earlierDay + " 采集的同一页面（采集记录 " + earlier.id() + "）中没有该条目"));
                    }
                }
            }
        }
        if (comparedPages == 0) {
            return CheckResult.notAssessable("同一页面至少需要两次采集才能判断是否倒填日期，本轮只有一次采集");
        }
        if (suspects.isEmpty()) {
            return CheckResult.pass("0", "比对 " + comparedPages + " 组前后采集，未发现倒填日期的条目", List.of());
        }
        return CheckResult.uncertain("发现 " + suspects.size() + " 条疑似倒填发布日期的信息，需评估人员核实："
                + String.join("；", suspects.stream().map(Evidence::excerpt).limit(10).toList()), suspects);
    }
}
