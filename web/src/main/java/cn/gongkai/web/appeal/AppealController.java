package cn.gongkai.web.appeal;

import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.security.UnitAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

/** Filing appeals (units), deciding them (evaluators), and downloading their attachments (both). */
@Controller
class AppealController {

    private final Appeals appeals;
    private final UnitAccess access;

    AppealController(Appeals appeals, UnitAccess access) {
        this.appeals = appeals;
        this.access = access;
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
        Appeals.Attachment file = appeals.attachment(attachmentId);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(file.bytes());
    }

    @GetMapping("/workbench/rounds/{roundId}/appeals")
    String list(@PathVariable long roundId, Model model) {
        model.addAttribute("roundId", roundId);
        model.addAttribute("appeals", appeals.ofRound(roundId));
        return "appeals";
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
