package cn.gongkai.web.appeal;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An upload over the size limit is refused with a message on the form it came from, not an error page; nothing is
 * stored. (When the container refuses the request before Spring reads it, the 413 error page says the same.)
 */
@ControllerAdvice
class UploadLimitAdvice {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    String tooLarge(RedirectAttributes flash, HttpServletRequest request) {
        flash.addFlashAttribute("error", "上传的文件过大：单个文件不能超过 10 MB（申诉或整改答复一次最多 3 个附件），未作任何修改");
        return "redirect:" + localPath(request.getHeader("Referer"), request);
    }

    /**
     * The path of a Referer on this application (within its context path), else "/". The Referer is the client's to write, so only a path of
     * ours is followed: never another host, a scheme-relative "//host" or a "/\host" that browsers read as one.
     */
    static String localPath(String referer, HttpServletRequest request) {
        if (referer == null) {
            return "/";
        }
        URI uri;
        try {
            uri = new URI(referer);
        } catch (URISyntaxException e) {
            return "/";
        }
        String path = uri.getRawPath();
        boolean sameOrigin = request.getScheme().equalsIgnoreCase(uri.getScheme())
                && request.getServerName().equalsIgnoreCase(uri.getHost())
                && request.getServerPort() == (uri.getPort() != -1 ? uri.getPort()
                        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        if (!sameOrigin || path == null || !path.startsWith(request.getContextPath() + "/")
                || !path.matches("/[^/\\\\][^\\\\]*|/") || uri.getRawUserInfo() != null) {
            return "/";
        }
        // "redirect:" adds the context path itself.
        String local = path.substring(request.getContextPath().length());
        return uri.getRawQuery() == null ? local : local + "?" + uri.getRawQuery();
    }
}
