package cn.gongkai.scoring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A recompute in a process of its own, for {@link ScoringKillIT} to kill: args are the JDBC URL of the test database
 * and the round. Prints {@value #SCORING} just before scoring starts and {@value #DONE} once it has committed.
 */
public final class ScoringChild {

    static final String SCORING = "SCORING";
    static final String DONE = "DONE";

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername("root");
        config.setPassword("");
        config.setMaximumPoolSize(2);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            RoundScorer scorer = new RoundScorer(DSL.using(dataSource, SQLDialect.MYSQL), GradingPolicy.defaults());
            dataSource.getConnection().close(); // connected before the parent starts its clock
            System.out.println(SCORING);
            System.out.flush();
            scorer.score(Long.parseLong(args[1]));
            System.out.println(DONE);
            System.out.flush();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private ScoringChild() {
    }
}
