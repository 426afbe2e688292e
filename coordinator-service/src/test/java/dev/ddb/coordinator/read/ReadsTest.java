package dev.ddb.coordinator.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/** The read path end to end on two servers: instance-1 is the master, instance-2 its replica. */
@LocalServers(count = 2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadsTest {

    private static final String MASTER = "instance-1";
    private static final String REPLICA = "instance-2";
    /** Each instance's row names the instance, so an answer shows where it was served. */
    private static final String WHO_SERVED = "SELECT served_by FROM origin";

    private TestCluster cluster;
    private TestPools pools;
    private Reads reads;
    private final List<String> connectionsAskedFor = new CopyOnWriteArrayList<>();
    private volatile ReadTargets targets;

    @BeforeAll
    void markEachInstance(TestCluster cluster) throws SQLException {
        this.cluster = cluster;
        for (ClusterInstance instance : cluster.instances()) {
            try (Connection connection = cluster.connect(instance.id(), "ddb")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE origin (served_by VARCHAR(64) NOT NULL)");
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO origin VALUES (?)")) {
                    insert.setString(1, instance.id());
                    insert.executeUpdate();
                }
            }
        }
    }

    @BeforeEach
    void openPools() {
        pools = new TestPools(cluster);
        connectionsAskedFor.clear();
        targets = replicaReadable(true);
        ReadLoad load = new ReadLoad();
        reads = new Reads(new ReadRouter(ReadStrategy.ROUND_ROBIN, load), new ReadExecutor(load, 100),
                id -> {
                    connectionsAskedFor.add(id);
                    return pools.get(id);
                },
                () -> targets);
    }

    /** A killed server must be running again for the next test. */
    @AfterEach
    void restartKilledInstances() {
        pools.close();
        for (ClusterInstance instance : cluster.instances()) {
            if (!instance.isRunning()) {
                instance.start();
            }
        }
    }

    @Test
    void eventualReadIsServedByTheReplica() {
        ReadResult result = eventual(WHO_SERVED);

        assertThat(result.executedOn()).isEqualTo(REPLICA);
        assertThat(result.rows()).containsExactly(Map.of("served_by", REPLICA));
    }

    @Test
    void strongReadIsServedByTheMaster() {
        ReadResult result = reads.execute(WHO_SERVED, List.of(), true, false, null, null);

        assertThat(result.executedOn()).isEqualTo(MASTER);
        assertThat(result.rows()).containsExactly(Map.of("served_by", MASTER));
    }

    @Test
    void replicaBehindMinTimestampLeavesTheReadToTheMaster() {
        targets = new ReadTargets(MASTER, List.of(new ReplicaView(REPLICA, true, 41, 0)));

        ReadResult result = reads.execute(WHO_SERVED, List.of(), false, false, 42L, null);

        assertThat(result.executedOn()).isEqualTo(MASTER);
        assertThat(connectionsAskedFor).containsExactly(MASTER);
    }

    @Test
    void readOnAKilledReplicaIsServedByTheNextCandidate() {
        assertThat(eventual(WHO_SERVED).executedOn()).isEqualTo(REPLICA);
        cluster.instance(REPLICA).kill();
        connectionsAskedFor.clear();

        ReadResult result = eventual(WHO_SERVED);

        assertThat(result.executedOn()).isEqualTo(MASTER);
        assertThat(result.rows()).containsExactly(Map.of("served_by", MASTER));
        assertThat(connectionsAskedFor).containsExactly(REPLICA, MASTER);
    }

    @Test
    void replicaWhosePoolHasNoFreeConnectionLeavesTheReadToTheNextCandidate() throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < TestPools.POOL_SIZE; i++) {
                held.add(pools.get(REPLICA).getConnection());
            }

            ReadResult result = eventual(WHO_SERVED);

            assertThat(result.executedOn()).isEqualTo(MASTER);
            assertThat(connectionsAskedFor).containsExactly(REPLICA, MASTER);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void badSqlIsReportedAtOnceAndNotRetried() {
        assertThatThrownBy(() -> eventual("SELECT * FROM no_such_table"))
                .isInstanceOf(ReadStatementException.class)
                .hasMessageContaining(REPLICA)
                .hasMessageContaining("no_such_table")
                .extracting(e -> ((ReadStatementException) e).sqlException().getErrorCode())
                .isEqualTo(1146);
        assertThat(connectionsAskedFor).containsExactly(REPLICA);
    }

    @Test
    void syntaxErrorIsReportedAtOnceAndNotRetried() {
        assertThatThrownBy(() -> eventual("SELEC 1"))
                .isInstanceOf(ReadStatementException.class);
        assertThat(connectionsAskedFor).containsExactly(REPLICA);
    }

    @Test
    void everyCandidateUnreachableNamesEachFailure() {
        cluster.instance(REPLICA).kill();
        cluster.instance(MASTER).kill();

        assertThatThrownBy(() -> eventual(WHO_SERVED))
                .isInstanceOf(ReadUnavailableException.class)
                .hasMessageContaining(REPLICA + ": ")
                .hasMessageContaining(MASTER + ": ")
                .asInstanceOf(type(ReadUnavailableException.class))
                .extracting(ReadUnavailableException::failures)
                .satisfies(failures -> assertThat(failures.keySet()).containsExactly(REPLICA, MASTER));
    }

    @Test
    void unreadableReplicaIsNotAskedAtAll() {
        targets = replicaReadable(false);

        assertThat(eventual(WHO_SERVED).executedOn()).isEqualTo(MASTER);
        assertThat(connectionsAskedFor).containsExactly(MASTER);
    }

    private ReadResult eventual(String sql) {
        return reads.execute(sql, List.of(), false, false, null, null);
    }

    private static ReadTargets replicaReadable(boolean readable) {
        return new ReadTargets(MASTER, List.of(new ReplicaView(REPLICA, readable, 100, 0)));
    }
}
