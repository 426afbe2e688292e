package dev.ddb.coordinator.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.ddb.mysql.cluster.Privileges;

@LocalServers(count = 1)
class ReplicationLogTest {

    private final TestCluster cluster;
    private final ReplicationLog log = new ReplicationLog();

    ReplicationLogTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void emptyInstance() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", "")) {
            Schema.reset(connection, "instance-1");
        }
    }

    private static LogEntry entry(long ts) {
        return LogEntry.create(ts, "TXN-1700000000000-" + String.format("%08x", ts), 1,
                List.of(new LoggedStatement("INSERT INTO users (name, email) VALUES (?, ?)",
                        Arrays.asList("user " + ts, null, new BigDecimal("0.10"), 5L), ts)),
                "1700000000." + String.format("%06d", ts % 1_000_000), Set.of("ddb.users"), Privileges.CLIENT);
    }

    private Connection transaction() throws SQLException {
        Connection connection = cluster.connect("instance-1", "ddb");
        connection.setAutoCommit(false);
        return connection;
    }

    @Test
    void appendedEntriesReadBackInTsOrderWithValidChecksums() throws SQLException {
        List<LogEntry> entries = LongStream.of(9, 3, 5, 11).mapToObj(ReplicationLogTest::entry).toList();
        try (Connection connection = transaction()) {
            log.append(connection, entries);
            connection.commit();
            List<LogEntry> read = log.readAfter(connection, 0, 10);
            assertThat(read).extracting(LogEntry::ts).containsExactly(3L, 5L, 9L, 11L);
            assertThat(read).containsExactly(entry(3), entry(5), entry(9), entry(11));
            assertThat(read).allMatch(LogEntry::checksumValid);
        }
    }

    @Test
    void readAfterStartsAboveTheGivenTsAndStopsAtTheLimit() throws SQLException {
        try (Connection connection = transaction()) {
            log.append(connection, LongStream.rangeClosed(1, 20).mapToObj(ReplicationLogTest::entry).toList());
            connection.commit();
            assertThat(log.readAfter(connection, 7, 5)).extracting(LogEntry::ts).containsExactly(8L, 9L, 10L, 11L, 12L);
            assertThat(log.readAfter(connection, 20, 5)).isEmpty();
            assertThat(log.read(connection, 13)).contains(entry(13));
            assertThat(log.read(connection, 21)).isEmpty();
        }
    }

    @Test
    void maxTsIsZeroForAnEmptyLogAndTheHighestTsOtherwise() throws SQLException {
        try (Connection connection = transaction()) {
            assertThat(log.maxTs(connection)).isZero();
            log.append(connection, List.of(entry(4), entry(17)));
            assertThat(log.maxTs(connection)).isEqualTo(17);
        }
    }

    @Test
    void entriesCommitOrVanishWithTheCallersTransaction() throws SQLException {
        try (Connection connection = transaction()) {
            log.append(connection, List.of(entry(1), entry(2)));
            connection.rollback();
            assertThat(log.maxTs(connection)).isZero();
        }
    }

    @Test
    void aTsAlreadyInTheLogIsRefused() throws SQLException {
        try (Connection connection = transaction()) {
            log.append(connection, List.of(entry(1)));
            assertThatThrownBy(() -> log.append(connection, List.of(entry(2), entry(1))))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class);
        }
    }

    @Test
    void aDamagedRowIsDetectedOnRead() throws SQLException {
        try (Connection connection = transaction(); Statement statement = connection.createStatement()) {
            log.append(connection, List.of(entry(1), entry(2)));
            statement.executeUpdate("UPDATE ddb_meta.log SET statements = REPLACE(statements, 'user 2', 'user X') WHERE ts = 2");
            assertThat(log.readAfter(connection, 0, 10)).extracting(LogEntry::checksumValid).containsExactly(true, false);
        }
    }

    @Test
    void theMastersAdvanceIsRefusedInAnotherEpoch() throws SQLException {
        try (Connection connection = transaction()) {
            InstanceState.assume(connection, InstanceRole.MASTER, 4);
            assertThat(InstanceState.advance(connection, 10, 3)).isFalse();
            assertThat(InstanceState.read(connection).appliedTs()).isZero();
            assertThat(InstanceState.advance(connection, 10, 4)).isTrue();
            connection.commit();
            assertThat(InstanceState.read(connection)).isEqualTo(new InstanceState("instance-1", 10, 4, InstanceRole.MASTER));
        }
    }

    @Test
    void aReplicasAdvanceIsACompareAndSetThatRaisesTheEpoch() throws SQLException {
        try (Connection connection = transaction()) {
            assertThat(InstanceState.advanceFrom(connection, 0, 5, 2)).isTrue();
            assertThat(InstanceState.advanceFrom(connection, 0, 9, 2)).as("applied_ts is 5 now").isFalse();
            assertThat(InstanceState.advanceFrom(connection, 5, 9, 1)).isTrue();
            assertThat(InstanceState.read(connection)).isEqualTo(new InstanceState("instance-1", 9, 2, InstanceRole.REPLICA));
            InstanceState.assume(connection, InstanceRole.MASTER, 3);
            assertThat(InstanceState.advanceFrom(connection, 9, 12, 3)).as("a master takes no applier writes").isFalse();
        }
    }
}
