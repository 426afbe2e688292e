package dev.ddb.coordinator.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A statement with the values for its {@code ?} placeholders, in order: what the log and state
 * bookkeeping would run, handed to a caller that sends it together with other statements.
 */
public record BoundSql(String sql, List<Object> params) {

    public BoundSql {
        Objects.requireNonNull(sql, "sql");
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /** Runs it as an update on the connection and returns the update count. */
    public long executeUpdate(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeLargeUpdate();
        }
    }

    /** Binds {@code params} to the statement's placeholders in order, with {@code setObject}. */
    public static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
    }
}
