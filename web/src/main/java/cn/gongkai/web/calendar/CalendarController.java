package cn.gongkai.web.calendar;

import cn.gongkai.web.security.GongkaiUser;
import java.io.IOException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** 工作日历 on the workbench (evaluators only, as every /workbench page): the loaded years and the upload form. */
@Controller
class CalendarController {

    private final CalendarUploads uploads;

    CalendarController(CalendarUploads uploads) {
        this.uploads = uploads;
    }

    @GetMapping("/workbench/calendar")
    String page(Model model) {
        model.addAttribute("years", uploads.years());
        model.addAttribute("maxBytes", CalendarUploads.MAX_BYTES);
        return "calendar";
    }

    @PostMapping("/workbench/calendar")
    String upload(@RequestParam(required = false) MultipartFile file,
                  @RequestParam(defaultValue = "false") boolean replace,
                  @RequestParam(required = false) String reason,
                  @AuthenticationPrincipal GongkaiUser user, RedirectAttributes flash) {
        try {
            byte[] bytes = file == null ? null : file.getBytes();
            var stored = uploads.upload(user.getUsername(), file == null ? null : file.getOriginalFilename(), bytes,
                    replace, reason);
            flash.addFlashAttribute("message", "已" + (stored.replaced() ? "替换" : "载入") + " " + stored.year()
                    + " 年工作日历（放假 " + stored.loaded().holidays() + " 天，调休上班 "
                    + stored.loaded().adjustedWorkingDays() + " 天），下一次检查起使用");
        } catch (IllegalArgumentException | IllegalStateException e) {
            flash.addFlashAttribute("error", e.getMessage());
        } catch (IOException e) {
            flash.addFlashAttribute("error", "无法读取上传的文件：" + e.getMessage());
        }
        return "redirect:/workbench/calendar";
    }
}
