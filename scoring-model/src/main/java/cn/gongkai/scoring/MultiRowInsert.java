package cn.gongkai.scoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Writes many rows with multi-row INSERT statements of up to {@value #ROWS_PER_STATEMENT} rows, the full-sized one
 * prepared once. Hundreds of thousands of point scores written a row per statement cost a round trip each, and
 * rendered through jOOQ's DSL the statements cost more to build than to run. Runs on the caller's connection, so it
 * is part of the caller's transaction.
 */
final class MultiRowInsert implements AutoCloseable {

    static final int ROWS_PER_STATEMENT = 1000;

    private final Connection connection;
    private final String head;
    private final String tail;
    private final int columns;
    private final List<Object[]> pending = new ArrayList<>(ROWS_PER_STATEMENT);
    private PreparedStatement full;
    private long written;

    /**
     * @param table   the table's name
     * @param columns the columns each row gives, in order
     * @param tail    what follows the rows, e.g. an ON DUPLICATE KEY UPDATE clause; empty for none
     */
    MultiRowInsert(Connection connection, String table, List<String> columns, String tail) {
        this.connection = connection;
        this.head = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
        this.tail = tail.isEmpty() ? "" : " " + tail;
        this.columns = columns.size();
    }

    void add(Object... row) throws SQLException {
        if (row.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " values, got " + row.length);
        }
        pending.add(row);
        if (pending.size() == ROWS_PER_STATEMENT) {
            if (full == null) {
                full = connection.prepareStatement(sql(ROWS_PER_STATEMENT));
            }
            execute(full);
        }
    }

    /** Writes the rows still pending; returns how many rows were written in all. */
    long finish() throws SQLException {
        if (!pending.isEmpty()) {
            try (PreparedStatement last = connection.prepareStatement(sql(pending.size()))) {
                execute(last);
            }
        }
        return written;
    }

    @Override
    public void close() throws SQLException {
        if (full != null) {
            full.close();
        }
    }

    private void execute(PreparedStatement statement) throws SQLException {
        int parameter = 1;
        for (Object[] row : pending) {
            for (Object value : row) {
                if (value == null) {
                    statement.setNull(parameter++, Types.NULL);
                } else {
                    statement.setObject(parameter++, value);
                }
            }
        }
        statement.executeUpdate();
        written += pending.size();
        pending.clear();
    }

    private String sql(int rows) {
        StringJoiner placeholders = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < columns; i++) {
            placeholders.add("?");
        }
        String row = placeholders.toString();
        StringBuilder sql = new StringBuilder(head.length() + rows * (row.length() + 2) + tail.length());
        sql.append(head);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(tail).toString();
    }
}
