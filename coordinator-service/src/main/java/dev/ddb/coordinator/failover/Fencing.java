package dev.ddb.coordinator.failover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import dev.ddb.coordinator.leader.Terms;
import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.MetaTables;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * The epochs a failover writes into {@code ddb_meta.state}. The fence that counts is the epoch: every batch the
 * sequencer commits first advances the master's state row only if it still holds the sequencer's epoch, so an
 * instance whose row carries a newer epoch (or the replica role) refuses every batch of an older master.
 * {@code read_only=ON} is set too: it refuses clients' statements, which run without the suite's role, but not the
 * suite's own work (the role holds READ ONLY ADMIN, part of ALL PRIVILEGES on MariaDB), so the epoch still decides.
 * An applier turns it off again when the instance is adopted as a replica ({@code ReplicaSession}).
 */
final class Fencing {

    /** A prepared batch may hold the state row; a fence must not wait for it. */
    private static final int LOCK_WAIT_SECONDS = 1;

    private Fencing() {
    }

    /**
     * Makes the old master a replica of {@code epoch}; its state row now refuses batches of any earlier epoch. Refused
     * if the instance was claimed in a term above {@code term}: the coordinator failing over no longer leads.
     */
    static void fence(InstanceAddress oldMaster, long epoch, long term, InstanceConnector connector) throws SQLException {
        try (Connection connection = connector.open(oldMaster); Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION innodb_lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            Terms.ensure(connection);
            if (!InstanceState.assume(connection, InstanceRole.REPLICA, epoch, term)) {
                throw overtaken(oldMaster, term);
            }
            statement.execute("SET GLOBAL read_only = ON");
        }
    }

    /** The winner becomes the master of {@code epoch} and writable; refused as {@link #fence} is. */
    static void promote(InstanceAddress winner, long epoch, long term, InstanceConnector connector) throws SQLException {
        try (Connection connection = connector.open(winner); Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION innodb_lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            Terms.ensure(connection);
            if (!InstanceState.assume(connection, InstanceRole.MASTER, epoch, term)) {
                throw overtaken(winner, term);
            }
            statement.execute("SET GLOBAL read_only = OFF");
            MetaTables.ensure(connection);
        }
    }

    /** Thrown when an instance holds a leadership term above the failing-over coordinator's. */
    static final class TermOvertakenException extends SQLException {
        TermOvertakenException(String message) {
            super(message);
        }
    }

    private static TermOvertakenException overtaken(InstanceAddress instance, long term) {
        return new TermOvertakenException(instance.id() + " was claimed by a coordinator in a term above " + term
                + "; this coordinator no longer leads and changes no instance's role");
    }

    /**
     * Tells a replica the new epoch, and makes sure it is a replica: a winner of an earlier failover attempt that
     * failed after its promotion must not stay a master.
     */
    static void announce(InstanceAddress replica, long epoch, long term, InstanceConnector connector) throws SQLException {
        try (Connection connection = connector.open(replica)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET SESSION innodb_lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            }
            Terms.ensure(connection);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE ddb_meta.state SET role = ?, epoch = GREATEST(epoch, ?) WHERE id = 1 AND " + Terms.FENCE)) {
                update.setString(1, InstanceRole.REPLICA.column());
                update.setLong(2, epoch);
                update.setLong(3, term);
                if (update.executeUpdate() != 1) {
                    throw overtaken(replica, term);
                }
            }
        }
    }
}
