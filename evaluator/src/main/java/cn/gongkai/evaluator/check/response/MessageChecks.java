package cn.gongkai.evaluator.check.response;

import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * 回应关切 on message boards: messages left unanswered for more than three months (a veto), replies later than the
 * local number of working days, and the share of messages answered. Judged over the messages asked within the
 * lookback window ({@link CheckContext#lookback}: the round's assessment period, or {@code lookbackMonths} before the
 * reference date); a board with no captured message in it decides nothing.
 */
public final class MessageChecks {

    private MessageChecks() {
    }

    /** 留言超过 {@code maxMonths}（默认3）个月未回复. */
    public static Checker unanswered() {
        return checker("message-unanswered", (context, messages) -> {
            int maxMonths = context.intParam("maxMonths", 3);
            LocalDate deadline = context.referenceDate().minusMonths(maxMonths);
            List<Messages.Message> overdue = messages.stream()
                    .filter(m -> m.askedAt().isBefore(deadline)
                            && (m.repliedAt() == null ? !m.answered() : m.repliedAt().isAfter(m.askedAt().plusMonths(maxMonths))))
                    .toList();
            if (overdue.isEmpty()) {
                return CheckResult.pass("0", context.lookback().label() + "的 " + messages.size() + " 条留言中，没有超过 " + maxMonths
                        + " 个月未回复的留言", List.of());
            }
            return CheckResult.fail(String.valueOf(overdue.size()), overdue.size() + " 条留言超过 " + maxMonths
                    + " 个月未回复：" + describe(overdue), evidence(overdue));
        });
    }

    /** 答复时限：replied within {@code maxWorkingDays} working days (default 5; local rules say 5 or 10). */
    public static Checker replyTime(WorkingDayCalendar calendar) {
        return checker("message-reply-time", (context, messages) -> {
            int maxDays = context.intParam("maxWorkingDays", 5);
            List<Messages.Message> late = messages.stream().filter(m -> {
                LocalDate until = m.repliedAt() != null ? m.repliedAt() : m.answered() ? null : context.referenceDate();
                return until != null && calendar.workingDaysBetween(m.askedAt(), until) > maxDays;
            }).toList();
            if (late.isEmpty()) {
                return CheckResult.pass("0", messages.size() + " 条留言均在 " + maxDays + " 个工作日内答复", List.of());
            }
            String message = messages.size() + " 条留言中 " + late.size() + " 条超过 " + maxDays + " 个工作日未答复："
                    + describe(late);
            return late.size() == messages.size() ? CheckResult.fail(String.valueOf(late.size()), message, evidence(late))
                    : CheckResult.partial(1 - (double) late.size() / messages.size(), String.valueOf(late.size()),
                            message, evidence(late));
        });
    }

    /** 留言答复率, over the messages older than {@code graceWorkingDays} (default 5): a new one may wait its turn. */
    public static Checker replyRate(WorkingDayCalendar calendar) {
        return checker("message-reply-rate", (context, all) -> {
            int grace = context.intParam("graceWorkingDays", 5);
            List<Messages.Message> messages = all.stream()
                    .filter(m -> calendar.workingDaysBetween(m.askedAt(), context.referenceDate()) > grace).toList();
            if (messages.isEmpty()) {
                return CheckResult.uncertain(context.lookback().label() + "没有超过 " + grace + " 个工作日的留言，无法计算答复率");
            }
            List<Messages.Message> unanswered = messages.stream().filter(m -> !m.answered()).toList();
            double rate = 1 - (double) unanswered.size() / messages.size();
            String measured = String.format(Locale.ROOT, "%.4f", rate);
            String summary = String.format(Locale.ROOT, "%s共 %d 条留言，已答复 %d 条（答复率 %.1f%%）",
                    context.lookback().label(), messages.size(), messages.size() - unanswered.size(), rate * 100);
            if (unanswered.isEmpty()) {
                return CheckResult.pass(measured, summary, List.of());
            }
            return unanswered.size() == messages.size()
                    ? CheckResult.fail(measured, summary + "：" + describe(unanswered), evidence(unanswered))
                    : CheckResult.partial(rate, measured, summary + "；未答复：" + describe(unanswered),
                            evidence(unanswered));
        });
    }

    private static String describe(List<Messages.Message> messages) {
        return String.join("；", messages.stream().limit(10).map(Messages.Message::describe).toList());
    }

    private static List<Evidence> evidence(List<Messages.Message> messages) {
        return messages.stream().limit(20).map(m -> new Evidence(m.captureId(), m.describe())).toList();
    }

    private static Checker checker(String type, BiFunction<CheckContext, List<Messages.Message>, CheckResult> judge) {
        return new Checker() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public CheckResult check(CheckContext context) {
                CheckContext.Window window = context.lookback();
                List<Messages.Message> messages = Messages.of(context).askedWithin(window);
                if (messages.isEmpty()) {
                    return CheckResult.uncertain("未采集到" + window.label() + "内的留言（留言栏目不存在、无法采集或没有留言），需人工核实");
                }
                return judge.apply(context, messages);
            }
        };
    }
}
