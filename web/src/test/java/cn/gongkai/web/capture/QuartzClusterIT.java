package cn.gongkai.web.capture;

import static org.assertj.core.api.Assertions.assertThat;

import cn.gongkai.sql.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;

/**
 * Two Quartz nodes on one database, clustered as the application runs Quartz: no trigger fires on both nodes, and a
 * job whose node is killed (SIGKILL, mid-run) is run again by the other node as a recovery.
 */
class QuartzClusterIT {

    private final DSLContext dsl = TestDatabase.get().dsl();

    @TempDir
    Path logs;

    private int count(String sql, Object... args) {
        return dsl.fetchOne(sql, args).get(0, Integer.class);
    }

    private void await(String what, java.util.function.BooleanSupplier condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void noJobRunsTwiceAndAKilledNodesJobIsTakenOver() throws Exception {
        TestDatabase.get().reset();
        dsl.execute("CREATE TABLE IF NOT EXISTS cluster_test_run (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                + "job VARCHAR(100) NOT NULL, scheduled_fire BIGINT NOT NULL, node VARCHAR(50) NOT NULL, "
                + "recovering BOOLEAN NOT NULL)");
        dsl.execute("DELETE FROM cluster_test_run");
        String jdbcUrl = TestDatabase.get().jdbcUrl();
        Path childLog = logs.resolve("node-b.log");
        Process nodeB = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClusterNodes.class.getName(), jdbcUrl, "node-b")
                .redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
        Scheduler nodeA = null;
        try {
            await("node-b to join the cluster", () -> count(
                    "SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ? AND INSTANCE_NAME = 'node-b'",
                    ClusterNodes.CLUSTER) == 1 || !nodeB.isAlive(), 60);
            assertThat(nodeB.isAlive()).as("node-b: %s", Files.readString(childLog)).isTrue();
            nodeA = ClusterNodes.start(jdbcUrl, "node-a", dsl);

            // 1. many triggers, two nodes: every fire runs exactly once. On a loaded machine a repeating trigger
            // may misfire and be rescheduled (a new scheduled time, so possibly more fires than planned): what must
            // never happen is one scheduled fire running twice.
            for (int i = 0; i < 20; i++) {
                JobDetail job = JobBuilder.newJob(ClusterNodes.RecordingJob.class).withIdentity("quick-" + i, "test")
                        .usingJobData("sleepMs", 100L).build();
                nodeA.scheduleJob(job, TriggerBuilder.newTrigger().forJob(job).startNow()
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(300)
                                .withRepeatCount(9)).build());
            }
            await("200 runs", () -> count("SELECT COUNT(*) FROM cluster_test_run WHERE job LIKE 'quick-%'") >= 200, 120);
            Thread.sleep(2_000); // a duplicate would show up now
            int runs = count("SELECT COUNT(*) FROM cluster_test_run WHERE job LIKE 'quick-%'");
            assertThat(runs).isGreaterThanOrEqualTo(200);
            assertThat(count("SELECT COUNT(*) FROM (SELECT job, scheduled_fire FROM cluster_test_run "
                    + "WHERE job LIKE 'quick-%' GROUP BY job, scheduled_fire) d")).as("distinct scheduled fires")
                    .isEqualTo(runs);
            List<String> nodes = dsl.fetch("SELECT DISTINCT node FROM cluster_test_run").getValues(0, String.class);
            assertThat(nodes).as("both nodes took part").containsExactlyInAnyOrder("node-a", "node-b");

            // 2. a long job that only node-b can take (node-a in standby), then node-b is killed mid-run
            nodeA.standby();
            JobDetail longJob = JobBuilder.newJob(ClusterNodes.RecordingJob.class).withIdentity("long", "test")
                    .usingJobData("sleepMs", 120_000L).requestRecovery().build();
            nodeA.scheduleJob(longJob, TriggerBuilder.newTrigger().forJob(longJob).startNow().build());
            await("node-b to start the long job", () -> count(
                    "SELECT COUNT(*) FROM cluster_test_run WHERE job = 'long' AND node = 'node-b'") == 1, 60);
            nodeB.destroyForcibly();
            assertThat(nodeB.waitFor(30, TimeUnit.SECONDS)).isTrue();
            nodeA.start();
            await("node-a to recover the long job", () -> count(
                    "SELECT COUNT(*) FROM cluster_test_run WHERE job = 'long' AND node = 'node-a'") == 1, 60);
            Record recovered = dsl.fetchOne("SELECT recovering FROM cluster_test_run WHERE job = 'long' AND node = 'node-a'");
            assertThat(recovered.get(0, Boolean.class)).isTrue();
            assertThat(count("SELECT COUNT(*) FROM cluster_test_run WHERE job = 'long'")).isEqualTo(2);
        } finally {
            nodeB.destroyForcibly();
            if (nodeA != null) {
                nodeA.shutdown(false);
            }
        }
    }
}
