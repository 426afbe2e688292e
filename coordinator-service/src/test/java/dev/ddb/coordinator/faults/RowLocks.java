package dev.ddb.coordinator.faults;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.ddb.mysql.testing.TestCluster;

/**
 * Rows locked directly on some replicas, in open transactions, so that their appliers block on them and those
 * replicas fall behind; {@link #close} releases them.
 */
final class RowLocks implements AutoCloseable {

    private final List<Connection> holders = new ArrayList<>();

    /** Runs {@code lockingSelect} (a {@code SELECT ... FOR UPDATE} on the {@code ddb} schema) on each replica and keeps it open. */
    static RowLocks hold(TestCluster cluster, List<String> replicas, String lockingSelect) throws SQLException {
        RowLocks locks = new RowLocks();
        try {
            for (String replica : replicas) {
                Connection holder = cluster.connect(replica, "ddb");
                locks.holders.add(holder);
                holder.setAutoCommit(false);
                try (Statement statement = holder.createStatement()) {
                    statement.executeQuery(lockingSelect).close();
                }
            }
        } catch (SQLException | RuntimeException e) {
            locks.close();
            throw e;
        }
        return locks;
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (Connection holder : holders) {
            try {
                holder.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
