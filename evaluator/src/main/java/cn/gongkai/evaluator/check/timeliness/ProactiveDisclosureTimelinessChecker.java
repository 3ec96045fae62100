package cn.gongkai.evaluator.check.timeliness;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;

/**
 * 主动公开时限 (《政府信息公开条例》第二十六条)：a document is published within {@code maxWorkingDays} (default 20)
 * working days of being formed. Judged on the policy documents whose page states both 成文日期 and 发布日期 and
 * whose 发布日期 falls in the lookback window ({@link CheckContext#lookback}: the round's assessment period, or
 * {@code lookbackMonths} before the reference date): a document of an earlier year is not this round's to judge.
 */
public final class ProactiveDisclosureTimelinessChecker implements Checker {

    public static final String TYPE = "proactive-disclosure-timeliness";
    private static final Pattern DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})");

    private final WorkingDayCalendar calendar;

    public ProactiveDisclosureTimelinessChecker(WorkingDayCalendar calendar) {
        this.calendar = calendar;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        int maxWorkingDays = context.intParam("maxWorkingDays", 20);
        List<String> columnTypes = context.listParam("columnTypes", List.of("POLICY"));
        Captures captures = context.captures();
        CheckContext.Window window = context.lookback();
        List<Evidence> late = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        int judged = 0;
        for (Captures.Column column : captures.columns(context.channelId())) {
            if (!columnTypes.contains(column.type())) {
                continue;
            }
            Optional<CaptureRef> list = captures.latest(context.roundId(), context.channelId(), column.url())
                    .filter(CaptureRef::ok);
            if (list.isEmpty()) {
                unread.add("「" + column.name() + "」" + captures.unread(context.roundId(), context.channelId(),
                        column.url()).orElse(column.url()));
                continue;
            }
            if (captures.list(list.get()).shape() == PageExtractor.ListShape.UNRECOGNISED) {
                unread.add("「" + column.name() + "」" + Captures.UNRECOGNISED_LIST);
                continue;
            }
            for (DatedItem item : captures.listItems(list.get().id())) {
                Optional<CaptureRef> article = captures.latest(context.roundId(), context.channelId(), item.url())
                        .filter(CaptureRef::ok);
                Optional<Document> page = article.flatMap(a -> captures.html(a.id()));
                if (page.isEmpty()) {
                    captures.unread(context.roundId(), context.channelId(), item.url()).ifPresent(unread::add);
                    continue;
                }
                Optional<LocalDate> formed = labelled(page.get(), "成文日期");
                Optional<LocalDate> published = labelled(page.get(), "发布日期");
                if (formed.isEmpty() || published.isEmpty() || !window.contains(published.get())) {
                    continue;
                }
                judged++;
                int days = calendar.workingDaysBetween(formed.get(), published.get());
                if (days > maxWorkingDays) {
                    late.add(new Evidence(article.get().id(), "《" + item.title() + "》成文日期 " + formed.get()
                            + "，发布日期 " + published.get() + "，相隔 " + days + " 个工作日"));
                }
            }
        }
        // A policy document not read could be late (no pass) or in time (the share, and so a failure, changes).
        if (!unread.isEmpty()) {
            return CheckResult.uncertain("政策文件栏目或文件页面未能读取，无法判断主动公开时限：" + String.join("；",
                    unread.stream().limit(10).toList()) + (late.isEmpty() ? "" : "；已读取的 " + judged + " 件中 "
                    + late.size() + " 件超过 " + maxWorkingDays + " 个工作日才公开"), late);
        }
        if (judged == 0) {
            return CheckResult.notAssessable("未采集到" + window.label() + "内发布、同时标注成文日期和发布日期的政策文件，需人工核查");
        }
        if (late.isEmpty()) {
            return CheckResult.pass("0", "核查" + window.label() + "内发布的 " + judged + " 件政策文件，均在成文后 "
                    + maxWorkingDays + " 个工作日内公开",
                    List.of());
        }
        String message = window.label() + "内发布的 " + judged + " 件政策文件中 " + late.size() + " 件超过 " + maxWorkingDays + " 个工作日才公开："
                + String.join("；", late.stream().map(Evidence::excerpt).limit(10).toList());
        return late.size() == judged ? CheckResult.fail(String.valueOf(late.size()), message, late)
                : CheckResult.partial(1 - (double) late.size() / judged, String.valueOf(late.size()), message, late);
    }

    /** The date written after a label such as 成文日期 in the document's metadata header or text. */
    static Optional<LocalDate> labelled(Document page, String label) {
        String text = page.text();
        int at = text.indexOf(label);
        while (at >= 0) {
            String after = text.substring(at + label.length(), Math.min(text.length(), at + label.length() + 24));
            Matcher date = DATE.matcher(after);
            if (date.find() && after.substring(0, date.start()).replaceAll("[\\s:：]", "").isEmpty()) {
                try {
                    return Optional.of(LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
                            Integer.parseInt(date.group(3))));
                } catch (java.time.DateTimeException e) {
                    return Optional.empty();
                }
            }
            at = text.indexOf(label, at + 1);
        }
        return Optional.empty();
    }
}
