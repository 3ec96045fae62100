package cn.gongkai.evaluator.check.budget;

import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import cn.gongkai.evaluator.check.FindingStatus;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;

/**
 * 预决算公开: the unit's budget (预算) or final accounts (决算) of the year due by the reference date are on its
 * website, and were published within {@code maxDays} (default 20) days of their approval (批复).
 *
 * <p>The deadline is the Budget Law's: 《中华人民共和国预算法》(2018) art. 14 — budgets and final accounts are made
 * public within twenty days of approval, those of departments within twenty days of the finance department's
 * 批复 — with the details of 《地方预决算公开操作规程》(财预〔2016〕143号). Days there are calendar days (日), not
 * working days. Which year is due depends on when a region's congress approves it, so {@code dueBy} (a month-day,
 * default 04-30 for budgets and 10-31 for final accounts, local) says from when the year's document is expected:
 * before that day the previous year's is judged.
 *
 * <p>Documents are found by title in every list and article the round captured (政府信息公开, 预决算公开 columns or
 * any other). Timeliness needs the approval date, which pages usually state ("经…于2026年2月20日批复"); a page
 * that does not state it is left to people (UNCERTAIN). Not found while a declared 政府信息公开 column could not be
 * captured is UNCERTAIN too, never a failure.
 *
 * <p>{@code scope} tells whose budget: 部门 (default, the unit's departmental budget, 部门预算) or 本级政府 (the
 * government's own budget and final accounts approved by its people's congress, "XX县2026年政府预算", "…预算草案的
 * 报告"); each ignores the other's titles. {@code documents: [预算, 决算]} judges both in one finding (both in time:
 * pass; none: fail; else partial), {@code dueBy} may then give a month-day per document, and {@code contents}
 * lists words the page must contain (四本预算 and 债务 for a government's budget); a page without some is partial.
 */
public final class BudgetDisclosureChecker implements Checker {

    public static final String TYPE = "budget-disclosure";
    private static final Pattern DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
    private static final Pattern APPROVAL = Pattern.compile("批复|批准|审批|审查批准");
    private static final Pattern DEPARTMENT_LEVEL = Pattern.compile("部门|单位");
    private static final Pattern GOVERNMENT_LEVEL = Pattern.compile(
            "本级|政府(预|决)算|总(预|决)算|预算草案|财政(预|决)算|预算执行|全(县|区|市|镇|乡)(一般公共)?(预|决)算");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        boolean government = scope(context);
        Object single = context.params().get("document");
        List<String> documents = context.listParam("documents", List.of(single == null ? "预算" : single.toString()));
        for (String document : documents) {
            if (!document.equals("预算") && !document.equals("决算")) {
                throw new IllegalArgumentException("检查参数 document 应为“预算”或“决算”，实际为：" + document);
            }
        }
        if (documents.size() == 1) {
            return check(context, documents.getFirst(), government);
        }
        List<CheckResult> results = documents.stream().map(d -> check(context, d, government)).toList();
        String message = String.join("；", results.stream().map(CheckResult::message).toList());
        List<Evidence> evidence = results.stream().flatMap(r -> r.evidence().stream()).toList();
        if (results.stream().anyMatch(r -> r.status() == FindingStatus.UNCERTAIN)) {
            return CheckResult.uncertain(message, evidence);
        }
        long passed = results.stream().filter(r -> r.status() == FindingStatus.PASS).count();
        long failed = results.stream().filter(r -> r.status() == FindingStatus.FAIL).count();
        String measured = String.valueOf(results.size() - passed);
        if (passed == results.size()) {
            return CheckResult.pass("0", message, evidence);
        }
        if (failed == results.size()) {
            return results.stream().anyMatch(CheckResult::notFound) ? CheckResult.failNotFound(measured, message, evidence)
                    : CheckResult.fail(measured, message, evidence);
        }
        return CheckResult.partial(0.5, measured, message, evidence);
    }

    private CheckResult check(CheckContext context, String document, boolean government) {
        int maxDays = context.intParam("maxDays", 20);
        MonthDay dueBy = dueBy(context, document, government);
        LocalDate reference = context.referenceDate();
        // a budget is of the year it is for; final accounts are of the year before they are approved
        int dueYear = reference.getYear() - (document.equals("决算") ? 1 : 0);
        if (MonthDay.from(reference).isBefore(dueBy)) {
            dueYear--;
        }
        String label = dueYear + "年" + (government ? "本级政府" : "") + document;
        Captures captures = context.captures();
        List<DatedItem> items = new ArrayList<>(captures.itemsOfChannel(context.roundId(), context.channelId(),
                "LIST_ITEM"));
        items.addAll(captures.itemsOfChannel(context.roundId(), context.channelId(), "ARTICLE"));
        TreeSet<Integer> otherYears = new TreeSet<>();
        List<DatedItem> found = new ArrayList<>();
        for (DatedItem item : items) {
            if (item.title() == null || governmentLevel(item.title()) != government) {
                continue;
            }
            for (int year : years(item.title(), document)) {
                if (year == dueYear) {
                    found.add(item);
                } else {
                    otherYears.add(year);
                }
            }
        }
        if (found.isEmpty()) {
            return notFound(context, label, otherYears);
        }
        // The first publication counts: later copies (a homepage list, a catalogue) repeat it.
        DatedItem first = found.stream()
                .min(Comparator.comparing(DatedItem::date, Comparator.nullsLast(Comparator.naturalOrder()))).get();
        Optional<CaptureRef> page = captures.latest(context.roundId(), context.channelId(), first.url())
                .filter(CaptureRef::ok);
        Optional<Document> html = page.flatMap(p -> captures.html(p.id()));
        long evidenceCapture = page.map(CaptureRef::id).orElse(first.captureId());
        LocalDate published = page.flatMap(p -> captures.items(p.id(), "ARTICLE").stream().map(DatedItem::date)
                .filter(d -> d != null).findFirst()).orElse(first.date());
        String what = "《" + first.title() + "》";
        if (published == null) {
            return CheckResult.uncertain("已公开" + what + "，但未能确定发布日期，时效需人工核实",
                    List.of(new Evidence(evidenceCapture, what + "发布日期不详")));
        }
        Optional<LocalDate> approved = html.flatMap(BudgetDisclosureChecker::approvalDate);
        if (approved.isEmpty()) {
            return CheckResult.uncertain("已于 " + published + " 公开" + what + "，"
                            + (html.isEmpty() ? "页面未能采集" : "页面未标明批复日期") + "，是否在批复后 " + maxDays
                            + " 日内公开需人工核实",
                    List.of(new Evidence(evidenceCapture, what + "发布于 " + published + "，未见批复日期")));
        }
        long days = ChronoUnit.DAYS.between(approved.get(), published);
        String excerpt = what + "批复于 " + approved.get() + "，发布于 " + published + "，相隔 " + days + " 日";
        String pageText = html.get().body() == null ? html.get().text() : html.get().body().text();
        List<String> missing = context.listParam("contents", List.of()).stream().filter(c -> !pageText.contains(c))
                .toList();
        if (!missing.isEmpty()) {
            excerpt += "，未见" + String.join("、", missing) + "的内容";
        }
        List<Evidence> evidence = List.of(new Evidence(evidenceCapture, excerpt));
        if (days > maxDays) {
            return CheckResult.partial(0.5, String.valueOf(days), excerpt + "，超过批复后 " + maxDays + " 日内公开的要求",
                    evidence);
        }
        if (!missing.isEmpty()) {
            return CheckResult.partial(0.5, String.valueOf(Math.max(0, days)), excerpt + "，公开内容不完整", evidence);
        }
        return CheckResult.pass(String.valueOf(Math.max(0, days)), excerpt + "，在批复后 " + maxDays + " 日内公开",
                evidence);
    }

    /** Whether the point is about the government's own budget (本级政府) rather than a department's (部门). */
    private static boolean scope(CheckContext context) {
        String scope = String.valueOf(context.params().getOrDefault("scope", "部门")).strip();
        if (!scope.equals("部门") && !scope.equals("本级政府")) {
            throw new IllegalArgumentException("检查参数 scope 应为“部门”或“本级政府”，实际为：" + scope);
        }
        return scope.equals("本级政府");
    }

    /**
     * Whether a title is of the government's own budget or final accounts ("XX县2026年政府预算", "XX区2026年本级预算",
     * "关于…预算执行情况和…预算草案的报告", "全县财政决算") rather than of a department or unit (部门预算, 单位决算).
     */
    static boolean governmentLevel(String title) {
        return !DEPARTMENT_LEVEL.matcher(title).find() && GOVERNMENT_LEVEL.matcher(title).find();
    }

    /** Column types whose pages are lists of published items, where a budget may be listed. */
    private static final java.util.Set<String> LIST_TYPES = java.util.Set.of("NEWS", "NOTICE", "POLICY");

    private CheckResult notFound(CheckContext context, String label, TreeSet<Integer> otherYears) {
        Captures captures = context.captures();
        List<String> disclosureMissed = new ArrayList<>();
        Optional<CaptureRef> shown = Optional.empty();
        for (Captures.Column column : captures.columns(context.channelId())) {
            if (!"DISCLOSURE".equals(column.type())) {
                continue;
            }
            Optional<CaptureRef> list = captures.latest(context.roundId(), context.channelId(), column.url())
                    .filter(CaptureRef::ok);
            if (list.isEmpty()) {
                disclosureMissed.add(captures.unread(context.roundId(), context.channelId(), column.url())
                        .orElse(column.url()));
            } else if (shown.isEmpty()) {
                shown = list;
            }
        }
        if (!disclosureMissed.isEmpty()) {
            return CheckResult.uncertain("未在已采集页面中找到" + label + "，但政府信息公开栏目未能读取，需人工核实："
                    + String.join("；", disclosureMissed));
        }
        // The lists a budget is published in: one not read, or whose list was not recognised, may hold it.
        List<String> listsUnread = new ArrayList<>();
        for (Captures.Column column : captures.columns(context.channelId())) {
            if (!LIST_TYPES.contains(column.type()) && !column.name().contains("预决算")
                    && !column.name().contains("预算")) {
                continue;
            }
            Optional<CaptureRef> list = captures.latest(context.roundId(), context.channelId(), column.url())
                    .filter(CaptureRef::ok);
            if (list.isEmpty()) {
                listsUnread.add("「" + column.name() + "」" + captures.unread(context.roundId(), context.channelId(),
                        column.url()).orElse(column.url()));
            } else if (captures.list(list.get()).shape()
                    == cn.gongkai.crawler.extract.PageExtractor.ListShape.UNRECOGNISED) {
                listsUnread.add("「" + column.name() + "」" + Captures.UNRECOGNISED_LIST);
            }
        }
        if (!listsUnread.isEmpty()) {
            return CheckResult.uncertain("未在已采集页面中找到" + label + "，但这些栏目未能读取，需人工核实："
                    + String.join("；", listsUnread));
        }
        if (shown.isEmpty()) {
            shown = captures.latest(context.roundId(), context.channelId(), context.channelUrl()).filter(CaptureRef::ok);
        }
        if (shown.isEmpty()) {
            return CheckResult.uncertain("网站未能采集，无法核查" + label + "是否公开");
        }
        String others = otherYears.isEmpty() ? "" : "（仅找到 " + String.join("、", otherYears.descendingSet().stream()
                .map(y -> y + "年").toList()) + "）";
        String message = "网站已采集的栏目和页面中未找到" + label + "公开" + others;
        return CheckResult.failNotFound(null, message, List.of(new Evidence(shown.get().id(), "未找到" + label + others)));
    }

    /**
     * The years of the document kind a title names: "2026年部门预算", "2025年度决算", "预决算" for both; a report on
     * budget execution ("2025年预算执行情况") is not the budget itself.
     */
    static List<Integer> years(String title, String document) {
        if (title == null) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile("(\\d{4})\\s*年度?([^，。；、\\d]{0,16}?)(预决算|预算|决算)").matcher(title);
        while (m.find()) {
            String kind = m.group(3);
            boolean execution = title.startsWith("执行", m.end());
            boolean matches = kind.equals("预决算") || kind.equals(document) && !(kind.equals("预算") && execution);
            if (matches) {
                out.add(Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }

    /** The approval date written next to 批复/批准 in the page's text, nearest first. */
    static Optional<LocalDate> approvalDate(Document page) {
        String text = page.body() == null ? page.text() : page.body().text();
        Matcher approval = APPROVAL.matcher(text);
        while (approval.find()) {
            LocalDate best = null;
            int bestDistance = Integer.MAX_VALUE;
            int start = Math.max(0, approval.start() - 30);
            int end = Math.min(text.length(), approval.end() + 24);
            Matcher date = DATE.matcher(text).region(start, end);
            while (date.find()) {
                int distance = date.end() <= approval.start() ? approval.start() - date.end()
                        : date.start() - approval.end();
                LocalDate d = date(date);
                if (d != null && distance < bestDistance) {
                    best = d;
                    bestDistance = distance;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    private static LocalDate date(Matcher m) {
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * From when the year's document is due: {@code dueBy} as one month-day or one per document ({预算: 03-31, 决算:
     * 09-30}); by default 04-30 and 10-31 for a department's, 03-31 and 09-30 for a government's, whose congress
     * approves them earlier (local).
     */
    private static MonthDay dueBy(CheckContext context, String document, boolean government) {
        Object value = context.params().get("dueBy");
        if (value instanceof java.util.Map<?, ?> perDocument) {
            value = perDocument.get(document);
        }
        String fallback = government ? (document.equals("预算") ? "03-31" : "09-30")
                : (document.equals("预算") ? "04-30" : "10-31");
        String text = value == null ? fallback : value.toString().strip();
        try {
            return MonthDay.parse("--" + text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("检查参数 dueBy 应为“月-日”，如 04-30，实际为：" + value, e);
        }
    }
}
