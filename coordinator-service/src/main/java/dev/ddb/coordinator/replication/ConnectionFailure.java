package dev.ddb.coordinator.replication;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Tells a lost connection (reconnect and retry) from an error the server gave on a live one. */
final class ConnectionFailure {

    /** Server shutdown in progress (1053), connection killed (1927), server gone away (2006), lost (2013). */
    private static final Set<Integer> CONNECTION_ERRORS = Set.of(1053, 1927, 2006, 2013);
    /** Lock wait timeout (1205) and deadlock (1213): the server rolled back, a retry can succeed. */
    private static final Set<Integer> TRANSIENT_ERRORS = Set.of(1205, 1213);

    private ConnectionFailure() {
    }

    static boolean isConnectionLoss(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (CONNECTION_ERRORS.contains(sql.getErrorCode())
                    || (sql.getSQLState() != null && sql.getSQLState().startsWith("08")))) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransient(Throwable failure) {
        return failure instanceof SQLException sql && TRANSIENT_ERRORS.contains(sql.getErrorCode());
    }
}
