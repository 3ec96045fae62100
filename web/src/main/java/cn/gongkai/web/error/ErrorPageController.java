package cn.gongkai.web.error;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.json.JacksonJsonView;

/**
 * Spring Boot's error controller (templates/error.html for pages, JSON otherwise), except that the API answers in
 * JSON even to a browser that asked for HTML: its callers parse the answer.
 */
@Controller
class ErrorPageController extends BasicErrorController {

    ErrorPageController(ErrorAttributes errorAttributes, List<ErrorViewResolver> resolvers) {
        super(errorAttributes, new ErrorProperties(), resolvers);
    }

    @Override
    public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path && path.startsWith(request.getContextPath() + "/api/")) {
            HttpStatus status = getStatus(request);
            response.setStatus(status.value());
            JacksonJsonView json = new JacksonJsonView();
            json.setExtractValueFromSingleKeyModel(false);
            return new ModelAndView(json, error(request).getBody());
        }
        return super.errorHtml(request, response);
    }
}
