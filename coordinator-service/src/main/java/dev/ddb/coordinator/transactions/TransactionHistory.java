package dev.ddb.coordinator.transactions;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.replication.LiteralRendering;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * The recent entries of the master's log and, for each, which instances have applied it: an
 * instance has applied every entry up to its {@code ddb_meta.state.applied_ts}, because it applies
 * the log strictly in timestamp order. An instance that cannot be reached counts as having applied
 * nothing.
 */
final class TransactionHistory {

    private final Topology topology;
    private final Function<String, DataSource> pools;
    private final ReplicationLog log = new ReplicationLog();

    TransactionHistory(Topology topology, Function<String, DataSource> pools) {
        this.topology = topology;
        this.pools = pools;
    }

    /** @param table a {@code database.table} or database name, or null for every entry */
    RecentTransactions recent(int limit, String table) {
        List<LogEntry> entries = newestEntries(limit, table);
        // Read after the entries, so every instance's progress is at least as new as the entries shown.
        Map<String, Long> appliedTs = appliedTimestamps();
        List<RecentTransaction> transactions = new ArrayList<>();
        for (LogEntry entry : entries) {
            List<String> appliedBy = appliedTs.entrySet().stream().filter(applied -> applied.getValue() >= entry.ts())
                    .map(Map.Entry::getKey).toList();
            transactions.add(new RecentTransaction(entry.txnId(), entry.ts(), entry.epoch(),
                    entry.statements().stream().map(LiteralRendering::readable).toList(), List.copyOf(entry.tables()), appliedBy));
        }
        return new RecentTransactions(transactions);
    }

    private List<LogEntry> newestEntries(int limit, String table) {
        InstanceAddress master = topology.master();
        try (Connection connection = pools.apply(master.id()).getConnection()) {
            return log.readNewest(connection, limit, table);
        } catch (SQLException e) {
            throw CoordinatorException.unavailable("MASTER_UNAVAILABLE", "The log of the master " + master.id()
                    + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Each reachable instance's applied_ts, in configuration order. */
    private Map<String, Long> appliedTimestamps() {
        Map<String, Long> applied = new LinkedHashMap<>();
        for (InstanceAddress instance : topology.instances()) {
            try (Connection connection = pools.apply(instance.id()).getConnection()) {
                applied.put(instance.id(), InstanceState.read(connection).appliedTs());
            } catch (SQLException e) {
                // Unreachable: it has applied nothing anyone can see now.
            }
        }
        return applied;
    }
}
