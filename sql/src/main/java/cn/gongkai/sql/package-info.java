/**
 * The schema and its access: Flyway migrations, the jOOQ classes generated from them ({@code cn.gongkai.sql.jooq}),
 * and the embedded MariaDB that runs them when no external database is configured.
 */
package cn.gongkai.sql;
