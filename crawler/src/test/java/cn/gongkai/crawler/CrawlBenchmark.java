package cn.gongkai.crawler;

import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.crawler.sandbox.Sandbox.SandboxSite;
import cn.gongkai.sql.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;

/**
 * The crawl benchmark (README, "Benchmarks"): the sandbox on loopback with {@code hosts} sites of
 * {@code articles} articles each, crawled into WARC and the embedded MariaDB once per politeness delay; prints
 * pages/s, MB/s and peak heap. Arguments: hosts (100), articles per host (200), delays in ms (0,1000).
 */
public final class CrawlBenchmark {

    private CrawlBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int articles = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String[] delays = (args.length > 2 ? args[2] : "0,1000").split(",");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        DSLContext dsl = TestDatabase.get().dsl();
        TestDatabase.get().reset();
        try (Sandbox sandbox = Sandbox.startBenchmark(today, hosts, articles)) {
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            System.out.printf("crawl benchmark: %d hosts x %d articles (about %d pages per host), max heap %d MB, "
                            + "%d cores; heap after sandbox start %d MB%n", hosts, articles, articles + 25,
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), baseline >> 20);
            for (String d : delays) {
                int delay = Integer.parseInt(d.strip());
                RoundFixture round = RoundFixture.create(dsl, today, true, delay);
                for (SandboxSite site : sandbox.sites()) {
                    round.addSite(site);
                }
                Path warc = Files.createTempDirectory("gongkai-bench-warc");
                System.gc();
                AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
                Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                java.util.Map<String, Long> sqlBefore = sqlCounters(dsl);
                long t0 = System.nanoTime();
                CrawlReport report = new Crawler(dsl, warc, CrawlSettings.defaults().withMaxPagesPerChannel(10_000))
                        .crawl(round.roundId);
                double seconds = (System.nanoTime() - t0) / 1e9;
                sampler.interrupt();
                long warcBytes;
                try (var files = Files.list(warc)) {
                    warcBytes = files.mapToLong(f -> f.toFile().length()).sum();
                }
                System.out.printf("delay %4d ms: %d pages (%d failures) in %.1f s = %.1f pages/s, %.1f MB payload = "
                                + "%.2f MB/s, WARC %.1f MB on disk, peak heap %d MB%n", delay, report.pagesFetched(),
                        report.failures(), seconds, report.pagesFetched() / seconds, report.bytes() / 1e6,
                        report.bytes() / 1e6 / seconds, warcBytes / 1e6, peak.get() >> 20);
                java.util.Map<String, Long> sqlAfter = sqlCounters(dsl);
                long pages = Math.max(1, report.pagesFetched());
                StringBuilder sql = new StringBuilder();
                for (String name : sqlAfter.keySet()) {
                    long n = sqlAfter.get(name) - sqlBefore.getOrDefault(name, 0L);
                    sql.append(String.format(" %s %d (%.2f/page)", name.startsWith("Com_") ? name.substring(4) : name, n, n / (double) pages));
                }
                System.out.println("  SQL statements (server counters, the whole crawl):" + sql);
            }
        }
        System.exit(0);
    }

    /**
     * The embedded server's own counts of the statements it ran (all clients; the benchmark is its only user), by
     * kind, plus commits: the database's share of the work per page, independent of the client's batching.
     */
    private static java.util.Map<String, Long> sqlCounters(DSLContext dsl) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (String name : java.util.List.of("Com_insert", "Com_update", "Com_select", "Com_delete", "Com_commit",
                "Questions")) {
            out.put(name, 0L);
        }
        dsl.fetch("SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_insert', 'Com_update', 'Com_select', "
                + "'Com_delete', 'Com_commit', 'Questions')")
                .forEach(r -> out.put(r.get(0, String.class), r.get(1, Long.class)));
        return out;
    }
}
