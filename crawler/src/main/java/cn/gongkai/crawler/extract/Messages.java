package cn.gongkai.crawler.extract;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;

/**
 * Message boards (领导信箱、咨询投诉): each message with its 留言时间, 回复时间 and status, from either a table with
 * a header row or blocks with labelled fields, the two layouts such boards use.
 */
final class Messages {

    private static final Pattern ASKED = Pattern.compile("(留言|来信|提问|咨询|投诉|写信)(时间|日期)");
    private static final Pattern REPLIED = Pattern.compile("(回复|答复|办结|处理)(时间|日期)");
    private static final Pattern STATUS = Pattern.compile("(状态|办理状态|处理状态|回复状态)");
    private static final Pattern UNIT = Pattern.compile("(回复单位|答复单位|办理单位|承办单位|处理单位|回复部门|答复部门)");
    private static final Pattern TITLE = Pattern.compile("(主题|标题|留言标题|信件标题|事项)");
    private static final Pattern LABELLED = Pattern.compile(
            "(留言时间|来信时间|来信日期|提问时间|咨询时间|投诉时间|写信时间|留言日期|回复时间|答复时间|办结时间|处理时间|回复日期|答复日期"
                    + "|办理状态|处理状态|回复状态|状态|回复单位|答复单位|办理单位|承办单位|处理单位|回复部门|答复部门|留言标题|信件标题|标题|主题)\\s*[:：]\\s*");

    private Messages() {
    }

    static List<PageExtractor.Message> extract(Document doc) {
        List<PageExtractor.Message> fromTables = mayHaveAskedLabel(doc) ? fromTables(doc) : List.of();
        return fromTables.isEmpty() ? fromBlocks(doc) : fromTables;
    }

    /**
     * Whether some header cell of the page can name a 留言时间: a cell's text has its characters in page order with at
     * most whitespace added, so the label must stand in the page's text nodes read one after another. Most pages have
     * none, and finding that out cell by cell, table by table, cost more than the rest of reading messages.
     */
    private static boolean mayHaveAskedLabel(Document doc) {
        LabelWindow window = new LabelWindow();
        return doc.nodeStream(TextNode.class).anyMatch(t -> window.sees(t.getWholeText()));
    }

    /**
     * The non-overlapping matches of {@link #ASKED} in the text (a verb, then 时间 or 日期), or 1 at the first when
     * {@code any}; written out because the expression's alternatives were tried at every character of every element.
     */
    static int countAskedLabels(CharSequence s, boolean any) {
        int found = 0;
        for (int i = 3, n = s.length(); i < n; i++) {
            if (isAskedLabel(s.charAt(i - 3), s.charAt(i - 2), s.charAt(i - 1), s.charAt(i))) {
                if (any) {
                    return 1;
                }
                found++;
                i += 3;
            }
        }
        return found;
    }

    /** Whether the four characters are one of {@link #ASKED}'s labels. */
    private static boolean isAskedLabel(char a, char b, char c, char d) {
        if (!((c == '时' && d == '间') || (c == '日' && d == '期'))) {
            return false;
        }
        return switch (a) {
            case '留' -> b == '言';
            case '来', '写' -> b == '信';
            case '提' -> b == '问';
            case '咨' -> b == '询';
            case '投' -> b == '诉';
            default -> false;
        };
    }

    /** Characters read in order, across text nodes, watching for one of {@link #ASKED}'s labels among them. */
    private static final class LabelWindow {
        private char a;
        private char b;
        private char c;

        boolean sees(String text) {
            for (int i = 0, n = text.length(); i < n; i++) {
                char d = text.charAt(i);
                if (isAskedLabel(a, b, c, d)) {
                    return true;
                }
                a = b;
                b = c;
                c = d;
            }
            return false;
        }
    }

    private static List<PageExtractor.Message> fromTables(Document doc) {
        List<PageExtractor.Message> out = new ArrayList<>();
        for (Element table : doc.select(Css.of("table"))) {
            Elements rows = table.select(Css.of("> tr, > thead > tr, > tbody > tr"));
            int header = -1;
            Map<String, Integer> columns = new LinkedHashMap<>();
            for (int r = 0; r < rows.size() && header < 0; r++) {
                Elements cells = rows.get(r).select(Css.of("> th, > td"));
                for (int c = 0; c < cells.size(); c++) {
                    String t = cells.get(c).text().strip();
                    if (t.length() > 8) {
                        continue;
                    }
                    if (ASKED.matcher(t).find()) {
                        columns.putIfAbsent("asked", c);
                    } else if (REPLIED.matcher(t).find()) {
                        columns.putIfAbsent("replied", c);
                    } else if (UNIT.matcher(t).find()) {
                        columns.putIfAbsent("unit", c);
                    } else if (STATUS.matcher(t).find()) {
                        columns.putIfAbsent("status", c);
                    } else if (TITLE.matcher(t).find()) {
                        columns.putIfAbsent("title", c);
                    }
                }
                if (columns.containsKey("asked")) {
                    header = r;
                } else {
                    columns.clear();
                }
            }
            if (header < 0) {
                continue;
            }
            for (int r = header + 1; r < rows.size(); r++) {
                Elements cells = rows.get(r).select(Css.of("> th, > td"));
                String asked = cell(cells, columns.get("asked"));
                LocalDate askedAt = day(asked);
                if (askedAt == null) {
                    continue;
                }
                Element titleCell = columns.containsKey("title") && columns.get("title") < cells.size()
                        ? cells.get(columns.get("title")) : null;
                Element link = (titleCell != null ? titleCell : rows.get(r)).selectFirst(Css.of("a[href]"));
                String title = titleCell != null ? titleCell.text().strip() : link != null ? link.text().strip() : "";
                out.add(message(title, link == null ? null : link.absUrl("href"), askedAt,
                        day(cell(cells, columns.get("replied"))), cell(cells, columns.get("status")),
                        cell(cells, columns.get("unit"))));
            }
        }
        return out;
    }

    /**
     * Each "留言时间" label belongs to one message: the largest element around it that holds no other message's
     * label, so that the message's title, status and reply are inside.
     */
    private static List<PageExtractor.Message> fromBlocks(Document doc) {
        List<PageExtractor.Message> out = new ArrayList<>();
        if (doc.body() == null) {
            return out;
        }
        java.util.Set<Element> seen = new java.util.HashSet<>();
        for (Element labelled : doc.body().select(Css.of("*"))) {
            if (!mayHoldAskedLabel(labelled) || countAskedLabels(labelled.ownText(), true) == 0) {
                continue;
            }
            Element e = labelled;
            while (e.parent() != null && e.parent() != doc.body() && countAskedLabels(e.parent().text(), false) == 1) {
                e = e.parent();
            }
            if (!seen.add(e)) {
                continue;
            }
            String text = Articles.blockText(e);
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = LABELLED.matcher(text);
            List<int[]> spans = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (m.find()) {
                spans.add(new int[] {m.start(), m.end()});
                names.add(m.group(1));
            }
            for (int i = 0; i < spans.size(); i++) {
                int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
                String value = text.substring(spans.get(i)[1], end);
                int nl = value.indexOf('\n');
                fields.putIfAbsent(names.get(i), (nl >= 0 ? value.substring(0, nl) : value).strip());
            }
            String asked = first(fields, ASKED);
            LocalDate askedAt = day(asked);
            if (askedAt == null) {
                continue;
            }
            Element link = e.selectFirst(Css.of("a[href]"));
            String title = first(fields, TITLE);
            if (title == null || title.isEmpty()) {
                title = link != null ? link.text().strip() : "";
            }
            out.add(message(title, link == null ? null : link.absUrl("href"), askedAt, day(first(fields, REPLIED)),
                    first(fields, STATUS), first(fields, UNIT)));
        }
        return out;
    }

    /**
     * Whether the element's own text can match {@link #ASKED}, without building it: that text is the element's own
     * text nodes one after another, whitespace collapsed but never dropped between two characters, so a label in it
     * stands in those nodes read in order. Most elements of most pages have none.
     */
    private static boolean mayHoldAskedLabel(Element element) {
        LabelWindow window = null;
        for (int i = 0, n = element.childNodeSize(); i < n; i++) {
            if (element.childNode(i) instanceof TextNode text) {
                window = window == null ? new LabelWindow() : window;
                if (window.sees(text.getWholeText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String first(Map<String, String> fields, Pattern label) {
        for (var e : fields.entrySet()) {
            if (label.matcher(e.getKey()).find()) {
                return e.getValue();
            }
        }
        return null;
    }

    private static PageExtractor.Message message(String title, String url, LocalDate askedAt, LocalDate repliedAt,
            String statusText, String unit) {
        String status;
        String s = statusText == null ? "" : statusText;
        if (s.contains("未回复") || s.contains("未答复") || s.contains("待回复") || s.contains("未办结") || s.contains("待处理")) {
            status = "UNANSWERED";
        } else if (s.contains("办理中") || s.contains("处理中") || s.contains("受理")) {
            status = "IN_PROGRESS";
        } else if (s.contains("已回复") || s.contains("已答复") || s.contains("已办结") || s.contains("已处理") || repliedAt != null) {
            status = "ANSWERED";
        } else {
            status = s.isBlank() ? "UNANSWERED" : "UNKNOWN";
        }
        return new PageExtractor.Message(title, url == null || url.isEmpty() ? null : url, askedAt, repliedAt, status,
                statusText == null || statusText.isBlank() ? null : statusText.strip(),
                unit == null || unit.isBlank() ? null : unit.strip());
    }

    private static String cell(Elements cells, Integer index) {
        return index == null || index >= cells.size() ? null : cells.get(index).text().strip();
    }

    private static LocalDate day(String text) {
        if (text == null) {
            return null;
        }
        PubDate d = Dates.firstFullDate(text, "message");
        return d == null ? null : d.date();
    }
}
