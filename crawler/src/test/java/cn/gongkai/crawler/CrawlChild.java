package cn.gongkai.crawler;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A crawler in a process of its own, for {@link CrashResumeIT} to kill and {@link HostileInputIT} to run in a small
 * heap: args are JDBC URL, WARC directory, round, then optionally request timeout (seconds), body cap (bytes),
 * depth and pages per channel.
 */
public final class CrawlChild {

    private CrawlChild() {
    }

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername("root");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        CrawlSettings settings = CrawlSettings.defaults();
        if (args.length >= 7) {
            CrawlSettings d = settings;
            settings = new CrawlSettings(Integer.parseInt(args[5]), Integer.parseInt(args[6]), d.connectTimeout(),
                    Duration.ofSeconds(Long.parseLong(args[3])), Long.parseLong(args[4]), d.userAgent(),
                    d.connectionsPerHost(), d.maxRedirects(), d.maxParallelHosts());
        }
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            CrawlReport report = new Crawler(DSL.using(dataSource, SQLDialect.MYSQL), Path.of(args[1]), settings)
                    .crawl(Long.parseLong(args[2]));
            System.out.println("finished: " + report);
        }
    }
}
