package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;

import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.warc.WarcLocation;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The index of the evidence: {@code capture} rows pointing into WARC, and what extraction read from them. */
final class Captures {

    static final String OK = "OK";
    static final String HTTP_ERROR = "HTTP_ERROR";
    static final String FAILED = "FAILED";

    record Item(String kind, String title, String url, LocalDate pubDate, String excerpt) {
    }

    private final DSLContext dsl;
    private final long roundId;
    private final long maxBodyBytes;

    Captures(DSLContext dsl, long roundId, long maxBodyBytes) {
        this.dsl = dsl;
        this.roundId = roundId;
        this.maxBodyBytes = maxBodyBytes;
    }

    static String status(FetchResult fetch) {
        if (fetch.failed()) {
            return FAILED;
        }
        return fetch.status() < 400 ? OK : HTTP_ERROR;
    }

    /** Inserts the capture row; call only once its WARC record is on disk. Returns the capture id. */
    long insert(long channelId, String url, FetchResult fetch, Optional<WarcLocation> location) {
        String status = status(fetch);
        String error = switch (status) {
            case FAILED -> fetch.error();
            case HTTP_ERROR -> "服务器返回 HTTP " + fetch.status();
            default -> fetch.truncated() ? "响应体超过 " + maxBodyBytes + " 字节上限，已截断保存" : null;
        };
        return dsl.insertInto(CAPTURE)
                .set(CAPTURE.ROUND_ID, roundId)
                .set(CAPTURE.CHANNEL_ID, channelId)
                .set(CAPTURE.URL, url)
                .set(CAPTURE.URL_HASH, Urls.sha256Hex(url))
                .set(CAPTURE.CAPTURED_AT, LocalDateTime.ofInstant(fetch.startedAt(), ZoneOffset.UTC))
                .set(CAPTURE.STATUS, status)
                .set(CAPTURE.HTTP_STATUS, fetch.failed() ? null : fetch.status())
                .set(CAPTURE.CONTENT_TYPE, Text.clip(fetch.contentType(), 200))
                .set(CAPTURE.WARC_FILE, location.map(WarcLocation::warcFile).orElse(null))
                .set(CAPTURE.WARC_OFFSET, location.map(WarcLocation::offset).orElse(null))
                .set(CAPTURE.WARC_LENGTH, location.map(WarcLocation::length).orElse(null))
                .set(CAPTURE.PAYLOAD_DIGEST, location.map(WarcLocation::payloadDigest).orElse(null))
                .set(CAPTURE.PAYLOAD_LENGTH, location.map(WarcLocation::payloadLength).orElse(null))
                .set(CAPTURE.SERVER_IP, fetch.address() == null ? null : fetch.address().getHostAddress())
                .set(CAPTURE.ELAPSED_MS, (int) Math.min(Integer.MAX_VALUE, fetch.elapsedMs()))
                .set(CAPTURE.ERROR, Text.clip(error, 1000))
                .returningResult(CAPTURE.ID)
                .fetchOne()
                .value1();
    }

    /**
     * Marks a capture as a wall or an error page ({@link cn.gongkai.crawler.fetch.Blocking#BLOCKED}, NOT_FOUND,
     * MAINTENANCE) with the reason: its body is kept as evidence but is not the content that was asked for.
     */
    void markBlocked(long captureId, String status, String reason) {
        dsl.update(CAPTURE).set(CAPTURE.STATUS, status).set(CAPTURE.ERROR, Text.clip(reason, 1000))
                .where(CAPTURE.ID.eq(captureId)).execute();
    }

    void insertItems(long captureId, List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        // in statements of at most 1,000 rows, so a page with thousands of items stays within packet limits
        for (int from = 0; from < items.size(); from += 1_000) {
            var insert = dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND,
                    EXTRACTED_ITEM.TITLE, EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE, EXTRACTED_ITEM.EXCERPT);
            for (Item item : items.subList(from, Math.min(items.size(), from + 1_000))) {
                insert = insert.values(captureId, item.kind(), Text.clip(item.title(), 1000),
                        Text.clip(item.url(), Urls.MAX_URL_LENGTH), item.pubDate(), Text.clip(item.excerpt(), 1000));
            }
            insert.execute();
        }
    }
}
