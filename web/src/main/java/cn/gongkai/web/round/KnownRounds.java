package cn.gongkai.web.round;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every path with a {@code {roundId}} names a round that exists, or the answer is 404 before any handler runs: a
 * handler then never fails on a missing round (500) nor starts work for one ("已开始采集…" for round 99999).
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
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("roundId") instanceof String value) {
            long roundId;
            try {
                roundId = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return true; // not a number: binding the handler's argument answers 400
            }
            if (!dsl.fetchExists(ASSESSMENT_ROUND, ASSESSMENT_ROUND.ID.eq(roundId))) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "评估轮次不存在：" + roundId);
            }
        }
        return true;
    }
}
