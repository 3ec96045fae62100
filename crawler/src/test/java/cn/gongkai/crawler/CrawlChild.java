package cn.gongkai.crawler;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** A crawler in a process of its own, for {@link CrashResumeIT} to kill: args are JDBC URL, WARC directory, round. */
public final class CrawlChild {

    private CrawlChild() {
    }

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername("root");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            CrawlReport report = new Crawler(DSL.using(dataSource, SQLDialect.MYSQL), Path.of(args[1]),
                    CrawlSettings.defaults()).crawl(Long.parseLong(args[2]));
            System.out.println("finished before it was killed: " + report);
        }
    }
}
