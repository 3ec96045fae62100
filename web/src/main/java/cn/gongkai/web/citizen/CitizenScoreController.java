package cn.gongkai.web.citizen;

import cn.gongkai.web.round.RoundLifecycle;
import cn.gongkai.web.security.GongkaiUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 公众评价导入 on the workbench (evaluators only, as every /workbench page). */
@Controller
class CitizenScoreController {

    private final CitizenScores scores;
    private final RoundLifecycle lifecycle;

    CitizenScoreController(CitizenScores scores, RoundLifecycle lifecycle) {
        this.scores = scores;
        this.lifecycle = lifecycle;
    }

    @GetMapping("/workbench/rounds/{roundId}/public-scores")
    String page(@PathVariable long roundId, Model model) {
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundStatus", lifecycle.status(roundId));
        model.addAttribute("points", scores.publicPoints(roundId));
        return "public-scores";
    }

    @GetMapping("/workbench/rounds/{roundId}/public-scores/template-points.csv")
    ResponseEntity<byte[]> perPointTemplate(@PathVariable long roundId) {
        lifecycle.status(roundId);
        return template("public-scores-points.csv", CitizenSheet.PER_POINT_HEADER);
    }

    @GetMapping("/workbench/rounds/{roundId}/public-scores/template-satisfaction.csv")
    ResponseEntity<byte[]> satisfactionTemplate(@PathVariable long roundId) {
        lifecycle.status(roundId);
        return template("public-scores-satisfaction.csv", CitizenSheet.SATISFACTION_HEADER);
    }

    /** A header row as CSV with a byte-order mark, so that Excel opens the Chinese right. */
    private static ResponseEntity<byte[]> template(String fileName, java.util.List<String> header) {
        byte[] text = (String.join(",", header) + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName).build()
                        .toString())
                .body(body);
    }

    @PostMapping("/workbench/rounds/{roundId}/public-scores/import")
    String importFile(@PathVariable long roundId, @RequestParam(required = false) MultipartFile file,
                      @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        lifecycle.status(roundId);
        try {
            byte[] bytes = file == null ? null : file.getBytes();
            var imported = scores.importFile(user.getUsername(), roundId,
                    file == null ? null : file.getOriginalFilename(), bytes);
            flash.addFlashAttribute("message", "已按「" + imported.shape() + "」导入 " + imported.rows() + " 行，记入 "
                    + imported.scores() + " 项公众评价得分，重新计分后生效");
        } catch (CitizenImportException e) {
            flash.addFlashAttribute("error", "导入未执行，文件有 " + e.errors().size() + " 处错误，请改正后重新导入");
            flash.addFlashAttribute("importErrors", e.errors().stream().limit(200)
                    .map(CitizenImportException.RowError::toString).toList());
        } catch (IllegalStateException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (IOException e) {
            flash.addFlashAttribute("error", "无法读取上传的文件：" + e.getMessage());
        }
        return "redirect:/workbench/rounds/" + roundId + "/public-scores";
    }
}
