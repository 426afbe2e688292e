package dev.ddb.stress.bench;

import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.Outcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * One benchmark client inserting its rows over its own JDBC connection with autocommit, so each insert is one
 * durable commit, as a single write through the coordinator is. A lost connection is opened again on the next
 * insert.
 */
public final class JdbcWriter implements LoadClient {

    private static final String CONNECTION_FAILURE_STATE_CLASS = "08";

    private final String url;
    private final Properties properties;
    private final RowShape shape;
    private final String keyPrefix;
    private final int client;
    private Connection connection;
    private PreparedStatement insert;

    public JdbcWriter(String url, Properties properties, String keyPrefix, int client) {
        this(url, properties, RowShape.SMALL, keyPrefix, client);
    }

    public JdbcWriter(String url, Properties properties, RowShape shape, String keyPrefix, int client) {
        this.url = url;
        this.properties = properties;
        this.shape = shape;
        this.keyPrefix = keyPrefix;
        this.client = client;
    }

    public static void createTable(String url, Properties properties) throws SQLException {
        createTable(url, properties, RowShape.SMALL);
    }

    public static void createTable(String url, Properties properties, RowShape shape) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, properties);
             Statement statement = connection.createStatement()) {
            statement.execute(shape.createTable());
        }
    }

    @Override
    public Outcome perform(long sequence) {
        try {
            if (insert == null) {
                open();
            }
            List<Object> values = shape.values(BenchRows.key(keyPrefix, client, sequence), client);
            for (int i = 0; i < values.size(); i++) {
                insert.setObject(i + 1, values.get(i));
            }
            insert.executeUpdate();
            return Outcome.success();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith(CONNECTION_FAILURE_STATE_CLASS)) {
                close();
            }
            return Outcome.failure("SQL error " + e.getErrorCode() + " (" + state + ")", e.getMessage());
        }
    }

    private void open() throws SQLException {
        close();
        connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(true);
        insert = connection.prepareStatement(shape.insert());
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // The connection is being dropped either way; a failure to close it says nothing about the writes.
            } finally {
                connection = null;
                insert = null;
            }
        }
    }
}
