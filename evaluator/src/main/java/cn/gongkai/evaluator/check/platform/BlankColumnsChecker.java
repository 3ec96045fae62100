package cn.gongkai.evaluator.check.platform;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * 空白栏目：a column whose page was captured but lists nothing. More than {@code maxBlank} (default 0) fails; the
 * national rules veto at five, which is the veto point's own parameter.
 */
public final class BlankColumnsChecker implements Checker {

    public static final String TYPE = "blank-columns";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        int maxBlank = context.intParam("maxBlank", 0);
        Captures captures = context.captures();
        List<Evidence> blank = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        int judged = 0;
        for (Captures.Column column : captures.columns(context.channelId())) {
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), column.url());
            if (capture.isEmpty() || !capture.get().ok()) {
                unreachable.add(column.name());
                continue;
            }
            judged++;
            boolean empty = captures.items(capture.get().id(), "LIST_ITEM").isEmpty()
                    && captures.html(capture.get().id()).map(page -> page.select(".list li, ul li a[href], table tr a[href]")
                            .stream().noneMatch(a -> a.closest(".nav, nav, .header, .footer") == null))
                    .orElse(true);
            if (empty) {
                blank.add(new Evidence(capture.get().id(), "栏目「" + column.name() + "」无任何信息"));
            }
        }
        if (judged == 0) {
            return CheckResult.uncertain("栏目均未能采集，无法判断是否空白：" + unreachable);
        }
        String value = String.valueOf(blank.size());
        if (blank.size() > maxBlank) {
            return CheckResult.fail(value, "空白栏目 " + blank.size() + " 个（允许 " + maxBlank + " 个）："
                    + String.join("；", blank.stream().map(Evidence::excerpt).toList()), blank);
        }
        if (!unreachable.isEmpty()) {
            return CheckResult.uncertain("部分栏目未能采集，无法确认是否空白：" + unreachable, blank);
        }
        return CheckResult.pass(value, "已检查 " + judged + " 个栏目，空白栏目 " + blank.size() + " 个", blank);
    }
}
