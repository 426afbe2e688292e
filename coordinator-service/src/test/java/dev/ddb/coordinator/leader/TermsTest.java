package dev.ddb.coordinator.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/** The term compare-and-set and the fence, against a real server, including the locking the fence relies on. */
@LocalServers(count = 1)
class TermsTest {

    private final TestCluster cluster;

    TermsTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void freshRow() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", ""); Statement statement = connection.createStatement()) {
            Terms.ensure(connection);
            statement.execute("UPDATE " + Terms.TABLE + " SET term = 0, leader = NULL WHERE id = 1");
        }
    }

    @Test
    void aTermIsClaimedOnceAndNeverLowered() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", "")) {
            assertThat(Terms.claim(connection, 3, "coordinator-2")).isTrue();
            assertThat(Terms.claim(connection, 3, "coordinator-1")).isFalse();
            assertThat(Terms.claim(connection, 2, "coordinator-1")).isFalse();
            assertThat(Terms.read(connection)).isEqualTo(new Terms.Held(3, "coordinator-2"));
            assertThat(Terms.claim(connection, 4, "coordinator-1")).isTrue();
            assertThat(Terms.read(connection)).isEqualTo(new Terms.Held(4, "coordinator-1"));
        }
    }

    @Test
    void aBatchOfALowerTermMatchesNothingOnceAHigherOneWasClaimed() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", "")) {
            assertThat(Terms.claim(connection, 5, "coordinator-2")).isTrue();

            assertThat(fencedAdvance(connection, 4)).isZero();
            assertThat(fencedAdvance(connection, 5)).isEqualTo(1);
            assertThat(fencedAdvance(connection, 6)).isEqualTo(1);
        }
    }

    @Test
    void aReplicaRefusesTheAppliersOfALowerTerm() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", ""); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE ddb_meta.state SET role = 'replica', applied_ts = 10, epoch = 1 WHERE id = 1");
            assertThat(Terms.claim(connection, 3, "coordinator-2")).isTrue();

            assertThat(InstanceState.advanceFrom(connection, 10, 11, 1, 2)).isFalse();
            assertThat(InstanceState.advanceFrom(connection, 10, 11, 1, 3)).isTrue();
            assertThat(InstanceState.read(connection).appliedTs()).isEqualTo(11);
        }
    }

    /**
     * The premise of the fence: a batch's UPDATE that read the term holds it locked until the batch ends, so a claim
     * waits for it (and gives up after a second), and the batch's commit cannot follow a claim it did not see.
     */
    @Test
    void aClaimWaitsForTheBatchesRunningOnTheInstance() throws Exception {
        try (Connection batch = cluster.connect("instance-1", ""); Connection claimant = cluster.connect("instance-1", "")) {
            assertThat(Terms.claim(batch, 1, "coordinator-1")).isTrue();
            batch.setAutoCommit(false);
            assertThat(fencedAdvance(batch, 1)).isEqualTo(1);

            assertThat(Terms.claim(claimant, 2, "coordinator-2")).as("refused while the batch runs").isFalse();
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return Terms.claim(claimant, 2, "coordinator-2");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            batch.commit();

            assertThat(waiting.get(5, TimeUnit.SECONDS)).as("granted once the batch committed").isTrue();
            assertThat(fencedAdvance(batch, 1)).isZero();
            batch.rollback();
        }
    }

    private static int fencedAdvance(Connection connection, long term) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE ddb_meta.state SET applied_ts = applied_ts WHERE id = 1 AND " + Terms.FENCE)) {
            update.setLong(1, term);
            return update.executeUpdate();
        }
    }
}
