package cn.gongkai.web.capture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Nodes of a Quartz cluster on one database, configured as the application configures Quartz (JDBC job store,
 * clustered), with a job that records every run. {@link #main} runs a node in a process of its own, to be killed.
 */
public final class ClusterNodes {

    static final String CLUSTER = "gongkai-cluster-test";

    private ClusterNodes() {
    }

    static Scheduler start(String jdbcUrl, String instanceId, DSLContext dsl) throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", CLUSTER);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.threadPool.threadCount", "3");
        // a node learns of triggers another node added only when it polls; the default idle wait is 30 s
        p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "gk");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        p.setProperty("org.quartz.dataSource.gk.driver", "com.mysql.cj.jdbc.Driver");
        p.setProperty("org.quartz.dataSource.gk.URL", jdbcUrl);
        p.setProperty("org.quartz.dataSource.gk.user", "root");
        p.setProperty("org.quartz.dataSource.gk.password", "");
        p.setProperty("org.quartz.dataSource.gk.maxConnections", "6");
        p.setProperty("org.quartz.dataSource.gk.provider", "hikaricp");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        // the repository is per JVM and keyed by cluster name; a second node in this JVM needs it to forget the first
        SchedulerRepository.getInstance().remove(CLUSTER);
        scheduler.getContext().put("dsl", dsl);
        scheduler.getContext().put("node", instanceId);
        scheduler.start();
        return scheduler;
    }

    /** Records a run (job, scheduled fire time, node, recovering) and then works for {@code sleepMs}. */
    @DisallowConcurrentExecution
    public static class RecordingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                DSLContext dsl = (DSLContext) context.getScheduler().getContext().get("dsl");
                String node = (String) context.getScheduler().getContext().get("node");
                dsl.execute("INSERT INTO cluster_test_run (job, scheduled_fire, node, recovering) VALUES (?, ?, ?, ?)",
                        context.getJobDetail().getKey().getName(), context.getScheduledFireTime().getTime(), node,
                        context.isRecovering());
                Thread.sleep(context.getMergedJobDataMap().getLong("sleepMs"));
            } catch (SchedulerException e) {
                throw new JobExecutionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A node in its own process: args are the JDBC URL and the instance id; runs until killed. */
    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername("root");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        start(args[0], args[1], DSL.using(dataSource, SQLDialect.MYSQL));
        Thread.currentThread().join();
    }
}
