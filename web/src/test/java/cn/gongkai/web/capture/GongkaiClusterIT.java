package cn.gongkai.web.capture;

import static cn.gongkai.sql.jooq.Tables.ASSESSMENT_ROUND;
import static cn.gongkai.sql.jooq.Tables.CAPTURE;
import static cn.gongkai.sql.jooq.Tables.CHANNEL;
import static cn.gongkai.sql.jooq.Tables.CHANNEL_CAPTURE;
import static cn.gongkai.sql.jooq.Tables.FRONTIER_URL;
import static cn.gongkai.sql.jooq.Tables.ROUND_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.crawler.CrawlSettings;
import cn.gongkai.crawler.Crawler;
import cn.gongkai.crawler.sandbox.Sandbox;
import cn.gongkai.sql.EmbeddedMariaDb;
import cn.gongkai.web.GongkaiApplication;
import cn.gongkai.web.round.RoundDefinition;
import cn.gongkai.web.round.RoundImporter;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Two real gongkai instances (the application's main class in two JVMs) on one MariaDB on loopback, Quartz
 * clustered as in production but with a 5 s check-in: both start at once on an empty database (Flyway migrates it
 * once, under its lock), the capture jobs of the demo round (one per channel, so one site is only ever crawled by one
 * node) run across both, one node is killed with SIGKILL in the middle of a capture, and the other takes its job
 * over. No capture job completes twice, none is lost, every page is captured once (but for the page in flight when
 * the node died), and the politeness delay per site holds across nodes.
 */
class GongkaiClusterIT {

    private static final int CHECKIN_MS = 5_000;
    private static final int CRAWL_DELAY_MS = 150;
    /** Quartz declares a node dead once its last check-in is older than the interval plus this grace. */
    private static final int QUARTZ_GRACE_MS = 7_500;
    private static final Pattern COMPLETED = Pattern.compile(
            "Capture of round (\\d+) channel (\\d+)( \\(recovered from a failed node\\))?: CrawlReport");

    @TempDir
    Path work;

    private DSLContext dsl;

    private int count(String sql, Object... args) {
        return dsl.fetchOne(sql, args).get(0, Integer.class);
    }

    private static void await(String what, BooleanSupplier condition, int seconds, Process... nodes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            for (Process node : nodes) {
                assertThat(node.isAlive()).as("a node died while waiting for " + what).isTrue();
            }
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private Process startNode(String jdbcUrl, String name, Path home) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), GongkaiApplication.class.getName(),
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=root",
                "--spring.datasource.password=", "--server.port=0", "--gongkai.home=" + home,
                "--spring.quartz.properties.org.quartz.scheduler.instanceId=" + name,
                "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=" + CHECKIN_MS,
                // a node learns of triggers added elsewhere when it polls; the default idle wait is 30 s
                "--spring.quartz.properties.org.quartz.scheduler.idleWaitTime=1000")
                .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
    }

    /** The scheduler as a client of the cluster's job store, as an administrator's tool would use it: never started. */
    private static Scheduler client(String jdbcUrl) throws Exception {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "gongkai");
        p.setProperty("org.quartz.scheduler.instanceId", "test-client");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "gk");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.dataSource.gk.driver", "com.mysql.cj.jdbc.Driver");
        p.setProperty("org.quartz.dataSource.gk.URL", jdbcUrl);
        p.setProperty("org.quartz.dataSource.gk.user", "root");
        p.setProperty("org.quartz.dataSource.gk.password", "");
        p.setProperty("org.quartz.dataSource.gk.maxConnections", "2");
        p.setProperty("org.quartz.dataSource.gk.provider", "hikaricp");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        SchedulerRepository.getInstance().remove("gongkai");
        return scheduler;
    }

    private Map<Long, Integer> completions(Path log, Set<Long> recovered) throws Exception {
        Map<Long, Integer> out = new HashMap<>();
        Matcher m = COMPLETED.matcher(Files.readString(log));
        while (m.find()) {
            long channel = Long.parseLong(m.group(2));
            out.merge(channel, 1, Integer::sum);
            if (m.group(3) != null) {
                recovered.add(channel);
            }
        }
        return out;
    }

    @Test
    void twoNodesShareTheCaptureJobsAndOneTakesOverTheJobsOfTheOtherWhenItIsKilled() throws Exception {
        LocalDate today = LocalDate.now();
        EmbeddedMariaDb db = EmbeddedMariaDb.start(work.resolve("db"), 0);
        Path home = work.resolve("home"); // shared by both nodes: WARC evidence must be readable from every node
        Process nodeA = null;
        Process nodeB = null;
        Scheduler client = null;
        try (Sandbox sandbox = Sandbox.start(today); HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(db.jdbcUrl());
            dataSource.setUsername("root");
            dataSource.setPassword("");
            dataSource.setMaximumPoolSize(4);
            dsl = DSL.using(dataSource, SQLDialect.MYSQL);

            // 1. both nodes start at the same moment on an empty database
            nodeA = startNode(db.jdbcUrl(), "node-a", home);
            nodeB = startNode(db.jdbcUrl(), "node-b", home);
            Process a = nodeA;
            Process b = nodeB;
            await("both nodes to join the cluster", () -> {
                try {
                    return count("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = 'gongkai' "
                            + "AND INSTANCE_NAME IN ('node-a', 'node-b')") == 2;
                } catch (RuntimeException e) {
                    return false; // the schema is not there yet
                }
            }, 240, a, b);
            // Flyway ran once per version even though both nodes migrated at once (it holds a named lock meanwhile)
            assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")).isPositive()
                    .isEqualTo(count("SELECT COUNT(*) FROM flyway_schema_history"))
                    .isEqualTo(count("SELECT COUNT(DISTINCT version) FROM flyway_schema_history"));
            // both create the first evaluator account at start if there is none: one does, the other accepts that
            await("the first start's admin account", () -> count("SELECT COUNT(*) FROM app_user "
                    + "WHERE username = 'admin'") == 1, 60, a, b);

            // 2. the demo round, capturing, with one capture job per channel, all fired now
            String yaml = cn.gongkai.web.SliceRound.yaml();
            long roundId = new RoundImporter(dsl).importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
            dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.STATUS, "CAPTURING")
                    .set(ASSESSMENT_ROUND.CRAWL_DELAY_MS, CRAWL_DELAY_MS)
                    .set(ASSESSMENT_ROUND.CAPTURE_CRON, "0 0 2 1 1 ? 2099") // the test fires them itself
                    .where(ASSESSMENT_ROUND.ID.eq(roundId)).execute();
            client = client(db.jdbcUrl());
            List<JobKey> captureJobs = new ArrayList<>();
            for (JobKey key : CaptureSchedule.schedule(client, dsl, roundId)) {
                if (key.getGroup().equals(CaptureSchedule.CAPTURE_GROUP)) {
                    captureJobs.add(key);
                    client.triggerJob(key);
                }
            }
            List<Long> channels = dsl.select(CHANNEL.ID).from(CHANNEL).join(ROUND_CHANNEL)
                    .on(ROUND_CHANNEL.CHANNEL_ID.eq(CHANNEL.ID))
                    .where(ROUND_CHANNEL.ROUND_ID.eq(roundId), CHANNEL.KIND.in("WEBSITE", "WECHAT"))
                    .fetch(CHANNEL.ID);
            assertThat(captureJobs).hasSize(channels.size()).hasSizeGreaterThanOrEqualTo(4);

            // 3. node-b is killed while it runs a capture that has got somewhere
            String executingOnB = "SELECT JOB_NAME FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = 'gongkai' "
                    + "AND INSTANCE_NAME = 'node-b' AND STATE = 'EXECUTING' AND JOB_GROUP = 'capture'";
            await("node-b to be midway through a capture", () -> dsl.fetch(executingOnB).getValues(0, String.class)
                    .stream().anyMatch(job -> {
                        long channel = Long.parseLong(job.substring(job.lastIndexOf('-') + 1));
                        return dsl.fetchCount(CAPTURE, CAPTURE.ROUND_ID.eq(roundId).and(CAPTURE.CHANNEL_ID.eq(channel))) >= 5
                                && dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(roundId)
                                .and(FRONTIER_URL.CHANNEL_ID.eq(channel)).and(FRONTIER_URL.STATUS.eq("QUEUED"))) > 0;
                    }), 120, a, b);
            Set<String> killedJobs = new HashSet<>(dsl.fetch(executingOnB).getValues(0, String.class));
            nodeB.destroyForcibly(); // SIGKILL
            long killedAt = System.nanoTime();
            assertThat(nodeB.waitFor(30, TimeUnit.SECONDS)).isTrue();

            // 4. node-a notices, recovers node-b's jobs (and releases the triggers node-b had acquired)
            await("node-a to take node-b's jobs over", () -> count("SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS "
                    + "WHERE SCHED_NAME = 'gongkai' AND INSTANCE_NAME = 'node-b'") == 0, 90, a);
            double takeoverSeconds = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("node-b killed while capturing %s; node-a took its jobs over after %.1f s "
                    + "(check-in interval %d ms)%n", killedJobs, takeoverSeconds, CHECKIN_MS);
            // Quartz declares a node dead when its last check-in is older than interval + 7.5 s; the survivor
            // looks at every check-in, so the takeover comes within two intervals and the grace (plus slack for a
            // busy machine)
            assertThat(takeoverSeconds).isLessThan((2.0 * CHECKIN_MS + QUARTZ_GRACE_MS) / 1000 + 10);

            // 5. every channel's capture finishes, on node-a alone now
            await("every channel captured", () -> dsl.fetchCount(CHANNEL_CAPTURE, CHANNEL_CAPTURE.ROUND_ID.eq(roundId)
                    .and(CHANNEL_CAPTURE.STATUS.in("DONE", "FAILED", "INCOMPLETE"))) == channels.size()
                    && count("SELECT COUNT(*) FROM QRTZ_FIRED_TRIGGERS WHERE SCHED_NAME = 'gongkai' "
                    + "AND JOB_GROUP = 'capture'") == 0, 180, a);

            // no capture job completed twice, none was lost: each channel's job completed exactly once, the killed
            // ones on node-a as recoveries
            Set<Long> recovered = new HashSet<>();
            Map<Long, Integer> byA = completions(work.resolve("node-a.log"), recovered);
            Map<Long, Integer> byB = completions(work.resolve("node-b.log"), new HashSet<>());
            Map<Long, Integer> all = new HashMap<>(byA);
            byB.forEach((channel, n) -> all.merge(channel, n, Integer::sum));
            assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(channels);
            assertThat(all.values()).allMatch(n -> n == 1);
            Set<Long> killedChannels = new HashSet<>();
            killedJobs.forEach(job -> killedChannels.add(Long.parseLong(job.substring(job.lastIndexOf('-') + 1))));
            assertThat(recovered).as("recovered on node-a").isEqualTo(killedChannels);
            assertThat(byB).as("node-b completed some before it died, or at least took part")
                    .satisfiesAnyOf(m -> assertThat(m).isNotEmpty(), m -> assertThat(killedChannels).isNotEmpty());
            assertThat(dsl.fetchCount(FRONTIER_URL, FRONTIER_URL.ROUND_ID.eq(roundId)
                    .and(FRONTIER_URL.STATUS.eq("QUEUED")))).isZero();
            assertThat(count("SELECT COUNT(*) FROM app_user WHERE username = 'admin'")).isEqualTo(1);
            assertThat(Files.readString(work.resolve("node-a.log"))).doesNotContain("Application run failed");

            // every page captured once; only where node-b died can the page in flight have been fetched again
            for (long channel : channels) {
                Map<String, Integer> perUrl = dsl.select(CAPTURE.URL, DSL.count()).from(CAPTURE)
                        .where(CAPTURE.ROUND_ID.eq(roundId), CAPTURE.CHANNEL_ID.eq(channel)).groupBy(CAPTURE.URL)
                        .fetchMap(r -> r.value1(), r -> r.value2());
                long twice = perUrl.entrySet().stream()
                        .filter(e -> e.getValue() > 1 && !e.getKey().endsWith("/robots.txt")).count();
                if (killedChannels.contains(channel)) {
                    assertThat(twice).as("pages of channel %d captured twice", channel).isLessThanOrEqualTo(2);
                } else {
                    assertThat(perUrl.values()).as("captures per page of channel %d", channel).allMatch(n -> n == 1);
                }
            }

            // nothing lost: the same pages done as a crawl of the same sites by one crawler that was never killed
            long reference = new RoundImporter(dsl).importRound(RoundDefinition.parse(yaml, sandbox::baseUrl), yaml);
            dsl.update(ASSESSMENT_ROUND).set(ASSESSMENT_ROUND.CRAWL_DELAY_MS, 0)
                    .where(ASSESSMENT_ROUND.ID.eq(reference)).execute();
            new Crawler(dsl, work.resolve("reference-warc"), CrawlSettings.defaults()).crawl(reference);
            assertThat(doneUrls(reference)).isEqualTo(doneUrls(roundId));
            assertThat(channelStatuses(roundId)).isEqualTo(channelStatuses(reference)).containsValue("DONE");

            // politeness per site held across nodes: requests to a site's homepage host never closer than the delay
            for (long channel : channels) {
                String url = dsl.select(CHANNEL.URL).from(CHANNEL).where(CHANNEL.ID.eq(channel), CHANNEL.KIND.eq("WEBSITE"))
                        .fetchOne(CHANNEL.URL);
                if (url == null) {
                    continue;
                }
                String host = URI.create(url).getRawAuthority();
                List<LocalDateTime> times = dsl.select(CAPTURE.CAPTURED_AT).from(CAPTURE)
                        .where(CAPTURE.ROUND_ID.eq(roundId), CAPTURE.URL.like("%://" + host + "/%"))
                        .orderBy(CAPTURE.CAPTURED_AT).fetch(CAPTURE.CAPTURED_AT);
                for (int i = 1; i < times.size(); i++) {
                    assertThat(java.time.Duration.between(times.get(i - 1), times.get(i)).toMillis())
                            .as("gap between requests %d and %d to %s", i - 1, i, host)
                            .isGreaterThanOrEqualTo(CRAWL_DELAY_MS - 5);
                }
            }
        } finally {
            if (client != null) {
                client.shutdown(false);
            }
            if (nodeA != null) {
                nodeA.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            if (nodeB != null) {
                nodeB.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            db.close();
        }
    }

    private Map<String, String> channelStatuses(long roundId) {
        return dsl.select(CHANNEL.UNIT_ID, CHANNEL.KIND, CHANNEL.NAME, CHANNEL_CAPTURE.STATUS).from(CHANNEL_CAPTURE)
                .join(CHANNEL).on(CHANNEL.ID.eq(CHANNEL_CAPTURE.CHANNEL_ID)).where(CHANNEL_CAPTURE.ROUND_ID.eq(roundId))
                .fetchMap(r -> r.value1() + "/" + r.value2() + "/" + r.value3(), r -> r.value4());
    }

    private Set<String> doneUrls(long roundId) {
        return dsl.select(FRONTIER_URL.URL).from(FRONTIER_URL)
                .where(FRONTIER_URL.ROUND_ID.eq(roundId), FRONTIER_URL.STATUS.eq("DONE")).fetchSet(FRONTIER_URL.URL);
    }
}
