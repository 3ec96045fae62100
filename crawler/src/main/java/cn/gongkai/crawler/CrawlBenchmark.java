package cn.gongkai.crawler;

import static cn.gongkai.sql.jooq.Tables.CAPTURE;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.sql.EmbeddedMariaDb;
import cn.gongkai.sql.Migrations;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * {@code bench crawl [--hosts 100] [--pages 200] [--delay-ms 0,1000] [--warm-up-hosts hosts]}: the sandbox's
 * benchmark farm ({@code hosts} county-like sites of {@code pages} articles each, about 25 more pages per site) served
 * on loopback by a child JVM, crawled into WARC and a throwaway embedded MariaDB once per per-host delay. For each run
 * it prints pages/s, MB/s, CPU ms per page of this JVM (and how much of it the JIT compiler threads used) and of the
 * MariaDB server (from {@code /proc/<pid>/stat}) and of the farm, peak heap and peak RSS (VmHWM, reset before each
 * run), the share of the politeness limit reached with a delay, and checks that nothing was lost: every article of
 * the farm captured, every index row's payload digest read back from its WARC record. With no delay a bare loop (JDK
 * HttpClient + Jsoup, one virtual thread per host, no storage) fetches the same farm in the same run, for the ratio.
 *
 * <p>The JVM's first crawl compiles the crawler's code while it runs: in a cold crawl of 22,500 pages the JIT
 * compiler threads used about 40% of the JVM's CPU. A platform that crawls rounds of thousands of pages per county pays
 * that once, so the measured runs come after a warm-up crawl (and bare loop) of the first {@code --warm-up-hosts} sites
 * (by default all), whose figures are printed too, as the cold cost; {@code --warm-up-hosts 0} measures the cold JVM.
 * The bare loop runs after the crawl and shares the JIT's work on HttpClient and Jsoup, so without a warm-up the ratio
 * between them is unfair to the crawl. Each run also prints the heap bytes allocated per page, which drive how far G1
 * grows the heap (and so the RSS) under the JVM's default sizing. Exit code 1 when something was lost.
 */
public final class CrawlBenchmark {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String FARM_READY = "READY";

    private CrawlBenchmark() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Returns the exit code: 0, 1 when pages were lost or a digest did not read back, 2 for bad arguments. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int hosts = 100;
        int pages = 200;
        List<Integer> delays = List.of(0, 1000);
        Integer warmUpHosts = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException("参数 " + a + " 缺少取值");
                }
                switch (a) {
                    case "--hosts" -> hosts = positive(a, value);
                    case "--pages" -> pages = positive(a, value);
                    case "--delay-ms" -> delays = java.util.Arrays.stream(value.split(","))
                            .map(d -> nonNegative(a, d.strip())).toList();
                    case "--warm-up-hosts" -> warmUpHosts = nonNegative(a, value);
                    default -> throw new IllegalArgumentException("未知参数：" + a);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            err.println("错误：" + e.getMessage());
            err.println("用法 / usage: bench crawl [--hosts 100] [--pages 200] [--delay-ms 0,1000] "
                    + "[--warm-up-hosts hosts]");
            return 2;
        }
        int warmUp = warmUpHosts == null ? hosts : Math.min(hosts, warmUpHosts);
        try {
            return measure(hosts, pages, delays, warmUp, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int measure(int hosts, int pages, List<Integer> delays, int warmUp, PrintStream out)
            throws IOException, InterruptedException {
        LocalDate today = LocalDate.now(CHINA);
        Path home = Files.createTempDirectory("gongkai-bench");
        Farm farm = Farm.start(hosts, pages);
        boolean lost = false;
        try (EmbeddedMariaDb mariaDb = EmbeddedMariaDb.start(home, 0);
             HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(mariaDb.jdbcUrl());
            dataSource.setUsername(mariaDb.user());
            dataSource.setPassword(mariaDb.password());
            dataSource.setMaximumPoolSize(20); // as the platform's embedded configuration
            Migrations.migrate(dataSource);
            DSLContext dsl = DSL.using(dataSource, SQLDialect.MYSQL);
            long dbPid = ProcStat.mariadbPid(home);
            out.printf(Locale.ROOT, "crawl benchmark: %d hosts x %d articles (%d article pages, about %d pages in "
                            + "all), %d cores, max heap %d MB, farm in child JVM pid %d, MariaDB pid %d%n", hosts, pages,
                    farm.articles.size(), hosts * (pages + 25L), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, farm.process.pid(), dbPid);
            if (warmUp > 0) {
                out.printf(Locale.ROOT, "warm-up, not the measured figures: the JVM's first crawl and bare loop, of %d "
                        + "of the hosts, while the JIT compiles their code%n", warmUp);
                List<SandboxSite> first = farm.sites.subList(0, warmUp);
                lost |= !crawl(dsl, home, farm, first, today, 0, dbPid, "  warm-up gongkai", out);
                bare(farm, first, "  warm-up bare loop", out);
            }
            for (int delay : delays) {
                out.println("load before run: " + ExtractionBenchmark.load());
                out.flush();
                lost |= !crawl(dsl, home, farm, farm.sites, today, delay, dbPid, "gongkai", out);
                if (delay == 0) {
                    bare(farm, farm.sites, "bare loop", out);
                }
            }
        } finally {
            farm.close();
            // The throwaway database and WARC files of a default run are gigabytes; nothing is left behind in /tmp.
            deleteTree(home);
        }
        out.println(lost ? "SOMETHING WAS LOST (see above)" : "nothing lost");
        return lost ? 1 : 0;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One gongkai crawl of the farm's {@code sites}; returns whether nothing was lost. */
    private static boolean crawl(DSLContext dsl, Path home, Farm farm, List<SandboxSite> sites, LocalDate today,
            int delay, long dbPid, String label, PrintStream out) throws IOException, InterruptedException {
        RoundFixture round = RoundFixture.create(dsl, today, true, delay);
        for (SandboxSite site : sites) {
            round.addSite(site);
        }
        Path warc = Files.createDirectories(home.resolve("warc-" + delay + "-" + round.roundId));
        Map<String, Long> sqlBefore = sqlCounters(dsl);
        HeapPeak heap = HeapPeak.start();
        Sample before = Sample.now(dbPid, farm.process.pid());
        long t0 = System.nanoTime();
        CrawlReport report = new Crawler(dsl, warc, CrawlSettings.defaults().withMaxPagesPerChannel(10_000))
                .crawl(round.roundId);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Sample after = Sample.now(dbPid, farm.process.pid());
        long peakHeap = heap.stop();
        int n = Math.max(1, report.pagesFetched());
        out.printf(Locale.ROOT, "%s, delay %d ms: %d pages (%d failures) in %.1f s = %.0f pages/s, %.1f MB = "
                        + "%.2f MB/s; CPU per page: this JVM %.2f ms (JIT compiler threads %.2f ms of it) + MariaDB "
                        + "%.2f ms = %.2f ms (farm %.2f ms); allocated %.0f KB per page; peak heap %d MB, peak RSS "
                        + "%d MB (%d MB at its start)%n", label, delay,
                report.pagesFetched(), report.failures(), seconds, report.pagesFetched() / seconds,
                report.bytes() / 1e6, report.bytes() / 1e6 / seconds, (after.jvmNanos - before.jvmNanos) / 1e6 / n,
                (after.jitNanos - before.jitNanos) / 1e6 / n, (after.dbNanos - before.dbNanos) / 1e6 / n,
                (after.jvmNanos - before.jvmNanos + after.dbNanos - before.dbNanos) / 1e6 / n,
                (after.farmNanos - before.farmNanos) / 1e6 / n, after.allocatedKbPerPage(before, n), peakHeap >> 20,
                ProcStat.peakRssKb() >> 10, heap.startRssKb >> 10);
        Map<String, Long> sqlAfter = sqlCounters(dsl);
        StringBuilder sql = new StringBuilder();
        for (String name : sqlAfter.keySet()) {
            long count = sqlAfter.get(name) - sqlBefore.getOrDefault(name, 0L);
            sql.append(String.format(Locale.ROOT, " %s %d (%.2f/page)", name.startsWith("Com_") ? name.substring(4)
                    : name, count, count / (double) n));
        }
        out.println("  SQL statements (server counters, the whole crawl):" + sql);
        if (delay > 0) {
            // each host may be asked once per delay; robots.txt is one of those requests
            double limit = sites.size() * 1000.0 / delay;
            out.printf(Locale.ROOT, "  politeness: %.1f pages/s of at most %.1f (%.3f of the limit)%n",
                    report.pagesFetched() / seconds, limit, report.pagesFetched() / seconds / limit);
        }
        boolean nothingLost = nothingLost(dsl, warc, round.roundId, farm.articlesOf(sites), out);
        out.flush(); // figures as they come, also when the output goes to a file
        return nothingLost;
    }

    /**
     * The embedded server's own counts of the statements it ran (all clients; the benchmark is its only user), by
     * kind, plus commits: the database's share of the work per page, independent of the client's batching.
     */
    private static Map<String, Long> sqlCounters(DSLContext dsl) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : List.of("Com_insert", "Com_update", "Com_select", "Com_delete", "Com_commit",
                "Questions")) {
            out.put(name, 0L);
        }
        dsl.fetch("SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_insert', 'Com_update', 'Com_select', "
                + "'Com_delete', 'Com_commit', 'Questions')")
                .forEach(r -> out.put(r.get(0, String.class), r.get(1, Long.class)));
        return out;
    }

    /** Every article crawled for captured with 200, and every capture's WARC record read back with its digest. */
    private static boolean nothingLost(DSLContext dsl, Path warc, long roundId, List<String> articles,
            PrintStream out) {
        Set<String> captured = new HashSet<>(dsl.select(CAPTURE.URL).from(CAPTURE)
                .where(CAPTURE.ROUND_ID.eq(roundId)).and(CAPTURE.HTTP_STATUS.eq(200)).fetch(CAPTURE.URL));
        List<String> missing = articles.stream().filter(url -> !captured.contains(url)).toList();
        EvidenceStore store = new EvidenceStore(warc);
        int[] read = {0};
        List<String> bad = new ArrayList<>();
        int unarchived = 0;
        for (var row : dsl.select(CAPTURE.ID, CAPTURE.URL, CAPTURE.WARC_FILE, CAPTURE.WARC_OFFSET,
                CAPTURE.PAYLOAD_DIGEST, CAPTURE.STATUS).from(CAPTURE).where(CAPTURE.ROUND_ID.eq(roundId)).fetch()) {
            if (row.value3() == null) {
                unarchived += "FAILED".equals(row.value6()) ? 0 : 1;
                continue;
            }
            try {
                EvidenceStore.CapturedRecord record = store.read(row.value3(), row.value4());
                read[0]++;
                if (!record.digestMatches() || !row.value5().equals(record.payloadDigest())
                        || !row.value2().equals(record.targetUri())) {
                    bad.add(row.value2());
                }
            } catch (RuntimeException e) {
                bad.add(row.value2() + " (" + e.getMessage() + ")");
            }
        }
        out.printf(Locale.ROOT, "  nothing lost: %d of %d articles captured; %d index rows read back from WARC, %d "
                        + "with a wrong digest or URL; %d non-failed rows without WARC%n",
                articles.size() - missing.size(), articles.size(), read[0], bad.size(), unarchived);
        if (!missing.isEmpty()) {
            out.println("  missing, e.g.: " + missing.subList(0, Math.min(5, missing.size())));
        }
        if (!bad.isEmpty()) {
            out.println("  wrong, e.g.: " + bad.subList(0, Math.min(5, bad.size())));
        }
        return missing.isEmpty() && bad.isEmpty() && unarchived == 0;
    }

    /**
     * The bare loop: one virtual thread per host fetching its pages one after another with the JDK's HttpClient,
     * parsing each with Jsoup and following same-host links; nothing stored. What fetching and parsing alone cost.
     */
    private static void bare(Farm farm, List<SandboxSite> sites, String label, PrintStream out)
            throws InterruptedException {
        long startRssKb = ProcStat.startPeak();
        Sample before = Sample.now(-1, farm.process.pid());
        AtomicLong pages = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long t0 = System.nanoTime();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SandboxSite site : sites) {
                threads.submit(() -> {
                    Set<String> seen = new HashSet<>();
                    Deque<String> queue = new ArrayDeque<>();
                    queue.add(site.homepage());
                    seen.add(site.homepage());
                    while (!queue.isEmpty()) {
                        String url = queue.poll();
                        try {
                            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                            pages.incrementAndGet();
                            bytes.addAndGet(response.body().length);
                            String type = response.headers().firstValue("Content-Type").orElse("");
                            if (!type.contains("html")) {
                                continue;
                            }
                            Document doc = Jsoup.parse(new ByteArrayInputStream(response.body()), null, url);
                            for (Element a : doc.select("a[href]")) {
                                String link = a.absUrl("href");
                                int hash = link.indexOf('#');
                                link = hash >= 0 ? link.substring(0, hash) : link;
                                if (link.startsWith(site.baseUrl() + "/") && seen.add(link)) {
                                    queue.add(link);
                                }
                            }
                        } catch (IOException e) {
                            // counted as not fetched; the farm does not fail
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Sample after = Sample.now(-1, farm.process.pid());
        long n = Math.max(1, pages.get());
        out.printf(Locale.ROOT, "%s (HttpClient + Jsoup, no storage): %d pages in %.1f s = %.0f pages/s, "
                        + "%.2f MB/s; CPU per page: this JVM %.2f ms (JIT compiler threads %.2f ms of it; "
                        + "farm %.2f ms); allocated %.0f KB per page; peak RSS %d MB (%d MB at its start)%n", label,
                pages.get(), seconds, pages.get() / seconds, bytes.get() / 1e6 / seconds,
                (after.jvmNanos - before.jvmNanos) / 1e6 / n,
                (after.jitNanos - before.jitNanos) / 1e6 / n, (after.farmNanos - before.farmNanos) / 1e6 / n,
                after.allocatedKbPerPage(before, n), ProcStat.peakRssKb() >> 10, startRssKb >> 10);
    }

    /** CPU time so far of this JVM, of its JIT compiler threads, of the MariaDB server and of the farm. */
    private record Sample(long jvmNanos, long jitNanos, long dbNanos, long farmNanos, long allocatedBytes) {
        static Sample now(long dbPid, long farmPid) {
            return new Sample(ProcStat.cpuNanos(ProcessHandle.current().pid()), ProcStat.compilerThreadsNanos(),
                    dbPid > 0 ? ProcStat.cpuNanos(dbPid) : 0, ProcStat.cpuNanos(farmPid), allocated());
        }

        /** Heap bytes allocated so far by all threads (virtual threads' by their carriers), or 0 when unknown. */
        private static long allocated() {
            return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                    && threads.isThreadAllocatedMemorySupported() ? threads.getTotalThreadAllocatedBytes() : 0;
        }

        /** KB allocated per page since {@code before}. */
        double allocatedKbPerPage(Sample before, long pages) {
            return (allocatedBytes - before.allocatedBytes) / 1024.0 / pages;
        }
    }

    /** Samples the used heap every 20 ms; resets the RSS high-water mark when started. */
    private static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private Thread sampler;
        long startRssKb;

        static HeapPeak start() throws InterruptedException {
            HeapPeak h = new HeapPeak();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            h.startRssKb = ProcStat.startPeak();
            h.peak.set(memory.getHeapMemoryUsage().getUsed());
            h.sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    h.peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return h;
        }

        long stop() {
            sampler.interrupt();
            return peak.get();
        }
    }

    /**
     * The farm in a child JVM, so that serving the pages is not counted as the crawler's CPU or memory. It prints its
     * sites and article URLs, then serves until its standard input closes (when this JVM ends, however it ends).
     */
    private static final class Farm implements AutoCloseable {
        final Process process;
        final List<SandboxSite> sites = new ArrayList<>();
        final List<String> articles = new ArrayList<>();

        private Farm(Process process) {
            this.process = process;
        }

        List<String> articlesOf(List<SandboxSite> of) {
            return articles.stream().filter(url -> of.stream().anyMatch(s -> url.startsWith(s.baseUrl() + "/")))
                    .toList();
        }

        static Farm start(int hosts, int pages) throws IOException {
            List<String> command = new ArrayList<>(childJvm());
            command.addAll(List.of("farm", "--hosts", String.valueOf(hosts), "--pages", String.valueOf(pages)));
            Farm farm = new Farm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            BufferedReader lines = new BufferedReader(new InputStreamReader(farm.process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null && !line.equals(FARM_READY); ) {
                String[] f = line.split("\t");
                if (f[0].equals("SITE")) {
                    farm.sites.add(new SandboxSite(f[1], f[2], f[3], f[4], Sandbox.benchmarkColumns(), false));
                } else if (f[0].equals("ARTICLE")) {
                    farm.articles.add(f[1]);
                }
            }
            if (farm.sites.size() != hosts) {
                farm.close();
                throw new IllegalStateException("靶场子进程未能启动（" + farm.sites.size() + " 个网站）：" + command);
            }
            return farm;
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (IOException | InterruptedException e) {
                process.destroy();
            }
        }
    }

    /**
     * The command that starts this same program again: {@code java -jar gongkai.jar bench} when running from the
     * jar, else this class on the same class path.
     */
    private static List<String> childJvm() {
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = System.getProperty("sun.java.command", "");
        String first = command.split(" ")[0];
        List<String> out = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC"));
        if (first.endsWith(".jar")) {
            out.addAll(List.of("-jar", first, "bench"));
        } else {
            out.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName()));
        }
        return out;
    }

    /** The child: starts the farm, prints it, serves until standard input closes. */
    static int farm(String[] args) throws IOException {
        List<String> a = List.of(args); // farm --hosts N --pages M
        int hosts = Integer.parseInt(a.get(a.indexOf("--hosts") + 1));
        int pages = Integer.parseInt(a.get(a.indexOf("--pages") + 1));
        try (Sandbox sandbox = Sandbox.startBenchmark(LocalDate.now(CHINA), hosts, pages)) {
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            for (SandboxSite site : sandbox.sites()) {
                out.println(String.join("\t", "SITE", site.code(), site.name(), site.unitType(), site.baseUrl()));
                sandbox.articleUrls(site.code()).forEach(url -> out.println("ARTICLE\t" + url));
            }
            out.println(FARM_READY);
            out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return 0;
    }

    private static int positive(String name, String value) {
        int n = nonNegative(name, value);
        if (n == 0) {
            throw new IllegalArgumentException("参数 " + name + " 必须大于 0：" + value);
        }
        return n;
    }

    private static int nonNegative(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("参数 " + name + " 必须是非负整数：" + value);
        }
    }

    /** Linux /proc readings: CPU time of a process, the MariaDB server's pid, this process's peak RSS. */
    static final class ProcStat {
        /** USER_HZ, the unit of utime and stime; 100 on every Linux this runs on (getconf CLK_TCK). */
        private static final long TICK_NANOS = 10_000_000L;

        private ProcStat() {
        }

        static long cpuNanos(long pid) {
            return statCpuNanos(Path.of("/proc", String.valueOf(pid), "stat"));
        }

        /**
         * CPU time so far of this JVM's live JIT compiler threads (HotSpot names them "C1 CompilerThread0", "C2 …").
         * A compiler thread the JVM ends takes its time with it, so this is a lower bound.
         */
        static long compilerThreadsNanos() {
            long sum = 0;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String name = Files.readString(task.resolve("comm"));
                        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                            sum += statCpuNanos(task.resolve("stat"));
                        }
                    } catch (IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException | RuntimeException e) {
                return 0;
            }
            return sum;
        }

        private static long statCpuNanos(Path stat) {
            try {
                String line = Files.readString(stat);
                // the command name may hold spaces and parentheses: fields are counted after its last ')'
                String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS; // utime, stime
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** The mariadbd process whose data directory lies under {@code home}, or -1. */
        static long mariadbPid(Path home) {
            String dir = home.toAbsolutePath().normalize().toString();
            return ProcessHandle.allProcesses().filter(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")),
                            StandardCharsets.UTF_8);
                    return cmd.split("\0")[0].endsWith("mariadbd") && cmd.contains(dir);
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
        }

        /** VmHWM of this process in KB (0 when unknown). */
        static long peakRssKb() {
            return statusKb("VmHWM:");
        }

        private static long statusKb(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(field)) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return 0;
            }
            return 0;
        }

        /** VmRSS of this process in KB (0 when unknown). */
        static long rssKb() {
            return statusKb("VmRSS:");
        }

        /**
         * Waits (at most 5 s) until the RSS stops falling: G1 gives the heap a full collection freed back to the system
         * in the background, so a peak reset at once would start from memory the run does not hold.
         */
        private static void awaitRssSettled() throws InterruptedException {
            long deadline = System.nanoTime() + 5_000_000_000L;
            long last = rssKb();
            int steady = 0;
            while (steady < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                long now = rssKb();
                steady = last - now < 1024 ? steady + 1 : 0;
                last = now;
            }
        }

        /**
         * Collects the garbage of what ran before and starts this process's peak RSS from what is left; returns that
         * RSS in KB.
         */
        static long startPeak() throws InterruptedException {
            System.gc();
            awaitRssSettled();
            resetPeakRss();
            return rssKb();
        }

        /** Resets VmHWM to the current RSS (Linux: "5" to clear_refs), so each run's peak is its own. */
        static void resetPeakRss() {
            try {
                Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            } catch (IOException | RuntimeException e) {
                // an older kernel: the peak then covers the whole process
            }
        }
    }
}
