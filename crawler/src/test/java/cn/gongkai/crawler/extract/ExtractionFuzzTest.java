package cn.gongkai.crawler.extract;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer fuzz targets for what reads captured pages: the date extractor, the list-item extractor and the feed parser.
 * Under {@code ./mvnw verify} each target runs once per seed in {@code src/test/resources/.../ExtractionFuzzTestInputs}
 * (regression mode); with {@code JAZZER_FUZZ=1} Jazzer mutates the seeds for {@code maxDuration} (see README).
 * A crash is any exception but the ones the API declares; a hang is the per-input {@link Timeout}; an out-of-memory
 * ends the run. The checks below are the properties every input must keep.
 */
class ExtractionFuzzTest {

    private static final LocalDate CAPTURED = LocalDate.of(2026, 11, 30);
    private static final List<String> CONTENT_TYPES = List.of("", "text/html", "text/html; charset=gbk",
            "application/rss+xml; charset=utf-8", "application/feed+json");

    /** Dates in metadata values, in text, and found on a whole page. */
    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void dateExtractor(byte[] input) {
        String text = PageExtractor.decode(input, "text/html; charset=utf-8");
        check(Dates.fromMeta(text, "fuzz"));
        check(Dates.firstFullDate(text, "fuzz"));
        check(Dates.firstYearMonth(text, "fuzz"));
        Document doc = Jsoup.parse(text, "http://www.example.gov.cn/");
        PageExtractor.publicationDate(doc).ifPresent(ExtractionFuzzTest::check);
        PageExtractor.pubDate(doc);
        if (input.length >= 2) {
            LocalDate inferred = PageExtractor.inferYear(input[0], input[1], CAPTURED);
            if (inferred != null && inferred.isAfter(CAPTURED)) {
                throw new AssertionError("a year was inferred that puts " + inferred + " after the capture day");
            }
        }
    }

    /** The dated entries of list pages, whatever the bytes and whatever charset the server claims. */
    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void listItemExtractor(byte[] input) {
        String contentType = CONTENT_TYPES.get(input.length % CONTENT_TYPES.size());
        Document doc = Jsoup.parse(PageExtractor.decode(input, contentType), "http://www.example.gov.cn/xxgk/");
        for (PageExtractor.ListItem item : PageExtractor.listItems(doc, CAPTURED)) {
            if (item.title() == null || item.title().isBlank() || item.date() == null || item.url() == null) {
                throw new AssertionError("an incomplete list item: " + item);
            }
        }
        PageExtractor.messages(doc);
        PageExtractor.attachments(doc);
        PageExtractor.links(doc);
        PageExtractor.articleTitle(doc);
    }

    /** WeChat bridge feeds: a list of entries or NotAFeedException, nothing else. */
    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void feedParser(byte[] input) {
        for (String contentType : CONTENT_TYPES) {
            try {
                for (Feeds.Entry entry : Feeds.parse(input, contentType)) {
                    if (entry == null || entry.url() == null) {
                        throw new AssertionError("an entry without a URL");
                    }
                }
            } catch (Feeds.NotAFeedException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    throw new AssertionError("a refusal without a reason", e);
                }
            }
        }
        Feeds.wechatPublishTime(new String(input, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void check(PubDate date) {
        if (date != null && (date.date() == null || date.source() == null)) {
            throw new AssertionError("a publication date without its day or source: " + date);
        }
    }
}
