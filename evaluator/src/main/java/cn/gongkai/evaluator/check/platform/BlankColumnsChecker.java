package cn.gongkai.evaluator.check.platform;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsoup.nodes.Document;

/**
 * 空白栏目：a column whose page was captured but lists nothing — a column of the round, or any captured page that
 * names itself a column in its ColumnName meta tag. More than {@code maxBlank} (default 0) fails; the
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
        Map<String, String> registered = new LinkedHashMap<>();
        captures.columns(context.channelId()).forEach(column -> registered.put(column.url(), column.name()));
        List<Evidence> blank = new ArrayList<>();
        Set<String> judged = new LinkedHashSet<>();
        List<String> unreachable = new ArrayList<>();
        for (Captures.Column column : captures.columns(context.channelId())) {
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), column.url());
            if (capture.isEmpty() || !capture.get().ok()) {
                unreachable.add(column.name());
            }
        }
        // Columns the round did not list count too: a column page says what it is in its ColumnName meta tag.
        for (CaptureRef capture : captures.all(context.roundId(), context.channelId())) {
            if (!capture.ok() || judged.contains(capture.url())) {
                continue;
            }
            Optional<Document> page = captures.html(capture.id());
            if (page.isEmpty()) {
                continue;
            }
            String name = registered.get(capture.url());
            String metaName = page.get().select("meta[name=ColumnName]").attr("content").strip();
            boolean articlePage = !page.get().select("meta[name=ArticleTitle], meta[name=PubDate]").isEmpty();
            if (name == null && (metaName.isEmpty() || articlePage)) {
                continue;
            }
            judged.add(capture.url());
            boolean empty = captures.items(capture.id(), "LIST_ITEM").isEmpty() && page.get()
                    .select(".list li a[href], ul li a[href], table tr a[href]").stream()
                    .allMatch(a -> a.closest(".nav, nav, .header, header, .footer, footer, .position") != null);
            if (empty) {
                blank.add(new Evidence(capture.id(), "栏目「" + (name != null ? name : metaName) + "」无任何信息："
                        + capture.url()));
            }
        }
        if (judged.isEmpty()) {
            return CheckResult.uncertain("栏目均未能采集，无法判断是否空白：" + unreachable);
        }
        String value = String.valueOf(blank.size());
        String list = String.join("；", blank.stream().map(Evidence::excerpt).toList());
        if (blank.size() > maxBlank) {
            return CheckResult.fail(value, "空白栏目 " + blank.size() + " 个（允许 " + maxBlank + " 个）：" + list, blank);
        }
        if (!unreachable.isEmpty()) {
            return CheckResult.uncertain("部分栏目未能采集，无法确认是否空白：" + unreachable, blank);
        }
        return CheckResult.pass(value, "已检查 " + judged.size() + " 个栏目，空白栏目 " + blank.size() + " 个"
                + (blank.isEmpty() ? "" : "：" + list), blank);
    }
}
