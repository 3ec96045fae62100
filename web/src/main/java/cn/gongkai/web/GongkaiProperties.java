package cn.gongkai.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param home where the embedded database and the WARC evidence live ({@code ./data} by default)
 * @param demo serve the sandbox sites and run the demo round at start
 * @param publicUrl the address readers reach the application at (e.g. https://gongkai.example.gov.cn, with any path
 *                  prefix a reverse proxy adds), for links printed in exports; null: the address of the request
 * @param timeZone the zone times are shown in to readers (an IANA id, Asia/Shanghai by default); the database keeps
 *                 every time in UTC
 */
@ConfigurationProperties(prefix = "gongkai")
public record GongkaiProperties(Path home, boolean demo, String publicUrl, String timeZone) {

    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";

    public GongkaiProperties {
        if (home == null) {
            home = Path.of("data");
        }
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : checkedPublicUrl(publicUrl.trim());
        timeZone = timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : checkedZone(timeZone.trim()).getId();
    }

    /** The zone of {@link #timeZone()}. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    private static ZoneId checkedZone(String value) {
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("gongkai.time-zone 须为时区标识，例如 Asia/Shanghai；当前值：" + value);
        }
    }

    public Path warcDirectory() {
        return home.resolve("warc");
    }

    /** An absolute http(s) URL without query or fragment, without the trailing slash, so paths can be appended. */
    private static String checkedPublicUrl(String value) {
        String problem = "gongkai.public-url 须为以 http:// 或 https:// 开头的完整网址，不带查询参数，例如 "
                + "https://gongkai.example.gov.cn；当前值：" + value;
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(problem);
        }
        return value.replaceAll("/+$", "");
    }
}
