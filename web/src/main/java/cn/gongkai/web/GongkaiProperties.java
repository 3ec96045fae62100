package cn.gongkai.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param home where the embedded database and the WARC evidence live ({@code ./data} by default)
 * @param demo serve the sandbox sites and run the demo round at start
 * @param publicUrl the address readers reach the application at (e.g. https://gongkai.example.gov.cn, with any path
 *                  prefix a reverse proxy adds), for links printed in exports; null: the address of the request
 */
@ConfigurationProperties(prefix = "gongkai")
public record GongkaiProperties(Path home, boolean demo, String publicUrl) {

    public GongkaiProperties {
        if (home == null) {
            home = Path.of("data");
        }
        publicUrl = publicUrl == null || publicUrl.isBlank() ? null : checkedPublicUrl(publicUrl.trim());
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
