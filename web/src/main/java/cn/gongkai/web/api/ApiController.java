package cn.gongkai.web.api;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.crawler.CrawlProgress;
import cn.gongkai.web.dashboard.DashboardData;
import cn.gongkai.web.round.Rankings;
import cn.gongkai.web.security.UnitAccess;
import cn.gongkai.web.unit.UnitBreakdown;
import java.time.LocalDateTime;
import java.util.List;
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

    record UnitDetail(UnitBreakdown.Summary summary, List<UnitBreakdown.AreaLine> areas,
                      List<UnitBreakdown.PointLine> points) {
    }

    record Capture(long id, long roundId, long unitId, String unitName, String url, LocalDateTime capturedAt,
                   String status, Integer httpStatus, String contentType, String payloadDigest, String warcFile,
                   Long warcOffset, Long payloadLength) {
    }

    private final DSLContext dsl;
    private final Rankings rankings;
    private final DashboardData dashboard;
    private final UnitBreakdown breakdown;
    private final UnitAccess access;

    ApiController(DSLContext dsl, Rankings rankings, DashboardData dashboard, UnitBreakdown breakdown, UnitAccess access) {
        this.dsl = dsl;
        this.rankings = rankings;
        this.dashboard = dashboard;
        this.breakdown = breakdown;
        this.access = access;
    }

    @GetMapping("/rounds")
    List<Rankings.RoundSummary> rounds() {
        return rankings.rounds();
    }

    @GetMapping("/rounds/{roundId}/rankings")
    List<Rankings.Row> rankings(@PathVariable long roundId) {
        List<Rankings.Row> rows = rankings.of(roundId);
        if (rows.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次暂无评估结果");
        }
        return rows;
    }

    @GetMapping("/rounds/{roundId}/dashboard")
    DashboardData.Dashboard dashboard(@PathVariable long roundId) {
        return dashboard.of(roundId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次暂无评估结果"));
    }

    @GetMapping("/rounds/{roundId}/units/{unitId}")
    UnitDetail unit(@PathVariable long roundId, @PathVariable long unitId, Authentication authentication) {
        access.requireUnit(authentication, unitId);
        UnitBreakdown.Summary summary = breakdown.summary(roundId, unitId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次中没有这个单位的评估结果"));
        return new UnitDetail(summary, breakdown.areas(roundId, summary), breakdown.points(roundId, summary));
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
