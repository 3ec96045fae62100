package cn.gongkai.web.tongbao;

import cn.gongkai.web.input.TextInput;
import cn.gongkai.web.security.GongkaiUser;
import cn.gongkai.web.visibility.ResultView;
import cn.gongkai.web.visibility.ResultVisibility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The 通报 of a published round: the evaluators' page to edit its words (GET and POST under /workbench, evaluators
 * only), and its downloads as docx and as xlsx annex tables for evaluators and leaders. Counties get neither: the
 * 通报 names every unit's grade and the whole negative list, and a county account reads only its own unit's results;
 * the issuing office sends the 通报 to the units itself. All of it reads the latest published snapshot only.
 */
@Controller
class TongbaoController {

    static final MediaType DOCX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final ResultVisibility visibility;
    private final TongbaoFacts facts;
    private final TongbaoTexts texts;
    private final TongbaoDocx docx;
    private final TongbaoWorkbook workbook;

    TongbaoController(ResultVisibility visibility, TongbaoFacts facts, TongbaoTexts texts, TongbaoDocx docx,
                      TongbaoWorkbook workbook) {
        this.visibility = visibility;
        this.facts = facts;
        this.texts = texts;
        this.docx = docx;
        this.workbook = workbook;
    }

    @GetMapping("/workbench/rounds/{roundId}/tongbao")
    String page(@PathVariable long roundId, Authentication authentication, Model model) {
        ResultView view = visibility.publishedOfRound(authentication, roundId);
        TongbaoFacts.Facts f = facts.read(view);
        model.addAttribute("roundId", roundId);
        model.addAttribute("facts", f);
        model.addAttribute("view", view.label());
        model.addAttribute("summary", TongbaoDocx.summary(f));
        // A refused save comes back with what the evaluator typed, not the stored text.
        if (!model.containsAttribute("text")) {
            model.addAttribute("text", texts.of(f));
        }
        return "tongbao";
    }

    @PostMapping("/workbench/rounds/{roundId}/tongbao")
    String save(@PathVariable long roundId, @RequestParam(required = false) String title,
                @RequestParam(required = false) String docNumber, @RequestParam(required = false) String issuingBody,
                @RequestParam(required = false) String addressees, @RequestParam(required = false) String overview,
                @RequestParam(required = false) String problemsNote, @RequestParam(required = false) String nextSteps,
                @RequestParam(required = false) String rectifyBy, @RequestParam(required = false) String issuedOn,
                Authentication authentication, @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        ResultView view = visibility.publishedOfRound(authentication, roundId);
        TongbaoFacts.Facts f = facts.read(view);
        TongbaoTexts.Text form = new TongbaoTexts.Text(title, docNumber, issuingBody, addressees, overview,
                problemsNote, nextSteps, null, null, null, null);
        try {
            form = new TongbaoTexts.Text(title, docNumber, issuingBody, addressees, overview, problemsNote, nextSteps,
                    date(rectifyBy, "整改期限"), date(issuedOn, "成文日期"), null, null);
            texts.save(user.getUsername(), f, form);
            flash.addFlashAttribute("message", "通报文字已保存；下载的通报将使用保存后的文字");
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage() + "；未保存");
            flash.addFlashAttribute("text", form);
        }
        return "redirect:/workbench/rounds/" + roundId + "/tongbao";
    }

    @GetMapping("/exports/rounds/{roundId}/tongbao.docx")
    ResponseEntity<byte[]> document(@PathVariable long roundId, Authentication authentication) throws IOException {
        TongbaoFacts.Facts f = facts.read(visibility.publishedOfRound(authentication, roundId));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docx.write(f, texts.of(f), out);
        return download(out.toByteArray(), DOCX, f.roundName() + "评估结果通报.docx");
    }

    @GetMapping("/exports/rounds/{roundId}/tongbao-annex.xlsx")
    ResponseEntity<byte[]> annex(@PathVariable long roundId, Authentication authentication) throws IOException {
        TongbaoFacts.Facts f = facts.read(visibility.publishedOfRound(authentication, roundId));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        workbook.write(f, out);
        return download(out.toByteArray(), XLSX, f.roundName() + "评估结果通报附表.xlsx");
    }

    private static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null; // TongbaoTexts says which date is missing
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("「" + field + "」不是有效日期（格式如 2026-12-31）");
        }
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
}
