package dev.ddb.coordinator.read;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a read that failed because of the instance (another one may answer) from one the instance
 * refused (the statement is wrong and would fail anywhere).
 */
final class ConnectionLoss {

    /**
     * Server errors that end the session rather than the statement: shutdown in progress (1053),
     * connection killed (MariaDB 1927), and the client-side codes for no connection, server gone
     * away and connection lost (2002, 2003, 2006, 2013).
     */
    private static final Set<Integer> SESSION_ERRORS = Set.of(1053, 1927, 2002, 2003, 2006, 2013);

    private ConnectionLoss() {
    }

    /**
     * SQLState class 08 (connection exception), the JDBC connection exception types, and the
     * pool's timeout waiting for a connection ({@link SQLTransientConnectionException}), anywhere in
     * the cause chain.
     */
    static boolean isConnectionLevel(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (SESSION_ERRORS.contains(sql.getErrorCode())
                    || (sql.getSQLState() != null && sql.getSQLState().startsWith("08")))) {
                return true;
            }
        }
        return false;
    }
}
