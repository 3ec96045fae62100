package cn.gongkai.evaluator.document;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_COLUMN;
import static cn.gongkai.sql.jooq.Tables.EXTRACTED_ITEM;
import static cn.gongkai.sql.jooq.Tables.INDICATOR_SYSTEM;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.crawler.fetch.FetchResult;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.crawler.warc.WarcFileWriter;
import cn.gongkai.crawler.warc.WarcLocation;
import cn.gongkai.evaluator.check.CheckContext;
import cn.gongkai.evaluator.check.Captures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** A round with units and channels whose pages are real WARC records and capture rows, as the crawler leaves them. */
public final class CaptureFixture implements AutoCloseable {

    public final DSLContext dsl;
    public final EvidenceStore evidence;
    public final long roundId;
    public final LocalDate referenceDate;
    private final WarcFileWriter writer;
    private final Instant capturedAt;

    public CaptureFixture(DSLContext dsl, Path warcDirectory, LocalDate referenceDate) {
        this.dsl = dsl;
        this.referenceDate = referenceDate;
        this.evidence = new EvidenceStore(warcDirectory);
        long systemId = dsl.insertInto(INDICATOR_SYSTEM, INDICATOR_SYSTEM.CODE, INDICATOR_SYSTEM.VERSION,
                        INDICATOR_SYSTEM.NAME, INDICATOR_SYSTEM.CREATED_AT)
                .values("docs", 1, "文档测试", LocalDateTime.now()).returning(INDICATOR_SYSTEM.ID).fetchOne().getId();
        this.roundId = dsl.insertInto(ASSESSMENT_ROUND, ASSESSMENT_ROUND.NAME, ASSESSMENT_ROUND.PERIOD_START,
                        ASSESSMENT_ROUND.PERIOD_END, ASSESSMENT_ROUND.REFERENCE_DATE,
                        ASSESSMENT_ROUND.INDICATOR_SYSTEM_ID, ASSESSMENT_ROUND.STATUS, ASSESSMENT_ROUND.CONFIG_YAML,
                        ASSESSMENT_ROUND.CREATED_AT)
                .values("文档测试轮次", referenceDate.withDayOfYear(1), referenceDate, referenceDate, systemId,
                        "CAPTURING", "{}", LocalDateTime.now())
                .returning(ASSESSMENT_ROUND.ID).fetchOne().getId();
        this.writer = new WarcFileWriter(warcDirectory, roundId, WarcFileWriter.DEFAULT_ROTATE_BYTES);
        this.capturedAt = referenceDate.atTime(2, 0).toInstant(ZoneOffset.UTC);
    }

    public record Site(long unitId, long channelId, String base) {
    }

    public Site site(String code, String unitType) {
        long unit = dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE).values(code, code + "单位", unitType)
                .returning(UNIT.ID).fetchOne().getId();
        String base = "http://" + code + ".example.gov.cn/";
        long channel = dsl.insertInto(CHANNEL, CHANNEL.UNIT_ID, CHANNEL.KIND, CHANNEL.NAME, CHANNEL.URL)
                .values(unit, "WEBSITE", code + "网站", base).returning(CHANNEL.ID).fetchOne().getId();
        dsl.insertInto(ROUND_CHANNEL, ROUND_CHANNEL.ROUND_ID, ROUND_CHANNEL.CHANNEL_ID).values(roundId, channel)
                .execute();
        return new Site(unit, channel, base);
    }

    public void column(Site site, String name, String path, String type) {
        dsl.insertInto(CHANNEL_COLUMN, CHANNEL_COLUMN.CHANNEL_ID, CHANNEL_COLUMN.NAME, CHANNEL_COLUMN.URL,
                CHANNEL_COLUMN.COLUMN_TYPE).values(site.channelId(), name, site.base() + path, type).execute();
    }

    public long html(Site site, String path, String html) {
        return capture(site, path, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the response to WARC, then indexes it, in the crawler's order. */
    public long capture(Site site, String path, String contentType, byte[] body) {
        URI uri = URI.create(site.base() + path);
        FetchResult fetch = new FetchResult(uri, capturedAt, null, Map.of("User-Agent", List.of("gongkai-test")), 200,
                Map.of("Content-Type", List.of(contentType)), body, false, 12, null);
        WarcLocation location;
        try {
            location = writer.write(fetch).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dsl.insertInto(CAPTURE)
                .set(CAPTURE.ROUND_ID, roundId)
                .set(CAPTURE.CHANNEL_ID, site.channelId())
                .set(CAPTURE.URL, uri.toString())
                .set(CAPTURE.URL_HASH, "x".repeat(64))
                .set(CAPTURE.CAPTURED_AT, LocalDateTime.ofInstant(capturedAt, ZoneOffset.UTC))
                .set(CAPTURE.STATUS, "OK")
                .set(CAPTURE.HTTP_STATUS, 200)
                .set(CAPTURE.CONTENT_TYPE, contentType)
                .set(CAPTURE.WARC_FILE, location.warcFile())
                .set(CAPTURE.WARC_OFFSET, location.offset())
                .set(CAPTURE.WARC_LENGTH, location.length())
                .set(CAPTURE.PAYLOAD_DIGEST, location.payloadDigest())
                .set(CAPTURE.PAYLOAD_LENGTH, location.payloadLength())
                .returning(CAPTURE.ID).fetchOne().getId();
    }

    public void listItem(long captureId, String title, String url, LocalDate date) {
        dsl.insertInto(EXTRACTED_ITEM, EXTRACTED_ITEM.CAPTURE_ID, EXTRACTED_ITEM.KIND, EXTRACTED_ITEM.TITLE,
                EXTRACTED_ITEM.URL, EXTRACTED_ITEM.PUB_DATE).values(captureId, "LIST_ITEM", title, url, date).execute();
    }

    public CheckContext context(Site site, Map<String, Object> params) {
        return new CheckContext(roundId, referenceDate, site.unitId(), site.channelId(), site.base(), params,
                new Captures(dsl, evidence));
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
