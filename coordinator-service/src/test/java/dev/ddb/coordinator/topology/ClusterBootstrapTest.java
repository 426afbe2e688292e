package dev.ddb.coordinator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/**
 * Which master a starting coordinator takes, from what the instances it reaches record: never an older epoch's, and
 * never a reachable instance made master while the real one may be out of reach (that would skip SEER, catch-up and
 * the acknowledged-writes guard).
 */
@LocalServers(count = 3)
class ClusterBootstrapTest {

    private final TestCluster cluster;
    private final InstanceConnector connector;

    ClusterBootstrapTest(TestCluster cluster) {
        this.cluster = cluster;
        this.connector = new InstanceConnector(cluster.credentials(), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    @BeforeEach
    void freshInstances() throws SQLException {
        for (ClusterInstance instance : cluster.instances()) {
            try (Connection connection = cluster.connect(instance.id(), "")) {
                Schema.reset(connection, instance.id());
            }
        }
    }

    @Test
    void aFreshClusterMakesItsFirstInstanceMaster() throws SQLException {
        ClusterBootstrap.Established established = ClusterBootstrap.establish(cluster.topology(), connector);

        assertThat(established.masterId()).isEqualTo("instance-1");
        assertThat(established.epoch()).isEqualTo(1);
        assertThat(state("instance-1").role()).isEqualTo(InstanceRole.MASTER);
    }

    @Test
    void theRecordedMasterOfTheNewestEpochIsTaken() throws SQLException {
        record("instance-2", InstanceRole.MASTER, 3, 0);
        record("instance-1", InstanceRole.REPLICA, 3, 0);

        ClusterBootstrap.Established established = ClusterBootstrap.establish(cluster.topology(), connector);

        assertThat(established.masterId()).isEqualTo("instance-2");
        assertThat(established.epoch()).isEqualTo(3);
    }

    @Test
    void anOlderEpochsMasterIsNotTakenWhileTheNewestIsOutOfReach() throws SQLException {
        record("instance-1", InstanceRole.MASTER, 1, 0);
        record("instance-2", InstanceRole.REPLICA, 2, 5);

        ClusterBootstrap.Established established = ClusterBootstrap.establish(withInstance3OutOfReach(), connector);

        assertThat(established.masterId()).isEqualTo("instance-3");
        assertThat(established.epoch()).isEqualTo(2);
        assertThat(established.acknowledgeableTs()).isEqualTo(5);
        assertThat(state("instance-2").role()).as("nothing promoted").isEqualTo(InstanceRole.REPLICA);
    }

    @Test
    void noReachableInstanceIsPromotedWhileTheMasterMayBeOutOfReach() throws SQLException {
        record("instance-1", InstanceRole.REPLICA, 4, 9);
        record("instance-2", InstanceRole.REPLICA, 4, 7);

        ClusterBootstrap.Established established = ClusterBootstrap.establish(withInstance3OutOfReach(), connector);

        assertThat(established.masterId()).isEqualTo("instance-3");
        assertThat(established.epoch()).isEqualTo(4);
        assertThat(state("instance-1").role()).isEqualTo(InstanceRole.REPLICA);
        assertThat(state("instance-2").role()).isEqualTo(InstanceRole.REPLICA);
    }

    private ClusterTopology withInstance3OutOfReach() {
        List<InstanceAddress> instances = new ArrayList<>(cluster.topology().instances());
        instances.set(2, new InstanceAddress("instance-3", "127.0.0.1", 1));
        return new ClusterTopology(instances);
    }

    private void record(String id, InstanceRole role, long epoch, long appliedTs) throws SQLException {
        try (Connection connection = cluster.connect(id, ""); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE ddb_meta.state SET role = '" + role.column() + "', epoch = " + epoch
                    + ", applied_ts = " + appliedTs + " WHERE id = 1");
        }
    }

    private InstanceState state(String id) throws SQLException {
        try (Connection connection = cluster.connect(id, "")) {
            return InstanceState.read(connection);
        }
    }
}
