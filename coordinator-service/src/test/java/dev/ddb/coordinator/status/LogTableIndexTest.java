package dev.ddb.coordinator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.ddb.mysql.cluster.Privileges;

/** Against a real server's {@code ddb_meta.log}, read in chunks of two entries. */
@LocalServers(count = 1)
class LogTableIndexTest {

    private static final String INSTANCE = "instance-1";

    private final TestCluster cluster;
    private final ReplicationLog log = new ReplicationLog();
    private final LogTableIndex index = new LogTableIndex(2);

    LogTableIndexTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void emptyInstance() throws SQLException {
        try (Connection connection = cluster.connect(INSTANCE, "")) {
            Schema.reset(connection, INSTANCE);
        }
    }

    @Test
    void anEmptyLogTouchedNoTable() throws SQLException {
        assertThat(read()).isEmpty();
    }

    @Test
    void aLogLongerThanAChunkIsReadWhole() throws SQLException {
        append(entry(3, "ddb.users"), entry(5, "ddb.products"), entry(7, "ddb.users"), entry(9, "ddb.users", "ddb.products"),
                entry(11, "ddb.users"));
        assertThat(index.readWhole(INSTANCE)).isFalse();

        assertThat(read()).containsExactlyInAnyOrderEntriesOf(
                Map.of("ddb.users", 11L, "ddb.products", 5L, "ddb.products,ddb.users", 9L));
        assertThat(index.readWhole(INSTANCE)).isTrue();
    }

    @Test
    void laterReadsOnlyReadWhatWasLoggedSince() throws SQLException {
        append(entry(3, "ddb.users"), entry(5, "ddb.products"), entry(7, "ddb.users"));
        read();
        // An entry below what was read vanishing is not looked for (the log only grows at its end), so the index
        // still knows it: proof that the second read did not scan from the start.
        execute("DELETE FROM ddb_meta.log WHERE ts = 5");
        append(entry(13, "ddb.orders"));

        assertThat(read()).containsExactlyInAnyOrderEntriesOf(Map.of("ddb.users", 7L, "ddb.products", 5L, "ddb.orders", 13L));
    }

    @Test
    void aLogWhoseLastReadEntryIsGoneIsReadAgainFromTheStart() throws SQLException {
        append(entry(3, "ddb.users"), entry(5, "ddb.products"), entry(7, "ddb.orders"));
        read();
        // A rejoin that discards divergent entries, or a re-seed that empties the log, removes its tail.
        execute("DELETE FROM ddb_meta.log WHERE ts >= 5");
        append(entry(6, "ddb.users"));

        assertThat(read()).containsExactlyInAnyOrderEntriesOf(Map.of("ddb.users", 6L));
    }

    private Map<String, Long> read() throws SQLException {
        try (Connection connection = cluster.connect(INSTANCE, "ddb")) {
            connection.setAutoCommit(false);
            try {
                return index.read(INSTANCE, connection, 10);
            } finally {
                connection.commit();
            }
        }
    }

    private void append(LogEntry... entries) throws SQLException {
        try (Connection connection = cluster.connect(INSTANCE, "ddb")) {
            log.append(connection, List.of(entries));
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = cluster.connect(INSTANCE, "ddb"); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static LogEntry entry(long ts, String... tables) {
        return LogEntry.create(ts, "TXN-1700000000000-" + String.format("%08x", ts), 1,
                List.of(new LoggedStatement("DELETE FROM users WHERE id = ?", List.of(ts), ts)),
                "1700000000.000000", Set.of(tables), Privileges.CLIENT);
    }
}
