package dev.ddb.coordinator.read;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

import com.mysql.cj.jdbc.JdbcConnection;

/**
 * The session a client's read runs in: read-only, with a statement time limit, and without what an
 * earlier client's read left behind.
 *
 * <ul>
 *   <li>The limits are one {@code SET} per new connection, in the server's own words: MariaDB's
 *       {@code max_statement_time} (seconds) and {@code tx_read_only} (10.11 has no
 *       {@code transaction_read_only}), MySQL's {@code max_execution_time} (milliseconds, SELECT
 *       only, which is all a read is) and {@code transaction_read_only}.</li>
 *   <li>A read that may leave state in its session (a user variable, a named lock,
 *       {@code LAST_INSERT_ID(expr)}) is followed by a reset of the session (Connector/J's
 *       {@link JdbcConnection#resetServerState()}: {@code COM_RESET_CONNECTION} and the driver's own
 *       settings again, four round trips) and this class's {@code SET}, so the next client finds
 *       nothing of it. Every such read names it in its text, which is checked without parsing and
 *       errs towards resetting: an {@code @} or the word {@code LOCK} anywhere, string literals
 *       included. Resetting after every read would cost each one those round trips (0.7 ms measured
 *       against 0.5 ms for a whole {@code SELECT 1} on a busy 2-core machine).</li>
 *   <li>A locking read ({@code FOR UPDATE}, {@code LOCK IN SHARE MODE}) is refused in a read-only
 *       transaction, so its session is made read-write for it and read-only again after it; the
 *       reader's account can write nothing either way.</li>
 * </ul>
 */
public final class ReadSession {

    /** MariaDB's ER_STATEMENT_TIMEOUT and MySQL's ER_QUERY_TIMEOUT. */
    private static final int MARIADB_STATEMENT_TIMEOUT = 1969;
    private static final int MYSQL_QUERY_TIMEOUT = 3024;

    private final Duration statementLimit;

    /** @param statementLimit the longest a read may run; zero for no limit */
    public ReadSession(Duration statementLimit) {
        if (statementLimit.isNegative()) {
            throw new IllegalArgumentException("the read time limit must not be negative, got " + statementLimit);
        }
        this.statementLimit = statementLimit;
    }

    public Duration statementLimit() {
        return statementLimit;
    }

    /** Makes a new connection's session read-only with the time limit. */
    public void limit(Connection connection) throws SQLException {
        boolean mariaDb = connection.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb");
        String sql = mariaDb
                ? "SET SESSION max_statement_time = " + statementLimit.toMillis() / 1000.0 + ", SESSION tx_read_only = 1"
                : "SET SESSION max_execution_time = " + statementLimit.toMillis() + ", SESSION transaction_read_only = 1";
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static boolean mayLeaveSessionState(String sql) {
        return sql.indexOf('@') >= 0 || sql.toUpperCase(Locale.ROOT).contains("LOCK");
    }

    /** Clears user variables, named locks and every other session setting, then limits the session again. */
    void reset(Connection connection) throws SQLException {
        connection.unwrap(JdbcConnection.class).resetServerState();
        limit(connection);
    }

    static void readWrite(Connection connection, boolean readWrite) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(readWrite ? "SET SESSION TRANSACTION READ WRITE" : "SET SESSION TRANSACTION READ ONLY");
        }
    }

    static boolean isTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && (sql.getErrorCode() == MARIADB_STATEMENT_TIMEOUT || sql.getErrorCode() == MYSQL_QUERY_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }
}
