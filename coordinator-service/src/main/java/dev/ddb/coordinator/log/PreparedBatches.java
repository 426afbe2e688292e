package dev.ddb.coordinator.log;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches a sequencer prepared ({@code XA PREPARE 'ddb-<epoch>-<ts>'}) and nobody committed or rolled back: what a
 * coordinator that died between the two phases leaves on the master. Their entries may already be applied on
 * replicas, so they are committed, never rolled back. MariaDB lets another session commit a prepared branch only once
 * the session that prepared it has ended, so a live coordinator's batch in flight is never taken from it.
 */
public final class PreparedBatches {

    private static final Logger log = LoggerFactory.getLogger(PreparedBatches.class);

    private PreparedBatches() {
    }

    /** The suite's prepared batches on the instance. */
    public static List<String> xids(Statement statement) throws SQLException {
        List<String> xids = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("XA RECOVER")) {
            while (rows.next()) {
                String xid = rows.getString("data");
                if (BatchXid.isBatch(xid)) {
                    xids.add(xid);
                }
            }
        }
        return xids;
    }

    /**
     * Commits every prepared batch whose session has ended.
     *
     * @return the batches committed
     */
    public static List<String> commitOrphans(Connection connection, String instanceId) throws SQLException {
        List<String> committed = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (String xid : xids(statement)) {
                try {
                    statement.execute("XA COMMIT '" + xid + "'");
                    committed.add(xid);
                    log.info("committed batch {} that {} had left prepared", xid, instanceId);
                } catch (SQLException e) {
                    log.debug("batch {} on {} is not an orphan: {}", xid, instanceId, e.getMessage());
                }
            }
        }
        return committed;
    }
}
