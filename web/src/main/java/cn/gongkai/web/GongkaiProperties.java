package cn.gongkai.web;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param home where the embedded database and the WARC evidence live ({@code ./data} by default)
 * @param demo serve the sandbox sites and run the demo round at start
 */
@ConfigurationProperties(prefix = "gongkai")
public record GongkaiProperties(Path home, boolean demo) {

    public GongkaiProperties {
        if (home == null) {
            home = Path.of("data");
        }
    }

    public Path warcDirectory() {
        return home.resolve("warc");
    }
}
