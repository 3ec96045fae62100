package cn.gongkai.sql;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Flyway alone owns the schema: every table, Quartz's included, comes from {@code db/migration}. */
public final class Migrations {

    private Migrations() {
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .cleanDisabled(true)
                .load()
                .migrate();
    }
}
