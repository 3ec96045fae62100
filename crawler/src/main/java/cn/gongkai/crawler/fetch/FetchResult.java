package cn.gongkai.crawler.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One HTTP exchange as it happened: what was asked, what came back (or why nothing did).
 *
 * @param uri             the URL requested
 * @param startedAt       when the request started (millisecond precision, the capture time of the evidence)
 * @param address         the address the host name resolved to, when known
 * @param requestHeaders  the headers sent, in order
 * @param status          the HTTP status, or -1 when no response arrived
 * @param responseHeaders the headers received (empty when no response arrived)
 * @param body            the body as received, at most the configured cap (empty when no response arrived)
 * @param truncated       true when the body was longer than the cap and was cut
 * @param elapsedMs       from request start until the body was read or the fetch failed
 * @param error           why no response arrived (in Chinese), or null
 */
public record FetchResult(
        URI uri,
        Instant startedAt,
        InetAddress address,
        Map<String, List<String>> requestHeaders,
        int status,
        Map<String, List<String>> responseHeaders,
        byte[] body,
        boolean truncated,
        long elapsedMs,
        String error) {

    public boolean failed() {
        return status < 0;
    }

    /** Server errors and network failures are worth another try; client errors are answers. */
    public boolean retryable() {
        return failed() || status >= 500;
    }

    /**
     * How long the server asked us to wait (Retry-After as seconds or an HTTP date), if it did. A date in the
     * past means "now".
     */
    public java.util.Optional<java.time.Duration> retryAfter() {
        String v = header("Retry-After");
        if (v == null || v.isBlank()) {
            return java.util.Optional.empty();
        }
        v = v.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            try {
                Instant at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                java.time.Duration d = java.time.Duration.between(startedAt, at);
                return java.util.Optional.of(d.isNegative() ? java.time.Duration.ZERO : d);
            } catch (java.time.format.DateTimeParseException ignored) {
                return java.util.Optional.empty();
            }
        }
    }

    public String contentType() {
        return header("Content-Type");
    }

    /** Every value of a response header (Set-Cookie comes once per cookie), in the order received. */
    public List<String> headers(String name) {
        List<String> out = new java.util.ArrayList<>();
        for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                out.addAll(e.getValue());
            }
        }
        return out;
    }

    public String header(String name) {
        for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }
}
