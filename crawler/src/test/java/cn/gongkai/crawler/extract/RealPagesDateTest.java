package cn.gongkai.crawler.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * Publication dates of the real pages against their hand labels. A label is compared at its own precision: a
 * day for "yyyy-mm-dd hh:mm", a month for "yyyy-m", a year for "yyyy". Empty and UNKNOWN labels are not scored.
 *
 * <p>The goal (issue 18) is the pass mark: 97% of the labelled pages right. Three labels of the open set state another
 * date than the page's publication, and each is adjudicated below with the page's own words, which the test finds in
 * the page (so an adjudication cannot outlive a change to the data): two are the date of the document the page carries
 * (its 成文日期, the date printed under a report's title) where the page states when it was published, which is what
 * the platform's timeliness points measure; one reads a US-style byline ("7/5/2005 9:23:57 PM") day first. The test
 * is scored against the labels with these three adjudicated, and prints the score against the labels as given too.
 * The extractor is not tuned to these pages: the adjudication changes what a page is compared with, never what is
 * extracted from it.
 */
class RealPagesDateTest {

    private static final double GOAL = 0.97;

    /** A dataset label replaced by the page's publication date, with the words of the page that show it. */
    private record Adjudication(String pageId, String datasetLabel, String publication, List<String> evidence,
            String why) {
    }

    private static final List<Adjudication> ADJUDICATED = List.of(
            new Adjudication("05e98007-d810-4036-b154-2ef2fe68c2af", "2005-5-7 21:23:57", "2005-07-05",
                    List.of("发布日期：", "7/5/2005 9:23:57 PM", "2005年07月03日报道"),
                    "the byline is month/day/year with AM/PM, as ASP pages write dates; the article's own dateline, "
                            + "2005-07-03, is two days before 7 July, and two months after the label's 5 May"),
            new Adjudication("c3f7d079-7730-4a9c-b041-73fcc4b5b3e4", "2003-5", "2005-03-06",
                    List.of("2005-03-06 16:17:00", "JSignDate=escape('2005-03-06 16:17:00')", "2003年5月</STRONG>"),
                    "the label is the date printed under the report's title; the page published it on 2005-03-06, "
                            + "in its byline and in its own sign date"),
            new Adjudication("e8847578-12f0-44cb-bdb7-4eec53c18ed1", "2022-01-27", "2022-01-28",
                    List.of("<meta name=\"PubDate\" content=\"2022-01-28 00:00:00\"/>",
                            "<span>发布日期：</span>2022年01月28日", "<span>成文日期：</span>2022年01月27日"),
                    "the label is the 成文日期 (the day the document was signed); the page's 发布日期 is 2022-01-28 "
                            + "in its metadata, its header table and its summary"));

    private static final Pattern LABEL = Pattern.compile("^(\\d{4})(?:-(\\d{1,2}))?(?:-(\\d{1,2}))?");

    @Test
    void adjudicationsQuoteTheirPagesAndReplaceTheLabelsTheyName() {
        Map<String, RealPages.Page> pages = new HashMap<>();
        RealPages.locate().pages().forEach(p -> pages.put(p.id(), p));
        for (Adjudication a : ADJUDICATED) {
            RealPages.Page page = pages.get(a.pageId());
            assertThat(page).as(a.pageId()).isNotNull();
            assertThat(page.dateLabel()).as("the label adjudicated").isEqualTo(a.datasetLabel());
            String html = PageExtractor.decode(page.html(), null);
            for (String words : a.evidence()) {
                assertThat(html).as("%s: %s", a.pageId(), a.why()).contains(words);
            }
        }
    }

    @Test
    void publicationDateIsRightOnAtLeast97PercentOfTheLabelledPages() {
        Score asGiven = new Score();
        Score adjudicated = new Score();
        Map<String, Adjudication> byPage = new HashMap<>();
        ADJUDICATED.forEach(a -> byPage.put(a.pageId(), a));
        for (RealPages.Page page : RealPages.locate().pages()) {
            if (!LABEL.matcher(page.dateLabel()).find()) {
                continue; // UNKNOWN (also misspelt) or empty
            }
            var doc = Jsoup.parse(PageExtractor.decode(page.html(), null), "http://example.com/");
            PubDate found = PageExtractor.publicationDate(doc).orElse(null);
            asGiven.add(page.id(), page.dateLabel(), found);
            Adjudication a = byPage.get(page.id());
            adjudicated.add(page.id(), a == null ? page.dateLabel() : a.publication(), found);
        }
        asGiven.print("labels as given");
        adjudicated.print("labels with " + ADJUDICATED.size() + " adjudicated");
        System.out.printf("goal %.0f%% (%d of %d)%n", 100 * GOAL, (int) Math.ceil(GOAL * adjudicated.scored),
                adjudicated.scored);
        assertThat(adjudicated.scored).isGreaterThanOrEqualTo(30);
        assertThat(adjudicated.right).as("pages dated right, of %d; wrong: %s", adjudicated.scored, adjudicated.wrong)
                .isGreaterThanOrEqualTo((int) Math.ceil(GOAL * adjudicated.scored));
    }

    /** Pages dated right against one set of labels, at each label's precision. */
    private static final class Score {
        int scored;
        int right;
        int dayLabels;
        int dayRight;
        final List<String> wrong = new ArrayList<>();

        void add(String id, String label, PubDate found) {
            Matcher m = LABEL.matcher(label);
            if (!m.find()) {
                throw new IllegalArgumentException(label);
            }
            scored++;
            int year = Integer.parseInt(m.group(1));
            boolean ok;
            if (m.group(3) != null) {
                dayLabels++;
                LocalDate expected = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                ok = found != null && found.precision() == PubDate.Precision.DAY && found.date().equals(expected);
                dayRight += ok ? 1 : 0;
            } else if (m.group(2) != null) {
                ok = found != null && found.date().getYear() == year
                        && found.date().getMonthValue() == Integer.parseInt(m.group(2));
            } else {
                ok = found != null && found.date().getYear() == year;
            }
            if (ok) {
                right++;
            } else {
                wrong.add(id + " label " + label + " found " + (found == null ? "nothing"
                        : found.iso() + " (" + found.source() + ")"));
            }
        }

        void print(String against) {
            System.out.printf("real-pages-open dates, %s: %d of %d labelled pages right (%.1f%%); to the day %d of %d "
                            + "day-precise labels (%.1f%%)%n", against, right, scored, 100.0 * right / scored, dayRight,
                    dayLabels, 100.0 * dayRight / dayLabels);
            wrong.forEach(w -> System.out.println("  wrong: " + w));
        }
    }
}
