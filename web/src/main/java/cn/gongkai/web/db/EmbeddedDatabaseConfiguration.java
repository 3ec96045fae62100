package cn.gongkai.web.db;

import cn.gongkai.sql.EmbeddedMariaDb;
import cn.gongkai.web.GongkaiProperties;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The embedded default: with no {@code spring.datasource.url} (e.g. {@code SPRING_DATASOURCE_URL}) configured, a
 * real MariaDB is started in-process with its data under {@code gongkai.home}. With a URL, Spring Boot connects to
 * that MySQL/MariaDB server and nothing is started.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedMariaDb embeddedMariaDb(GongkaiProperties properties) {
        return EmbeddedMariaDb.start(properties.home(), 0);
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedMariaDb mariaDb) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(mariaDb.jdbcUrl());
        dataSource.setUsername(mariaDb.user());
        dataSource.setPassword(mariaDb.password());
        dataSource.setMaximumPoolSize(20);
        dataSource.setPoolName("gongkai-embedded");
        return dataSource;
    }

    static final class NoDataSourceUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !context.getEnvironment().containsProperty("spring.datasource.url");
        }
    }
}
