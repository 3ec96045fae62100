package cn.gongkai.evaluator.wording;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * {@code wording-errors}: no captured page of the channel uses a wrong form from the list. A page whose article date
 * precedes an entry's {@code outdatedSince} is not held to it: the name was right when the page was written.
 *
 * <p>Parameters: {@code entries}, extra entries as {@code 错误表述=>正确表述} strings, added to the list;
 * {@code maxEvidence} (default 30).
 */
public final class WordingErrorsChecker implements Checker {

    public static final String TYPE = "wording-errors";

    private final List<WordingErrors.Entry> list;

    public WordingErrorsChecker() {
        this(WordingErrors.seedEntries());
    }

    public WordingErrorsChecker(List<WordingErrors.Entry> list) {
        this.list = List.copyOf(list);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        WordingErrors matcher = WordingErrors.of(entries(context));
        Captures captures = context.captures();
        // The latest successful capture of each URL: a page fixed during the round is judged as it is now.
        Map<String, CaptureRef> pages = new LinkedHashMap<>();
        Map<String, String> walled = new LinkedHashMap<>();
        for (CaptureRef c : captures.all(context.roundId(), context.channelId())) {
            if (c.ok()) {
                pages.put(c.url(), c);
                walled.remove(c.url());
            } else if (("BLOCKED".equals(c.status()) || "MAINTENANCE".equals(c.status())) && !pages.containsKey(c.url())) {
                walled.put(c.url(), c.unread().orElseThrow());
            }
        }
        int read = 0;
        List<Evidence> evidence = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        int maxEvidence = context.intParam("maxEvidence", 30);
        for (CaptureRef capture : pages.values()) {
            Document page = captures.html(capture.id()).orElse(null);
            if (page == null || page.body() == null) {
                continue;
            }
            read++;
            LocalDate written = captures.items(capture.id(), "ARTICLE").stream().map(Captures.DatedItem::date)
                    .filter(d -> d != null).findFirst().orElse(null);
            for (WordingErrors.Hit hit : matcher.find(text(page))) {
                LocalDate since = hit.entry().outdatedSince();
                if (written != null && since != null && written.isBefore(since)) {
                    continue;
                }
                counts.merge(hit.entry().wrong() + "（应为" + hit.entry().right() + "）", 1, Integer::sum);
                if (evidence.size() < maxEvidence) {
                    String excerpt = hit.describe();
                    evidence.add(new Evidence(capture.id(), excerpt.length() <= 900 ? excerpt
                            : excerpt.substring(0, 900) + "…"));
                }
            }
        }
        if (read == 0) {
            return CheckResult.uncertain("本轮未采集到该网站的页面，无法检查严重表述错误");
        }
        // A wall or a maintenance page hid what the site publishes there: no error seen is no pass.
        if (counts.isEmpty() && !walled.isEmpty()) {
            return CheckResult.uncertain("检查 " + read + " 个页面未发现清单中的严重表述错误，但 " + walled.size()
                    + " 个页面被拦截或维护中，未能读取：" + String.join("；", walled.values().stream().limit(10).toList()));
        }
        if (counts.isEmpty()) {
            return CheckResult.pass("0处", "检查 " + read + " 个页面，未发现清单中的严重表述错误（清单 "
                    + matcher.size() + " 条）", List.of());
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        List<String> summary = counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " 处").toList();
        return CheckResult.fail(total + "处", "检查 " + read + " 个页面，发现 " + total + " 处严重表述错误："
                + String.join("；", summary), evidence);
    }

    /** The page's text with a line break after every block, so that a heading is not read into the next sentence. */
    static String text(Document page) {
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    text.append(t.text());
                } else if (node instanceof Element e && (e.isBlock() || e.normalName().equals("br"))) {
                    text.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock()) {
                    text.append('\n');
                }
            }
        }, page.body());
        return text.toString();
    }

    private List<WordingErrors.Entry> entries(CheckContext context) {
        List<WordingErrors.Entry> all = new ArrayList<>(list);
        for (String extra : context.listParam("entries", List.of())) {
            String[] parts = extra.split("=>", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("检查参数 entries 的每一项应为「错误表述=>正确表述」，实际为：" + extra);
            }
            all.add(new WordingErrors.Entry(parts[0].strip(), parts[1].strip(), null, "", "评估方补充"));
        }
        return all;
    }
}
