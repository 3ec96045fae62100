package cn.gongkai.web.security;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may open what. Rankings are for evaluators and leaders; a unit page and its evidence are also open to the
 * unit's own COUNTY account ({@link UnitAccess} checks which unit); everything else is the evaluators'. Our pages
 * run only our own scripts, so even a captured page that slipped out of its sandbox could not run here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

    static final String APP_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-src 'self'; frame-ancestors 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, UserAccounts accounts, LoginThrottle throttle,
                                           @Value("${gongkai.security.hsts-max-age:0s}") Duration hsts) throws Exception {
        LoginThrottleFilter loginThrottle = new LoginThrottleFilter(throttle);
        SimpleUrlAuthenticationSuccessHandler signedIn = new SimpleUrlAuthenticationSuccessHandler("/");
        signedIn.setAlwaysUseDefaultTargetUrl(true);
        http
                .addFilterBefore(new RevokedSessionFilter(accounts), AnonymousAuthenticationFilter.class)
                .addFilterBefore(loginThrottle, UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/error", "/favicon.ico", "/favicon.svg")
                        .permitAll()
                        .requestMatchers("/").authenticated()
                        .requestMatchers("/rankings", "/rankings/**").hasAnyRole("EVALUATOR", "LEADER")
                        .requestMatchers("/dashboard", "/api/v1/rounds", "/api/v1/rounds/*/rankings",
                                "/api/v1/rounds/*/dashboard", "/exports/rounds/*/results.xlsx",
                                "/exports/rounds/*/tongbao.docx", "/exports/rounds/*/tongbao-annex.xlsx")
                        .hasAnyRole("EVALUATOR", "LEADER")
                        // 整改: the ledger is read by leaders and managed by evaluators (under /workbench); a unit's
                        // items and their files follow the unit's results (UnitAccess), and only counties answer.
                        .requestMatchers("/rounds/*/rectification", "/exports/rounds/*/rectification.xlsx")
                        .hasAnyRole("EVALUATOR", "LEADER")
                        .requestMatchers("/rounds/*/units/*/rectification", "/rectification/files/*")
                        .hasAnyRole("EVALUATOR", "LEADER", "COUNTY")
                        .requestMatchers("/rectification/items/*/answer").hasRole("COUNTY")
                        .requestMatchers("/rounds/*/units/*", "/units/*", "/evidence/**", "/appeals/attachments/*", "/review-files/*",
                                "/manual-score-files/*",
                                "/api/v1/rounds/*/units/*", "/api/v1/captures/*", "/exports/rounds/*/units/*/report.pdf")
                        .hasAnyRole("EVALUATOR", "LEADER", "COUNTY")
                        .requestMatchers("/api/v1/openapi.yaml").authenticated()
                        .requestMatchers("/appeals").hasRole("COUNTY")
                        // Score entry: ManualScores lets each role enter only its own method's points.
                        .requestMatchers("/manual-scores", "/workbench/rounds/*/manual-scores",
                                "/workbench/rounds/*/manual-scores.xlsx", "/workbench/rounds/*/manual-scores/import")
                        .hasAnyRole("EVALUATOR", "DEPARTMENT_SCORER")
                        .anyRequest().hasRole("EVALUATOR"))
                // The API answers 401 instead of redirecting to the login form; everything else goes to the form.
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                PathPatternRequestMatcher.withDefaults().matcher("/api/**"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                AnyRequestMatcher.INSTANCE))
                .formLogin(form -> form.loginPage("/login").permitAll()
                        .successHandler((request, response, authentication) -> {
                            throttle.succeeded(authentication.getName());
                            signedIn.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler(loginThrottle))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .csrf(csrf -> csrf.csrfTokenRequestHandler(new BodyOrHeaderCsrfTokenHandler()))
                .headers(headers -> headers
                        // Off unless asked for: a browser that saw it refuses plain HTTP to this host until it expires.
                        // Sent on HTTPS requests only (behind a proxy: server.forward-headers-strategy=native).
                        .httpStrictTransportSecurity(strict -> {
                            if (hsts.isNegative() || hsts.isZero()) {
                                strict.disable();
                            } else {
                                strict.maxAgeInSeconds(hsts.toSeconds()).includeSubDomains(false);
                            }
                        })
                        .contentSecurityPolicy(csp -> csp.policyDirectives(APP_POLICY))
                        .frameOptions(frame -> frame.sameOrigin())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
