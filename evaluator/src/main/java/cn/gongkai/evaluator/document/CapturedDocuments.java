package cn.gongkai.evaluator.document;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;

import cn.gongkai.crawler.warc.EvidenceStore;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The bytes of captured documents, read back from WARC, and their text through a {@link DocumentReader}: a checker
 * judges exactly the file the evidence viewer serves.
 */
public final class CapturedDocuments {

    /** A captured response body with what the server said it was. */
    public record Payload(long captureId, String url, String contentType, byte[] bytes) {

        /** The last path segment of the URL, a hint for type detection. */
        public String fileName() {
            String path = url.replaceFirst("[?#].*$", "");
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private final DSLContext dsl;
    private final EvidenceStore evidence;
    private final DocumentReader reader;

    public CapturedDocuments(DSLContext dsl, EvidenceStore evidence, DocumentReader reader) {
        this.dsl = dsl;
        this.evidence = evidence;
        this.reader = reader;
    }

    /** The payload of a successful capture; empty when the capture has no WARC record. */
    public Optional<Payload> payload(long captureId) {
        var row = dsl.select(CAPTURE.URL, CAPTURE.CONTENT_TYPE, CAPTURE.WARC_FILE, CAPTURE.WARC_OFFSET)
                .from(CAPTURE).where(CAPTURE.ID.eq(captureId)).fetchOne();
        if (row == null || row.value3() == null || row.value4() == null) {
            return Optional.empty();
        }
        EvidenceStore.CapturedRecord record = evidence.read(row.value3(), row.value4());
        String contentType = record.contentType() != null ? record.contentType() : row.value2();
        return Optional.of(new Payload(captureId, row.value1(), contentType, record.payload()));
    }

    /** The content type recorded for a capture, lower-cased, or "" when none was. */
    public String contentType(long captureId) {
        String type = dsl.select(CAPTURE.CONTENT_TYPE).from(CAPTURE).where(CAPTURE.ID.eq(captureId))
                .fetchOne(CAPTURE.CONTENT_TYPE);
        return type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
    }

    /** The text of a captured document; empty when the capture has no WARC record. */
    public Optional<DocumentText> text(long captureId) {
        return payload(captureId).map(p -> reader.read(p.bytes(), p.fileName(), p.contentType()));
    }

    DSLContext dsl() {
        return dsl;
    }
}
