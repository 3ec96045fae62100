package cn.gongkai.evaluator.check.platform;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.crawler.extract.PageExtractor;
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
 * 空白栏目：a column whose page was captured and says it lists nothing (暂无信息, 没有相关信息) — a column of the round,
 * or any captured page that names itself a column in its ColumnName meta tag. More than {@code maxBlank} (default 0)
 * fails, which pages not read cannot undo; otherwise a column not read (a wall, an error, no list recognised) leaves
 * the point UNCERTAIN. The national rules veto at five, which is the veto point's own parameter.
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
        List<Evidence> unread = new ArrayList<>();
        for (Captures.Column column : captures.columns(context.channelId())) {
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), column.url());
            if (capture.isEmpty() || !capture.get().ok()) {
                String why = captures.unread(context.roundId(), context.channelId(), column.url()).orElseThrow();
                unreachable.add("「" + column.name() + "」" + why);
                capture.ifPresent(c -> unread.add(new Evidence(c.id(), "栏目「" + column.name() + "」未能读取：" + why)));
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
            String label = "栏目「" + (name != null ? name : metaName) + "」";
            // Blank only where the page says its list is empty. A page with entries or links in its main part is not
            // blank; one with neither and no such statement may hold its list in markup or scripts not read, so a
            // registered column's page is left to a person.
            PageExtractor.ListReading list = captures.list(capture);
            boolean entries = page.get().select(".list li a[href], ul li a[href], table tr a[href]").stream()
                    .anyMatch(a -> !PageChrome.contains(a));
            if (list.shape() == PageExtractor.ListShape.UNRECOGNISED && !entries) {
                if (name != null) {
                    judged.add(capture.url());
                    unreachable.add(label + Captures.UNRECOGNISED_LIST);
                    unread.add(new Evidence(capture.id(), label + Captures.UNRECOGNISED_LIST + "：" + capture.url()));
                }
                continue;
            }
            judged.add(capture.url());
            if (list.shape() == PageExtractor.ListShape.EMPTY) {
                blank.add(new Evidence(capture.id(), label + "无任何信息（页面显示“" + list.note() + "”）："
                        + capture.url()));
            }
        }
        if (judged.isEmpty() && blank.isEmpty()) {
            return CheckResult.uncertain("栏目均未能读取，无法判断是否空白：" + unreachable, unread);
        }
        String value = String.valueOf(blank.size());
        String list = String.join("；", blank.stream().map(Evidence::excerpt).toList());
        if (blank.size() > maxBlank) {
            return CheckResult.fail(value, "空白栏目 " + blank.size() + " 个（允许 " + maxBlank + " 个）：" + list, blank);
        }
        if (!unreachable.isEmpty()) {
            List<Evidence> shown = new ArrayList<>(unread);
            shown.addAll(blank);
            return CheckResult.uncertain("部分栏目未能读取，无法确认是否空白：" + String.join("；", unreachable)
                    + (blank.isEmpty() ? "" : "；已读取的栏目中空白 " + blank.size() + " 个：" + list), shown);
        }
        return CheckResult.pass(value, "已检查 " + judged.size() + " 个栏目，空白栏目 " + blank.size() + " 个"
                + (blank.isEmpty() ? "" : "：" + list), blank);
    }
}
