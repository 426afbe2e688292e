package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * The master SIGKILLed under 32 clients writing STRONG with unique keys: the coordinator detects it, elects and
 * promotes a replica, and every write it acknowledged is on the new master and every live replica exactly once;
 * the writes caught in the failover get an honest 503, never another error. A coordinator started afterwards finds
 * the new master from the epochs, and the killed master, restarted, rejoins it as a replica by itself with identical
 * contents (its prepared batch, if the kill left one, resolved). seer-service is not running, so the local election
 * decides.
 */
@LocalServers(count = 4)
class MasterKilledUnderLoadTest {

    private static final int CLIENTS = 32;
    private static final List<String> SURVIVORS = List.of("instance-2", "instance-3", "instance-4");
    private static final Set<String> HONEST_UNAVAILABLE = Set.of("MASTER_UNAVAILABLE", "COMMIT_OUTCOME_UNKNOWN",
            "FAILOVER_IN_PROGRESS", "QUORUM_UNAVAILABLE", "QUORUM_NOT_REACHED", "STALE_MASTER");
    private static final String NO_SEER = "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1";

    /** One write: its unique key, when it was sent and answered, and how. */
    record Write(String key, long sentAt, long answeredAt, int status, String error) {

        boolean acknowledged() {
            return status == 200;
        }
    }

    @Test
    void everyAcknowledgedStrongWriteSurvivesAMasterSigkillExactlyOnce(TestCluster cluster) throws Exception {
        ClusterInstance oldMaster = cluster.instance("instance-1");
        try {
            List<Write> writes;
            long killedAt;
            String newMaster;
            try (RunningCoordinator running = RunningCoordinator.start(cluster, NO_SEER)) {
                CoordinatorHttp coordinator = running.client();
                assertThat(coordinator.query("CREATE TABLE ledger (k VARCHAR(40) PRIMARY KEY, client INT NOT NULL, "
                        + "seq INT NOT NULL)", "STRONG").succeeded()).isTrue();
                StrongLoad load = new StrongLoad(coordinator).start();
                try {
                    load.awaitAcknowledged(CLIENTS * 5, Duration.ofSeconds(60));
                    killedAt = System.nanoTime();
                    oldMaster.kill();
                    load.awaitAcknowledgedSentAfter(killedAt, CLIENTS * 5, Duration.ofSeconds(60));
                } finally {
                    writes = load.stop();
                }

                JsonNode status = coordinator.status();
                newMaster = status.path("current_master").path("id").asString();
                assertThat(newMaster).isIn(SURVIVORS);
                assertThat(status.path("epoch").asLong()).isEqualTo(2);
                JsonNode failovers = status.path("failovers");
                assertThat(failovers).hasSize(1);
                assertThat(failovers.get(0).path("old_master").asString()).isEqualTo("instance-1");
                assertThat(failovers.get(0).path("new_master").asString()).isEqualTo(newMaster);
                assertThat(failovers.get(0).path("epoch").asLong()).isEqualTo(2);
                assertThat(failovers.get(0).path("elected_by").asString()).isEqualTo("local");
                assertThat(failovers.get(0).path("duration_ms").asLong()).isNotNegative();
                assertThat(failovers.get(0).path("reason").asString()).isNotBlank();
                printTimes(writes, killedAt, failovers.get(0));
            }

            assertThat(writes).allSatisfy(w -> assertThat(w.status() == 200
                    || (w.status() == 503 && HONEST_UNAVAILABLE.contains(w.error()))).as("%s", w).isTrue());
            Set<String> acknowledged = new HashSet<>();
            writes.stream().filter(Write::acknowledged).forEach(w -> acknowledged.add(w.key()));
            Map<String, InstanceContents> contents = InstanceContents.awaitIdentical(cluster, SURVIVORS, Duration.ofSeconds(30));
            for (String id : SURVIVORS) {
                List<String> keys = contents.get(id).tables().get("ledger").stream().map(row -> row.split("\\|")[0]).toList();
                assertThat(new HashSet<>(keys)).as("ledger keys on %s", id).hasSize(keys.size()).containsAll(acknowledged);
            }
            contents.get(newMaster).logTimestamps();

            try (RunningCoordinator restarted = RunningCoordinator.start(cluster, NO_SEER)) {
                CoordinatorHttp coordinator = restarted.client();
                assertThat(coordinator.status().path("current_master").path("id").asString()).isEqualTo(newMaster);
                CoordinatorHttp.Answer after = coordinator.query("INSERT INTO ledger VALUES ('after-restart', -1, 0)", "STRONG");
                assertThat(after.succeeded()).as(after.toString()).isTrue();
                assertThat(after.body().path("executed_on").asString()).isEqualTo(newMaster);

                oldMaster.start();
                InstanceContents all = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(60));
                assertThat(all.tables().get("ledger")).hasSize(contents.get(newMaster).tables().get("ledger").size() + 1);
                assertThat(coordinator.get("/admin/topology").body().path("replicas").valueStream().map(r -> r.path("id").asString())
                        .toList()).contains("instance-1");
            }
        } finally {
            oldMaster.start();
        }
    }

    private static void printTimes(List<Write> writes, long killedAt, JsonNode failover) {
        long firstSuccess = writes.stream().filter(w -> w.acknowledged() && w.sentAt() > killedAt)
                .mapToLong(Write::answeredAt).min().orElseThrow();
        long unavailable = writes.stream().filter(w -> w.status() == 503).count();
        System.out.printf("[failover] SIGKILL of the master to the first acknowledged STRONG write: %d ms "
                        + "(failover itself %d ms, %s -> %s); %d writes acknowledged, %d answered 503%n",
                TimeUnit.NANOSECONDS.toMillis(firstSuccess - killedAt), failover.path("duration_ms").asLong(),
                failover.path("old_master").asString(), failover.path("new_master").asString(),
                writes.stream().filter(Write::acknowledged).count(), unavailable);
    }

    /** Clients that each insert rows with keys of their own, STRONG, one after another, until stopped. */
    static final class StrongLoad {

        private final CoordinatorHttp coordinator;
        private final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stopped = new AtomicBoolean();

        StrongLoad(CoordinatorHttp coordinator) {
            this.coordinator = coordinator;
        }

        StrongLoad start() {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                pool.submit(() -> {
                    for (int seq = 0; !stopped.get(); seq++) {
                        String key = "c" + client + "-" + seq;
                        long sent = System.nanoTime();
                        CoordinatorHttp.Answer answer = coordinator.query(
                                "INSERT INTO ledger (k, client, seq) VALUES ('" + key + "', " + client + ", " + seq + ")", "STRONG");
                        writes.add(new Write(key, sent, System.nanoTime(), answer.status(), answer.error()));
                    }
                });
            }
            pool.shutdown();
            return this;
        }

        void awaitAcknowledged(int count, Duration patience) throws InterruptedException {
            awaitAcknowledgedSentAfter(Long.MIN_VALUE, count, patience);
        }

        void awaitAcknowledgedSentAfter(long sentAfter, int count, Duration patience) throws InterruptedException {
            long deadline = System.nanoTime() + patience.toNanos();
            while (acknowledgedSentAfter(sentAfter) < count) {
                assertThat(System.nanoTime()).as("%d writes acknowledged in time", count).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        private long acknowledgedSentAfter(long sentAfter) {
            synchronized (writes) {
                return writes.stream().filter(w -> w.acknowledged() && w.sentAt() > sentAfter).count();
            }
        }

        List<Write> stop() throws InterruptedException {
            stopped.set(true);
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("clients stopped").isTrue();
            synchronized (writes) {
                return List.copyOf(writes);
            }
        }
    }
}
