package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;

import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.warc.WarcLocation;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The index of the evidence: {@code capture} rows pointing into WARC, and what extraction read from them. */
final class Captures {

    static final String OK = "OK";
    static final String HTTP_ERROR = "HTTP_ERROR";
    static final String FAILED = "FAILED";
    /** Rows per multi-row statement: a page with thousands of items, or a batch of many pages, stays within packet limits. */
    static final int ROWS_PER_STATEMENT = 1_000;

    record Item(String kind, String title, String url, LocalDate pubDate, String excerpt, Reply reply) {

        Item(String kind, String title, String url, LocalDate pubDate, String excerpt) {
            this(kind, title, url, pubDate, excerpt, null);
        }
    }

    /** How a message (MESSAGE item) stands: its status (ANSWERED, IN_PROGRESS, …), reply day and replying unit. */
    record Reply(String status, LocalDate repliedAt, String unit) {
    }

    /**
     * A capture row as it will be inserted: the fetch's facts without its body, so that rows waiting for a batch hold
     * no page in memory. Built only once the exchange's WARC record is on disk.
     */
    record Row(long roundId, long channelId, String url, LocalDateTime capturedAt, String status, Integer httpStatus,
            String contentType, Optional<WarcLocation> location, String serverIp, int elapsedMs, String error) {

        /** The same capture under another status (a wall, an error page) with the reason. */
        Row marked(String newStatus, String reason) {
            return new Row(roundId, channelId, url, capturedAt, newStatus, httpStatus, contentType, location, serverIp,
                    elapsedMs, reason);
        }
    }

    private static final RowInsert CAPTURE_ROWS = new RowInsert(CAPTURE, false, CAPTURE.ROUND_ID, CAPTURE.CHANNEL_ID,
            CAPTURE.URL, CAPTURE.URL_HASH, CAPTURE.CAPTURED_AT, CAPTURE.STATUS, CAPTURE.HTTP_STATUS,
            CAPTURE.CONTENT_TYPE, CAPTURE.WARC_FILE, CAPTURE.WARC_OFFSET, CAPTURE.WARC_LENGTH, CAPTURE.PAYLOAD_DIGEST,
            CAPTURE.PAYLOAD_LENGTH, CAPTURE.SERVER_IP, CAPTURE.ELAPSED_MS, CAPTURE.ERROR);
    private static final RowInsert ITEM_ROWS = new RowInsert(EXTRACTED_ITEM, false, EXTRACTED_ITEM.CAPTURE_ID,
            EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE, EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE,
            EXTRACTED_ITEM.EXCERPT, EXTRACTED_ITEM.REPLY_STATUS, EXTRACTED_ITEM.REPLIED_AT, EXTRACTED_ITEM.REPLY_UNIT);

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

    /** The row of a fetch whose WARC record (if any) is at {@code location}, on disk. */
    Row row(long channelId, String url, FetchResult fetch, Optional<WarcLocation> location) {
        String status = status(fetch);
        String error = switch (status) {
            case FAILED -> fetch.error();
            case HTTP_ERROR -> "服务器返回 HTTP " + fetch.status();
            default -> fetch.truncated() ? "响应体超过 " + maxBodyBytes + " 字节上限，已截断保存" : null;
        };
        return new Row(roundId, channelId, url, LocalDateTime.ofInstant(fetch.startedAt(), ZoneOffset.UTC), status,
                fetch.failed() ? null : fetch.status(), fetch.contentType(), location,
                fetch.address() == null ? null : fetch.address().getHostAddress(),
                (int) Math.min(Integer.MAX_VALUE, fetch.elapsedMs()), error);
    }

    /** Inserts the capture row; call only once its WARC record is on disk. Returns the capture id. */
    long insert(long channelId, String url, FetchResult fetch, Optional<WarcLocation> location) {
        return insert(dsl, List.of(row(channelId, url, fetch, location))).getFirst();
    }

    /**
     * Inserts capture rows, {@link #ROWS_PER_STATEMENT} to a statement; returns their ids in the order of the rows.
     * The ids of a multi-row INSERT come from the driver's generated keys: InnoDB gives the rows of one such
     * statement consecutive ids in every auto-increment lock mode, and Connector/J reports each of them.
     */
    static List<Long> insert(DSLContext dsl, List<Row> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = new ArrayList<>();
            for (Row r : rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT))) {
                Optional<WarcLocation> at = r.location();
                chunk.add(new Object[] {r.roundId(), r.channelId(), r.url(), Urls.sha256Hex(r.url()), r.capturedAt(),
                    r.status(), r.httpStatus(), Text.clip(r.contentType(), 200),
                    at.map(WarcLocation::warcFile).orElse(null), at.map(WarcLocation::offset).orElse(null),
                    at.map(WarcLocation::length).orElse(null), at.map(WarcLocation::payloadDigest).orElse(null),
                    at.map(WarcLocation::payloadLength).orElse(null), r.serverIp(), r.elapsedMs(),
                    Text.clip(r.error(), 1000)});
            }
            List<Long> chunkIds = dsl.connectionResult(c -> CAPTURE_ROWS.insertReturningKeys(c, chunk));
            if (chunkIds.size() != chunk.size()) {
                // Without an id per row the items cannot be tied to their pages; the transaction is rolled back.
                throw new IllegalStateException("插入 " + chunk.size() + " 条抓取记录，数据库只返回了 " + chunkIds.size()
                        + " 个编号");
            }
            ids.addAll(chunkIds);
        }
        return ids;
    }

    /** An item of the capture with this id, as stored. */
    record ItemOf(long captureId, Item item) {
    }

    /** Inserts extracted items, of one or many captures, {@link #ROWS_PER_STATEMENT} to a statement. */
    static void insertItems(DSLContext dsl, List<ItemOf> items) {
        for (int from = 0; from < items.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = new ArrayList<>();
            for (ItemOf of : items.subList(from, Math.min(items.size(), from + ROWS_PER_STATEMENT))) {
                Item item = of.item();
                Reply reply = item.reply();
                chunk.add(new Object[] {of.captureId(), item.kind(), Text.clip(item.title(), 1000),
                    Text.clip(item.url(), Urls.MAX_URL_LENGTH), item.pubDate(), Text.clip(item.excerpt(), 1000),
                    reply == null ? null : reply.status(), reply == null ? null : reply.repliedAt(),
                    reply == null ? null : Text.clip(reply.unit(), 255)});
            }
            dsl.connection(c -> ITEM_ROWS.insert(c, chunk));
        }
    }
}
