package cn.gongkai.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-like HTTP session against the running application: cookies, CSRF token, form login. */
final class WebSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;

    private WebSession(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static WebSession anonymous(int port) {
        return new WebSession(port);
    }

    static WebSession loggedIn(int port, String username, String password) throws IOException, InterruptedException {
        WebSession session = new WebSession(port);
        HttpResponse<String> login = session.post("/login", "username=" + enc(username) + "&password=" + enc(password));
        if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("error")) {
            throw new AssertionError("login failed for " + username + ": " + login.statusCode() + " "
                    + login.headers().firstValue("Location").orElse(""));
        }
        return session;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form with the CSRF token of the login page, as a browser would. */
    HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        return postRaw(path, form + "&_csrf=" + enc(csrfToken()));
    }

    HttpResponse<String> postRaw(String path, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String csrfToken() throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get("/login").body());
        if (!token.find()) {
            throw new AssertionError("no CSRF token on the login page");
        }
        return token.group(1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
