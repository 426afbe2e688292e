package dev.ddb.coordinator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.leader.Terms;
import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/** A coordinator whose term was overtaken promotes, fences and announces nothing: the instance refuses the change. */
@LocalServers(count = 1)
class FencingTermTest {

    private final TestCluster cluster;
    private final InstanceConnector connector;
    private final InstanceAddress instance;

    FencingTermTest(TestCluster cluster) {
        this.cluster = cluster;
        this.connector = new InstanceConnector(cluster.credentials(), Duration.ofSeconds(2), Duration.ofSeconds(30));
        this.instance = cluster.topology().instances().get(0);
    }

    @BeforeEach
    void claimedInTermFive() throws SQLException {
        try (Connection connection = cluster.connect(instance.id(), "")) {
            Schema.reset(connection, instance.id());
            Terms.ensure(connection);
            assertThat(Terms.claim(connection, 5, "coordinator-2")).isTrue();
        }
    }

    @Test
    void aLowerTermChangesNoRole() throws SQLException {
        assertThatThrownBy(() -> Fencing.promote(instance, 2, 4, connector))
                .isInstanceOf(Fencing.TermOvertakenException.class).hasMessageContaining("term above 4");
        assertThatThrownBy(() -> Fencing.fence(instance, 2, 4, connector))
                .isInstanceOf(Fencing.TermOvertakenException.class);
        assertThatThrownBy(() -> Fencing.announce(instance, 2, 4, connector))
                .isInstanceOf(Fencing.TermOvertakenException.class);

        assertThat(state()).isEqualTo(new InstanceState(instance.id(), 0, 0, InstanceRole.REPLICA));
    }

    @Test
    void theLeadersTermPromotesAndFences() throws SQLException {
        Fencing.promote(instance, 2, 5, connector);
        assertThat(state().role()).isEqualTo(InstanceRole.MASTER);
        assertThat(state().epoch()).isEqualTo(2);

        Fencing.fence(instance, 3, 6, connector);
        assertThat(state().role()).isEqualTo(InstanceRole.REPLICA);
        assertThat(state().epoch()).isEqualTo(3);
    }

    private InstanceState state() throws SQLException {
        try (Connection connection = cluster.connect(instance.id(), "")) {
            return InstanceState.read(connection);
        }
    }
}
