package cn.gongkai.evaluator.check;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Read access to a round's captures and what extraction found in them. */
public final class Captures {

    /** One fetch of one URL. */
    public record CaptureRef(long id, String url, String status, Integer httpStatus, LocalDateTime capturedAt,
                             String error) {

        public boolean ok() {
            return "OK".equals(status);
        }
    }

    /** One dated entry of a list page. */
    public record DatedItem(long captureId, String title, String url, LocalDate date) {
    }

    private final DSLContext dsl;

    public Captures(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * The latest capture of {@code url} in the channel, preferring a successful one: a later failure must not hide
     * evidence already captured.
     */
    public Optional<CaptureRef> latest(long roundId, long channelId, String url) {
        return dsl.select(CAPTURE.ID, CAPTURE.URL, CAPTURE.STATUS, CAPTURE.HTTP_STATUS, CAPTURE.CAPTURED_AT,
                        CAPTURE.ERROR)
                .from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId))
                .and(CAPTURE.CHANNEL_ID.eq(channelId))
                .and(CAPTURE.URL.in(url, withOrWithoutTrailingSlash(url)))
                .orderBy(CAPTURE.STATUS.eq("OK").desc(), CAPTURE.CAPTURED_AT.desc(), CAPTURE.ID.desc())
                .limit(1)
                .fetchOptional(r -> new CaptureRef(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6()));
    }

    /** Dated list entries read from one capture, newest first. */
    public List<DatedItem> listItems(long captureId) {
        return dsl.select(EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.TITLE, EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                .from(EXTRACTED_ITEM)
                .where(EXTRACTED_ITEM.CAPTURE_ID.eq(captureId))
                .and(EXTRACTED_ITEM.KIND.eq("LIST_ITEM"))
                .and(EXTRACTED_ITEM.PUB_DATE.isNotNull())
                .orderBy(EXTRACTED_ITEM.PUB_DATE.desc(), EXTRACTED_ITEM.ID)
                .fetch(r -> new DatedItem(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Dated list entries of every successful capture in the channel but {@code excludedCaptureId}, newest first. */
    public List<DatedItem> listItemsOfChannel(long roundId, long channelId, long excludedCaptureId) {
        return dsl.select(EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.TITLE, EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE)
                .from(EXTRACTED_ITEM)
                .join(CAPTURE).on(CAPTURE.ID.eq(EXTRACTED_ITEM.CAPTURE_ID))
                .where(CAPTURE.ROUND_ID.eq(roundId))
                .and(CAPTURE.CHANNEL_ID.eq(channelId))
                .and(CAPTURE.STATUS.eq("OK"))
                .and(CAPTURE.ID.ne(excludedCaptureId))
                .and(EXTRACTED_ITEM.KIND.eq("LIST_ITEM"))
                .and(EXTRACTED_ITEM.PUB_DATE.isNotNull())
                .orderBy(EXTRACTED_ITEM.PUB_DATE.desc(), EXTRACTED_ITEM.ID)
                .fetch(r -> new DatedItem(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    private static String withOrWithoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url + "/";
    }
}
