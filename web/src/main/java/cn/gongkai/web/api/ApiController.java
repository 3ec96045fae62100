package cn.gongkai.web.api;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.crawler.CrawlProgress;
import cn.gongkai.web.appeal.Appeals;
import cn.gongkai.web.dashboard.DashboardData;
import cn.gongkai.web.rectification.Rectifications;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.security.UnitAccess;
import cn.gongkai.web.unit.UnitBreakdown;
import cn.gongkai.web.visibility.ResultView;
import cn.gongkai.web.visibility.ResultVisibility;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** REST API, version 1. Every path here is described in /api/v1/openapi.yaml (a test keeps the two in step). */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiController {

    /** {@code view}: whose results these are, e.g. 已发布结果（第 1 版…）, 初评，未发布, or 工作结果（复核中，未发布）. */
    record UnitDetail(String view, UnitBreakdown.Summary summary, List<UnitBreakdown.AreaLine> areas,
                      List<Point> points) {
    }

    /** A round's ranking as the reader may see it: {@code view} says whose results they are. */
    record Ranking(String view, List<Rankings.Row> rows) {
    }

    /**
     * A point as the unit's page shows it: the finding with its captured evidence, and what people added behind it:
     * the evaluators' review files, the unit's appeals on the point and the re-captures made for them.
     * {@code status} is the verdict after reviews and appeals; {@code machineStatus} and {@code message} are the
     * checker's own, kept as history; {@code decision} says what people decided, null when nobody has.
     * {@code repeatOffence} (屡查屡犯) names the previous published round's 整改 item on the point when the point loses
     * marks again; null otherwise.
     */
    record Point(long pointId, String area, String pointText, BigDecimal score, BigDecimal maxScore, String status,
                 String message, String howToFix, List<UnitBreakdown.EvidenceLink> evidence, BigDecimal groupAverage,
                 List<ReviewFile> reviewFiles, List<Appeal> appeals, List<Recapture> recaptures,
                 String machineStatus, String decision, RepeatOffence repeatOffence) {
    }

    /** 屡查屡犯: the point was a 整改 item of the previous published round and loses marks again. */
    record RepeatOffence(long previousRoundId, String previousRoundName, long previousItemId, String previousItemStatus) {
    }

    /** What the page's 申诉记录 shows of an appeal; {@code decisionReason} is the evaluator's answer, null while open. */
    record Appeal(long appealId, LocalDateTime filedAt, String text, String status, String decisionReason,
                  List<AppealAttachment> attachments) {
    }

    /** {@code downloadUrl}: the attachment, as a download, for the same accounts that may read the unit. */
    record AppealAttachment(long attachmentId, String fileName, long sizeBytes, String sha256, LocalDateTime uploadedAt,
                            String downloadUrl) {
    }

    /** {@code downloadUrl}: the file, as a download, for the same accounts that may read the unit. */
    record ReviewFile(long fileId, String fileName, long sizeBytes, String sha256, LocalDateTime uploadedAt,
                      String decision, String reason, String downloadUrl) {
    }

    /** {@code replayUrl} is null when nothing was archived (the fetch failed). */
    record Recapture(long captureId, String url, LocalDateTime capturedAt, String status, Integer httpStatus,
                     String payloadDigest, String error, String evidenceUrl, String replayUrl) {
    }

    record Capture(long id, long roundId, long unitId, String unitName, String url, LocalDateTime capturedAt,
                   String status, Integer httpStatus, String contentType, String payloadDigest, String warcFile,
                   Long warcOffset, Long payloadLength) {
    }

    private final DSLContext dsl;
    private final Rankings rankings;
    private final DashboardData dashboard;
    private final UnitBreakdown breakdown;
    private final Appeals appeals;
    private final UnitAccess access;
    private final ResultVisibility visibility;
    private final Rectifications rectifications;

    ApiController(DSLContext dsl, Rankings rankings, DashboardData dashboard, UnitBreakdown breakdown, Appeals appeals,
                  UnitAccess access, ResultVisibility visibility, Rectifications rectifications) {
        this.rectifications = rectifications;
        this.visibility = visibility;
        this.dsl = dsl;
        this.rankings = rankings;
        this.dashboard = dashboard;
        this.breakdown = breakdown;
        this.appeals = appeals;
        this.access = access;
    }

    /** The rounds the reader may open: every round for evaluators, published ones for leaders. */
    @GetMapping("/rounds")
    List<Rankings.RoundSummary> rounds(Authentication authentication) {
        return rankings.rounds().stream().filter(r -> visibility.listed(authentication, r.id())).toList();
    }

    @GetMapping("/rounds/{roundId}/rankings")
    Ranking rankings(@PathVariable long roundId, Authentication authentication) {
        ResultView view = visibility.ofRound(authentication, roundId);
        List<Rankings.Row> rows = rankings.of(view);
        if (rows.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次暂无评估结果");
        }
        return new Ranking(view.label(), rows);
    }

    @GetMapping("/rounds/{roundId}/dashboard")
    DashboardData.Dashboard dashboard(@PathVariable long roundId, Authentication authentication) {
        return dashboard.of(visibility.ofRound(authentication, roundId))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次暂无评估结果"));
    }

    @GetMapping("/rounds/{roundId}/units/{unitId}")
    UnitDetail unit(@PathVariable long roundId, @PathVariable long unitId, Authentication authentication,
                    HttpServletRequest request) {
        access.requireUnit(authentication, unitId);
        ResultView view = visibility.ofUnit(authentication, roundId);
        UnitBreakdown.Summary summary = breakdown.summary(view, unitId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次中没有这个单位的评估结果"));
        // The same queries as the unit's page, so the API lists exactly what the page shows.
        Map<Long, List<UnitBreakdown.ReviewFileLink>> files = breakdown.reviewFiles(roundId, unitId);
        Map<Long, List<Appeals.AppealLine>> filed = appeals.ofUnitByPoint(roundId, unitId);
        Map<Long, List<Appeals.RecaptureLine>> recaptures = appeals.recapturesByPoint(roundId, unitId);
        String root = request.getContextPath();
        Map<Long, Rectifications.Repeat> repeats = rectifications.repeatedPoints(view, unitId);
        List<Point> points = breakdown.points(view, summary).stream().map(p -> new Point(p.pointId(), p.area(),
                p.pointText(), p.score(), p.maxScore(), p.status(), p.message(), p.howToFix(), p.evidence(),
                p.groupAverage(),
                files.getOrDefault(p.pointId(), List.of()).stream().map(f -> reviewFile(f, root)).toList(),
                filed.getOrDefault(p.pointId(), List.of()).stream().map(a -> appeal(a, root)).toList(),
                recaptures.getOrDefault(p.pointId(), List.of()).stream().map(c -> recapture(c, root)).toList(),
                p.machineStatus(), p.decision(), repeatOffence(repeats.get(p.pointId()))))
                .toList();
        return new UnitDetail(view.label(), summary, breakdown.areas(view, summary), points);
    }

    private static RepeatOffence repeatOffence(Rectifications.Repeat r) {
        return r == null ? null : new RepeatOffence(r.previousRoundId(), r.previousRoundName(), r.previousItemId(),
                r.previousStatus().label());
    }

    private static ReviewFile reviewFile(UnitBreakdown.ReviewFileLink f, String root) {
        return new ReviewFile(f.fileId(), f.fileName(), f.sizeBytes(), f.sha256(), f.uploadedAt(), f.decision(),
                f.reason(), root + "/review-files/" + f.fileId());
    }

    private static Appeal appeal(Appeals.AppealLine a, String root) {
        return new Appeal(a.id(), a.filedAt(), a.text(), a.status(), a.decisionReason(), a.attachments().stream()
                .map(f -> new AppealAttachment(f.id(), f.fileName(), f.sizeBytes(), f.sha256(), f.uploadedAt(),
                        root + "/appeals/attachments/" + f.id()))
                .toList());
    }

    private static Recapture recapture(Appeals.RecaptureLine c, String root) {
        String viewer = root + "/evidence/" + c.captureId();
        return new Recapture(c.captureId(), c.url(), c.capturedAt(), c.status(), c.httpStatus(), c.digest(), c.error(),
                viewer, c.digest() == null ? null : viewer + "/replay");
    }

    @GetMapping("/captures/{captureId}")
    Capture capture(@PathVariable long captureId, Authentication authentication) {
        access.requireCapture(authentication, captureId);
        return dsl.select(CAPTURE.ID, CAPTURE.ROUND_ID, UNIT.ID, UNIT.NAME, CAPTURE.URL, CAPTURE.CAPTURED_AT,
                        CAPTURE.STATUS, CAPTURE.HTTP_STATUS, CAPTURE.CONTENT_TYPE, CAPTURE.PAYLOAD_DIGEST,
                        CAPTURE.WARC_FILE, CAPTURE.WARC_OFFSET, CAPTURE.PAYLOAD_LENGTH)
                .from(CAPTURE).join(CHANNEL).on(CHANNEL.ID.eq(CAPTURE.CHANNEL_ID)).join(UNIT).on(UNIT.ID.eq(CHANNEL.UNIT_ID))
                .where(CAPTURE.ID.eq(captureId))
                .fetchOptional(r -> new Capture(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(), r.value13()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这条采集记录"));
    }

    /** Crawl progress per site (evaluators only, by the URL rules). */
    @GetMapping("/rounds/{roundId}/progress")
    List<CrawlProgress.SiteProgress> progress(@PathVariable long roundId) {
        return CrawlProgress.of(dsl, roundId);
    }

    @GetMapping(path = "/openapi.yaml", produces = "application/yaml")
    ResponseEntity<Resource> openApi() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml;charset=UTF-8"))
                .body(new ClassPathResource("api/openapi.yaml"));
    }
}
