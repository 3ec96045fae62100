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

    /**
     * Empties all tables Flyway created except its own history, so each test starts from the migrated schema. A
     * failure is retried twice, a second apart, and each one logged with the server's sessions and open transactions:
     * a child JVM killed by a fault test leaves a session the server ends only when it notices, and a reset that fails
     * must say what held it rather than pass the blame to the next test.
     */
    public void reset() {
        for (int attempt = 1; ; attempt++) {
            try {
                truncateAll();
                return;
            } catch (org.jooq.exception.DataAccessException e) {
                String state = serverState();
                if (attempt == 3) {
                    throw new IllegalStateException("could not empty the test database: " + rootMessage(e)
                            + "\n" + state, e);
                }
                System.err.println("TestDatabase.reset failed (attempt " + attempt + "): " + rootMessage(e)
                        + "\n" + state);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void truncateAll() {
        // Base tables only: MariaDB 11.2 and later list other sessions' temporary tables here too.
        List<String> tables = dsl.fetch("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' "
                        + "AND table_name <> 'flyway_schema_history'")
                .getValues(0, String.class);
        dsl.connection(c -> {
            try (var st = c.createStatement()) {
                st.execute("SET FOREIGN_KEY_CHECKS = 0");
                try {
                    for (String table : tables) {
                        st.execute("TRUNCATE TABLE `" + table + "`");
                    }
                } finally {
                    st.execute("SET FOREIGN_KEY_CHECKS = 1");
                }
            }
        });
    }

    private String serverState() {
        try {
            return "sessions:\n" + dsl.fetch("SELECT id, command, time, state, LEFT(info, 200) AS info "
                    + "FROM information_schema.processlist").format(50)
                    + "\nopen transactions:\n" + dsl.fetch("SELECT trx_id, trx_state, trx_started, "
                    + "trx_mysql_thread_id, LEFT(trx_query, 200) AS query FROM information_schema.innodb_trx").format(50);
        } catch (RuntimeException e) {
            return "(server state unavailable: " + e.getMessage() + ")";
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
