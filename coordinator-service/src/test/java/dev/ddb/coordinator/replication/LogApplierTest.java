package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.ShippedBatch;
import dev.ddb.coordinator.replication.TestMaster.Sql;
import dev.ddb.coordinator.replication.TestMaster.Write;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.ddb.mysql.cluster.Privileges;

@LocalServers(count = 4)
class LogApplierTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> REPLICAS = List.of("instance-2", "instance-3", "instance-4");

    private final TestCluster cluster;

    LogApplierTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void emptyInstances() throws SQLException {
        for (ClusterInstance instance : cluster.instances()) {
            instance.start();
            try (Connection connection = cluster.connect(instance.id(), "")) {
                Schema.reset(connection, instance.id());
            }
        }
    }

    private static ApplierSettings settings(int queueCapacity) {
        return new ApplierSettings(queueCapacity, 1_000, 25, Duration.ofMillis(50), Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(10));
    }

    private ReplicaSet replicaSet(List<String> replicaIds, int queueCapacity) {
        InstanceConnector connector = new InstanceConnector(cluster.credentials(), Duration.ofSeconds(2), Duration.ofSeconds(30));
        List<InstanceAddress> replicas = replicaIds.stream().map(id -> cluster.instance(id).address()).toList();
        return new ReplicaSet(replicas, () -> cluster.instance("instance-1").address(), connector, settings(queueCapacity));
    }

    /** Inserts with AUTO_INCREMENT ids (one failing on a duplicate), upserts, updates on shared rows, deletes. */
    private static List<Write> workload(int batch) {
        List<Write> writes = new ArrayList<>();
        writes.add(Write.of("users", Sql.of("INSERT INTO users (name, email) VALUES (?, ?), (?, ?)",
                "user " + batch + "a", batch + "a@example.org", "user " + batch + "b", batch + "b@example.org")));
        writes.add(Write.of("users", Sql.of("INSERT INTO users (name, email) VALUES ('dup', '0a@example.org')")));
        writes.add(Write.of("products", Sql.of("INSERT INTO products (name, price, stock) VALUES (?, ?, ?)",
                "item " + batch, new BigDecimal(batch + ".25"), batch)));
        writes.add(Write.of("products", Sql.of("UPDATE products SET stock = (stock * 2 + ?) % 1000 WHERE id % 3 = ?",
                batch, batch % 3)));
        writes.add(Write.of("users", Sql.of("INSERT INTO users (name, email) VALUES (?, '0a@example.org'), (?, ?) "
                + "ON DUPLICATE KEY UPDATE name = VALUES(name)", "renamed " + batch, "user " + batch + "c", batch + "c@example.org")));
        writes.add(new Write(List.of(
                Sql.of("DELETE FROM users WHERE email = ?", (batch - 2) + "b@example.org"),
                Sql.of("UPDATE users SET created_at = NOW(6) WHERE email = ?", (batch - 1) + "a@example.org")),
                Set.of("ddb.users")));
        return writes;
    }

    private void assertReplicasEqualMaster(List<String> replicaIds) throws SQLException {
        InstanceContents master = InstanceContents.of(cluster, "instance-1");
        assertThat(master.logTimestamps()).isSorted().doesNotHaveDuplicates();
        for (String replica : replicaIds) {
            InstanceContents snapshot = InstanceContents.of(cluster, replica);
            assertThat(snapshot.tables()).as(replica + "'s tables").isEqualTo(master.tables());
            assertThat(snapshot.log()).as(replica + "'s log").isEqualTo(master.log());
            assertThat(snapshot.appliedTs()).as(replica + "'s applied_ts").isEqualTo(master.appliedTs());
        }
    }

    private static Predicate<Set<String>> all(List<String> replicaIds) {
        return acknowledged -> acknowledged.containsAll(replicaIds);
    }

    private static void awaitState(ReplicaSet replicas, String replicaId, ApplierState expected) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (replicas.states().get(replicaId).state() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(replicaId + " never became " + expected + ": " + replicas.states().get(replicaId));
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shippedBatchesAreAppliedInOrderAndAcknowledgedByEveryReplica() throws Exception {
        try (TestMaster master = new TestMaster(cluster, "instance-1"); ReplicaSet replicas = replicaSet(REPLICAS, 256)) {
            replicas.start();
            Shipment last = null;
            for (int batch = 0; batch < 30; batch++) {
                last = replicas.ship(master.commit(workload(batch)));
                if (batch == 10) {
                    last = replicas.ship(master.commit(Write.of("events", Sql.of("CREATE TABLE events (id BIGINT"
                            + " AUTO_INCREMENT PRIMARY KEY, at DATETIME(6) NOT NULL DEFAULT NOW(6), note VARCHAR(40))"))));
                }
                if (batch > 10) {
                    last = replicas.ship(master.commit(Write.of("events", Sql.of("INSERT INTO events (note) VALUES (?)",
                            "after " + batch))));
                }
            }
            Acknowledgements acknowledgements = last.awaitQuorum(all(REPLICAS), PATIENCE);

            assertThat(acknowledgements.quorumReached()).isTrue();
            assertThat(acknowledgements.acknowledgedBy()).containsExactlyInAnyOrderElementsOf(REPLICAS);
            assertThat(master.failedWrites()).as("each batch's duplicate failed on the master alone").isEqualTo(30);
            assertReplicasEqualMaster(REPLICAS);
            assertThat(replicas.states().values()).allSatisfy(status -> {
                assertThat(status.state()).isEqualTo(ApplierState.LIVE);
                assertThat(status.lastError()).isNull();
                assertThat(status.lastApplyMillis()).isGreaterThanOrEqualTo(0);
            });
        }
    }

    @Test
    void aReplicaWhoseServerHasNoBackslashEscapesRendersItsOwnTextAndMatchesTheMaster() throws Exception {
        String original;
        try (Connection admin = cluster.connect("instance-3", ""); Statement statement = admin.createStatement();
             ResultSet row = statement.executeQuery("SELECT @@GLOBAL.sql_mode")) {
            row.next();
            original = row.getString(1);
            statement.execute("SET GLOBAL sql_mode = CONCAT_WS(',', NULLIF(@@GLOBAL.sql_mode, ''), 'NO_BACKSLASH_ESCAPES')");
        }
        try (TestMaster master = new TestMaster(cluster, "instance-1"); ReplicaSet replicas = replicaSet(REPLICAS, 256)) {
            replicas.start();
            for (String replica : REPLICAS) {
                awaitState(replicas, replica, ApplierState.LIVE);
            }
            Shipment last = null;
            for (int batch = 0; batch < 20; batch++) {
                List<Write> writes = new ArrayList<>(workload(batch));
                writes.add(Write.of("users", Sql.of("INSERT INTO users (name, email) VALUES (?, ?)",
                        "O'Brien \\ \"" + batch + "\"\n", "quotes" + batch + "@example.org")));
                last = replicas.ship(master.commit(writes));
            }

            assertThat(last.awaitQuorum(all(REPLICAS), PATIENCE).quorumReached()).isTrue();
            assertReplicasEqualMaster(REPLICAS);
            assertThat(InstanceContents.of(cluster, "instance-3").tables().get("users"))
                    .anySatisfy(user -> assertThat(user).contains("O'Brien \\ \"19\"\n"));
        } finally {
            try (Connection admin = cluster.connect("instance-3", ""); Statement statement = admin.createStatement()) {
                statement.execute("SET GLOBAL sql_mode = '" + original + "'");
            }
        }
    }

    @Test
    void aReplicaThatMissedBatchesCatchesUpFromTheMastersLog() throws Exception {
        try (TestMaster master = new TestMaster(cluster, "instance-1"); ReplicaSet replicas = replicaSet(REPLICAS, 256)) {
            for (int batch = 0; batch < 12; batch++) {
                master.commit(workload(batch));
            }
            replicas.start();
            for (int batch = 12; batch < 15; batch++) {
                master.commit(workload(batch));
            }
            Shipment shipment = replicas.ship(master.commit(workload(15)));

            assertThat(shipment.batch().previousTs()).isGreaterThan(0);
            assertThat(shipment.awaitQuorum(all(REPLICAS), PATIENCE).quorumReached()).isTrue();
            assertReplicasEqualMaster(REPLICAS);
        }
    }

    @Test
    void aReplicaKilledMidStreamCatchesUpAfterItsRestart() throws Exception {
        try (TestMaster master = new TestMaster(cluster, "instance-1"); ReplicaSet replicas = replicaSet(REPLICAS, 8)) {
            replicas.start();
            Shipment last = null;
            for (int batch = 0; batch < 40; batch++) {
                if (batch == 10) {
                    cluster.instance("instance-3").kill();
                }
                if (batch == 30) {
                    cluster.instance("instance-3").start();
                }
                last = replicas.ship(master.commit(workload(batch)));
                if (batch == 20) {
                    awaitState(replicas, "instance-3", ApplierState.DISCONNECTED);
                    Acknowledgements whileDown = last.awaitQuorum(acknowledged -> acknowledged.size() >= 2, PATIENCE);
                    assertThat(whileDown.acknowledgedBy()).containsExactlyInAnyOrder("instance-2", "instance-4");
                }
            }

            assertThat(last.awaitQuorum(all(REPLICAS), PATIENCE).quorumReached()).isTrue();
            assertReplicasEqualMaster(REPLICAS);
            assertThat(replicas.states().get("instance-3").lastError()).isNotNull();
        }
    }

    @Test
    void aDamagedShippedEntryBreaksTheApplierAndNothingOfItIsApplied() throws Exception {
        try (TestMaster master = new TestMaster(cluster, "instance-1");
             ReplicaSet replicas = replicaSet(List.of("instance-2"), 256)) {
            replicas.start();
            replicas.ship(master.commit(workload(0))).awaitQuorum(all(List.of("instance-2")), PATIENCE);
            awaitState(replicas, "instance-2", ApplierState.LIVE);
            InstanceContents before = InstanceContents.of(cluster, "instance-2");

            ShippedBatch genuine = master.commit(workload(1));
            List<LogEntry> damaged = new ArrayList<>(genuine.entries());
            LogEntry victim = damaged.get(1);
            damaged.set(1, new LogEntry(victim.ts(), victim.txnId(), victim.epoch(), List.of(), victim.sessionTimestamp(),
                    victim.tables(), victim.runsAs(), victim.checksum()));
            replicas.ship(new ShippedBatch(genuine.previousTs(), damaged));
            awaitState(replicas, "instance-2", ApplierState.BROKEN);

            assertThat(replicas.states().get("instance-2").lastError())
                    .contains("checksum mismatch", "ts=" + victim.ts());
            assertThat(InstanceContents.of(cluster, "instance-2")).isEqualTo(before);
            assertThat(replicas.appliedTs("instance-2")).isEqualTo(genuine.previousTs());
        }
    }

    @Test
    void aDamagedEntryInTheMastersLogBreaksACatchingUpReplica() throws Exception {
        try (TestMaster master = new TestMaster(cluster, "instance-1");
             ReplicaSet replicas = replicaSet(List.of("instance-2"), 256)) {
            ShippedBatch batch = master.commit(workload(0));
            try (Connection connection = cluster.connect("instance-1", "ddb"); Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE ddb_meta.log SET statements = REPLACE(statements, 'user 0b', 'user 0x')"
                        + " WHERE ts = " + batch.firstTs());
            }
            replicas.start();
            awaitState(replicas, "instance-2", ApplierState.BROKEN);

            assertThat(replicas.states().get("instance-2").lastError()).contains("checksum mismatch", "ts=" + batch.firstTs());
            InstanceContents replica = InstanceContents.of(cluster, "instance-2");
            assertThat(replica.appliedTs()).isZero();
            assertThat(replica.log()).isEmpty();
            assertThat(replica.tables().get("users")).isEmpty();
        }
    }

    @Test
    void anOverflowingQueueIsDroppedAndTheReplicaCatchesUp() throws Exception {
        try (TestMaster master = new TestMaster(cluster, "instance-1");
             ReplicaSet replicas = replicaSet(List.of("instance-2"), 2)) {
            replicas.start();
            awaitState(replicas, "instance-2", ApplierState.LIVE);
            Shipment last;
            try (Connection blocker = cluster.connect("instance-2", "ddb"); Statement statement = blocker.createStatement()) {
                blocker.setAutoCommit(false);
                statement.executeQuery("SELECT * FROM ddb_meta.state WHERE id = 1 FOR UPDATE").close();
                last = null;
                for (int batch = 0; batch < 10; batch++) {
                    last = replicas.ship(master.commit(workload(batch)));
                }
                assertThat(replicas.states().get("instance-2").overflows()).isPositive();
                blocker.rollback();
            }

            assertThat(last.awaitQuorum(all(List.of("instance-2")), PATIENCE).quorumReached()).isTrue();
            assertReplicasEqualMaster(List.of("instance-2"));
        }
    }

    @Test
    void aDdlEntryInterruptedBeforeItsAppliedTsIsFinishedOnReconnect() throws Exception {
        try (TestMaster master = new TestMaster(cluster, "instance-1");
             ReplicaSet replicas = replicaSet(List.of("instance-2"), 256)) {
            ShippedBatch before = master.commit(workload(0));
            ShippedBatch ddl = master.commit(Write.of("events", Sql.of("CREATE TABLE events (id BIGINT PRIMARY KEY)")));
            master.commit(Write.of("events", Sql.of("INSERT INTO events VALUES (1), (2)")));
            ReplicationLog log = new ReplicationLog();
            try (Connection replica = cluster.connect("instance-2", "ddb")) {
                replica.setAutoCommit(false);
                EntryReplayer.replay(replica, before.entries());
                log.append(replica, before.entries());
                InstanceState.advanceFrom(replica, 0, before.lastTs(), TestMaster.EPOCH);
                replica.commit();
                log.append(replica, ddl.entries());
                replica.commit();
                EntryReplayer.replay(replica, ddl.entries());
            }

            replicas.start();
            Shipment next = replicas.ship(master.commit(Write.of("events", Sql.of("INSERT INTO events VALUES (3)"))));

            assertThat(next.awaitQuorum(all(List.of("instance-2")), PATIENCE).quorumReached()).isTrue();
            assertReplicasEqualMaster(List.of("instance-2"));
            assertThat(InstanceContents.of(cluster, "instance-2").tables().get("events")).containsExactly("1", "2", "3");
        }
    }

    @Test
    void acknowledgementsReportWhoAppliedWhenTheQuorumIsNotReachedInTime() throws Exception {
        try (TestMaster master = new TestMaster(cluster, "instance-1");
             ReplicaSet replicas = replicaSet(List.of("instance-2", "instance-3"), 256)) {
            replicas.start();
            Shipment shipment = replicas.ship(master.commit(workload(0)));
            shipment.awaitQuorum(all(List.of("instance-2", "instance-3")), PATIENCE);

            Acknowledgements impossible = shipment.awaitQuorum(acknowledged -> acknowledged.contains("instance-9"),
                    Duration.ofMillis(200));

            assertThat(impossible.quorumReached()).isFalse();
            assertThat(impossible.acknowledgedBy()).containsExactlyInAnyOrder("instance-2", "instance-3");
            assertThat(replicas.appliedTs("instance-2")).isEqualTo(shipment.batch().lastTs());
            assertThat(replicas.appliedTs("instance-3")).isEqualTo(shipment.batch().lastTs());
        }
    }
}
