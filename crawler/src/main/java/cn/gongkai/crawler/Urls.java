package cn.gongkai.crawler;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** URL identity for the frontier: one normal form, its hash, and the host:port that politeness is counted on. */
final class Urls {

    static final int MAX_URL_LENGTH = 2048;

    private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

    // Media and code are not evidence for any evaluation point; documents (pdf, doc, xls, wps…) are, so they stay.
    private static final Set<String> SKIPPED_EXTENSIONS = Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "svg",
            "ico", "css", "js", "mp3", "mp4", "avi", "flv", "wmv", "mov", "swf", "exe", "apk", "iso", "dmg", "msi");

    private Urls() {
    }

    /** The normal form of an http(s) URL (fragment dropped, host lower-cased, default port removed), if it is one. */
    static Optional<String> normalize(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return Optional.empty();
        }
        String normalized;
        try {
            normalized = NORMALIZER.filter(trimmed);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (normalized == null || normalized.length() > MAX_URL_LENGTH) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(normalized);
            if (uri.getHost() == null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        return Optional.of(normalized);
    }

    static String sha256Hex(String normalizedUrl) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(normalizedUrl.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "host:port" with the scheme's default port filled in, so http://a/ and http://a:80/ share one gate. */
    static String hostKey(URI uri) {
        int port = uri.getPort();
        if (port == -1) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    static Optional<String> hostKey(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() == null ? Optional.empty() : Optional.of(hostKey(uri));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    static boolean worthFetching(String normalizedUrl) {
        String path;
        try {
            path = new URI(normalizedUrl).getPath();
        } catch (URISyntaxException e) {
            return false;
        }
        if (path == null) {
            return true;
        }
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash) {
            return true;
        }
        return !SKIPPED_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
