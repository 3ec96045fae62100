package cn.gongkai.evaluator.check.timeliness;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * 信息无发布日期：entries of the columns' list pages that link to an article but show no date. The national rules
 * count such an entry as not updated, and evaluators want the list.
 */
public final class UndatedItemsChecker implements Checker {

    public static final String TYPE = "undated-items";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        Captures captures = context.captures();
        List<Evidence> undated = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        int entries = 0;
        int pages = 0;
        for (Captures.Column column : captures.columns(context.channelId())) {
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), column.url());
            if (capture.isEmpty() || !capture.get().ok()) {
                unread.add("「" + column.name() + "」" + captures.unread(context.roundId(), context.channelId(),
                        column.url()).orElseThrow());
                continue;
            }
            Optional<Document> page = captures.html(capture.get().id());
            if (page.isEmpty()) {
                continue;
            }
            List<Element> rows = ListEntries.of(page.get());
            if (rows.isEmpty() && captures.list(capture.get()).shape() == PageExtractor.ListShape.UNRECOGNISED) {
                unread.add("「" + column.name() + "」" + Captures.UNRECOGNISED_LIST);
                continue;
            }
            pages++;
            for (Element entry : rows) {
                entries++;
                if (!ListEntries.hasDate(entry)) {
                    undated.add(new Evidence(capture.get().id(),
                            "栏目「" + column.name() + "」条目无日期：" + entry.text()));
                }
            }
        }
        if (pages == 0) {
            return CheckResult.uncertain("没有成功读取的栏目页面，无法判断" + (unread.isEmpty() ? ""
                    : "：" + String.join("；", unread)));
        }
        // An undated entry seen stays a finding; with none seen, a column not read may still hold some.
        if (undated.isEmpty() && !unread.isEmpty()) {
            return CheckResult.uncertain("已检查的 " + pages + " 个栏目页的 " + entries + " 条信息均标注了发布日期，"
                    + "但这些栏目未能读取：" + String.join("；", unread));
        }
        if (undated.isEmpty()) {
            return CheckResult.pass("0", "已检查 " + pages + " 个栏目页的 " + entries + " 条信息，均标注了发布日期",
                    List.of());
        }
        String message = entries + " 条信息中有 " + undated.size() + " 条未标注发布日期";
        return CheckResult.partial(1 - (double) undated.size() / entries, String.valueOf(undated.size()), message,
                undated.size() > 20 ? undated.subList(0, 20) : undated);
    }
}
