package cn.gongkai.web.error;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.server.ResponseStatusException;

class ChineseErrorAttributesTest {

    private static Map<String, Object> attributes(int status, Throwable error) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/workbench/rounds/1/review");
        if (error != null) {
            request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, error);
        }
        return new ChineseErrorAttributes().getErrorAttributes(new ServletWebRequest(request),
                ErrorAttributeOptions.defaults());
    }

    @Test
    void aServerErrorShowsNeitherTheExceptionNorItsText() {
        Map<String, Object> failed = attributes(500, new IllegalStateException(
                "Data truncation: Data too long for column 'reason' at row 1 (SELECT * FROM audit_log)"));
        assertThat(failed).containsEntry("status", 500).containsEntry("error", "服务器内部错误")
                .doesNotContainKeys("exception", "trace", "errors");
        assertThat(failed.get("message")).asString().contains("详情已记入日志").doesNotContain("Data", "audit_log");
        // Not even a reason of ours: a 500 is never the user's to act on.
        assertThat(attributes(500, new ResponseStatusException(HttpStatus.INTERNAL_SERVER_ERROR, "数据库连接失败"))
                .get("message")).asString().doesNotContain("数据库");
    }

    @Test
    void reasonsWrittenForUsersAreShownAndEnglishOnesAreNot() {
        assertThat(attributes(404, new ResponseStatusException(HttpStatus.NOT_FOUND, "评估轮次不存在：7")))
                .containsEntry("error", "页面或记录不存在").containsEntry("message", "评估轮次不存在：7");
        assertThat(attributes(403, new AccessDeniedException("无权查看其他单位的评估结果")))
                .containsEntry("message", "无权查看其他单位的评估结果");
        assertThat(attributes(403, new AccessDeniedException("Access Denied")).get("message")).asString()
                .startsWith("您的账号无权访问此页面");
        assertThat(attributes(400, null)).containsEntry("error", "请求有误");
        assertThat(attributes(405, null)).containsEntry("error", "不支持的请求方式");
        assertThat(attributes(413, null).get("message")).asString().contains("10 MB");
    }
}
