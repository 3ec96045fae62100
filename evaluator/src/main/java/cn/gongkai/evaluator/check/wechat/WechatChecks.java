package cn.gongkai.evaluator.check.wechat;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * WeChat official accounts (微信公众号): updated within two weeks (a veto), and updated regularly over the period.
 * The articles are the account's captured article pages; when the feed bridge failed, nothing can be said, so the
 * findings are uncertain — never "not updated".
 */
public final class WechatChecks {

    private WechatChecks() {
    }

    /** 公众号两周内有更新. */
    public static Checker update() {
        return checker("wechat-update", (context, articles) -> {
            int maxDays = context.intParam("maxDays", 14);
            Optional<DatedItem> newest = articles.stream()
                    .filter(a -> !a.date().isAfter(context.referenceDate()))
                    .max(Comparator.comparing(DatedItem::date));
            if (newest.isEmpty()) {
                return CheckResult.uncertain("采集到的公众号文章均没有可识别的发布时间，需人工核实");
            }
            long age = ChronoUnit.DAYS.between(newest.get().date(), context.referenceDate());
            String summary = "公众号最近一篇文章《" + newest.get().title() + "》发布于 " + newest.get().date() + "，距检查日已 "
                    + age + " 天";
            List<Evidence> evidence = List.of(new Evidence(newest.get().captureId(),
                    "《" + newest.get().title() + "》" + newest.get().date()));
            return age > maxDays ? CheckResult.fail(String.valueOf(age), summary + "，超过 " + maxDays + " 天未更新", evidence)
                    : CheckResult.pass(String.valueOf(age), summary, evidence);
        });
    }

    /** 更新频率：at least {@code minPerWeek} articles a week over the {@code windowDays} before the reference date. */
    public static Checker frequency() {
        return checker("wechat-frequency", (context, articles) -> {
            int windowDays = context.intParam("windowDays", 90);
            double minPerWeek = context.doubleParam("minPerWeek", 1);
            LocalDate from = context.referenceDate().minusDays(windowDays);
            List<DatedItem> inWindow = articles.stream()
                    .filter(a -> a.date().isAfter(from) && !a.date().isAfter(context.referenceDate())).toList();
            double perWeek = inWindow.size() / (windowDays / 7.0);
            String measured = String.format(Locale.ROOT, "%.2f", perWeek);
            String summary = String.format(Locale.ROOT, "检查前 %d 天发布 %d 篇，平均每周 %.2f 篇（要求不少于 %.1f 篇）",
                    windowDays, inWindow.size(), perWeek, minPerWeek);
            List<Evidence> evidence = inWindow.stream().limit(5)
                    .map(a -> new Evidence(a.captureId(), "《" + a.title() + "》" + a.date())).toList();
            if (perWeek >= minPerWeek) {
                return CheckResult.pass(measured, summary, evidence);
            }
            List<Evidence> shown = evidence.isEmpty() ? articles.stream().limit(1)
                    .map(a -> new Evidence(a.captureId(), "最近文章《" + a.title() + "》" + a.date())).toList() : evidence;
            return CheckResult.partial(perWeek / minPerWeek, measured, summary, shown);
        });
    }

    private static Checker checker(String type, BiFunction<CheckContext, List<DatedItem>, CheckResult> judge) {
        return new Checker() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public String channelKind() {
                return "WECHAT";
            }

            @Override
            public CheckResult check(CheckContext context) {
                Optional<String[]> capture = context.captures().channelCapture(context.roundId(), context.channelId());
                if (capture.isPresent() && "FAILED".equals(capture.get()[0])) {
                    return CheckResult.uncertain("公众号采集失败（" + capture.get()[1] + "），无法判断更新情况，需重新采集");
                }
                List<DatedItem> articles = context.captures()
                        .itemsOfChannel(context.roundId(), context.channelId(), "ARTICLE").stream()
                        .filter(a -> a.date() != null).toList();
                if (articles.isEmpty()) {
                    return CheckResult.uncertain("未采集到该公众号的文章，无法判断更新情况");
                }
                return judge.apply(context, articles);
            }
        };
    }
}
