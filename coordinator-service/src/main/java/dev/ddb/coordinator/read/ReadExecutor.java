package dev.ddb.coordinator.read;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Runs one read on one instance and returns its rows (see {@link RowReader} for the values),
 * reporting in-flight reads and the latency of answered ones to the {@link ReadLoad}.
 */
public final class ReadExecutor {

    public static final int DEFAULT_ROW_LIMIT = 10_000;

    private final ReadLoad load;
    private final int rowLimit;

    /**
     * @param rowLimit the most rows an answer holds; beyond it the answer is marked truncated. The
     *     server is told too ({@code sql_select_limit} through {@link PreparedStatement#setMaxRows}),
     *     because Connector/J otherwise buffers a whole result set in memory before the first row.
     */
    public ReadExecutor(ReadLoad load, int rowLimit) {
        if (rowLimit < 1 || rowLimit == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("row limit must be between 1 and " + (Integer.MAX_VALUE - 1) + ", got " + rowLimit);
        }
        this.load = load;
        this.rowLimit = rowLimit;
    }

    /**
     * Runs {@code sql} with {@code params} bound to its {@code ?} placeholders, in order.
     *
     * @param params strings, numbers, booleans or nulls, as a JSON request carries them
     * @throws SQLException as the pool or the server raised it; {@link ConnectionLoss} tells
     *     whether another instance may succeed
     * @throws IllegalArgumentException for a parameter of another type
     */
    public ReadResult execute(String instanceId, DataSource dataSource, String sql, List<?> params) throws SQLException {
        load.started(instanceId);
        try {
            long start = System.nanoTime();
            List<Map<String, Object>> rows = new ArrayList<>();
            boolean truncated = false;
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, params);
                // One row past the limit tells a result of exactly the limit from a longer one.
                statement.setMaxRows(rowLimit + 1);
                if (statement.execute()) {
                    try (ResultSet resultSet = statement.getResultSet()) {
                        RowReader reader = new RowReader(resultSet.getMetaData());
                        while (resultSet.next()) {
                            if (rows.size() == rowLimit) {
                                truncated = true;
                                break;
                            }
                            rows.add(reader.read(resultSet));
                        }
                    }
                }
            }
            double latencyMs = (System.nanoTime() - start) / 1_000_000.0;
            load.observed(instanceId, latencyMs);
            return new ReadResult(rows, truncated, instanceId, latencyMs);
        } finally {
            load.finished(instanceId);
        }
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
