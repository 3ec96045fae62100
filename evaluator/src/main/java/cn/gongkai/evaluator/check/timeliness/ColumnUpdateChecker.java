package cn.gongkai.evaluator.check.timeliness;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 栏目更新：each column of the configured types must have an entry newer than {@code maxDays} days, or
 * {@code maxMonths} months, before the reference date (动态/要闻 two weeks; 通知公告/政策文件 six months). A column
 * whose entries carry no date, or that says it has none (暂无信息), counts as not updated. A column that could not be
 * read (a wall, an error, no list recognised on its page) leaves the point UNCERTAIN, whatever the others show.
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
        List<Evidence> unread = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        List<Evidence> fresh = new ArrayList<>();
        for (Captures.Column column : columns) {
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), column.url());
            if (capture.isEmpty() || !capture.get().ok()) {
                String why = captures.unread(context.roundId(), context.channelId(), column.url()).orElseThrow();
                unreachable.add("「" + column.name() + "」" + why);
                capture.ifPresent(c -> unread.add(new Evidence(c.id(), "栏目「" + column.name() + "」未能读取：" + why)));
                continue;
            }
            PageExtractor.ListReading list = captures.list(capture.get());
            Optional<PageExtractor.ListItem> newest = list.items().stream()
                    .filter(item -> !item.date().isAfter(context.referenceDate()))
                    .max(java.util.Comparator.comparing(PageExtractor.ListItem::date));
            long id = capture.get().id();
            switch (list.shape()) {
                // A column whose entries carry no date, or that says it has none, counts as not updated.
                case UNDATED -> stale.add(new Evidence(id, "栏目「" + column.name() + "」" + list.note()));
                case EMPTY -> stale.add(new Evidence(id, "栏目「" + column.name() + "」显示“" + list.note() + "”"));
                case UNRECOGNISED -> {
                    unreachable.add("「" + column.name() + "」" + Captures.UNRECOGNISED_LIST);
                    unread.add(new Evidence(id, "栏目「" + column.name() + "」" + Captures.UNRECOGNISED_LIST + "："
                            + capture.get().url()));
                }
                case DATED -> {
                    if (newest.isEmpty()) {
                        unreachable.add("「" + column.name() + "」信息日期均晚于检查日");
                    } else if (newest.get().date().isBefore(deadline)) {
                        stale.add(new Evidence(id, "栏目「" + column.name() + "」最近更新 " + newest.get().date()
                                + "（《" + newest.get().title() + "》）"));
                    } else {
                        fresh.add(new Evidence(id, "栏目「" + column.name() + "」最近更新 " + newest.get().date()));
                    }
                }
            }
        }
        int judged = stale.size() + fresh.size();
        // Nothing unread is judged: one column not read could be the fresh one, or the stale one.
        if (!unreachable.isEmpty()) {
            List<Evidence> shown = new ArrayList<>(unread);
            shown.addAll(stale);
            return CheckResult.uncertain("栏目未能读取，无法判断更新情况：" + String.join("；", unreachable)
                    + (stale.isEmpty() ? "" : "；已读取的栏目中 " + stale.size() + " 个超过 " + window + "未更新："
                    + join(stale)), shown);
        }
        if (!stale.isEmpty()) {
            String message = stale.size() + " 个栏目超过 " + window + "未更新：" + join(stale);
            return stale.size() == judged
                    ? CheckResult.fail(String.valueOf(stale.size()), message, stale)
                    : CheckResult.partial((double) fresh.size() / judged, String.valueOf(stale.size()), message, stale);
        }
        return CheckResult.pass("0", "全部 " + judged + " 个栏目在 " + window + "内有更新", fresh);
    }

    private static String join(List<Evidence> evidence) {
        return String.join("；", evidence.stream().map(Evidence::excerpt).toList());
    }
}
