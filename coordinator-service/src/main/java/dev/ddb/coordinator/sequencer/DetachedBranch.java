package dev.ddb.coordinator.sequencer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.error.SqlErrors;

/**
 * Finishes a prepared STRONG batch whose own connection failed during {@code XA COMMIT}. Left alone,
 * the branch would stay prepared on a master that is still up, holding its locks (the master's state
 * row among them) so that every later batch waits for it. Once the server has noticed that the
 * connection is gone, the branch is detached and any session may commit it; if the first commit had
 * already gone through, the batch's log entry is there to say so.
 */
final class DetachedBranch {

    private static final Logger log = LoggerFactory.getLogger(DetachedBranch.class);

    /** MariaDB's and MySQL's XAER_NOTA: no prepared branch of that xid is free to take. */
    private static final int UNKNOWN_XID = 1397;

    private DetachedBranch() {
    }

    /**
     * Commits the branch {@code xid} from fresh connections, trying {@code attempts} times {@code pause}
     * apart while the server still sees it attached to the failed session.
     *
     * @param lastTs the timestamp of the batch's last log entry, present once the batch committed
     * @return true if the batch is committed now; false if that could not be established (the master
     *     is unreachable, or the branch stayed attached)
     */
    static boolean commit(Sequencer.MasterConnector connector, String masterId, String xid, long lastTs, int attempts,
            Duration pause) throws InterruptedException {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try (Connection connection = connector.open(masterId)) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("XA COMMIT '" + xid + "'");
                    log.info("committed {} on {} from a new connection after its own failed", xid, masterId);
                    return true;
                } catch (SQLException e) {
                    if (e.getErrorCode() != UNKNOWN_XID) {
                        throw e;
                    }
                }
                if (logged(connection, lastTs)) {
                    return true;
                }
            } catch (SQLException e) {
                log.warn("could not commit {} on {} from a new connection: {}", xid, masterId, e.getMessage());
                if (SqlErrors.isConnectionLevel(e)) {
                    return false;
                }
            }
            Thread.sleep(pause.toMillis());
        }
        return false;
    }

    private static boolean logged(Connection connection, long ts) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM ddb_meta.log WHERE ts = ?")) {
            select.setLong(1, ts);
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        }
    }
}
