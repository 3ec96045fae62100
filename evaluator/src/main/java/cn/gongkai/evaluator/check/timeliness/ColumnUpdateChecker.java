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
import java.util.Optional;

/**
 * 栏目更新：each column of the configured types must have an entry newer than {@code maxDays} days, or
 * {@code maxMonths} months, before the reference date (动态/要闻 two weeks; 通知公告/政策文件 six months). A column
 * whose entries carry no date counts as not updated.
 */
public final class ColumnUpdateChecker implements Checker {

    public static final String TYPE = "column-update";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        List<String> types = context.listParam("columnTypes", List.of("NEWS"));
        int maxMonths = context.intParam("maxMonths", 0);
        int maxDays = context.intParam("maxDays", 14);
        LocalDate deadline = maxMonths > 0 ? context.referenceDate().minusMonths(maxMonths)
                : context.referenceDate().minusDays(maxDays);
        String window = maxMonths > 0 ? maxMonths + " 个月" : maxDays + " 天";
        Captures captures = context.captures();
        List<Captures.Column> columns = captures.columns(context.channelId()).stream()
                .filter(column -> types.contains(column.type())).toList();
        if (columns.isEmpty()) {
            return CheckResult.notApplicable("本轮未登记 " + types + " 类栏目");
        }
        List<Evidence> stale = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        List<Evidence> fresh = new ArrayList<>();
        for (Captures.Column column : columns) {
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), column.url());
            if (capture.isEmpty() || !capture.get().ok()) {
                unreachable.add(column.name());
                continue;
            }
            Optional<DatedItem> newest = captures.listItems(capture.get().id()).stream()
                    .filter(item -> !item.date().isAfter(context.referenceDate()))
                    .findFirst();
            if (newest.isEmpty()) {
                stale.add(new Evidence(capture.get().id(), "栏目「" + column.name() + "」无带发布日期的信息"));
            } else if (newest.get().date().isBefore(deadline)) {
                stale.add(new Evidence(capture.get().id(), "栏目「" + column.name() + "」最近更新 "
                        + newest.get().date() + "（《" + newest.get().title() + "》）"));
            } else {
                fresh.add(new Evidence(capture.get().id(), "栏目「" + column.name() + "」最近更新 " + newest.get().date()));
            }
        }
        int judged = stale.size() + fresh.size();
        if (!stale.isEmpty()) {
            String message = stale.size() + " 个栏目超过 " + window + "未更新：" + join(stale)
                    + (unreachable.isEmpty() ? "" : "；另有栏目未能采集：" + unreachable);
            return stale.size() == judged
                    ? CheckResult.fail(String.valueOf(stale.size()), message, stale)
                    : CheckResult.partial((double) fresh.size() / judged, String.valueOf(stale.size()), message, stale);
        }
        if (!unreachable.isEmpty()) {
            return CheckResult.uncertain("栏目未能采集，无法判断更新情况：" + unreachable, fresh);
        }
        return CheckResult.pass("0", "全部 " + judged + " 个栏目在 " + window + "内有更新", fresh);
    }

    private static String join(List<Evidence> evidence) {
        return String.join("；", evidence.stream().map(Evidence::excerpt).toList());
    }
}
