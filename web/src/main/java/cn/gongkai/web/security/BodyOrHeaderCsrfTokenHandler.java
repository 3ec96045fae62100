package cn.gongkai.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Spring's CSRF check, but a token in the query string is refused: a URL is written to logs, browser history and
 * Referer headers, and a token leaked there would let another site forge requests. Tokens come in the form body (our
 * forms) or the X-CSRF-TOKEN header.
 */
final class BodyOrHeaderCsrfTokenHandler implements CsrfTokenRequestHandler {

    private final XorCsrfTokenRequestAttributeHandler spring = new XorCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
        spring.handle(request, response, csrfToken);
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                try {
                    if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals(csrfToken.getParameterName())) {
                        return null;
                    }
                } catch (IllegalArgumentException malformed) {
                    return null; // a query string that cannot be read cannot be shown to carry no token
                }
            }
        }
        return spring.resolveCsrfTokenValue(request, csrfToken);
    }
}
