package cn.gongkai.evaluator.check.budget;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * 预决算公开专栏: the website has a column of its own for budgets and final accounts (《地方预决算公开操作规程》 asks
 * for one), its entries are dated, and it keeps {@code minYears} (default 3) years of them (历年预决算集中展示、可追溯).
 *
 * <p>The column is found as a user finds it: a registered column named so, or a link named 预决算公开 / 财政预决算 on
 * the homepage or a registered column's page, whose page is headed as such (ColumnName, title or heading). The
 * general 政府信息公开 list, where budgets sit among everything else, is not such a column. A link to the column
 * that could not be captured (robots.txt, an error) makes the finding UNCERTAIN, never a failure.
 */
public final class BudgetColumnChecker implements Checker {

    public static final String TYPE = "budget-column";
    /** What a budget column is called: 预决算公开, 财政预决算, 部门预决算, 预算决算公开. */
    private static final Pattern COLUMN_NAME = Pattern.compile("预决算|预算决算|预算和决算|预算公开");
    /** A link text longer than this, or with a year, is an article's title, not a column's name. */
    private static final int MAX_NAME_LENGTH = 12;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        int minYears = context.intParam("minYears", 3);
        Captures captures = context.captures();
        Optional<CaptureRef> homepage = captures.latest(context.roundId(), context.channelId(), context.channelUrl())
                .filter(CaptureRef::ok);
        Map<String, String> candidates = new LinkedHashMap<>();
        List<String> unreadPages = new ArrayList<>();
        for (Captures.Column column : captures.columns(context.channelId())) {
            if (COLUMN_NAME.matcher(column.name()).find()) {
                candidates.putIfAbsent(column.url(), column.name());
            }
        }
        List<String> pagesWithLinks = new ArrayList<>();
        pagesWithLinks.add(context.channelUrl());
        captures.columns(context.channelId()).forEach(c -> pagesWithLinks.add(c.url()));
        for (String url : pagesWithLinks) {
            Optional<Document> page = captures.latest(context.roundId(), context.channelId(), url)
                    .filter(CaptureRef::ok).flatMap(c -> captures.html(c.id()));
            if (page.isEmpty()) {
                unreadPages.add(captures.unread(context.roundId(), context.channelId(), url).orElse(url));
                continue;
            }
            for (Element link : page.get().select("a[href]")) {
                String text = link.text().strip();
                if (!text.isEmpty() && text.length() <= MAX_NAME_LENGTH && !text.matches(".*\\d{4}.*")
                        && COLUMN_NAME.matcher(text).find()) {
                    candidates.putIfAbsent(link.absUrl("href"), text);
                }
            }
        }

        List<String> uncaptured = new ArrayList<>();
        for (var candidate : candidates.entrySet()) {
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), candidate.getKey())
                    .filter(CaptureRef::ok);
            if (capture.isEmpty()) {
                uncaptured.add("「" + candidate.getValue() + "」" + captures.unread(context.roundId(),
                        context.channelId(), candidate.getKey()).orElse(candidate.getKey()));
                continue;
            }
            Optional<Document> html = captures.html(capture.get().id());
            List<DatedItem> items = captures.items(capture.get().id(), "LIST_ITEM");
            List<DatedItem> budgets = items.stream().filter(i -> budget(i.title())).toList();
            if (!html.map(BudgetColumnChecker::headedAsBudgetColumn).orElse(false)) {
                continue; // a general list that happens to hold budgets (政府信息公开), or a link to something else
            }
            if (items.isEmpty()) {
                // No dated entry: only a column that says it is empty shows no budgets; an unrecognised or undated
                // list was not read by year.
                PageExtractor.ListReading list = captures.list(capture.get());
                if (list.shape() != PageExtractor.ListShape.EMPTY) {
                    String why = list.shape() == PageExtractor.ListShape.UNDATED ? "栏目信息均无发布日期（" + list.note()
                            + "），未能按年度读取" : Captures.UNRECOGNISED_LIST;
                    return CheckResult.uncertain("「" + candidate.getValue() + "」专栏" + why + "，需人工核实预决算公开情况",
                            List.of(new Evidence(capture.get().id(), "「" + candidate.getValue() + "」专栏" + why)));
                }
            }
            return judge(capture.get(), candidate.getValue(), items, budgets, minYears);
        }
        if (!uncaptured.isEmpty()) {
            return CheckResult.uncertain("找到预决算公开栏目的链接，但栏目页面未能采集，需人工核实：" + String.join("、",
                    uncaptured));
        }
        if (homepage.isEmpty()) {
            return CheckResult.uncertain("网站首页未能采集，无法核查是否设置预决算公开专栏");
        }
        if (!unreadPages.isEmpty()) {
            return CheckResult.uncertain("未找到预决算公开专栏，但这些页面未能采集，其中可能有专栏链接，需人工核实："
                    + String.join("、", unreadPages));
        }
        return CheckResult.failNotFound("0", "网站首页和已登记栏目中未找到“预决算公开”专栏，预决算未集中展示",
                List.of(new Evidence(homepage.get().id(), "首页及栏目页面中没有名为“预决算公开”或“财政预决算”的栏目链接")));
    }

    private static CheckResult judge(CaptureRef column, String name, List<DatedItem> items, List<DatedItem> budgets,
                                     int minYears) {
        String where = "「" + name + "」专栏";
        if (budgets.isEmpty()) {
            return CheckResult.failNotFound("0", where + "中没有预算或决算信息",
                    List.of(new Evidence(column.id(), where + "共 " + items.size() + " 条信息，均不是预决算")));
        }
        List<DatedItem> undated = budgets.stream().filter(i -> i.date() == null).toList();
        TreeSet<Integer> years = new TreeSet<>();
        budgets.stream().filter(i -> i.date() != null).forEach(i -> {
            years.addAll(BudgetDisclosureChecker.years(i.title(), "预算"));
            years.addAll(BudgetDisclosureChecker.years(i.title(), "决算"));
        });
        String yearList = years.isEmpty() ? "无" : String.join("、", years.descendingSet().stream()
                .map(y -> y + "年").toList());
        String excerpt = where + "有预决算信息 " + budgets.size() + " 条，涉及年度：" + yearList
                + (undated.isEmpty() ? "" : "，其中 " + undated.size() + " 条无发布日期");
        List<Evidence> evidence = List.of(new Evidence(column.id(), excerpt));
        String measured = String.valueOf(years.size());
        if (years.size() < minYears) {
            return CheckResult.failNotFound(measured, excerpt + "，不足近 " + minYears + " 年，历年预决算不可追溯", evidence);
        }
        return CheckResult.pass(measured, excerpt + "，集中展示近 " + minYears + " 年以上的预决算", evidence);
    }

    /** A budget or final accounts of some year, of a department or of the government. */
    private static boolean budget(String title) {
        return title != null && (!BudgetDisclosureChecker.years(title, "预算").isEmpty()
                || !BudgetDisclosureChecker.years(title, "决算").isEmpty());
    }

    /** The page calls itself a budget column: in its ColumnName, its title or its first heading. */
    private static boolean headedAsBudgetColumn(Document page) {
        String columnName = page.select("meta[name=ColumnName]").attr("content");
        Element heading = page.selectFirst("h1, h2");
        return COLUMN_NAME.matcher(columnName).find()
                || COLUMN_NAME.matcher(page.title().split("[_|｜-]")[0]).find()
                || heading != null && heading.text().length() <= MAX_NAME_LENGTH && COLUMN_NAME.matcher(heading.text()).find();
    }
}
