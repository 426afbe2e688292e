package dev.ddb.coordinator.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.PreparedBatches;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/** Claims against three real servers, one of them sometimes out of reach. */
@LocalServers(count = 3)
class TermClaimTest {

    private final TestCluster cluster;

    TermClaimTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void noTermYet() throws SQLException {
        for (ClusterInstance instance : cluster.instances()) {
            try (Connection connection = cluster.connect(instance.id(), ""); Statement statement = connection.createStatement()) {
                Terms.ensure(connection);
                statement.execute("UPDATE " + Terms.TABLE + " SET term = 0, leader = NULL WHERE id = 1");
            }
        }
    }

    @Test
    void eachWinnerTakesTheTermAfterTheHighestAndTheLoserOfAnInstanceKeepsNothingThere() throws Exception {
        TermClaim.Outcome first = TermClaim.attempt(instances(), this::open, "coordinator-1", 1);
        TermClaim.Outcome second = TermClaim.attempt(instances(), this::open, "coordinator-2", 1);

        assertThat(first.term()).isEqualTo(1);
        assertThat(first.won(3)).isTrue();
        assertThat(second.term()).isEqualTo(2);
        assertThat(second.highestSeen()).isEqualTo(1);
        assertThat(second.grantedBy()).as("it returns once a majority granted").hasSizeGreaterThanOrEqualTo(2);
        assertThat(heldEverywhere()).as("the last grant follows").containsOnly(new Terms.Held(2, "coordinator-2"));
    }

    @Test
    void aMajorityOfTheConfiguredInstancesIsEnoughAndLessIsNot() throws SQLException {
        List<InstanceAddress> withOneAway = new ArrayList<>(instances());
        withOneAway.set(2, new InstanceAddress("instance-3", "127.0.0.1", 1));
        TermClaim.Outcome two = TermClaim.attempt(withOneAway, this::open, "coordinator-1", 1);
        withOneAway.set(1, new InstanceAddress("instance-2", "127.0.0.1", 1));
        TermClaim.Outcome one = TermClaim.attempt(withOneAway, this::open, "coordinator-2", 1);

        assertThat(two.won(3)).isTrue();
        assertThat(two.notGrantedBy()).containsExactly("instance-3");
        assertThat(one.term()).isEqualTo(2);
        assertThat(one.won(3)).isFalse();
        assertThat(one.grantedBy()).as("reaching a minority, it claims nothing there").isEmpty();
        try (Connection connection = cluster.connect("instance-1", "")) {
            assertThat(Terms.read(connection).term()).isEqualTo(1);
        }
    }

    @Test
    void aTermHeldAnywhereIsNeverClaimedAgain() throws Exception {
        try (Connection connection = cluster.connect("instance-3", "")) {
            assertThat(Terms.claim(connection, 7, "coordinator-3")).isTrue();
        }

        TermClaim.Outcome outcome = TermClaim.attempt(instances(), this::open, "coordinator-1", 1);

        assertThat(outcome.term()).isEqualTo(8);
        assertThat(heldEverywhere()).containsOnly(new Terms.Held(8, "coordinator-1"));
    }

    @Test
    void aLeaderCutOffFromTheMajorityStepsDownWhereOneThatStillReachesItDoesNot() throws Exception {
        Set<String> cutOff = new HashSet<>();
        TermClaim.Connections connections = instance -> {
            if (cutOff.contains(instance.id())) {
                throw new SQLException("cut off");
            }
            return open(instance);
        };
        Leadership leadership = new Leadership("coordinator-1", instances(), connections);
        assertThat(leadership.claim(Duration.ZERO)).isTrue();

        cutOff.add("instance-3");
        assertThat(leadership.confirm(true)).as("two of three is a majority").isTrue();
        cutOff.add("instance-2");
        assertThat(leadership.confirm(false)).as("without the rule: no higher term seen").isTrue();
        assertThat(leadership.confirm(true)).isFalse();
        assertThat(leadership.deposed()).isTrue();
        assertThat(leadership.notLeadingBecause()).contains("only 1 of 3 instances");
    }

    @Test
    void confirmingClaimsTheInstancesThatHoldALowerTerm() throws Exception {
        Set<String> cutOff = new HashSet<>(Set.of("instance-3"));
        Leadership leadership = new Leadership("coordinator-1", instances(), instance -> {
            if (cutOff.contains(instance.id())) {
                throw new SQLException("cut off");
            }
            return open(instance);
        });
        assertThat(leadership.claim(Duration.ZERO)).isTrue();
        cutOff.clear();

        assertThat(leadership.confirm(true)).isTrue();

        try (Connection connection = cluster.connect("instance-3", "")) {
            assertThat(Terms.read(connection)).isEqualTo(new Terms.Held(leadership.term(), "coordinator-1"));
        }
    }

    @Test
    void aClaimEndsThePreviousLeadersSessionsAndCommitsTheBatchItHadPrepared() throws Exception {
        try (Connection setup = cluster.connect("instance-1", ""); Statement statement = setup.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS scratch");
            statement.execute("CREATE TABLE IF NOT EXISTS scratch.rows (id INT PRIMARY KEY)");
            statement.execute("DELETE FROM scratch.rows");
        }
        Connection previous = cluster.connect("instance-1", "");
        try (Statement statement = previous.createStatement()) {
            statement.execute("XA START 'ddb-1-77'");
            statement.execute("INSERT INTO scratch.rows SELECT 77 FROM " + Terms.TABLE + " WHERE id = 1 AND term <= 1");
            statement.execute("XA END 'ddb-1-77'");
            statement.execute("XA PREPARE 'ddb-1-77'");
        }
        Connection running = cluster.connect("instance-1", "");
        running.createStatement().execute("SELECT 1");

        try (Connection claiming = cluster.connect("instance-1", "")) {
            assertThat(TermClaim.claimEnding(claiming, instances().get(0), 5, "coordinator-2"))
                    .as("a prepared batch does not hold the claim up (MariaDB releases its shared locks)").isTrue();
        }

        assertThat(previous.isValid(1)).as("the previous leader's session is ended").isFalse();
        assertThat(running.isValid(1)).isFalse();
        try (Connection check = cluster.connect("instance-1", ""); Statement statement = check.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM scratch.rows WHERE id = 77")) {
                rows.next();
                assertThat(rows.getInt(1)).as("what it had prepared is committed").isOne();
            }
            assertThat(PreparedBatches.xids(statement)).isEmpty();
        }
    }

    @Test
    void aLeaderRenewsItsLeaseWhenItConfirmsAndOthersCanTellItLives() throws Exception {
        Leadership leader = new Leadership("coordinator-1", instances(), this::open);
        Leadership other = new Leadership("coordinator-2", instances(), this::open);
        assertThat(leader.claim(Duration.ZERO)).isTrue();
        Thread.sleep(400);
        assertThat(other.renewedWithin("coordinator-1", leader.term(), Duration.ofMillis(300))).isFalse();

        assertThat(leader.confirm(true)).isTrue();

        assertThat(other.renewedWithin("coordinator-1", leader.term(), Duration.ofMillis(300))).isTrue();
        assertThat(other.renewedWithin("coordinator-1", leader.term() - 1, Duration.ofMillis(300))).isFalse();
        assertThat(other.renewedWithin("coordinator-3", leader.term(), Duration.ofMillis(300))).isFalse();
        try (Connection connection = cluster.connect("instance-1", "")) {
            assertThat(Terms.lease(connection).renewedMillisAgo()).isLessThan(300);
        }
    }

    /** What every instance holds, once the claims still on their way after an attempt returned have landed. */
    private Set<Terms.Held> heldEverywhere() throws Exception {
        Set<Terms.Held> held = new HashSet<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            held.clear();
            for (ClusterInstance instance : cluster.instances()) {
                try (Connection connection = cluster.connect(instance.id(), "")) {
                    held.add(Terms.read(connection));
                }
            }
            if (held.size() == 1) {
                break;
            }
            Thread.sleep(20);
        }
        return held;
    }

    private List<InstanceAddress> instances() {
        return cluster.topology().instances();
    }

    private Connection open(InstanceAddress instance) throws SQLException {
        if (instance.port() == 1) {
            throw new SQLException("unreachable");
        }
        return cluster.connect(instance.id(), "");
    }
}
