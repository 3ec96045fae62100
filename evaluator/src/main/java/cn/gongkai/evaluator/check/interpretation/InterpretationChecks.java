package cn.gongkai.evaluator.check.interpretation;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.CheckResult;
import cn.gongkai.evaluator.check.Checker;
import cn.gongkai.evaluator.check.Evidence;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import cn.gongkai.evaluator.check.interpretation.PolicyInterpretations.Interpretation;
import cn.gongkai.evaluator.check.interpretation.PolicyInterpretations.Pairing;
import cn.gongkai.evaluator.check.interpretation.PolicyInterpretations.PolicyDocument;
import cn.gongkai.evaluator.check.interpretation.PolicyInterpretations.Result;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * 政策解读: whether the policy documents of the period have interpretations (解读覆盖率), whether these came within
 * {@code maxWorkingDays} working days (default 3, a common local rule), whether document and interpretation link to
 * each other (解读关联), in what forms beyond text they come (图解、图表、音频、视频、H5), and whether they say who
 * interprets (解读机关、解读人). Each finding carries per-document evidence; what could not be captured is never
 * counted against the unit.
 */
public final class InterpretationChecks {

    /** Evidence kept per finding: enough to show every document of a usual year. */
    private static final int EVIDENCE_LIMIT = 40;
    private static final Pattern INTERPRETER = Pattern.compile(
            "(解读机关|解读机构|解读单位|解读部门|起草部门|解读人|解读专家)\\s*[:：]\\s*([^；;，,。\\s]{2,30})");
    /** A title that names who speaks: "…有关负责同志就《…》答记者问", "…局长解读《…》". */
    private static final Pattern SPEAKER_TITLE = Pattern.compile(
            "([\\p{IsHan}]{2,20}?(负责同志|负责人|局长|主任|县长|区长|市长|书记|专家))(就|解读|谈)");

    private InterpretationChecks() {
    }

    /** 解读覆盖率: documents with an interpretation / documents, as measuredValue. */
    public static Checker coverage() {
        return checker("interpretation-coverage", (context, result) -> {
            List<Pairing> judged = result.pairings();
            if (judged.isEmpty()) {
                return undecidedOrNone(result, "期内政策文件");
            }
            List<Pairing> missing = judged.stream().filter(p -> !p.interpreted()).toList();
            double ratio = (double) (judged.size() - missing.size()) / judged.size();
            String summary = String.format(Locale.ROOT, "%d 件政策文件中 %d 件配发了解读（%.1f%%）%s", judged.size(),
                    judged.size() - missing.size(), ratio * 100, undecidedNote(result));
            List<Evidence> evidence = new ArrayList<>();
            missing.forEach(p -> evidence.add(new Evidence(p.document().evidenceCapture(),
                    p.document().describe() + "，未找到解读")));
            judged.stream().filter(Pairing::interpreted).forEach(p -> evidence.add(new Evidence(
                    p.document().evidenceCapture(), p.document().describe() + "，" + matched(p))));
            String measured = ratio(ratio);
            if (missing.isEmpty()) {
                return CheckResult.pass(measured, summary, limit(evidence));
            }
            String message = summary + "；未配发解读：" + titles(missing.stream().map(Pairing::document).toList());
            return missing.size() == judged.size() ? CheckResult.failNotFound(measured, message, limit(evidence))
                    : CheckResult.partial(ratio, measured, message, limit(evidence));
        });
    }

    /**
     * 解读时效: an interpretation published more than {@code maxWorkingDays} working days after its document is late;
     * one published before or with it is in time (同步). measuredValue counts the late ones, for deduction rules.
     */
    public static Checker timeliness(WorkingDayCalendar calendar) {
        return checker("interpretation-timeliness", (context, result) -> {
            int maxDays = context.intParam("maxWorkingDays", 3);
            List<Evidence> late = new ArrayList<>();
            List<Evidence> inTime = new ArrayList<>();
            List<String> lateTitles = new ArrayList<>();
            int undated = 0;
            for (Pairing p : result.pairings()) {
                if (!p.interpreted()) {
                    continue;
                }
                Optional<Interpretation> first = p.interpretations().keySet().stream()
                        .filter(i -> i.date() != null).min(Comparator.comparing(Interpretation::date));
                if (first.isEmpty() || p.document().date() == null) {
                    undated++;
                    continue;
                }
                int days;
                try {
                    days = calendar.workingDaysBetween(p.document().date(), first.get().date());
                } catch (WorkingDayCalendar.CalendarYearMissingException e) {
                    undated++;
                    continue;
                }
                String excerpt = p.document().describe() + "；" + first.get().describe() + "，相隔 " + Math.max(0, days)
                        + " 个工作日";
                if (days > maxDays) {
                    late.add(new Evidence(first.get().evidenceCapture(), excerpt));
                    lateTitles.add("《" + p.document().title() + "》（" + days + " 个工作日）");
                } else {
                    inTime.add(new Evidence(p.document().evidenceCapture(), excerpt));
                }
            }
            int judged = late.size() + inTime.size();
            if (judged == 0) {
                return CheckResult.notAssessable("没有可核对发布日期的政策文件及其解读" + undecidedNote(result)
                        + (undated > 0 ? "；" + undated + " 件缺少日期" : ""));
            }
            String summary = judged + " 件已解读的政策文件中 " + inTime.size() + " 件的解读在 " + maxDays
                    + " 个工作日内发布" + (undated > 0 ? "，" + undated + " 件缺少日期未核对" : "");
            List<Evidence> evidence = new ArrayList<>(late);
            evidence.addAll(inTime);
            if (late.isEmpty()) {
                return CheckResult.pass("0", summary, limit(evidence));
            }
            String message = summary + "；超期：" + String.join("、", lateTitles.stream().limit(10).toList());
            return late.size() == judged ? CheckResult.fail(String.valueOf(late.size()), message, limit(evidence))
                    : CheckResult.partial(1 - (double) late.size() / judged, String.valueOf(late.size()), message,
                            limit(evidence));
        });
    }

    /**
     * 解读关联: the document page links to its interpretation and the interpretation page links back. A link in one
     * direction only is reported as one-way. measuredValue counts the documents whose pages are not linked both ways.
     */
    public static Checker links() {
        return checker("interpretation-links", (context, result) -> {
            List<Evidence> broken = new ArrayList<>();
            List<Evidence> linked = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            int unknown = 0;
            for (Pairing p : result.pairings()) {
                if (!p.interpreted()) {
                    continue;
                }
                PolicyDocument document = p.document();
                List<Interpretation> captured = p.interpretations().keySet().stream()
                        .filter(i -> i.html().isPresent()).toList();
                if (document.html().isEmpty() || captured.isEmpty()) {
                    unknown++;
                    continue;
                }
                boolean forward = captured.stream().anyMatch(i -> linksTo(document.html().get(), i.url()));
                boolean back = captured.stream().anyMatch(i -> linksTo(i.html().get(), document.url()));
                Interpretation shown = captured.getFirst();
                if (forward && back) {
                    linked.add(new Evidence(document.evidenceCapture(), document.describe() + "，与" + shown.describe()
                            + "相互链接"));
                } else if (forward) {
                    problems.add("《" + document.title() + "》单向关联（解读页面未链接文件）");
                    broken.add(new Evidence(shown.evidenceCapture(), shown.describe() + "，页面未链接到所解读的"
                            + document.describe() + "（单向关联：仅文件页面链接解读）"));
                } else if (back) {
                    problems.add("《" + document.title() + "》单向关联（文件页面未链接解读）");
                    broken.add(new Evidence(document.evidenceCapture(), document.describe() + "，页面未链接到"
                            + shown.describe() + "（单向关联：仅解读页面链接文件）"));
                } else {
                    problems.add("《" + document.title() + "》与解读互无链接");
                    broken.add(new Evidence(document.evidenceCapture(), document.describe() + "，与" + shown.describe()
                            + "互无链接"));
                }
            }
            int judged = broken.size() + linked.size();
            if (judged == 0) {
                return CheckResult.notAssessable("没有已采集文件页面和解读页面的已解读政策文件，无法核查解读关联"
                        + undecidedNote(result));
            }
            String summary = judged + " 件已解读的政策文件中 " + linked.size() + " 件与解读相互链接"
                    + (unknown > 0 ? "，" + unknown + " 件页面未能采集未核对" : "");
            List<Evidence> evidence = new ArrayList<>(broken);
            evidence.addAll(linked);
            if (broken.isEmpty()) {
                return CheckResult.pass("0", summary, limit(evidence));
            }
            String message = summary + "；" + String.join("；", problems.stream().limit(10).toList());
            return broken.size() == judged ? CheckResult.fail(String.valueOf(broken.size()), message, limit(evidence))
                    : CheckResult.partial(1 - (double) broken.size() / judged, String.valueOf(broken.size()), message,
                            limit(evidence));
        });
    }

    /**
     * 解读形式: the share of captured interpretations in a form beyond text (an image, audio, video or H5 embed in
     * the page's content), as measuredValue; {@code minRatio} (default 0.3) or more passes.
     */
    public static Checker forms() {
        return checker("interpretation-forms", (context, result) -> {
            double minRatio = context.doubleParam("minRatio", 0.3);
            List<Interpretation> captured = relevant(context, result).stream().filter(i -> i.html().isPresent())
                    .toList();
            if (captured.isEmpty()) {
                return CheckResult.notAssessable("没有采集到期内的解读页面，无法判断解读形式" + undecidedNote(result));
            }
            List<Evidence> rich = new ArrayList<>();
            List<Evidence> plain = new ArrayList<>();
            for (Interpretation i : captured) {
                List<String> found = formsIn(content(context, i));
                if (found.isEmpty()) {
                    plain.add(new Evidence(i.evidenceCapture(), i.describe() + "，仅文字"));
                } else {
                    rich.add(new Evidence(i.evidenceCapture(), i.describe() + "，形式：" + String.join("、", found)));
                }
            }
            double ratio = (double) rich.size() / captured.size();
            String summary = String.format(Locale.ROOT, "%d 篇解读中 %d 篇采用文字以外的形式（%.1f%%，要求不低于 %.0f%%）",
                    captured.size(), rich.size(), ratio * 100, minRatio * 100);
            List<Evidence> evidence = new ArrayList<>(rich);
            evidence.addAll(plain);
            if (ratio >= minRatio) {
                return CheckResult.pass(ratio(ratio), summary, limit(evidence));
            }
            List<Evidence> failing = new ArrayList<>(plain);
            failing.addAll(rich);
            return rich.isEmpty() ? CheckResult.fail(ratio(ratio), summary + "，均为纯文字解读", limit(failing))
                    : CheckResult.partial(ratio, ratio(ratio), summary, limit(failing));
        });
    }

    /**
     * 解读人: the share of captured interpretations that say who interprets (解读机关、解读人, or a speaker named in
     * the title such as 有关负责同志就《…》答记者问), as measuredValue.
     */
    public static Checker interpreter() {
        return checker("interpretation-interpreter", (context, result) -> {
            List<Interpretation> captured = relevant(context, result).stream().filter(i -> i.html().isPresent())
                    .toList();
            if (captured.isEmpty()) {
                return CheckResult.notAssessable("没有采集到期内的解读页面，无法判断是否标明解读人" + undecidedNote(result));
            }
            List<Evidence> stated = new ArrayList<>();
            List<Evidence> unstated = new ArrayList<>();
            for (Interpretation i : captured) {
                Optional<String> who = interpreterIn(i.title(), content(context, i));
                if (who.isPresent()) {
                    stated.add(new Evidence(i.evidenceCapture(), i.describe() + "，" + who.get()));
                } else {
                    unstated.add(new Evidence(i.evidenceCapture(), i.describe() + "，未标明解读机关或解读人"));
                }
            }
            double ratio = (double) stated.size() / captured.size();
            String summary = String.format(Locale.ROOT, "%d 篇解读中 %d 篇标明了解读机关或解读人（%.1f%%）",
                    captured.size(), stated.size(), ratio * 100);
            List<Evidence> evidence = new ArrayList<>(unstated);
            evidence.addAll(stated);
            if (unstated.isEmpty()) {
                return CheckResult.pass(ratio(ratio), summary, limit(evidence));
            }
            return stated.isEmpty() ? CheckResult.fail(ratio(ratio), summary, limit(evidence))
                    : CheckResult.partial(ratio, ratio(ratio), summary, limit(evidence));
        });
    }

    /**
     * 主要负责人解读: within {@code lookbackMonths} (default 12) the unit's principal leader interpreted at least
     * {@code minCount} (default 1) policies. An interpretation is the principal leader's when its title or its
     * 解读人 label says so (主要负责人/主要负责同志, or a head's title without 副: "县长解读", "局长谈…"), or names the
     * principal leader the site's 领导之窗 page lists. Press conferences and interviews anywhere on the site count when
     * their titles say so. measuredValue counts them. Nothing found is only a failure when every interpretation page
     * was read and either the leader page was read or no interpretation names a person the platform cannot place.
     */
    public static Checker principal() {
        return checker("interpretation-principal", (context, result) -> {
            int minCount = context.intParam("minCount", 1);
            Leaders.Info leaders = Leaders.load(context);
            LocalDate from = context.referenceDate().minusMonths(context.intParam("lookbackMonths", 12));
            List<Interpretation> relevant = relevant(context, result);
            List<Evidence> found = new ArrayList<>();
            List<Evidence> others = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            List<String> unplaced = new ArrayList<>();
            int unread = 0;
            for (Interpretation i : relevant) {
                seen.add(PolicyInterpretations.normal(i.url()));
                Optional<String> interpreter = i.html().isEmpty() ? Optional.empty()
                        : interpreterName(content(context, i));
                Optional<String> why = principalBy(i.title(), interpreter.orElse(null), leaders.principals());
                if (why.isPresent()) {
                    found.add(new Evidence(i.evidenceCapture(), i.describe() + "，" + why.get()));
                } else if (i.html().isEmpty()) {
                    unread++;
                } else {
                    others.add(new Evidence(i.evidenceCapture(), i.describe() + "，" + interpreter
                            .map(n -> "解读人：" + n).orElse("未署名解读人") + "，不是主要负责人"));
                    interpreter.filter(n -> Leaders.name(n).isPresent()).ifPresent(unplaced::add);
                }
            }
            // press conferences, interviews and signed articles listed anywhere on the site
            for (String kind : List.of("LIST_ITEM", "ARTICLE")) {
                for (DatedItem item : context.captures().itemsOfChannel(context.roundId(), context.channelId(), kind)) {
                    if (item.title() == null || item.url() == null || item.date() == null || item.date().isBefore(from)
                            || item.date().isAfter(context.referenceDate())
                            || !seen.add(PolicyInterpretations.normal(item.url()))
                            || !PRINCIPAL_FORMS.matcher(item.title()).find()) {
                        continue;
                    }
                    principalBy(item.title(), null, leaders.principals()).ifPresent(why -> found.add(new Evidence(
                            item.captureId(), "《" + item.title() + "》发布于 " + item.date() + "，" + why)));
                }
            }
            String leaderNote = leaders.principals().isEmpty() ? ""
                    : "（领导之窗所列主要负责人：" + Leaders.describe(leaders.principals()) + "）";
            if (found.size() >= minCount) {
                return CheckResult.pass(String.valueOf(found.size()), "近 " + context.intParam("lookbackMonths", 12)
                        + " 个月主要负责人解读 " + found.size() + " 次" + leaderNote, limit(found));
            }
            if (unread > 0) {
                return CheckResult.uncertain("未找到主要负责人解读，但 " + unread + " 篇解读页面未能采集，需人工核实");
            }
            if (!result.unreadInterpretationColumns().isEmpty()) {
                return CheckResult.uncertain("未找到主要负责人解读，但解读栏目未能读取，需人工核实："
                        + String.join("；", result.unreadInterpretationColumns()));
            }
            if (leaders.uncaptured() != null) {
                return CheckResult.uncertain("未找到主要负责人解读；领导信息页面未能采集（" + leaders.uncaptured()
                        + "），无法核对解读人是否为主要负责人");
            }
            if (leaders.principals().isEmpty() && !unplaced.isEmpty()) {
                return CheckResult.uncertain("未找到主要负责人解读；网站未公开可识别的领导信息，无法核对解读人"
                        + String.join("、", unplaced.stream().distinct().limit(5).toList()) + "是否为主要负责人");
            }
            List<Evidence> evidence = new ArrayList<>();
            leaders.page().ifPresent(p -> evidence.add(new Evidence(p.id(), "领导之窗所列主要负责人："
                    + (leaders.principals().isEmpty() ? "未能识别" : Leaders.describe(leaders.principals())))));
            evidence.addAll(others);
            if (evidence.isEmpty()) {
                context.captures().latest(context.roundId(), context.channelId(), context.channelUrl())
                        .filter(CaptureRef::ok).ifPresent(h -> evidence.add(new Evidence(h.id(), "首页及已采集页面中未见主要负责人解读")));
            }
            if (evidence.isEmpty()) {
                return CheckResult.uncertain("网站未能采集，无法核查主要负责人解读");
            }
            return CheckResult.failNotFound(String.valueOf(found.size()), "近 " + context.intParam("lookbackMonths", 12)
                    + " 个月 " + relevant.size() + " 篇解读中未见主要负责人解读" + leaderNote, limit(evidence));
        });
    }

    /** Titles of what a principal leader's interpretation can be besides an interpretation page. */
    private static final Pattern PRINCIPAL_FORMS = Pattern.compile("解读|访谈|发布会|答记者问|吹风会|谈");
    /** A head's title (never a deputy's) followed by what he or she does with a policy: "县长解读", "局长谈". */
    private static final Pattern PRINCIPAL_IN_TITLE = Pattern.compile("主要负责(人|同志)|主要领导|(?<!副)("
            + String.join("|", Leaders.PRINCIPAL_TITLES) + ")[\\p{IsHan}]{0,6}?(解读|谈|就|做客|接受|访谈|答记者问|介绍|撰文)");

    /** Why an interpretation is the principal leader's, if it is. */
    static Optional<String> principalBy(String title, String interpreter, Map<String, String> principals) {
        String t = title == null ? "" : title;
        Matcher inTitle = PRINCIPAL_IN_TITLE.matcher(t);
        if (inTitle.find()) {
            return Optional.of("标题表明由主要负责人解读（" + inTitle.group() + "）");
        }
        if (interpreter != null) {
            if (interpreter.contains("主要负责") || Leaders.principalPosition(interpreter).isPresent()) {
                return Optional.of("解读人：" + interpreter);
            }
            for (var p : principals.entrySet()) {
                if (interpreter.contains(p.getKey())) {
                    return Optional.of("解读人：" + interpreter + "，即领导之窗所列" + p.getValue());
                }
            }
        }
        for (var p : principals.entrySet()) {
            if (t.contains(p.getKey())) {
                return Optional.of("标题中的" + p.getKey() + "即领导之窗所列" + p.getValue());
            }
        }
        return Optional.empty();
    }

    /** The person a page's content names as its interpreter (解读人：…, 解读专家：…), without the agency. */
    private static Optional<String> interpreterName(Element content) {
        Matcher m = INTERPRETER.matcher(content.text());
        while (m.find()) {
            if (m.group(1).equals("解读人") || m.group(1).equals("解读专家")) {
                return Optional.of(m.group(2));
            }
        }
        return Optional.empty();
    }

    /** The forms beyond text in a page's content: 图解/图表 (images), 音频, 视频, H5 (embedded pages). */
    static List<String> forms(Document page) {
        return formsIn(PageChrome.content(page));
    }

    /** As {@link #forms(Document)}, in an article's content (see {@link #content(CheckContext, Interpretation)}). */
    static List<String> formsIn(Element content) {
        List<String> out = new ArrayList<>();
        boolean image = content.select("img").stream().anyMatch(img -> {
            String src = (img.attr("src") + " " + img.attr("data-src") + " " + img.className()).toLowerCase(Locale.ROOT);
            // logos, icons and spacer images are decoration, not an interpretation
            return !src.isBlank() && !src.matches(".*(logo|icon|ico\\b|spacer|blank|share|qrcode|ewm).*")
                    && !tiny(img.attr("width")) && !tiny(img.attr("height"));
        });
        if (image) {
            out.add("图解/图表");
        }
        if (!content.select("audio, a[href~=(?i)\\.(mp3|m4a|wav)$]").isEmpty()) {
            out.add("音频");
        }
        if (!content.select("video, a[href~=(?i)\\.(mp4|flv|m3u8|mov)$], embed[src~=(?i)\\.(mp4|flv)]").isEmpty()) {
            out.add("视频");
        }
        if (!content.select("iframe[src], embed[src]:not([src~=(?i)\\.(mp4|flv)]), object[data]").isEmpty()) {
            out.add("H5/嵌入页面");
        }
        return out;
    }

    /** Who interprets, as the page or its title states it. */
    static Optional<String> interpreter(String title, Document page) {
        return interpreterIn(title, PageChrome.content(page));
    }

    /** As {@link #interpreter(String, Document)}, in an article's content. */
    static Optional<String> interpreterIn(String title, Element content) {
        List<String> parts = new ArrayList<>();
        Matcher m = INTERPRETER.matcher(content.text());
        while (m.find() && parts.size() < 3) {
            String part = m.group(1) + "：" + m.group(2);
            if (!parts.contains(part)) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            Matcher speaker = SPEAKER_TITLE.matcher(title == null ? "" : title);
            if (speaker.find()) {
                parts.add("解读人：" + speaker.group(1));
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("，", parts));
    }

    /** A captured interpretation's own text: its profile's article body, else the page without its chrome. */
    private static Element content(CheckContext context, Interpretation i) {
        return context.captures().content(i.page().orElseThrow().id(), i.html().orElseThrow());
    }

    private static boolean tiny(String size) {
        try {
            return !size.isBlank() && Integer.parseInt(size.replace("px", "").strip()) < 100;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Interpretations of the period's documents, and those listed in the period even if no document was found. */
    private static List<Interpretation> relevant(CheckContext context, Result result) {
        LocalDate from = context.referenceDate().minusMonths(context.intParam("lookbackMonths", 12));
        List<Interpretation> out = new ArrayList<>();
        result.pairings().forEach(p -> out.addAll(p.interpretations().keySet()));
        result.interpretations().stream()
                .filter(i -> i.date() != null && !i.date().isBefore(from) && !i.date().isAfter(context.referenceDate()))
                .forEach(out::add);
        return out.stream().filter(Objects::nonNull).distinct().toList();
    }

    private static boolean linksTo(Document page, String url) {
        String target = PolicyInterpretations.normal(url);
        return PolicyInterpretations.contentLinks(page).stream()
                .anyMatch(a -> PolicyInterpretations.normal(a.absUrl("href")).equals(target));
    }

    private static String matched(Pairing p) {
        return String.join("；", p.interpretations().entrySet().stream().limit(3)
                .map(e -> e.getKey().describe() + "（按" + e.getValue() + "匹配）").toList());
    }

    private static CheckResult undecidedOrNone(Result result, String what) {
        if (!result.undecided().isEmpty()) {
            return CheckResult.uncertain(result.undecided().size() + " 件" + what + "的页面或解读栏目未能采集，无法判断是否配发解读："
                    + titles(result.undecided()));
        }
        return CheckResult.notAssessable("检查期内政策文件栏目没有需要解读的政策文件，需人工核实");
    }

    private static String undecidedNote(Result result) {
        return result.undecided().isEmpty() ? ""
                : "；另有 " + result.undecided().size() + " 件文件页面或解读栏目未能采集，未计入";
    }

    private static String titles(List<PolicyDocument> documents) {
        return String.join("、", documents.stream().limit(10).map(d -> "《" + d.title() + "》").toList())
                + (documents.size() > 10 ? " 等" : "");
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static List<Evidence> limit(List<Evidence> evidence) {
        return evidence.stream().limit(EVIDENCE_LIMIT).toList();
    }

    private static Checker checker(String type, BiFunction<CheckContext, Result, CheckResult> judge) {
        return new Checker() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public CheckResult check(CheckContext context) {
                Result result = PolicyInterpretations.load(context);
                if (result.uncertain()) {
                    return CheckResult.uncertain(result.uncertainReason());
                }
                return judge.apply(context, result);
            }
        };
    }
}
