package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/**
 * STRONG writes when replicas fail: refused before anything changes when no quorum is reachable, and
 * an honest 503 naming who applied when the quorum does not come in time. And writes on a master
 * whose epoch moved: refused, with nothing committed or left prepared.
 */
@LocalServers(count = 4)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ddb.coordinator.quorum-timeout=2s")
@DirtiesContext
class QuorumFailuresTest extends CoordinatorOnLocalServers {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private CoordinatorHttp coordinator;

    @BeforeEach
    void everyReplicaLive() throws InterruptedException {
        coordinator = new CoordinatorHttp(port, CoordinatorHttp.PATIENT_READ_TIMEOUT);
        awaitReplicaStates("every replica live", Map.of("instance-2", "live", "instance-3", "live", "instance-4", "live"));
    }

    @Test
    void strongWriteIsRefusedUpFrontWhenTwoOfThreeReplicasAreDown(TestCluster cluster) throws Exception {
        assertThat(coordinator.query("CREATE TABLE refused (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))", "STRONG")
                .succeeded()).isTrue();
        List<ClusterInstance> victims = List.of(cluster.instance("instance-3"), cluster.instance("instance-4"));
        try {
            victims.forEach(ClusterInstance::kill);
            awaitReplicaStates("instance-3 and instance-4 seen as not connected",
                    Map.of("instance-2", "live", "instance-3", "disconnected", "instance-4", "disconnected"));
            long logBefore = InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb_meta.log");

            CoordinatorHttp.Answer strong = coordinator.query("INSERT INTO refused (v) VALUES ('strong')", "STRONG");

            assertThat(strong.status()).as(strong.toString()).isEqualTo(503);
            assertThat(strong.body().path("success").asBoolean(true)).isFalse();
            assertThat(strong.error()).isEqualTo("QUORUM_UNAVAILABLE");
            assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb_meta.log")).isEqualTo(logBefore);
            assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM refused")).isZero();

            CoordinatorHttp.Answer eventual = coordinator.query("INSERT INTO refused (v) VALUES ('eventual')", "EVENTUAL");
            assertThat(eventual.succeeded()).as(eventual.toString()).isTrue();
        } finally {
            victims.forEach(ClusterInstance::start);
        }
        awaitReplicaStates("every replica live again", Map.of("instance-2", "live", "instance-3", "live", "instance-4", "live"));
        CoordinatorHttp.Answer again = coordinator.query("INSERT INTO refused (v) VALUES ('strong again')", "STRONG");
        assertThat(again.succeeded()).as(again.toString()).isTrue();
        assertThat(again.body().path("quorum_achieved").asBoolean()).isTrue();
        InstanceContents contents = InstanceContents.awaitIdentical(cluster, PATIENCE);
        assertThat(contents.tables().get("refused")).extracting(row -> row.substring(row.indexOf('|') + 1))
                .containsExactly("eventual", "strong again");
    }

    @Test
    void strongWriteNotAppliedByAQuorumInTimeIsCommittedButAnsweredWith503(TestCluster cluster) throws Exception {
        assertThat(coordinator.query("CREATE TABLE slow (id INT PRIMARY KEY, n INT NOT NULL)", "STRONG").succeeded()).isTrue();
        assertThat(coordinator.query("INSERT INTO slow VALUES (1, 0)", "STRONG").succeeded()).isTrue();
        InstanceContents.awaitIdentical(cluster, PATIENCE);
        long logBefore = InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb_meta.log");
        CoordinatorHttp.Answer answer;
        try (RowLocks locks = RowLocks.hold(cluster, List.of("instance-3", "instance-4"),
                "SELECT n FROM slow WHERE id = 1 FOR UPDATE")) {
            answer = coordinator.query("UPDATE slow SET n = 1 WHERE id = 1", "STRONG");

            assertThat(InstanceContents.count(cluster, "instance-3", "SELECT n FROM slow WHERE id = 1")).isZero();
        }
        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.body().path("success").asBoolean(true)).isFalse();
        assertThat(answer.error()).isEqualTo("QUORUM_NOT_REACHED");
        assertThat(answer.acknowledgedBy()).containsExactly("instance-2");
        assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb_meta.log")).isEqualTo(logBefore + 1);
        assertThat(answer.timestamp()).as("the committed entry's timestamp")
                .isEqualTo(InstanceContents.count(cluster, "instance-1", "SELECT MAX(ts) FROM ddb_meta.log"));
        CoordinatorHttp.Answer read = coordinator.readAtLeast("SELECT n FROM slow WHERE id = 1", answer.timestamp());
        assertThat(read.body().path("data").get(0).path("n").asInt()).as(read.toString()).isEqualTo(1);
        InstanceContents contents = InstanceContents.awaitIdentical(cluster, PATIENCE);
        assertThat(contents.tables().get("slow")).containsExactly("1|1");
    }

    @Test
    void clearDataWaitsLongerThanTheQuorumTimeoutForReplicasSlowToApplyIt(TestCluster cluster) throws Exception {
        assertThat(coordinator.query("CREATE TABLE IF NOT EXISTS cleared (id INT PRIMARY KEY)", "STRONG").succeeded()).isTrue();
        assertThat(coordinator.query("INSERT INTO cleared VALUES (1), (2)", "STRONG").succeeded()).isTrue();
        InstanceContents.awaitIdentical(cluster, PATIENCE);
        CompletableFuture<CoordinatorHttp.Answer> cleared;
        try (RowLocks locks = RowLocks.hold(cluster, List.of("instance-3", "instance-4"),
                "SELECT id FROM cleared WHERE id = 1 FOR UPDATE")) {
            cleared = CompletableFuture.supplyAsync(() -> coordinator.post("/admin/clear-data", (String) null));
            // Past the 2 s quorum timeout, with only instance-2 able to apply the deletes.
            Thread.sleep(4_000);
            assertThat(cleared).isNotDone();
        }
        CoordinatorHttp.Answer answer = cleared.get(60, TimeUnit.SECONDS);

        assertThat(answer.succeeded()).as(answer.toString()).isTrue();
        assertThat(answer.body().path("message").asString()).contains("longer than the quorum timeout");
        assertThat(answer.acknowledgedBy()).contains("instance-2").hasSizeGreaterThanOrEqualTo(2);
        assertThat(InstanceContents.awaitIdentical(cluster, PATIENCE).tables().get("cleared")).isEmpty();
    }

    @Test
    void aMasterWhoseEpochMovedCommitsNothingAndLeavesNoPreparedBranch(TestCluster cluster) throws Exception {
        assertThat(coordinator.query("CREATE TABLE fenced (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))", "STRONG")
                .succeeded()).isTrue();
        long logBefore = InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb_meta.log");
        List<CoordinatorHttp.Answer> answers = new ArrayList<>();
        try {
            moveMasterEpoch(cluster, +1);

            answers.add(coordinator.query("INSERT INTO fenced (v) VALUES ('strong')", "STRONG"));
            answers.add(coordinator.query("INSERT INTO fenced (v) VALUES ('eventual')", "EVENTUAL"));

            assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM fenced")).isZero();
            assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb_meta.log")).isEqualTo(logBefore);
            try (Connection master = cluster.connect("instance-1", "");
                 Statement statement = master.createStatement();
                 ResultSet prepared = statement.executeQuery("XA RECOVER")) {
                assertThat(prepared.next()).as("a prepared branch left on the master").isFalse();
            }
        } finally {
            moveMasterEpoch(cluster, -1);
        }
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.error()).isEqualTo("STALE_MASTER");
        });
        CoordinatorHttp.Answer again = coordinator.query("INSERT INTO fenced (v) VALUES ('strong again')", "STRONG");
        assertThat(again.succeeded()).as(again.toString()).isTrue();
        assertThat(InstanceContents.awaitIdentical(cluster, PATIENCE).tables().get("fenced"))
                .extracting(row -> row.substring(row.indexOf('|') + 1)).containsExactly("strong again");
    }

    /** What a failover elsewhere does to the old master's state row, without the failover. */
    private static void moveMasterEpoch(TestCluster cluster, int by) throws Exception {
        try (Connection master = cluster.connect("instance-1", ""); Statement statement = master.createStatement()) {
            statement.executeUpdate("UPDATE ddb_meta.state SET epoch = epoch + (" + by + ") WHERE id = 1");
        }
    }

    /** Waits until {@code GET /status} shows each replica in the given state. */
    private void awaitReplicaStates(String what, Map<String, String> expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        Map<String, String> seen = replicaStates();
        while (!seen.equals(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            seen = replicaStates();
        }
        assertThat(seen).as(what).isEqualTo(expected);
    }

    private Map<String, String> replicaStates() {
        Map<String, String> states = new TreeMap<>();
        coordinator.status().path("current_replicas").forEach(r -> states.put(r.path("id").asString(), r.path("state").asString()));
        return states;
    }
}
