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
        // Refused sign-ins go back to the form (?error, ?locked); a signed-in one goes elsewhere.
        if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("/login")) {
            throw new AssertionError("login failed for " + username + ": " + login.statusCode() + " "
                    + login.headers().firstValue("Location").orElse(""));
        }
        return session;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As a browser opens a page: it asks for HTML. */
    HttpResponse<String> getPage(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html,*/*;q=0.8").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** As a browser asks: the body comes back as the server encoded it (e.g. gzip), not decoded. */
    HttpResponse<byte[]> getBytes(String path, String acceptEncoding) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Encoding", acceptEncoding)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Posts a form with the CSRF token of the login page, as a browser would. */
    HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        return postRaw(path, form + "&_csrf=" + enc(csrfToken()));
    }

    /** Posts a form as a browser submits one: with the CSRF token, asking for HTML. */
    HttpResponse<String> postPage(String path, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html,*/*;q=0.8")
                        .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + enc(csrfToken()))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form with the CSRF token in the query string instead of the body, as a forged link would carry it. */
    HttpResponse<String> postTokenInQuery(String path, String form) throws IOException, InterruptedException {
        return postRaw(path + (path.contains("?") ? "&" : "?") + "_csrf=" + enc(csrfToken()), form);
    }

    HttpResponse<String> postRaw(String path, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A file in a multipart form. */
    record FilePart(String field, String fileName, byte[] bytes) {
    }

    /** Posts a multipart form (with the CSRF token as a form field, as a browser would). */
    HttpResponse<String> postMultipart(String path, java.util.Map<String, String> fields, java.util.List<FilePart> files)
            throws IOException, InterruptedException {
        return postMultipart(path, fields, files, false);
    }

    /**
     * Posts a multipart form with the CSRF token in the form or, as a script would send it, in the X-CSRF-TOKEN
     * header; {@code headers} are added as name, value pairs (e.g. Accept, Referer).
     */
    HttpResponse<String> postMultipart(String path, java.util.Map<String, String> fields, java.util.List<FilePart> files,
                                       boolean tokenInHeader, String... headers)
            throws IOException, InterruptedException {
        String boundary = "----gongkai" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        String token = csrfToken();
        if (!tokenInHeader) {
            all.put("_csrf", token);
        }
        for (var field : all.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (FilePart file : files) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field()
                    + "\"; filename=\"" + file.fileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(file.bytes());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (tokenInHeader) {
            request.header("X-CSRF-TOKEN", token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String csrfToken() throws IOException, InterruptedException {
        Matcher token = CSRF.matcher(get("/login").body());
        if (!token.find()) {
            throw new AssertionError("no CSRF token on the login page");
        }
        return token.group(1);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
