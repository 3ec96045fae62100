package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import cn.gongkai.web.error.NotFound;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every path with a {@code {roundId}}, and every request with a {@code roundId} parameter (the forms that name their
 * round so as to return to it), names a round that exists, or the answer is 404 before any handler runs: a handler
 * then never fails on a missing round (500) nor starts work for one ("已开始采集…" for round 99999).
 * Round ids are not secret (every role lists rounds), so answering 404 before the access checks reveals nothing.
 */
@Configuration(proxyBeanMethods = false)
class KnownRounds implements WebMvcConfigurer, HandlerInterceptor {

    private final DSLContext dsl;

    KnownRounds(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            return true; // the error page of a refused request still carries its roundId parameter
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("roundId") instanceof String value) {
            requireRound(value);
        }
        // Multipart forms are parsed before handlers are looked up, so their fields are parameters here too.
        String parameter = request.getParameter("roundId");
        if (parameter != null) {
            requireRound(parameter);
        }
        return true;
    }

    private void requireRound(String value) {
        long roundId;
        try {
            roundId = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return; // not a number: binding the handler's argument answers 400
        }
        if (!dsl.fetchExists(ASSESSMENT_ROUND, ASSESSMENT_ROUND.ID.eq(roundId))) {
            throw new NotFound("评估轮次不存在：" + roundId);
        }
    }
}
