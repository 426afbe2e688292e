package dev.ddb.coordinator.read;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.mysql.cj.jdbc.JdbcConnection;
import com.zaxxer.hikari.HikariDataSource;

import dev.ddb.coordinator.error.CoordinatorException;

/**
 * Runs one read on one instance and returns its rows (see {@link RowReader} for the values),
 * reporting in-flight reads and the latency of answered ones to the {@link ReadLoad}.
 *
 * Rows are streamed from the server one at a time and counted, in rows and in bytes of their JSON,
 * as they are read: an answer over the byte limit is refused before it is held in memory, and its
 * connection is closed rather than drained.
 */
public final class ReadExecutor {

    public static final int DEFAULT_ROW_LIMIT = 10_000;
    /** The JSON array's brackets. */
    private static final long EMPTY_ANSWER_BYTES = 2;

    private final ReadLoad load;
    private final int rowLimit;
    private final long byteLimit;
    private final ReadSession session;

    /** Without a byte limit, over connections whose sessions need no limits restored. */
    public ReadExecutor(ReadLoad load, int rowLimit) {
        this(load, rowLimit, Long.MAX_VALUE, new ReadSession(Duration.ZERO));
    }

    /**
     * @param rowLimit the most rows an answer holds; beyond it the answer is marked truncated. The
     *     server is told too ({@code sql_select_limit} through {@link PreparedStatement#setMaxRows}).
     * @param byteLimit the most bytes the rows of an answer may take as JSON; beyond it the read fails
     *     with 413 {@code RESPONSE_TOO_LARGE}
     * @param session what a connection's session gets back after a read that may have changed it
     */
    public ReadExecutor(ReadLoad load, int rowLimit, long byteLimit, ReadSession session) {
        if (rowLimit < 1 || rowLimit == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("row limit must be between 1 and " + (Integer.MAX_VALUE - 1) + ", got " + rowLimit);
        }
        if (byteLimit < 1) {
            throw new IllegalArgumentException("byte limit must be positive, got " + byteLimit);
        }
        this.load = load;
        this.rowLimit = rowLimit;
        this.byteLimit = byteLimit;
        this.session = session;
    }

    public ReadSession session() {
        return session;
    }

    /** As {@link #execute(String, DataSource, String, List, boolean)} for a read that locks no rows. */
    public ReadResult execute(String instanceId, DataSource dataSource, String sql, List<?> params) throws SQLException {
        return execute(instanceId, dataSource, sql, params, false);
    }

    /**
     * Runs {@code sql} with {@code params} bound to its {@code ?} placeholders, in order.
     *
     * @param params strings, numbers, booleans or nulls, as a JSON request carries them
     * @param lockingRead the statement locks rows, which a read-only session refuses
     * @throws SQLException as the pool or the server raised it; {@link ConnectionLoss} tells
     *     whether another instance may succeed
     * @throws CoordinatorException 413 {@code RESPONSE_TOO_LARGE} for an answer over the byte limit
     * @throws IllegalArgumentException for a parameter of another type
     */
    public ReadResult execute(String instanceId, DataSource dataSource, String sql, List<?> params, boolean lockingRead)
            throws SQLException {
        load.started(instanceId);
        try {
            long start = System.nanoTime();
            List<Map<String, Object>> rows = new ArrayList<>();
            boolean truncated = false;
            Connection connection = dataSource.getConnection();
            boolean abandoned = false;
            try {
                if (lockingRead) {
                    ReadSession.readWrite(connection, true);
                }
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    bind(statement, params);
                    // One row past the limit tells a result of exactly the limit from a longer one.
                    statement.setMaxRows(rowLimit + 1);
                    statement.setFetchSize(Integer.MIN_VALUE);
                    if (statement.execute()) {
                        try (ResultSet resultSet = statement.getResultSet()) {
                            RowReader reader = new RowReader(resultSet.getMetaData());
                            long bytes = EMPTY_ANSWER_BYTES;
                            while (resultSet.next()) {
                                if (rows.size() == rowLimit) {
                                    truncated = true;
                                    break;
                                }
                                Map<String, Object> row = reader.read(resultSet);
                                bytes += RowReader.jsonBytes(row);
                                if (bytes > byteLimit) {
                                    abandoned = true;
                                    abandon(dataSource, connection);
                                    throw tooLarge(instanceId, rows.size());
                                }
                                rows.add(row);
                            }
                        }
                    }
                }
            } finally {
                if (!abandoned) {
                    release(dataSource, connection, lockingRead, ReadSession.mayLeaveSessionState(sql));
                }
            }
            double latencyMs = (System.nanoTime() - start) / 1_000_000.0;
            load.observed(instanceId, latencyMs);
            return new ReadResult(rows, truncated, instanceId, latencyMs);
        } finally {
            load.finished(instanceId);
        }
    }

    /** Back to the pool as the next client must find it, or out of the pool when that fails. */
    private void release(DataSource dataSource, Connection connection, boolean lockingRead, boolean stateful)
            throws SQLException {
        try {
            if (lockingRead) {
                ReadSession.readWrite(connection, false);
            }
            if (stateful) {
                session.reset(connection);
            }
        } catch (SQLException e) {
            evict(dataSource, connection);
        } finally {
            connection.close();
        }
    }

    /**
     * Closing a streamed result set would read the rest of it; closing the socket first ends the read
     * at once (the server stops the statement when it notices), and the pool must not lend the
     * connection again.
     */
    private static void abandon(DataSource dataSource, Connection connection) throws SQLException {
        connection.unwrap(JdbcConnection.class).abortInternal();
        evict(dataSource, connection);
        try {
            connection.close();
        } catch (SQLException alreadyBroken) {
            // The connection is gone either way.
        }
    }

    private static void evict(DataSource dataSource, Connection connection) throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
        } else {
            connection.abort(Runnable::run);
        }
    }

    private CoordinatorException tooLarge(String instanceId, int rowsRead) {
        return new CoordinatorException(413, "RESPONSE_TOO_LARGE", "The answer from " + instanceId + " is larger than the"
                + " limit of " + byteLimit + " bytes (DDB_MAX_RESPONSE_SIZE) after " + rowsRead + " row(s); select fewer"
                + " rows or columns, or page with LIMIT and a WHERE on the key.");
    }
    private static void bind(PreparedStatement statement, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            int index = i + 1;
            if (value == null) {
                statement.setNull(index, Types.NULL);
            } else if (value instanceof String || value instanceof Boolean || value instanceof Integer
                    || value instanceof Long || value instanceof Short || value instanceof Byte
                    || value instanceof Double || value instanceof Float
                    || value instanceof BigDecimal || value instanceof BigInteger) {
                statement.setObject(index, value);
            } else {
                throw new IllegalArgumentException("parameter " + index + " is a " + value.getClass().getSimpleName()
                        + "; only strings, numbers, booleans and null bind to a ?");
            }
        }
    }
}
