package cn.gongkai.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * One real MariaDB per test JVM, migrated once; {@link #reset()} empties every application table between tests.
 * Integration tests of data code run on this, never on an in-memory stand-in.
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final EmbeddedMariaDb mariaDb;
    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    private TestDatabase(Path home) {
        this.mariaDb = EmbeddedMariaDb.start(home, 0);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(mariaDb.jdbcUrl());
        config.setUsername(mariaDb.user());
        config.setPassword(mariaDb.password());
        config.setMaximumPoolSize(8);
        this.dataSource = new HikariDataSource(config);
        Migrations.migrate(dataSource);
        // MYSQL, not MARIADB: the MySQL driver cannot run MariaDB's INSERT … RETURNING, and one dialect serves both servers.
        this.dsl = DSL.using(dataSource, SQLDialect.MYSQL);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dataSource.close();
            mariaDb.close();
        }));
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            try {
                Path home = Files.createTempDirectory("gongkai-test-db");
                instance = new TestDatabase(home);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public DSLContext dsl() {
        return dsl;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public String jdbcUrl() {
        return mariaDb.jdbcUrl();
    }

    /** Empties all tables Flyway created except its own history, so each test starts from the migrated schema. */
    public void reset() {
        List<String> tables = dsl.fetch("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history'")
                .getValues(0, String.class);
        dsl.connection(c -> {
            try (var st = c.createStatement()) {
                st.execute("SET FOREIGN_KEY_CHECKS = 0");
                for (String table : tables) {
                    st.execute("TRUNCATE TABLE `" + table + "`");
                }
                st.execute("SET FOREIGN_KEY_CHECKS = 1");
            }
        });
    }
}
