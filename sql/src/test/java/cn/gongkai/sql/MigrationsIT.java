package cn.gongkai.sql;

import static cn.gongkai.sql.jooq.Tables.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

class MigrationsIT {

    @Test
    void migratesFromEmptyAndStoresChineseText() {
        TestDatabase db = TestDatabase.get();
        db.reset();
        DSLContext dsl = db.dsl();

        assertThat(count(dsl, "SELECT COUNT(*) FROM information_schema.tables "
                + "WHERE table_schema = DATABASE() AND table_name LIKE 'QRTZ\\_%'"))
                .as("Quartz tables").isEqualTo(11);
        assertThat(count(dsl, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1"))
                .isEqualTo(migrationFiles());

        dsl.insertInto(UNIT, UNIT.CODE, UNIT.NAME, UNIT.UNIT_TYPE)
                .values("hanbin", "汉滨区人民政府", "COUNTY_GOVERNMENT").execute();
        assertThat(dsl.select(UNIT.NAME).from(UNIT).where(UNIT.CODE.eq("hanbin")).fetchOne(UNIT.NAME))
                .isEqualTo("汉滨区人民政府");
    }

    @Test
    void migratingTwiceChangesNothing() {
        TestDatabase db = TestDatabase.get();
        Migrations.migrate(db.dataSource());
        assertThat(count(db.dsl(), "SELECT COUNT(*) FROM flyway_schema_history")).isEqualTo(migrationFiles());
    }

    /** The migrations shipped, counted from the files themselves so that adding one needs no test change. */
    private static int migrationFiles() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(
                MigrationsIT.class.getResource("/db/migration").toURI()))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V[0-9_]+__.+\\.sql")).count();
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(DSLContext dsl, String sql) {
        return dsl.fetchOne(sql).get(0, Integer.class);
    }
}
