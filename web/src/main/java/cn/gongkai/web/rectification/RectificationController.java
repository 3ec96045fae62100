package cn.gongkai.web.rectification;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.ROUND_UNIT;
import static cn.gongkai.sql.jooq.Tables.UNIT;

import cn.gongkai.web.error.NotFound;
import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.Role;
import cn.gongkai.web.security.UnitAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The 整改 pages: a unit's items (its county answers there; evaluators and leaders read), the round's ledger (evaluators
 * manage, leaders read) and its xlsx, and the evaluators' deadline, re-check and decision forms.
 */
@Controller
class RectificationController {

    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final Rectifications rectifications;
    private final UnitAccess access;
    private final DSLContext dsl;

    RectificationController(Rectifications rectifications, UnitAccess access, DSLContext dsl) {
        this.rectifications = rectifications;
        this.access = access;
        this.dsl = dsl;
    }

    @GetMapping("/rounds/{roundId}/units/{unitId}/rectification")
    String unit(@PathVariable long roundId, @PathVariable long unitId, Authentication authentication, Model model) {
        access.requireUnit(authentication, unitId);
        String unitName = dsl.select(UNIT.NAME).from(ROUND_UNIT).join(UNIT).on(UNIT.ID.eq(ROUND_UNIT.UNIT_ID))
                .where(ROUND_UNIT.ROUND_ID.eq(roundId)).and(ROUND_UNIT.UNIT_ID.eq(unitId)).fetchOne(UNIT.NAME);
        if (unitName == null) {
            throw new NotFound("该轮次中没有这个单位");
        }
        boolean ownUnit = authentication.getPrincipal() instanceof GongkaiUser user && user.has(Role.COUNTY)
                && Long.valueOf(unitId).equals(user.unitId());
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundName", roundName(roundId));
        model.addAttribute("unitId", unitId);
        model.addAttribute("unitName", unitName);
        model.addAttribute("items", rectifications.ofUnit(roundId, unitId));
        model.addAttribute("deadline", rectifications.deadline(roundId).orElse(null));
        model.addAttribute("canAnswer", ownUnit);
        return "rectification-unit";
    }

    @PostMapping("/rectification/items/{itemId}/answer")
    String answer(@PathVariable long itemId, @RequestParam(required = false) String text,
                  @RequestParam(required = false) String url,
                  @RequestParam(name = "files", required = false) List<MultipartFile> files,
                  @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        // access first: another unit's item or a missing one is refused before anything is read from the request
        Long unitId = rectifications.unitOfItem(itemId);
        if (unitId == null || !unitId.equals(user.unitId())) {
            throw new org.springframework.security.access.AccessDeniedException("只能答复本单位的整改事项");
        }
        long roundId = rectifications.roundOfItem(itemId);
        try {
            List<Rectifications.Upload> uploads = new ArrayList<>();
            for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
                if (!file.isEmpty()) {
                    uploads.add(new Rectifications.Upload(file.getOriginalFilename(), file.getBytes()));
                }
            }
            rectifications.answer(user, itemId, text, url, uploads);
            flash.addFlashAttribute("message", "整改情况已提交，评估人员复核后将在本页显示结果");
        } catch (RectificationException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "redirect:/rounds/" + roundId + "/units/" + unitId + "/rectification#item-" + itemId;
    }

    @GetMapping("/rectification/files/{fileId}")
    ResponseEntity<byte[]> file(@PathVariable long fileId, Authentication authentication) {
        Long unitId = rectifications.unitOfFile(fileId);
        access.requireUnit(authentication, unitId == null ? -1 : unitId);
        Rectifications.Upload file = rectifications.file(fileId);
        return EvidenceFiles.download(file.fileName(), file.bytes());
    }

    /** The ledger (整改台账): evaluators manage it, leaders read it. */
    @GetMapping("/rounds/{roundId}/rectification")
    String ledger(@PathVariable long roundId, @RequestParam(required = false) String state, Model model) {
        String roundName = roundName(roundId);
        List<Rectifications.ItemLine> all = rectifications.ofRound(roundId);
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundName", roundName);
        model.addAttribute("published", rectifications.published(roundId));
        model.addAttribute("deadline", rectifications.deadline(roundId).orElse(null));
        model.addAttribute("state", state);
        model.addAttribute("states", List.of("待整改", "已答复", "已通过复核", "已退回", "逾期"));
        model.addAttribute("counts", all.stream().collect(java.util.stream.Collectors.groupingBy(
                Rectifications.ItemLine::stateLabel, java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        model.addAttribute("total", all.size());
        model.addAttribute("items", state == null || state.isBlank() ? all
                : all.stream().filter(i -> i.stateLabel().equals(state)).toList());
        return "rectification-ledger";
    }

    @GetMapping("/exports/rounds/{roundId}/rectification.xlsx")
    ResponseEntity<byte[]> ledgerXlsx(@PathVariable long roundId) throws IOException {
        String roundName = roundName(roundId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RectificationWorkbook.write(roundName + " 整改台账（截至 " + java.time.LocalDate.now(Rectifications.ZONE)
                + "，整改期限 " + rectifications.deadline(roundId).map(Object::toString).orElse("未设定") + "）",
                rectifications.ofRound(roundId), out);
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(TextInput.withoutBidi(roundName + "整改台账.xlsx"), StandardCharsets.UTF_8).build()
                        .toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(out.toByteArray());
    }

    /** For a round published before 整改 tracking existed: creates its items (those there are kept). */
    @PostMapping("/workbench/rounds/{roundId}/rectification/open")
    String open(@PathVariable long roundId, @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            flash.addFlashAttribute("message", "已生成整改事项 " + rectifications.open(roundId, user.getUsername()) + " 项");
        } catch (RectificationException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/rounds/" + roundId + "/rectification";
    }

    @PostMapping("/workbench/rounds/{roundId}/rectification/deadline")
    String deadline(@PathVariable long roundId, @RequestParam(required = false) String deadline,
                    @RequestParam(required = false) String reason, @AuthenticationPrincipal GongkaiUser user,
                    RedirectAttributes flash) {
        try {
            rectifications.setDeadline(roundId, deadline, reason, user);
            flash.addFlashAttribute("message", "整改期限已改为 " + deadline.strip());
        } catch (RectificationException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/rounds/" + roundId + "/rectification";
    }

    @PostMapping("/workbench/rectification/items/{itemId}/recapture")
    String recapture(@PathVariable long itemId, @RequestParam(defaultValue = "false") boolean widen,
                     @RequestParam(required = false) String widenReason, @AuthenticationPrincipal GongkaiUser user,
                     RedirectAttributes flash) {
        Long roundId = requireRoundOf(itemId);
        try {
            List<String> lines = new ArrayList<>();
            for (var attempt : rectifications.recapture(itemId, user, widen, widenReason)) {
                lines.add(attempt.url() + "：" + (attempt.captured() == null ? "未采集（" + attempt.refused() + "）"
                        : "OK".equals(attempt.captured().status()) ? "已采集（HTTP " + attempt.captured().httpStatus() + "）"
                        : "未取得页面（" + attempt.captured().error() + "）"));
            }
            flash.addFlashAttribute("message", "复核采集完成，证据已存档：" + String.join("；", lines));
        } catch (RectificationException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/rounds/" + roundId + "/rectification#item-" + itemId;
    }

    @PostMapping("/workbench/rectification/items/{itemId}/decide")
    String decide(@PathVariable long itemId, @RequestParam(required = false) String decision,
                  @RequestParam(required = false) String reason, @AuthenticationPrincipal GongkaiUser user,
                  RedirectAttributes flash) {
        Long roundId = requireRoundOf(itemId);
        try {
            rectifications.decide(itemId, decision, reason, user);
            flash.addFlashAttribute("message", "CLOSE".equals(decision) ? "整改事项已通过复核" : "整改事项已退回，单位须重新整改");
        } catch (RectificationException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/rounds/" + roundId + "/rectification#item-" + itemId;
    }

    private Long requireRoundOf(long itemId) {
        Long roundId = rectifications.roundOfItem(itemId);
        if (roundId == null) {
            throw new NotFound("整改事项不存在：" + itemId);
        }
        return roundId;
    }

    private String roundName(long roundId) {
        return dsl.select(ASSESSMENT_ROUND.NAME).from(ASSESSMENT_ROUND).where(ASSESSMENT_ROUND.ID.eq(roundId))
                .fetchOptional(ASSESSMENT_ROUND.NAME).orElseThrow(() -> new NotFound("评估轮次不存在：" + roundId));
    }
}
