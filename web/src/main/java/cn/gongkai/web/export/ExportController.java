package cn.gongkai.web.export;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;

import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.GongkaiProperties;
import cn.gongkai.web.appeal.Appeals;
import cn.gongkai.web.security.UnitAccess;
import cn.gongkai.web.rectification.Rectifications;
import cn.gongkai.web.unit.ReaderFormat;
import cn.gongkai.web.unit.UnitBreakdown;
import cn.gongkai.web.visibility.ResultView;
import cn.gongkai.web.visibility.ResultVisibility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jooq.DSLContext;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Downloads: round results as xlsx (evaluators and leaders), a unit's PDF report (also the unit's own county). */
@Controller
class ExportController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final DSLContext dsl;
    private final ResultsWorkbook workbook;
    private final UnitReportPdf pdf;
    private final Rectifications rectifications;
    private final UnitBreakdown breakdown;
    private final Appeals appeals;
    private final UnitAccess access;
    private final GongkaiProperties properties;
    private final ResultVisibility visibility;
    private final ReaderFormat format;

    ExportController(DSLContext dsl, ResultsWorkbook workbook, UnitReportPdf pdf, UnitBreakdown breakdown,
                     Appeals appeals, UnitAccess access, GongkaiProperties properties, ResultVisibility visibility,
                     ReaderFormat format, Rectifications rectifications) {
        this.rectifications = rectifications;
        this.format = format;
        this.visibility = visibility;
        this.dsl = dsl;
        this.workbook = workbook;
        this.pdf = pdf;
        this.breakdown = breakdown;
        this.appeals = appeals;
        this.access = access;
        this.properties = properties;
    }

    @GetMapping("/exports/rounds/{roundId}/results.xlsx")
    ResponseEntity<byte[]> results(@PathVariable long roundId, Authentication authentication) throws IOException {
        String roundName = roundName(roundId);
        ResultView view = visibility.ofRound(authentication, roundId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!workbook.write(view, out)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次暂无评估结果");
        }
        return download(out.toByteArray(), XLSX, roundName + "评估结果.xlsx");
    }

    @GetMapping("/exports/rounds/{roundId}/units/{unitId}/report.pdf")
    ResponseEntity<byte[]> report(@PathVariable long roundId, @PathVariable long unitId, Authentication authentication)
            throws IOException {
        access.requireUnit(authentication, unitId);
        String roundName = roundName(roundId);
        ResultView view = visibility.ofUnit(authentication, roundId);
        UnitBreakdown.Summary summary = breakdown.summary(view, unitId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "该轮次中没有这个单位的评估结果"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // The same queries as the unit's page, so the report lists exactly what the page shows.
        pdf.write(new UnitReportPdf.Report(roundName, view.label(format.zone(), format.zoneLabel()), summary,
                breakdown.areas(view, summary),
                breakdown.points(view, summary), UnitBreakdown.statusLabels(),
                breakdown.reviewFiles(roundId, unitId), appeals.ofUnitByPoint(roundId, unitId),
                appeals.recapturesByPoint(roundId, unitId), rectifications.repeatedPoints(view, unitId), baseUrl(),
                format), out);
        // A report that is not the published one says so in its name too, as it is passed around without the page.
        String name = view.published() ? "评估报告" : view.kind() == ResultView.Kind.PRELIMINARY ? "初评报告（未发布）"
                : "评估报告（工作稿，未发布）";
        return download(out.toByteArray(), MediaType.APPLICATION_PDF, summary.unitName() + name + ".pdf");
    }

    private String roundName(long roundId) {
        return dsl.select(ASSESSMENT_ROUND.NAME).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOptional(ASSESSMENT_ROUND.NAME)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这个评估轮次"));
    }

    private static ResponseEntity<byte[]> download(byte[] body, MediaType type, String fileName) {
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(TextInput.withoutBidi(fileName), StandardCharsets.UTF_8)
                                .build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(body);
    }

    /**
     * The links' address: behind a reverse proxy that rewrites Host the request's own address is not the readers',
     * so gongkai.public-url wins when it is set.
     */
    private String baseUrl() {
        return properties.publicUrl() != null ? properties.publicUrl()
                : ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
