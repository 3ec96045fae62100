package cn.gongkai.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a locked account or address from trying a password at all (so even the right one fails while locked), and
 * counts the failures of the sign-ins that were tried.
 */
final class LoginThrottleFilter extends OncePerRequestFilter implements AuthenticationFailureHandler {

    static final String LOCKED = "/login?locked";

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + "/login"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!throttle.mayTry(request.getParameter("username"), request.getRemoteAddr())) {
            response.sendRedirect(request.getContextPath() + LOCKED);
            return;
        }
        chain.doFilter(request, response);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        boolean locked = throttle.failed(request.getParameter("username"), request.getRemoteAddr());
        response.sendRedirect(request.getContextPath() + (locked ? LOCKED : "/login?error"));
    }
}
