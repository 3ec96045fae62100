package cn.gongkai.web.appeal;

import cn.gongkai.web.evidence.EvidenceFiles;
import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.round.RoundStatus;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.UnitAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
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

/** Filing appeals (units), deciding them (evaluators), and downloading their attachments (both). */
@Controller
class AppealController {

    private final Appeals appeals;
    private final UnitAccess access;
    private final RoundLifecycle lifecycle;

    AppealController(Appeals appeals, UnitAccess access, RoundLifecycle lifecycle) {
        this.appeals = appeals;
        this.access = access;
        this.lifecycle = lifecycle;
    }

    @PostMapping("/appeals")
    String file(@RequestParam long roundId, @RequestParam long pointId, @RequestParam String text,
                @RequestParam(required = false) String url,
                @RequestParam(name = "files", required = false) List<MultipartFile> files,
                @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            List<Appeals.Attachment> attachments = new ArrayList<>();
            for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
                if (!file.isEmpty()) {
                    attachments.add(new Appeals.Attachment(file.getOriginalFilename(), file.getContentType(),
                            file.getBytes()));
                }
            }
            appeals.file(user, roundId, pointId, text, url, attachments);
            flash.addFlashAttribute("message", "申诉已提交，评估人员处理后将在本页显示结果");
        } catch (AppealException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "redirect:/rounds/" + roundId + "/units/" + user.unitId();
    }

    @GetMapping("/appeals/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@PathVariable long attachmentId, Authentication authentication) {
        Long unitId = appeals.unitOfAttachment(attachmentId);
        access.requireUnit(authentication, unitId == null ? -1 : unitId);
        if (unitId == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "附件不存在");
        }
        Appeals.Attachment file = appeals.attachment(attachmentId);
        return EvidenceFiles.download(file.fileName(), file.bytes());
    }

    @GetMapping("/workbench/rounds/{roundId}/appeals")
    String list(@PathVariable long roundId, Model model) {
        model.addAttribute("roundId", roundId);
        model.addAttribute("appeals", appeals.ofRound(roundId));
        model.addAttribute("feedback", lifecycle.status(roundId) == RoundStatus.FEEDBACK);
        return "appeals";
    }

    /** Captures the appeal's URL now with the crawler; a failed fetch is recorded and shown, not an error. */
    @PostMapping("/workbench/appeals/{appealId}/recapture")
    String recapture(@PathVariable long appealId, @RequestParam long roundId,
                     @RequestParam(defaultValue = "false") boolean widen,
                     @RequestParam(required = false) String widenReason,
                     @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            var captured = appeals.recapture(appealId, user, widen, widenReason);
            if ("OK".equals(captured.status())) {
                flash.addFlashAttribute("message", "已重新采集申诉网址（HTTP " + captured.httpStatus() + "），证据已存档");
            } else {
                flash.addFlashAttribute("error", "已尝试重新采集申诉网址，但未取得页面：" + captured.error()
                        + "。该次尝试已存档，可在申诉下方查看");
            }
        } catch (AppealException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/workbench/rounds/" + roundId + "/appeals";
    }

    @PostMapping("/workbench/appeals/{appealId}/decide")
    String decide(@PathVariable long appealId, @RequestParam long roundId, @RequestParam String decision,
                  @RequestParam(required = false) String status, @RequestParam(required = false) BigDecimal scoreFraction,
                  @RequestParam(required = false) String reason, @AuthenticationPrincipal GongkaiUser user,
                  RedirectAttributes flash) {
        try {
            if ("ACCEPT".equals(decision)) {
                appeals.accept(appealId, user, status, scoreFraction, reason);
                flash.addFlashAttribute("message", "已采纳申诉，重新计分后生效");
            } else {
                appeals.reject(appealId, user, reason);
                flash.addFlashAttribute("message", "已驳回申诉");
            }
        } catch (AppealException | IllegalArgumentException | IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/workbench/rounds/" + roundId + "/appeals";
    }
}
