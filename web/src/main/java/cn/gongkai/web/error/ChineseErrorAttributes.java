package cn.gongkai.web.error;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.server.ResponseStatusException;

/**
 * The attributes of every error answer, page or JSON: {@code error} is the status in Chinese and {@code message} a
 * Chinese explanation. A reason we wrote for users (a {@link ResponseStatusException} or an access refusal in
 * Chinese, e.g. "评估轮次不存在") is shown; any other exception text stays in the log, since it may be English or
 * reveal internals.
 */
@Component
class ChineseErrorAttributes extends DefaultErrorAttributes {

    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request,
                ErrorAttributeOptions.of(ErrorAttributeOptions.Include.PATH, ErrorAttributeOptions.Include.STATUS,
                        ErrorAttributeOptions.Include.ERROR));
        int status = attributes.get("status") instanceof Integer code ? code : 500;
        attributes.put("error", title(status));
        attributes.put("message", message(request, status));
        return attributes;
    }

    private String message(WebRequest request, int status) {
        Throwable error = getError(request);
        if (error == null && request.getAttribute(WebAttributes.ACCESS_DENIED_403, RequestAttributes.SCOPE_REQUEST)
                instanceof AccessDeniedException denied) {
            error = denied;
        }
        String reason = switch (error) {
            case ResponseStatusException e -> e.getReason();
            case AccessDeniedException e -> e.getMessage();
            case null, default -> null;
        };
        return reason != null && HAN.matcher(reason).find() && status < 500 ? reason : explanation(status);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "请求有误";
            case 401 -> "请先登录";
            case 403 -> "无权访问";
            case 404 -> "页面或记录不存在";
            case 405 -> "不支持的请求方式";
            case 413 -> "上传的文件过大";
            case 500 -> "服务器内部错误";
            default -> status >= 500 ? "服务暂时不可用" : "请求未能完成";
        };
    }

    static String explanation(int status) {
        return switch (status) {
            case 400 -> "请求中的参数缺失或格式不正确，请返回上一页检查后重试。";
            case 401 -> "请先登录后再访问。";
            case 403 -> "您的账号无权访问此页面，或页面上的表单已过期（请刷新页面后重试）。";
            case 404 -> "您要找的页面或记录不存在，可能网址有误或记录已被删除。";
            case 405 -> "此网址不支持这种访问方式，请从页面上的链接或按钮进入。";
            case 413 -> "单个文件不能超过 10 MB，一次提交的文件合计不能超过 32 MB。请压缩或拆分文件后重新提交；本次提交未作任何修改。";
            default -> status >= 500 ? "服务器处理请求时出错，详情已记入日志。请稍后重试；如仍出错，请联系系统管理员。"
                    : "请求未能完成，请返回上一页后重试。";
        };
    }
}
