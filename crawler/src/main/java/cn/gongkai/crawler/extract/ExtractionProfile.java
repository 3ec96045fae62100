package cn.gongkai.crawler.extract;

import cn.gongkai.crawler.extract.PageExtractor.ListItem;
import cn.gongkai.crawler.extract.PageExtractor.ListReading;
import cn.gongkai.crawler.extract.PageExtractor.ListShape;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A site's extraction profile (栏目配置): CSS selectors an evaluator gives where the generic extractor misreads a
 * site, as commercial monitors let their users do. Each selector is optional, and where one is missing or selects
 * nothing on a page, the generic extractor reads that part as before; a profile only ever adds what it selects.
 *
 * @param listItem     on a column's list page, each entry ({@code div.news-list dl})
 * @param itemTitle    inside an entry, the title (default: the entry's first link)
 * @param itemDate     inside an entry, the date (default: the first date in the entry's text)
 * @param nextPage     on a list page, the link or links to its further pages
 * @param articleTitle on an article page, the title
 * @param articleDate  on an article page, the element that states the publication date
 * @param articleBody  on an article page, the article itself (without header, menus and footer)
 */
public record ExtractionProfile(String listItem, String itemTitle, String itemDate, String nextPage,
                                String articleTitle, String articleDate, String articleBody) {

    /** The selectors by key, with the Chinese name the unit sheet and the messages use. */
    public static final Map<String, String> LABELS = labels();
    private static final int MAX_SELECTOR_CHARS = 300;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("listItem", "列表项选择器");
        labels.put("itemTitle", "列表标题选择器");
        labels.put("itemDate", "列表日期选择器");
        labels.put("nextPage", "下一页选择器");
        labels.put("articleTitle", "文章标题选择器");
        labels.put("articleDate", "文章日期选择器");
        labels.put("articleBody", "正文选择器");
        return java.util.Collections.unmodifiableMap(labels);
    }

    /**
     * A profile from selectors by key ({@link #LABELS}); blank values are left out.
     *
     * @throws IllegalArgumentException naming, in Chinese, every unknown key and every selector that is not valid CSS
     */
    public static ExtractionProfile of(Map<String, ?> selectors) {
        List<String> problems = new ArrayList<>();
        Map<String, String> clean = new LinkedHashMap<>();
        selectors.forEach((key, value) -> {
            if (!LABELS.containsKey(key)) {
                problems.add("未知的抽取配置项“" + key + "”（可用：" + String.join("、", LABELS.keySet()) + "）");
                return;
            }
            String selector = value == null ? "" : value.toString().strip();
            if (selector.isEmpty()) {
                return;
            }
            String problem = selectorProblem(selector);
            if (problem != null) {
                problems.add(LABELS.get(key) + "（" + key + "）" + problem);
                return;
            }
            clean.put(key, selector);
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("；", problems));
        }
        return new ExtractionProfile(clean.get("listItem"), clean.get("itemTitle"), clean.get("itemDate"),
                clean.get("nextPage"), clean.get("articleTitle"), clean.get("articleDate"), clean.get("articleBody"));
    }

    /** Why a selector cannot be used, in Chinese, or null if it can. */
    public static String selectorProblem(String selector) {
        if (selector.length() > MAX_SELECTOR_CHARS) {
            return "过长（" + selector.length() + " 个字符，上限 " + MAX_SELECTOR_CHARS + "）";
        }
        try {
            QueryParser.parse(selector);
            return null;
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            return "不是有效的 CSS 选择器：“" + selector + "”";
        }
    }

    /** The profile as stored with its channel, or empty for none (null, blank or {@code {}}). */
    public static Optional<ExtractionProfile> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            Map<String, Object> map = JSON.readValue(json, new tools.jackson.core.type.TypeReference<>() {
            });
            ExtractionProfile profile = of(map);
            return profile.isEmpty() ? Optional.empty() : Optional.of(profile);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("抽取配置不是有效的 JSON：" + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        return JSON.writeValueAsString(selectors());
    }

    /** The selectors given, by key, in the order of {@link #LABELS}. */
    public Map<String, String> selectors() {
        Map<String, String> out = new LinkedHashMap<>();
        String[] values = {listItem, itemTitle, itemDate, nextPage, articleTitle, articleDate, articleBody};
        int i = 0;
        for (String key : LABELS.keySet()) {
            if (values[i] != null) {
                out.put(key, values[i]);
            }
            i++;
        }
        return out;
    }

    public boolean isEmpty() {
        return selectors().isEmpty();
    }

    /**
     * The list the profile's {@code listItem} selects: DATED if any entry has a date (the dated ones), else UNDATED;
     * empty if there is no such selector or it selects no entry with a link, for the generic reading to take over.
     */
    public Optional<ListReading> readList(Document doc, LocalDate referenceDate) {
        if (listItem == null) {
            return Optional.empty();
        }
        List<ListItem> dated = new ArrayList<>();
        List<String> undated = new ArrayList<>();
        for (Element entry : doc.select(listItem)) {
            Element title = itemTitle == null ? PageExtractor.firstLink(entry) : entry.selectFirst(itemTitle);
            Element link = title == null ? null : title.is("a[href]") ? title : title.selectFirst("a[href]");
            if (link == null && title != null) {
                link = title.closest("a[href]");
            }
            if (link == null) {
                link = PageExtractor.firstLink(entry);
            }
            if (title == null || link == null) {
                continue;
            }
            String text = title.attr("title").strip();
            if (text.isEmpty()) {
                text = title.text().strip();
            }
            LocalDate date = date(entry, referenceDate);
            if (date == null) {
                undated.add(text);
            } else {
                dated.add(new ListItem(text, link.absUrl("href"), date));
            }
        }
        if (!dated.isEmpty()) {
            return Optional.of(new ListReading(ListShape.DATED, List.copyOf(dated), null));
        }
        if (!undated.isEmpty()) {
            return Optional.of(new ListReading(ListShape.UNDATED, List.of(),
                    undated.size() + " 条信息均无发布日期（按抽取配置读取），如：" + undated.getFirst()));
        }
        return Optional.empty();
    }

    private LocalDate date(Element entry, LocalDate referenceDate) {
        if (itemDate == null) {
            return PageExtractor.dateIn(entry.text(), referenceDate);
        }
        Element element = entry.selectFirst(itemDate);
        return element == null ? null : PageExtractor.dateIn(stated(element), referenceDate);
    }

    /** The text an element states a date in: its text, else a {@code datetime}, {@code content} or {@code title}. */
    private static String stated(Element element) {
        String text = element.text().strip();
        for (String attribute : List.of("datetime", "content", "title")) {
            if (!text.isEmpty()) {
                break;
            }
            text = element.attr(attribute).strip();
        }
        return text;
    }

    /** The absolute URLs of the further list pages {@code nextPage} selects (a link, or the links inside). */
    public List<String> nextPages(Document doc) {
        if (nextPage == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (Element e : doc.select(nextPage)) {
            List<Element> links = e.is("a[href]") ? List.of(e) : e.select("a[href]");
            for (Element a : links) {
                String href = a.attr("href").strip().toLowerCase(Locale.ROOT);
                if (!href.isEmpty() && !href.startsWith("#") && !href.startsWith("javascript:")) {
                    out.add(a.absUrl("href"));
                }
            }
        }
        out.remove("");
        return List.copyOf(out);
    }

    public Optional<String> articleTitle(Document doc) {
        return first(doc, articleTitle).map(e -> e.text().strip()).filter(t -> !t.isEmpty());
    }

    /** The publication date in the element {@code articleDate} selects, to the day. */
    public Optional<PubDate> articleDate(Document doc) {
        return first(doc, articleDate).map(e -> Dates.firstFullDate(stated(e), "抽取配置 " + articleDate));
    }

    /** The article's own part, {@code articleBody}; empty where no selector is given or it selects nothing. */
    public Optional<Element> articleBody(Document doc) {
        return first(doc, articleBody);
    }

    private static Optional<Element> first(Document doc, String selector) {
        if (selector == null) {
            return Optional.empty();
        }
        Evaluator evaluator = QueryParser.parse(selector);
        return Optional.ofNullable(doc.selectFirst(evaluator));
    }
}
