package dev.ddb.coordinator.binlog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * The binlog mode's steps of a failover on the instance to be promoted: apply everything it, or a replica further
 * ahead, received before the old master went, then leave replication so it can be the master.
 */
public final class BinlogCatchUp {

    private static final Duration APPLY_PATIENCE = Duration.ofSeconds(30);

    private BinlogCatchUp() {
    }

    /**
     * Brings {@code winner} to {@code targetSeq}: from its own relay log when it received that far itself, otherwise
     * from {@code source}'s binary log (every instance logs what it applies), which first applies its own relay log.
     *
     * @return the sequence number the winner has applied afterwards
     * @throws IllegalStateException if it did not get there within the patience
     */
    public static long bringUp(InstanceAddress winner, InstanceAddress source, long targetSeq, InstanceConnector connector,
            ReplicationSource replication) throws SQLException {
        try (Connection connection = connector.open(winner); Statement statement = connection.createStatement()) {
            if (!source.id().equals(winner.id())) {
                try (Connection sourceConnection = connector.open(source);
                     Statement onSource = sourceConnection.createStatement()) {
                    requireApplied(sourceConnection, onSource, source, targetSeq);
                }
                replication.pointAt(statement, source);
            } else {
                statement.execute("START SLAVE SQL_THREAD");
            }
            requireApplied(connection, statement, winner, targetSeq);
            return GtidPositions.read(connection).highest();
        }
    }

    /** Stops the winner's replication for good: it is to be the master, and must not follow the old one back. */
    public static void detach(InstanceAddress winner, InstanceConnector connector) throws SQLException {
        try (Connection connection = connector.open(winner); Statement statement = connection.createStatement()) {
            statement.execute("STOP SLAVE");
            statement.execute("RESET SLAVE ALL");
        }
    }

    private static void requireApplied(Connection connection, Statement statement, InstanceAddress instance, long targetSeq)
            throws SQLException {
        GtidPositions positions = GtidPositions.read(connection);
        if (targetSeq <= 0 || Math.max(positions.binlogSeq(), positions.appliedSeq()) >= targetSeq) {
            return;
        }
        try (ResultSet row = statement.executeQuery("SELECT MASTER_GTID_WAIT('" + Gtid.waitPosition(targetSeq) + "', "
                + APPLY_PATIENCE.toSeconds() + ")")) {
            row.next();
            if (row.getInt(1) != 0) {
                throw new IllegalStateException(instance.id() + " did not apply up to GTID sequence " + targetSeq
                        + " within " + APPLY_PATIENCE.toSeconds() + " s");
            }
        }
    }
}
