package cn.gongkai.web.evidence;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.FINDING_EVIDENCE;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.sql.jooq.tables.records.CaptureRecord;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.security.UnitAccess;
import java.nio.charset.StandardCharsets;
import org.jooq.DSLContext;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Evidence: a capture's record (URL, time, status, digest, WARC file) and the captured page replayed from WARC.
 * Captured pages are hostile input: the replay is served under a CSP sandbox with no scripts and no requests, and
 * framed with the iframe sandbox attribute, so nothing captured runs in our pages.
 */
@Controller
class EvidenceController {

    static final String REPLAY_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            + "font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private final DSLContext dsl;
    private final EvidenceStore store;
    private final UnitAccess access;
    private final cn.gongkai.web.unit.ReaderFormat format;

    EvidenceController(DSLContext dsl, EvidenceStore store, UnitAccess access, cn.gongkai.web.unit.ReaderFormat format) {
        this.format = format;
        this.dsl = dsl;
        this.store = store;
        this.access = access;
    }

    @GetMapping("/evidence/{captureId}")
    String evidence(@PathVariable long captureId, @RequestParam(name = "mark", required = false) Long mark,
                    Authentication authentication, Model model) {
        CaptureRecord capture = capture(captureId, authentication);
        model.addAttribute("capture", capture);
        // as the unit page links here: time in the readers' zone, the digest in hex, the capture status in words
        model.addAttribute("fmt", format);
        model.addAttribute("statusLabel", new cn.gongkai.web.appeal.Appeals.RecaptureLine(capture.getId(),
                capture.getUrl(), capture.getCapturedAt(), capture.getStatus(), capture.getHttpStatus(), null, null,
                null).statusLabel());
        String excerpt = excerpt(captureId, mark);
        model.addAttribute("mark", excerpt == null ? null : mark);
        model.addAttribute("excerpt", excerpt);
        model.addAttribute("html", isHtml(capture.getContentType()));
        if (capture.getWarcFile() != null) {
            EvidenceStore.CapturedRecord record = store.read(capture.getWarcFile(), capture.getWarcOffset());
            model.addAttribute("digestMatches", record.digestMatches());
        }
        return "evidence";
    }

    @GetMapping("/evidence/{captureId}/replay")
    ResponseEntity<byte[]> replay(@PathVariable long captureId, @RequestParam(name = "mark", required = false) Long mark,
                                  Authentication authentication) {
        CaptureRecord capture = capture(captureId, authentication);
        if (capture.getWarcFile() == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "该次采集失败，没有可回放的内容");
        }
        EvidenceStore.CapturedRecord record = store.read(capture.getWarcFile(), capture.getWarcOffset());
        String contentType = record.contentType() == null ? "" : record.contentType().toLowerCase();
        ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                .header("Content-Security-Policy", REPLAY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (isHtml(contentType)) {
            // Re-encoded as UTF-8 so a GBK page displays correctly whatever it declared.
            String html = PageExtractor.decode(record.payload(), record.contentType());
            String excerpt = excerpt(captureId, mark);
            if (excerpt != null) {
                html = ExcerptHighlighter.highlight(html, excerpt).html();
            }
            return response.contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                    .body(html.getBytes(StandardCharsets.UTF_8));
        }
        return attachment(response, capture, record);
    }

    /** The archived payload as a download, whatever its type: attachments (PDF, DOC, XLS …) come from here. */
    @GetMapping("/evidence/{captureId}/download")
    ResponseEntity<byte[]> download(@PathVariable long captureId, Authentication authentication) {
        CaptureRecord capture = capture(captureId, authentication);
        if (capture.getWarcFile() == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "该次采集失败，没有存档内容");
        }
        EvidenceStore.CapturedRecord record = store.read(capture.getWarcFile(), capture.getWarcOffset());
        return attachment(ResponseEntity.ok()
                .header("Content-Security-Policy", REPLAY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.CACHE_CONTROL, "no-store"), capture, record);
    }

    private static ResponseEntity<byte[]> attachment(ResponseEntity.BodyBuilder response, CaptureRecord capture,
                                                     EvidenceStore.CapturedRecord record) {
        return response.contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(fileName(capture), StandardCharsets.UTF_8).build().toString())
                .body(record.payload());
    }

    /** The last path segment of the captured URL (decoded), or capture-ID when it has none. */
    static String fileName(CaptureRecord capture) {
        String name = "";
        try {
            String path = java.net.URI.create(capture.getUrl()).getPath();
            if (path != null) {
                name = path.substring(path.lastIndexOf('/') + 1);
            }
        } catch (IllegalArgumentException e) {
            name = "";
        }
        name = TextInput.withoutBidi(name).replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
        return name.isBlank() ? "capture-" + capture.getId() : name;
    }

    private static boolean isHtml(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase();
        return type.isEmpty() || type.contains("html");
    }

    /** The excerpt of a finding's evidence, only if that evidence points at this capture. */
    private String excerpt(long captureId, Long evidenceId) {
        if (evidenceId == null) {
            return null;
        }
        return dsl.select(FINDING_EVIDENCE.EXCERPT).from(FINDING_EVIDENCE)
                .where(FINDING_EVIDENCE.ID.eq(evidenceId)).and(FINDING_EVIDENCE.CAPTURE_ID.eq(captureId))
                .fetchOptional(FINDING_EVIDENCE.EXCERPT).orElse(null);
    }

    private CaptureRecord capture(long captureId, Authentication authentication) {
        access.requireCapture(authentication, captureId);
        CaptureRecord capture = dsl.selectFrom(CAPTURE).where(CAPTURE.ID.eq(captureId)).fetchOne();
        if (capture == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这条采集记录");
        }
        return capture;
    }
}
