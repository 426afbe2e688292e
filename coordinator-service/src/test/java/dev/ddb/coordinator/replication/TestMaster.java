package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.SessionTimestamp;
import dev.ddb.coordinator.log.ShippedBatch;
import dev.ddb.mysql.testing.TestCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import dev.ddb.mysql.cluster.Privileges;

/**
 * Plays the sequencer on one instance for the tests: runs each write under its own savepoint and
 * session timestamp with {@link EntryReplayer#execute}, logs the writes that succeeded and commits
 * them with the log rows and {@code applied_ts} in one transaction, as a master batch does.
 */
final class TestMaster implements AutoCloseable {

    static final long EPOCH = 1;

    private final Connection connection;
    private final ReplicationLog log = new ReplicationLog();
    private long lastTs;
    private long sessionMicros = 1_700_000_000_000_000L;
    private int failedWrites;

    TestMaster(TestCluster cluster, String instanceId) throws SQLException {
        connection = new InstanceConnector(cluster.credentials(), Duration.ofSeconds(3),
                Duration.ofSeconds(30)).open(cluster.instance(instanceId).address());
        connection.setAutoCommit(false);
        InstanceState.assume(connection, InstanceRole.MASTER, EPOCH);
        connection.commit();
    }

    record Sql(String sql, List<Object> params) {

        static Sql of(String sql, Object... params) {
            return new Sql(sql, Arrays.asList(params));
        }
    }

    /** One write: the statements of one {@code queries} transaction, logged as one entry. */
    record Write(List<Sql> statements, Set<String> tables) {

        static Write of(String table, Sql... statements) {
            return new Write(List.of(statements), Set.of("ddb." + table));
        }
    }

    /** Runs the writes as one batch; the ones that fail leave no trace and no entry. Null if none succeeded. */
    ShippedBatch commit(List<Write> writes) throws SQLException {
        return commit(writes, false);
    }

    /** As {@link #commit(List)} with one session timestamp for the whole batch, as the sequencer runs a batch. */
    ShippedBatch commitUnderOneTimestamp(Write... writes) throws SQLException {
        return commit(List.of(writes), true);
    }

    private ShippedBatch commit(List<Write> writes, boolean oneTimestamp) throws SQLException {
        long previousTs = lastTs;
        long ts = lastTs;
        List<LogEntry> entries = new ArrayList<>();
        for (Write write : writes) {
            Savepoint savepoint = connection.setSavepoint();
            if (!oneTimestamp || entries.isEmpty()) {
                sessionMicros += 1_234_567;
            }
            String sessionTimestamp = SessionTimestamp.of(Instant.EPOCH.plusNanos(sessionMicros * 1_000));
            try {
                EntryReplayer.setSessionTimestamp(connection, sessionTimestamp);
                List<LoggedStatement> logged = new ArrayList<>();
                for (Sql sql : write.statements()) {
                    EntryReplayer.Execution execution = EntryReplayer.execute(connection, sql.sql(), sql.params());
                    logged.add(new LoggedStatement(sql.sql(), sql.params(), execution.insertId()));
                }
                ts += 2;
                entries.add(LogEntry.create(ts, String.format("TXN-%d-%08x", sessionMicros / 1000, ts), EPOCH, logged,
                        sessionTimestamp, write.tables(), Privileges.CLIENT));
            } catch (SQLException e) {
                connection.rollback(savepoint);
                failedWrites++;
            }
        }
        EntryReplayer.resetSession(connection);
        if (entries.isEmpty()) {
            connection.commit();
            return null;
        }
        log.append(connection, entries);
        LogEntry last = entries.get(entries.size() - 1);
        if (!InstanceState.advance(connection, last.ts(), EPOCH)) {
            throw new IllegalStateException("the test master lost its epoch");
        }
        connection.commit();
        lastTs = last.ts();
        return new ShippedBatch(previousTs, entries);
    }

    ShippedBatch commit(Write... writes) throws SQLException {
        return commit(List.of(writes));
    }

    long lastTs() {
        return lastTs;
    }

    int failedWrites() {
        return failedWrites;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
