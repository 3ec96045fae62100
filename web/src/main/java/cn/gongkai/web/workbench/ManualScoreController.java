package cn.gongkai.web.workbench;

import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE;
import static cn.gongkai.sql.jooq.Tables.MANUAL_SCORE_FILE;

import cn.gongkai.web.evidence.EvidenceFileException;
import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.UnitAccess;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The score-entry grid and its spreadsheet round trip, for evaluators (MANUAL points) and the supervising
 * department's scorers (DEPARTMENT points); each sees and enters only the points of its own method.
 */
@Controller
class ManualScoreController {

    private final ManualScores scores;
    private final RoundLifecycle lifecycle;
    private final EvidenceFiles evidenceFiles;
    private final UnitAccess access;
    private final DSLContext dsl;

    ManualScoreController(ManualScores scores, RoundLifecycle lifecycle, EvidenceFiles evidenceFiles,
                          UnitAccess access, DSLContext dsl) {
        this.scores = scores;
        this.lifecycle = lifecycle;
        this.evidenceFiles = evidenceFiles;
        this.access = access;
        this.dsl = dsl;
    }

    /** Where a scorer starts: the rounds open for entries. */
    @GetMapping("/manual-scores")
    String rounds(@AuthenticationPrincipal GongkaiUser user, Model model) {
        model.addAttribute("rounds", scores.openRounds());
        model.addAttribute("methods", ManualScores.methodsOf(user));
        return "manual-score-rounds";
    }

    @GetMapping("/workbench/rounds/{roundId}/manual-scores")
    String grid(@PathVariable long roundId, @RequestParam(required = false) String method,
                @RequestParam(required = false) String unit, @AuthenticationPrincipal GongkaiUser user, Model model) {
        String chosen = method(user, method);
        var cells = scores.grid(roundId, chosen);
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundStatus", lifecycle.status(roundId));
        model.addAttribute("method", chosen);
        model.addAttribute("methodLabel", ManualScoreSheet.methodLabel(chosen));
        model.addAttribute("methods", ManualScores.methodsOf(user));
        model.addAttribute("units", cells.stream().collect(java.util.stream.Collectors.toMap(
                ManualScores.Cell::unitCode, ManualScores.Cell::unitName, (a, b) -> a, java.util.LinkedHashMap::new)));
        model.addAttribute("unit", unit);
        model.addAttribute("cells", unit == null || unit.isBlank() ? cells
                : cells.stream().filter(c -> c.unitCode().equals(unit)).toList());
        return "manual-scores";
    }

    @PostMapping("/workbench/rounds/{roundId}/manual-scores")
    String enter(@PathVariable long roundId, @RequestParam long unitId, @RequestParam long pointId,
                 @RequestParam(required = false) String score, @RequestParam(required = false) String reason,
                 @RequestParam String method, @RequestParam(required = false) String unit,
                 @RequestParam(defaultValue = "false") boolean vetoHit,
                 @RequestParam(name = "evidence", required = false) MultipartFile evidence,
                 @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        String chosen = method(user, method);
        try {
            TextInput.limited(reason, "理由", TextInput.REASON_MAX);
            BigDecimal value;
            try {
                value = score == null || score.isBlank() ? null : new BigDecimal(score.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("得分「" + score + "」不是数字");
            }
            List<EvidenceFiles.Checked> files = evidence == null || evidence.isEmpty() ? List.of()
                    : List.of(evidenceFiles.check(new EvidenceFiles.Upload(evidence.getOriginalFilename(),
                            evidence.getBytes())));
            scores.enter(user, roundId, unitId, pointId, value, reason, vetoHit, files);
            flash.addFlashAttribute("message", vetoHit ? "已认定否决情形并保存证据文件，重新计分后列入负面清单"
                    : "已录入，重新计分后生效");
        } catch (IllegalStateException | IllegalArgumentException | EvidenceFileException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (IOException e) {
            flash.addFlashAttribute("error", "无法读取上传的文件：" + e.getMessage());
        }
        return back(roundId, chosen, unit);
    }

    /** A scorer's evidence file behind a veto hit: for evaluators, leaders and the unit it concerns. */
    @GetMapping("/manual-score-files/{fileId}")
    ResponseEntity<byte[]> file(@PathVariable long fileId, Authentication authentication) {
        var file = dsl.select(MANUAL_SCORE_FILE.FILE_NAME, MANUAL_SCORE_FILE.SHA256, MANUAL_SCORE.UNIT_ID)
                .from(MANUAL_SCORE_FILE)
                .join(MANUAL_SCORE).on(MANUAL_SCORE.ID.eq(MANUAL_SCORE_FILE.MANUAL_SCORE_ID))
                .where(MANUAL_SCORE_FILE.ID.eq(fileId)).fetchOne();
        access.requireUnit(authentication, file == null ? -1 : file.value3());
        if (file == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "证据文件不存在");
        }
        return EvidenceFiles.download(file.value1(), evidenceFiles.read(file.value2()));
    }

    @GetMapping("/workbench/rounds/{roundId}/manual-scores.xlsx")
    ResponseEntity<byte[]> export(@PathVariable long roundId, @RequestParam(required = false) String method,
                                  @AuthenticationPrincipal GongkaiUser user) {
        String chosen = method(user, method);
        lifecycle.status(roundId);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("round-" + roundId + "-" + chosen.toLowerCase() + "-scores.xlsx").build().toString())
                .body(scores.exportXlsx(roundId, chosen));
    }

    @PostMapping("/workbench/rounds/{roundId}/manual-scores/import")
    String importXlsx(@PathVariable long roundId, @RequestParam(required = false) MultipartFile file,
                      @RequestParam(required = false) String method, @AuthenticationPrincipal GongkaiUser user,
                      RedirectAttributes flash) {
        String chosen = method(user, method);
        if (file == null || file.isEmpty()) {
            flash.addFlashAttribute("error", "请选择要导入的 xlsx 文件");
            return back(roundId, chosen, null);
        }
        try (InputStream in = file.getInputStream()) {
            int stored = scores.importXlsx(user, roundId, in);
            flash.addFlashAttribute("message", "已导入 " + stored + " 条得分，重新计分后生效");
        } catch (ManualScoreImportException e) {
            flash.addFlashAttribute("error", "导入未执行，文件有 " + e.errors().size() + " 处错误，请改正后重新导入");
            flash.addFlashAttribute("importErrors", e.errors().stream().limit(200)
                    .map(ManualScoreImportException.RowError::toString).toList());
        } catch (IllegalStateException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (IOException e) {
            flash.addFlashAttribute("error", "无法读取上传的文件：" + e.getMessage());
        }
        return back(roundId, chosen, null);
    }

    /** The method asked for, or the account's first; one the account may not enter is refused outright. */
    private static String method(GongkaiUser user, String requested) {
        Set<String> allowed = ManualScores.methodsOf(user);
        if (requested == null || requested.isBlank()) {
            return allowed.stream().findFirst().orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN));
        }
        if (!allowed.contains(requested)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "当前账号不能录入该类评估点");
        }
        return requested;
    }

    private static String back(long roundId, String method, String unit) {
        return "redirect:/workbench/rounds/" + roundId + "/manual-scores?method=" + method
                + (unit == null || unit.isBlank() ? "" : "&unit=" + java.net.URLEncoder.encode(unit,
                java.nio.charset.StandardCharsets.UTF_8));
    }
}
