package cn.gongkai.web.evidence;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;

import cn.gongkai.crawler.extract.PageExtractor;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.sql.jooq.tables.records.CaptureRecord;
import cn.gongkai.web.security.UnitAccess;
import java.nio.charset.StandardCharsets;
import org.jooq.DSLContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
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

    EvidenceController(DSLContext dsl, EvidenceStore store, UnitAccess access) {
        this.dsl = dsl;
        this.store = store;
        this.access = access;
    }

    @GetMapping("/evidence/{captureId}")
    String evidence(@PathVariable long captureId, Authentication authentication, Model model) {
        CaptureRecord capture = capture(captureId, authentication);
        model.addAttribute("capture", capture);
        if (capture.getWarcFile() != null) {
            EvidenceStore.CapturedRecord record = store.read(capture.getWarcFile(), capture.getWarcOffset());
            model.addAttribute("digestMatches", record.digestMatches());
        }
        return "evidence";
    }

    @GetMapping("/evidence/{captureId}/replay")
    ResponseEntity<byte[]> replay(@PathVariable long captureId, Authentication authentication) {
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
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600");
        if (contentType.contains("html") || contentType.isEmpty()) {
            // Re-encoded as UTF-8 so a GBK page displays correctly whatever it declared.
            String html = PageExtractor.decode(record.payload(), record.contentType());
            return response.contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                    .body(html.getBytes(StandardCharsets.UTF_8));
        }
        return response.contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"capture-" + captureId + "\"")
                .body(record.payload());
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
