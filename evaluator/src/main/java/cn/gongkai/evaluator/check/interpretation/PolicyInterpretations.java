package cn.gongkai.evaluator.check.interpretation;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.Captures.DatedItem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The policy documents of a website matched to their interpretations (政策解读), from the round's captures only.
 * Interpretations are the entries of interpretation columns, anything else captured under an interpretation title
 * (解读、图解、一图读懂、答记者问…) and the pages a document links to under such a title.
 * A document's interpretations are found three ways: a link between the two pages (either direction), the
 * interpretation's title naming the document (关于《…》的解读, 《…》政策解读, 图解《…》, compared after normalising
 * both titles, and the 《…》 inside 关于印发《…》的通知), or the document's 文号 in the interpretation's title.
 * A document that shows none is only "not interpreted" when its own page and every interpretation column were
 * captured: otherwise a link nobody could read may exist, and the document is left undecided.
 */
final class PolicyInterpretations {

    /** Words of an interpretation's title; a title with one of these is an interpretation, not a document. */
    static final Pattern INTERPRETATION_TITLE = Pattern.compile("解读|图解|一图读懂|图说|答记者问|问答|吹风会|读懂");
    private static final Pattern QUOTED = Pattern.compile("《([^《》]{4,})》");
    private static final Pattern DOC_NUMBER = Pattern.compile("[\\p{IsHan}]{1,12}[〔\\[［(（【]\\s*\\d{4}\\s*[〕\\]］)）】]\\s*\\d{1,4}\\s*号");
    /** What is left of an interpretation's title once its interpretation words are taken away, for comparison. */
    private static final Pattern INTERPRETATION_WORDS = Pattern.compile(
            "^关于|的?(政策)?解读(材料)?$|^(政策)?解读|^图解|^一图读懂|^图说|答记者问$|^.{0,20}(负责同志|负责人)就|问答$");
    /** Shorter normalised titles are too generic to be contained in another ("实施方案"). */
    private static final int MIN_CONTAINED = 8;

    /** A policy document listed in a policy column, with its page if it was captured. */
    record PolicyDocument(String title, String url, LocalDate date, long listCaptureId, Optional<CaptureRef> page,
                          Optional<Document> html, String docNumber) {

        long evidenceCapture() {
            return page.map(CaptureRef::id).orElse(listCaptureId);
        }

        String describe() {
            return "《" + title + "》" + (docNumber == null ? "" : "（" + docNumber + "）") + "发布于 "
                    + (date == null ? "日期不详" : date);
        }
    }

    /** An interpretation, from an interpretation column or a link of a document page. */
    record Interpretation(String title, String url, LocalDate date, long listCaptureId, Optional<CaptureRef> page,
                          Optional<Document> html) {

        long evidenceCapture() {
            return page.map(CaptureRef::id).orElse(listCaptureId);
        }

        String describe() {
            return "解读《" + title + "》发布于 " + (date == null ? "日期不详" : date);
        }
    }

    /** A document and what was found of its interpretations; {@code how} says how each was matched. */
    record Pairing(PolicyDocument document, Map<Interpretation, String> interpretations) {

        boolean interpreted() {
            return !interpretations.isEmpty();
        }
    }

    /**
     * The matching of one website, or why it could not be made.
     *
     * @param undecided documents that show no interpretation but whose page or interpretation columns were not
     *                  all captured
     * @param unreadInterpretationColumns interpretation columns not read (with why): what they list is unknown
     */
    record Result(String uncertainReason, List<Pairing> pairings, List<PolicyDocument> undecided,
                  List<Interpretation> interpretations, List<String> unreadInterpretationColumns) {

        boolean uncertain() {
            return uncertainReason != null;
        }
    }

    private PolicyInterpretations() {
    }

    /**
     * Documents published within {@code lookbackMonths} (default 12) before the reference date in the columns of
     * {@code documentColumnTypes} (default POLICY), leaving out titles with any of {@code exemptTitleWords}
     * (personnel, commendations, repeals: documents no rule asks to interpret).
     */
    static Result load(CheckContext context) {
        Captures captures = context.captures();
        List<String> documentTypes = context.listParam("documentColumnTypes", List.of("POLICY"));
        List<String> interpretationTypes = context.listParam("interpretationColumnTypes", List.of("INTERPRETATION"));
        List<String> exempt = context.listParam("exemptTitleWords",
                List.of("任免", "免职", "表彰", "通报", "名单", "废止", "更正", "解读"));
        LocalDate from = context.referenceDate().minusMonths(context.intParam("lookbackMonths", 12));
        List<Captures.Column> columns = captures.columns(context.channelId());
        Set<String> columnUrls = new LinkedHashSet<>();
        columns.forEach(c -> columnUrls.add(normal(c.url())));

        Map<String, PolicyDocument> documents = new LinkedHashMap<>();
        Map<String, Interpretation> interpretations = new LinkedHashMap<>();
        boolean anyDocumentColumn = false;
        List<String> unreadInterpretationColumns = new ArrayList<>();
        for (Captures.Column column : columns) {
            boolean documentColumn = documentTypes.contains(column.type());
            boolean interpretationColumn = interpretationTypes.contains(column.type());
            if (!documentColumn && !interpretationColumn) {
                continue;
            }
            anyDocumentColumn |= documentColumn;
            Optional<CaptureRef> list = captures.latest(context.roundId(), context.channelId(), column.url())
                    .filter(CaptureRef::ok);
            if (list.isEmpty()) {
                String why = captures.unread(context.roundId(), context.channelId(), column.url())
                        .orElse(column.url());
                if (documentColumn) {
                    return new Result("政策文件栏目「" + column.name() + "」未能读取：" + why + "，无法核查政策解读",
                            List.of(), List.of(), List.of(), List.of());
                }
                unreadInterpretationColumns.add("「" + column.name() + "」" + why);
                continue;
            }
            // A list not recognised was not read: its documents, or its interpretations, are unknown.
            if (captures.list(list.get()).shape() == cn.gongkai.crawler.extract.PageExtractor.ListShape.UNRECOGNISED) {
                if (documentColumn) {
                    return new Result("政策文件栏目「" + column.name() + "」" + Captures.UNRECOGNISED_LIST + "："
                            + column.url() + "，无法核查政策解读", List.of(), List.of(), List.of(), List.of());
                }
                unreadInterpretationColumns.add("「" + column.name() + "」" + Captures.UNRECOGNISED_LIST);
                continue;
            }
            for (DatedItem item : captures.listItems(list.get().id())) {
                boolean looksInterpretation = INTERPRETATION_TITLE.matcher(item.title()).find();
                if (interpretationColumn || looksInterpretation) {
                    interpretations.computeIfAbsent(normal(item.url()), u -> interpretation(context, item.title(),
                            item.url(), item.date(), list.get().id()));
                } else if (!item.date().isBefore(from) && !item.date().isAfter(context.referenceDate())
                        && exempt.stream().noneMatch(item.title()::contains)) {
                    documents.computeIfAbsent(normal(item.url()), u -> document(context, item, list.get().id()));
                }
            }
        }
        if (!anyDocumentColumn) {
            return new Result("本轮未登记政策文件栏目，无法核查政策解读", List.of(), List.of(), List.of(), List.of());
        }

        // Interpretations listed elsewhere on the site (the homepage, a 政务公开 sub-column) under their own title.
        for (String kind : List.of("LIST_ITEM", "ARTICLE")) {
            for (DatedItem item : captures.itemsOfChannel(context.roundId(), context.channelId(), kind)) {
                if (item.title() != null && item.url() != null && !documents.containsKey(normal(item.url()))
                        && !columnUrls.contains(normal(item.url())) && INTERPRETATION_TITLE.matcher(item.title()).find()) {
                    interpretations.computeIfAbsent(normal(item.url()), u -> interpretation(context, item.title(),
                            item.url(), item.date(), item.captureId()));
                }
            }
        }

        // Interpretations a document page links to, though no interpretation column lists them.
        for (PolicyDocument document : documents.values()) {
            if (document.html().isEmpty()) {
                continue;
            }
            for (Element link : contentLinks(document.html().get())) {
                String url = normal(link.absUrl("href"));
                String text = link.text().strip();
                if (interpretations.containsKey(url) || columnUrls.contains(url) || documents.containsKey(url)
                        || text.length() < MIN_CONTAINED || !INTERPRETATION_TITLE.matcher(text).find()) {
                    continue;
                }
                interpretations.put(url, interpretation(context, text, link.absUrl("href"), null,
                        document.evidenceCapture()));
            }
        }

        List<Pairing> pairings = new ArrayList<>();
        List<PolicyDocument> undecided = new ArrayList<>();
        for (PolicyDocument document : documents.values()) {
            Map<Interpretation, String> found = new LinkedHashMap<>();
            Set<String> forward = document.html().map(PolicyInterpretations::linkTargets).orElse(Set.of());
            Set<String> keys = keys(document);
            for (Interpretation interpretation : interpretations.values()) {
                String how = null;
                if (forward.contains(normal(interpretation.url()))) {
                    how = "文件页面链接";
                } else if (interpretation.html().map(PolicyInterpretations::linkTargets).orElse(Set.of())
                        .contains(normal(document.url()))) {
                    how = "解读页面链接";
                } else if (document.docNumber() != null
                        && squeeze(interpretation.title()).contains(squeeze(document.docNumber()))) {
                    how = "文号";
                } else if (titleMatches(keys, interpretation.title())) {
                    how = "标题";
                }
                if (how != null) {
                    found.put(interpretation, how);
                }
            }
            if (found.isEmpty() && (document.html().isEmpty() || !unreadInterpretationColumns.isEmpty())) {
                undecided.add(document);
            } else {
                pairings.add(new Pairing(document, found));
            }
        }
        return new Result(null, pairings, undecided, List.copyOf(interpretations.values()),
                List.copyOf(unreadInterpretationColumns));
    }

    private static PolicyDocument document(CheckContext context, DatedItem item, long listCaptureId) {
        Optional<CaptureRef> page = context.captures().latest(context.roundId(), context.channelId(), item.url())
                .filter(CaptureRef::ok);
        Optional<Document> html = page.flatMap(p -> context.captures().html(p.id()));
        String number = null;
        Matcher m = DOC_NUMBER.matcher(item.title());
        if (m.find()) {
            number = m.group();
        } else if (html.isPresent()) {
            number = docNumber(html.get()).orElse(null);
        }
        return new PolicyDocument(item.title(), item.url(), item.date(), listCaptureId, page, html, number);
    }

    private static Interpretation interpretation(CheckContext context, String title, String url, LocalDate listed,
                                                 long listCaptureId) {
        Optional<CaptureRef> page = context.captures().latest(context.roundId(), context.channelId(), url)
                .filter(CaptureRef::ok);
        LocalDate date = listed;
        if (date == null && page.isPresent()) {
            // the page's own stated date, as the crawler recorded it
            date = context.captures().items(page.get().id(), "ARTICLE").stream().map(DatedItem::date)
                    .filter(d -> d != null).findFirst().orElse(null);
        }
        return new Interpretation(title, url, date, listCaptureId, page,
                page.flatMap(p -> context.captures().html(p.id())));
    }

    /** The 文号 of a document page: in its metadata header (文号、发文字号) or, failing that, in its text. */
    static Optional<String> docNumber(Document page) {
        String text = page.body() == null ? "" : page.body().text();
        Matcher labelled = Pattern.compile("(文号|发文字号|公文字号)\\s*[:：]?\\s*(" + DOC_NUMBER.pattern() + ")")
                .matcher(text);
        if (labelled.find()) {
            return Optional.of(labelled.group(2));
        }
        Matcher any = DOC_NUMBER.matcher(text);
        return any.find() ? Optional.of(any.group()) : Optional.empty();
    }

    /** The names a reader may quote a document by: its title, and the 《…》 it issues (关于印发《…》的通知). */
    private static Set<String> keys(PolicyDocument document) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(squeeze(document.title()));
        Matcher quoted = QUOTED.matcher(document.title());
        while (quoted.find()) {
            keys.add(squeeze(quoted.group(1)));
        }
        keys.removeIf(String::isEmpty);
        return keys;
    }

    /** Whether an interpretation's title names the document: quoted, or once its interpretation words are gone. */
    static boolean titleMatches(Set<String> documentKeys, String interpretationTitle) {
        List<String> names = new ArrayList<>();
        Matcher quoted = QUOTED.matcher(interpretationTitle);
        while (quoted.find()) {
            names.add(squeeze(quoted.group(1)));
        }
        if (names.isEmpty()) {
            String bare = interpretationTitle.strip();
            String before;
            do {
                before = bare;
                bare = INTERPRETATION_WORDS.matcher(bare).replaceAll("").strip();
            } while (!bare.equals(before));
            names.add(squeeze(bare));
        }
        for (String name : names) {
            for (String key : documentKeys) {
                if (name.equals(key)) {
                    return true;
                }
                String shorter = name.length() < key.length() ? name : key;
                String longer = shorter == name ? key : name;
                if (shorter.length() >= MIN_CONTAINED && longer.contains(shorter)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A title reduced to its Han characters, letters and digits: punctuation, spaces and brackets vary. */
    static String squeeze(String title) {
        return title == null ? "" : title.replaceAll("[^\\p{IsHan}\\p{IsAlphabetic}\\p{IsDigit}]", "")
                .toLowerCase(Locale.ROOT);
    }

    /** Links of a page's content, leaving out navigation, header, footer and the breadcrumb. */
    static List<Element> contentLinks(Document page) {
        return page.select("a[href]").stream()
                .filter(a -> !PageChrome.contains(a))
                .toList();
    }

    private static Set<String> linkTargets(Document page) {
        Set<String> out = new LinkedHashSet<>();
        contentLinks(page).forEach(a -> out.add(normal(a.absUrl("href"))));
        return out;
    }

    /** A URL compared without its fragment, trailing index page or trailing slash. */
    static String normal(String url) {
        if (url == null) {
            return "";
        }
        String u = url.strip();
        int hash = u.indexOf('#');
        if (hash >= 0) {
            u = u.substring(0, hash);
        }
        u = u.replaceFirst("/index\\.s?html?$", "/");
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
