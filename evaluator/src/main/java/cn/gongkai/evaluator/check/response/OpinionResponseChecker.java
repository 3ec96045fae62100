package cn.gongkai.evaluator.check.response;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * {@code opinion-response} (machine-assisted): public-opinion response records (政务舆情回应) where the website has a
 * column for them — a column of the round named like 回应关切 or of type RESPONSE, else such a link on the homepage.
 * At least {@code minItems} (default 1) dated responses in the {@code windowDays} (default 365) before the reference
 * date pass; a column with none fails, the column page as evidence. Without such a column there is nothing to read:
 * the unit's response ledger is for people (NOT_ASSESSABLE); a column that could not be captured is uncertain.
 */
public final class OpinionResponseChecker implements Checker {

    public static final String TYPE = "opinion-response";
    private static final Pattern NAME = Pattern.compile("回应关切|舆情回应|热点回应|回应社会关切|政务舆情");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckResult check(CheckContext context) {
        Captures captures = context.captures();
        Map<String, String> columns = new LinkedHashMap<>();
        for (Captures.Column c : captures.columns(context.channelId())) {
            if ("RESPONSE".equals(c.type()) || NAME.matcher(c.name()).find()) {
                columns.put(c.url(), c.name());
            }
        }
        Optional<CaptureRef> home = captures.latest(context.roundId(), context.channelId(), context.channelUrl())
                .filter(CaptureRef::ok);
        Optional<Document> homepage = home.flatMap(h -> captures.html(h.id()));
        if (columns.isEmpty() && homepage.isPresent()) {
            for (Element a : homepage.get().select("a[href]")) {
                if (NAME.matcher(a.text()).find()) {
                    columns.putIfAbsent(a.absUrl("href"), a.text().strip());
                }
            }
        }
        if (columns.isEmpty()) {
            return homepage.isEmpty()
                    ? CheckResult.uncertain("首页未能读取，无法查找回应关切（舆情回应）栏目：" + captures.unread(
                            context.roundId(), context.channelId(), context.channelUrl()).orElse(context.channelUrl()))
                    : CheckResult.notAssessable("网站未设置回应关切（舆情回应）栏目，由评估人员依据舆情回应工作台账评分");
        }
        int windowDays = context.intParam("windowDays", 365);
        int minItems = context.intParam("minItems", 1);
        LocalDate from = context.referenceDate().minusDays(windowDays);
        List<DatedItem> all = new ArrayList<>();
        List<Evidence> listPages = new ArrayList<>();
        List<String> uncaptured = new ArrayList<>();
        for (var column : columns.entrySet()) {
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), column.getKey())
                    .filter(CaptureRef::ok);
            if (capture.isEmpty()) {
                uncaptured.add("「" + column.getValue() + "」" + captures.unread(context.roundId(), context.channelId(),
                        column.getKey()).orElse(column.getKey()));
                continue;
            }
            // An unrecognised list was not read: its responses are unknown. An undated one shows none dated.
            if (captures.list(capture.get()).shape() == PageExtractor.ListShape.UNRECOGNISED) {
                uncaptured.add("「" + column.getValue() + "」" + Captures.UNRECOGNISED_LIST);
                continue;
            }
            all.addAll(captures.listItems(capture.get().id()));
            listPages.add(new Evidence(capture.get().id(), "栏目「" + column.getValue() + "」：" + column.getKey()));
        }
        if (listPages.isEmpty()) {
            return CheckResult.uncertain("回应关切栏目未能读取：" + String.join("；", uncaptured));
        }
        List<DatedItem> recent = all.stream()
                .filter(i -> !i.date().isBefore(from) && !i.date().isAfter(context.referenceDate()))
                .sorted(Comparator.comparing(DatedItem::date).reversed()).toList();
        String names = String.join("、", columns.values());
        if (recent.size() >= minItems) {
            return CheckResult.pass(Integer.toString(recent.size()), "「" + names + "」检查前 " + windowDays + " 天发布回应 "
                    + recent.size() + " 条，最近一条为《" + recent.getFirst().title() + "》" + recent.getFirst().date(),
                    recent.stream().limit(5).map(i -> new Evidence(i.captureId(), "《" + i.title() + "》" + i.date()))
                            .toList());
        }
        Optional<DatedItem> newest = all.stream().max(Comparator.comparing(DatedItem::date));
        String last = newest.map(i -> "最近一条为《" + i.title() + "》" + i.date() + "（距检查日 "
                + ChronoUnit.DAYS.between(i.date(), context.referenceDate()) + " 天）").orElse("栏目中没有带日期的回应");
        if (!uncaptured.isEmpty()) {
            return CheckResult.uncertain("「" + names + "」检查前 " + windowDays + " 天回应记录不足 " + minItems + " 条，"
                    + last + "；另有栏目未能读取：" + String.join("；", uncaptured), listPages);
        }
        return CheckResult.fail(Integer.toString(recent.size()), "「" + names + "」检查前 " + windowDays + " 天内回应记录 "
                + recent.size() + " 条（要求至少 " + minItems + " 条），" + last, listPages);
    }
}
