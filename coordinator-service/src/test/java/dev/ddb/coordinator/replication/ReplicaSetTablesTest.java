package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * What a replica's appliers learnt of its tables outlives a failover's rebuild of the appliers (asking
 * information_schema again made the first batch after a failover wait), and only as long as it stays a replica.
 */
class ReplicaSetTablesTest {

    private static final InstanceAddress MASTER = new InstanceAddress("instance-1", "127.0.0.1", 1);
    private static final InstanceAddress TWO = new InstanceAddress("instance-2", "127.0.0.1", 2);
    private static final InstanceAddress THREE = new InstanceAddress("instance-3", "127.0.0.1", 3);

    private final ReplicaSet replicas = new ReplicaSet(List.of(TWO, THREE), () -> MASTER,
            new InstanceConnector(new DbCredentials("ddb_user", "unused"), Duration.ofMillis(100), Duration.ofMillis(100)),
            ApplierSettings.defaults());

    @Test
    void aReplicaRebuiltByAFailoverKeepsWhatItsAppliersKnewOfItsTables() {
        InsertTables before = replicas.tablesOf("instance-3");

        replicas.removeAll();
        replicas.add(THREE);

        assertThat(replicas.tablesOf("instance-3")).isNotNull().isSameAs(before);
    }

    @Test
    void thePromotedReplicaForgetsThem() {
        InsertTables before = replicas.tablesOf("instance-2");

        replicas.removeAll();
        replicas.promoted("instance-2");
        replicas.add(THREE);

        assertThat(replicas.tablesOf("instance-2")).isNull();
        replicas.add(TWO);
        assertThat(replicas.tablesOf("instance-2")).isNotNull().isNotSameAs(before);
    }

    @Test
    void aReplicaTakenOutOfReplicationForgetsThem() {
        InsertTables before = replicas.tablesOf("instance-2");

        replicas.remove("instance-2");
        replicas.add(TWO);

        assertThat(replicas.tablesOf("instance-2")).isNotSameAs(before);
    }
}
