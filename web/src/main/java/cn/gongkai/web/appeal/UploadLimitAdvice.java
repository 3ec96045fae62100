package cn.gongkai.web.appeal;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** An upload over the size limit is refused with a message, not an error page; nothing is stored. */
@ControllerAdvice
class UploadLimitAdvice {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    String tooLarge(RedirectAttributes flash, jakarta.servlet.http.HttpServletRequest request) {
        flash.addFlashAttribute("error", "上传的文件过大：单个文件不能超过 10 MB（申诉一次最多 3 个附件），未作任何修改");
        String referer = request.getHeader("Referer");
        return "redirect:" + (referer != null && referer.startsWith(request.getScheme() + "://" + request.getServerName())
                ? referer.replaceFirst("^https?://[^/]+", "") : "/");
    }
}
