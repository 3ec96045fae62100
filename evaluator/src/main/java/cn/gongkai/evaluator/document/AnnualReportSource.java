package cn.gongkai.evaluator.document;

import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.crawler.extract.PageChrome;
import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.evaluator.check.Captures;
import cn.gongkai.evaluator.check.Captures.CaptureRef;
import cn.gongkai.evaluator.check.CheckContext;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds a unit's annual report for a year among the round's captures, as a user would: the 年报 column (or the
 * 政府信息公开 column and its 年报 link), then the link to that year's report, then the report page itself or the
 * attachment it carries.
 */
final class AnnualReportSource {

    private static final Pattern ATTACHMENT = Pattern.compile("\\.(pdf|docx?|wps|ofd|xlsx?|et)(\\?.*)?$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PAGE_DATE = Pattern.compile(
            "(发布日期|发布时间|发文日期|日期|时间)\\s*[:：]?\\s*(20\\d{2})\\s*[-年/.]\\s*(\\d{1,2})\\s*[-月/.]\\s*(\\d{1,2})");
    /** Fewer sections than this on the report page means the report itself is in an attachment. */
    private static final int SECTIONS_OF_A_REPORT_PAGE = 3;

    enum Outcome {
        /**
         * Neither the 年报 column nor the 政府信息公开 column was read, or the report was not on those read while
         * another was not read (a wall, an error, no list recognised): nothing to judge.
         */
        NO_LIST_CAPTURED,
        /** A list was captured and carries no report for the year. */
        NOT_LISTED,
        /** The link was found but its target was not captured. */
        NOT_CAPTURED,
        FOUND
    }

    /**
     * What was found.
     *
     * @param list          the captured list page the report was looked for on (the last one tried when not found)
     * @param page          the capture the report link leads to (an HTML page or directly a file)
     * @param document      the capture whose content is the report (the page itself or its attachment)
     * @param publishedOn   the page's publication date, never the file's; null when none is shown
     * @param dateSource    where the date was read, for the evidence
     * @param unread        the list pages not read (with why), when the report was not found on those read
     */
    record Found(Outcome outcome, CaptureRef list, String linkText, String url, CaptureRef page, CaptureRef document,
                 AnnualReport report, DocumentText text, LocalDate publishedOn, String dateSource, String unread) {
    }

    private AnnualReportSource() {
    }

    static int reportYear(CheckContext context) {
        return context.intParam("reportYear", context.referenceDate().getYear() - 1);
    }

    /** Departments publish by 31 January, governments by 31 March (Art. 49); a point may set other days. */
    static LocalDate deadline(CheckContext context, CapturedDocuments documents, int year) {
        String unitType = documents.dsl().select(UNIT.UNIT_TYPE).from(UNIT).where(UNIT.ID.eq(context.unitId()))
                .fetchOne(UNIT.UNIT_TYPE);
        boolean department = "DEPARTMENT".equals(unitType);
        // A point that applies to one deadline (the default catalog has one for departments and townships, one for
        // governments) names it as deadline.
        String param = context.params().containsKey("deadline") ? "deadline"
                : department ? "departmentDeadline" : "governmentDeadline";
        String value = context.params().getOrDefault(param, department ? "01-31" : "03-31").toString();
        try {
            return MonthDay.parse("--" + value.strip()).atYear(year + 1);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("检查参数 " + param + " 应为 MM-dd 格式，实际为：" + value, e);
        }
    }

    /** @param readContent false when only the link and the date matter: the file is then not parsed at all */
    static Found find(CheckContext context, CapturedDocuments documents, int year, boolean readContent) {
        Captures captures = context.captures();
        List<String> listUrls = new ArrayList<>();
        for (Captures.Column column : captures.columns(context.channelId())) {
            if (column.name().contains("年报") || column.name().contains("年度报告")) {
                listUrls.add(column.url());
            }
        }
        for (Captures.Column column : captures.columns(context.channelId())) {
            if ("DISCLOSURE".equals(column.type())) {
                listUrls.add(column.url());
            }
        }
        Set<String> tried = new LinkedHashSet<>();
        List<String> unread = new ArrayList<>();
        CaptureRef lastList = null;
        for (int i = 0; i < listUrls.size(); i++) {
            String listUrl = listUrls.get(i);
            if (!tried.add(listUrl)) {
                continue;
            }
            Optional<CaptureRef> capture = captures.latest(context.roundId(), context.channelId(), listUrl)
                    .filter(CaptureRef::ok);
            Optional<Document> page = capture.flatMap(c -> captures.html(c.id()));
            if (page.isEmpty()) {
                unread.add(captures.unread(context.roundId(), context.channelId(), listUrl).orElse(listUrl));
                continue;
            }
            lastList = capture.get();
            List<Element> anchors = PageExtractor.allAnchors(page.get());
            Optional<Element> link = reportLink(anchors, year);
            if (link.isPresent()) {
                return follow(context, documents, capture.get(), link.get(), readContent);
            }
            for (Element a : anchors) {
                String text = a.text();
                if ((text.contains("年报") || text.contains("年度报告")) && !text.matches(".*20\\d{2}.*")
                        && !PageChrome.contains(a)) {
                    listUrls.add(a.absUrl("href")); // the 年报 section of the platform
                }
            }
        }
        Outcome outcome = lastList == null || !unread.isEmpty() ? Outcome.NO_LIST_CAPTURED : Outcome.NOT_LISTED;
        return new Found(outcome, lastList, null, null, null, null, null, null, null, null,
                unread.isEmpty() ? null : String.join("；", unread));
    }

    /** The link to the year's report: its text names the year and a report; one naming 政府信息公开 is preferred. */
    private static Optional<Element> reportLink(List<Element> anchors, int year) {
        Element best = null;
        for (Element a : anchors) {
            String text = a.text() + " " + a.attr("title");
            if (!text.contains(Integer.toString(year)) || !(text.contains("年度报告") || text.contains("年报"))) {
                continue;
            }
            if (best == null || text.contains("政府信息公开") && !(best.text() + best.attr("title")).contains("政府信息公开")) {
                best = a;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Found follow(CheckContext context, CapturedDocuments documents, CaptureRef list, Element link,
                                boolean readContent) {
        Captures captures = context.captures();
        String url = link.absUrl("href");
        String linkText = link.text();
        LocalDate listDate = captures.items(list.id(), "LIST_ITEM").stream()
                .filter(i -> url.equals(i.url()) && i.date() != null).map(Captures.DatedItem::date)
                .findFirst().orElse(null);
        Optional<CaptureRef> target = captures.latest(context.roundId(), context.channelId(), url)
                .filter(CaptureRef::ok);
        if (target.isEmpty()) {
            return new Found(Outcome.NOT_CAPTURED, list, linkText, url, null, null, null, null, listDate,
                    listDate == null ? null : "栏目列表", null);
        }
        CaptureRef page = target.get();
        Optional<Document> html = isHtml(documents.contentType(page.id())) ? captures.html(page.id()) : Optional.empty();
        if (html.isEmpty()) {
            // The link leads straight to a file: it has no page, so only the list can date it.
            DocumentText text = readContent ? documents.text(page.id()).orElse(null) : null;
            AnnualReport report = text != null && text.readable() ? AnnualReportParser.parse(text.text()) : null;
            return new Found(Outcome.FOUND, list, linkText, url, page, page, report, text, listDate,
                    listDate == null ? null : "栏目列表", null);
        }
        LocalDate published = null;
        String dateSource = null;
        var article = captures.items(page.id(), "ARTICLE").stream().filter(i -> i.date() != null).findFirst();
        if (article.isPresent()) {
            published = article.get().date();
            dateSource = "报告页面";
        } else {
            published = pageDate(html.get());
            dateSource = published == null ? null : "报告页面";
        }
        if (published == null && listDate != null) {
            published = listDate;
            dateSource = "栏目列表";
        }
        if (!readContent) {
            return new Found(Outcome.FOUND, list, linkText, url, page, null, null, null, published, dateSource, null);
        }
        AnnualReport onPage = AnnualReportParser.parse(html.get().body() == null ? html.get() : html.get().body());
        if (onPage.sections().size() >= SECTIONS_OF_A_REPORT_PAGE) {
            return new Found(Outcome.FOUND, list, linkText, url, page, page, onPage, null, published, dateSource, null);
        }
        for (Element a : html.get().select("a[href]")) {
            String href = a.absUrl("href");
            if (!ATTACHMENT.matcher(href).find() && !ATTACHMENT.matcher(a.text().strip()).find()) {
                continue;
            }
            Optional<CaptureRef> file = captures.latest(context.roundId(), context.channelId(), href)
                    .filter(CaptureRef::ok);
            if (file.isEmpty()) {
                return new Found(Outcome.NOT_CAPTURED, list, linkText, href, page, null, null, null, published,
                        dateSource, null);
            }
            DocumentText text = documents.text(file.get().id()).orElse(null);
            AnnualReport report = text != null && text.readable() ? AnnualReportParser.parse(text.text()) : null;
            return new Found(Outcome.FOUND, list, linkText, href, page, file.get(), report, text, published,
                    dateSource, null);
        }
        // No attachment either: the page is the report, however incomplete.
        return new Found(Outcome.FOUND, list, linkText, url, page, page, onPage, null, published, dateSource, null);
    }

    private static boolean isHtml(String contentType) {
        return contentType.isEmpty() || contentType.contains("html");
    }

    /** The date a page shows for itself: the PubDate meta of 《政府网站发展指引》, else a 发布日期 line. */
    static LocalDate pageDate(Document page) {
        Element meta = page.selectFirst("meta[name=PubDate], meta[name=pubdate], meta[name=publishdate]");
        LocalDate date = meta == null ? null : date("日期：" + meta.attr("content"));
        return date != null || page.body() == null ? date : date(page.body().text());
    }

    private static LocalDate date(String text) {
        Matcher m = PAGE_DATE.matcher(text);
        if (m.find()) {
            try {
                return LocalDate.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)));
            } catch (java.time.DateTimeException e) {
                return null;
            }
        }
        return null;
    }
}
