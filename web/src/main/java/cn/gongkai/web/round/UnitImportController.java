package cn.gongkai.web.round;

import cn.gongkai.web.security.GongkaiUser;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The units, channels and columns (栏目) of a draft round, and their import from xlsx or CSV. Evaluators only: the
 * security configuration gives every /workbench path to the EVALUATOR role.
 */
@Controller
class UnitImportController {

    private final UnitImport units;
    private final RoundLifecycle lifecycle;

    UnitImportController(UnitImport units, RoundLifecycle lifecycle) {
        this.units = units;
        this.lifecycle = lifecycle;
    }

    @GetMapping("/workbench/rounds/{roundId}/units")
    String page(@PathVariable long roundId, Model model) {
        RoundStatus status;
        try {
            status = lifecycle.status(roundId);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        model.addAttribute("roundId", roundId);
        model.addAttribute("roundStatus", status);
        model.addAttribute("units", units.units(roundId));
        model.addAttribute("groups", units.groups());
        model.addAttribute("guide", UnitSheet.guide());
        model.addAttribute("columnGuide", UnitSheet.columnGuide());
        return "round-units";
    }

    @GetMapping("/workbench/rounds/{roundId}/units/template.xlsx")
    ResponseEntity<byte[]> templateXlsx(@PathVariable long roundId) {
        return file(units.templateXlsx(), "单位与渠道导入模板.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    @GetMapping("/workbench/rounds/{roundId}/units/template.csv")
    ResponseEntity<byte[]> templateCsv(@PathVariable long roundId) {
        return file(units.templateCsv(), "单位与渠道导入模板.csv", "text/csv;charset=UTF-8");
    }

    @GetMapping("/workbench/rounds/{roundId}/units/template-columns.csv")
    ResponseEntity<byte[]> templateColumnsCsv(@PathVariable long roundId) {
        return file(units.templateColumnsCsv(), "栏目导入模板.csv", "text/csv;charset=UTF-8");
    }

    @PostMapping("/workbench/rounds/{roundId}/units/import")
    String importFile(@PathVariable long roundId, @RequestParam(required = false) MultipartFile file,
                      @RequestParam(required = false) MultipartFile columnsFile,
                      @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        String back = "redirect:/workbench/rounds/" + roundId + "/units";
        // A form sends an empty part for a file input left empty: that is no file.
        boolean withColumns = columnsFile != null && columnsFile.getOriginalFilename() != null
                && !columnsFile.getOriginalFilename().isBlank();
        if (file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()) {
            flash.addFlashAttribute("error", withColumns
                    ? "栏目须与其所属单位一同导入：请同时选择单位名单文件（xlsx 或 CSV）"
                    : "请选择要导入的 xlsx 或 CSV 文件");
            return back;
        }
        try {
            byte[] bytes = read(file);
            UnitImport.Result result = units.importFile(user.getUsername(), roundId, file.getOriginalFilename(), bytes,
                    withColumns ? columnsFile.getOriginalFilename() : null, withColumns ? read(columnsFile) : null);
            flash.addFlashAttribute("message", "已导入 " + result.units() + " 个单位（其中新登记 " + result.newUnits()
                    + " 个）、" + result.channels() + " 个渠道、" + result.columns() + " 个栏目"
                    + (result.newGroups().isEmpty() ? ""
                    : "，新建分组 " + String.join("、", result.newGroups())));
        } catch (UnitImportException e) {
            flash.addFlashAttribute("error", "导入未执行，未作任何修改：文件有 " + e.errors().size()
                    + " 处错误，请改正后重新导入");
            flash.addFlashAttribute("importErrors", e.errors().stream().limit(500)
                    .map(UnitImportException.RowError::toString).toList());
        } catch (IllegalStateException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", "导入未执行：" + e.getMessage());
        } catch (IOException e) {
            flash.addFlashAttribute("error", "无法读取上传的文件，未作任何修改：" + e.getMessage());
        }
        return back;
    }

    private static byte[] read(MultipartFile file) throws IOException {
        try (InputStream in = file.getInputStream()) {
            // One more byte than allowed tells a file over the limit from one exactly at it.
            return in.readNBytes(UnitSheet.MAX_BYTES + 1);
        }
    }

    private static ResponseEntity<byte[]> file(byte[] body, String name, String type) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(type))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name, java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .body(body);
    }
}
