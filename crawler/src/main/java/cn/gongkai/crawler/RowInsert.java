package cn.gongkai.crawler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Table;

/**
 * A multi-row INSERT of the crawl's indexing path, its rows bound with plain JDBC. Built row by row as a jOOQ query,
 * the same statements cost more CPU per captured page than fetching it (issue 15's profile: rendering and binding
 * every value through jOOQ). The table and columns still come from jOOQ's generated classes, quoted as MySQL and
 * MariaDB quote names; values are bound as jOOQ binds them for MySQL ({@code setTimestamp}/{@code setDate} for
 * java.time), so the stored rows are the same.
 */
final class RowInsert {

    private final String head;
    private final String tuple;
    private final int width;

    /** {@code ignoreDuplicates}: INSERT IGNORE, for rows that may already be there. */
    RowInsert(Table<?> table, boolean ignoreDuplicates, Field<?>... columns) {
        List<String> names = new ArrayList<>();
        for (Field<?> column : columns) {
            names.add(quoted(column.getName()));
        }
        this.head = (ignoreDuplicates ? "insert ignore into " : "insert into ") + quoted(table.getName()) + " ("
                + String.join(", ", names) + ") values ";
        this.tuple = "(" + "?, ".repeat(columns.length - 1) + "?)";
        this.width = columns.length;
    }

    /** Inserts the rows (each {@code width} values, in column order) in one statement; returns the rows' keys. */
    List<Long> insertReturningKeys(Connection connection, List<Object[]> rows) throws SQLException {
        List<Long> keys = new ArrayList<>(rows.size());
        try (PreparedStatement statement = connection.prepareStatement(sql(rows.size()),
                Statement.RETURN_GENERATED_KEYS)) {
            bind(statement, rows);
            statement.executeUpdate();
            try (var generated = statement.getGeneratedKeys()) {
                while (generated.next()) {
                    keys.add(generated.getLong(1));
                }
            }
        }
        return keys;
    }

    /** Inserts the rows in one statement. */
    void insert(Connection connection, List<Object[]> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql(rows.size()))) {
            bind(statement, rows);
            statement.executeUpdate();
        }
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private String sql(int rows) {
        StringBuilder sql = new StringBuilder(head.length() + rows * (tuple.length() + 2)).append(head);
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append(tuple);
        }
        return sql.toString();
    }

    private void bind(PreparedStatement statement, List<Object[]> rows) throws SQLException {
        int index = 1;
        for (Object[] row : rows) {
            if (row.length != width) {
                throw new IllegalArgumentException(row.length + " values for " + width + " columns");
            }
            for (Object value : row) {
                set(statement, index++, value);
            }
        }
    }

    private static void set(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case String s -> statement.setString(index, s);
            case Long l -> statement.setLong(index, l);
            case Integer i -> statement.setInt(index, i);
            case LocalDateTime t -> statement.setTimestamp(index, Timestamp.valueOf(t));
            case LocalDate d -> statement.setDate(index, java.sql.Date.valueOf(d));
            default -> throw new IllegalArgumentException("no binding for " + value.getClass().getName());
        }
    }
}
