package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.faults.MixedWriteLoad.Outcome;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/** A replica SIGKILLed under load: writes go on with the other two, and it catches up by itself once restarted. */
@LocalServers(count = 4)
class ReplicaKilledMidLoadTest extends CoordinatorOnLocalServers {


    @Test
    void replicaKilledMidLoadCatchesUpToIdenticalRowsAndLog(TestCluster cluster) throws Exception {
        CoordinatorHttp coordinator = new CoordinatorHttp(port, CoordinatorHttp.PATIENT_READ_TIMEOUT);
        MixedWriteLoad.createTables(coordinator);
        ClusterInstance victim = cluster.instance("instance-3");
        MixedWriteLoad load = new MixedWriteLoad(coordinator, 16, 100).start();
        List<Outcome> outcomes;
        try {
            load.awaitAnswered(load.total() / 4);
            victim.kill();
            load.awaitAnswered(load.total() / 2);
            victim.start();
            outcomes = load.finish(Duration.ofSeconds(90));
        } finally {
            victim.start();
        }

        assertThat(outcomes).filteredOn(o -> !o.answer().succeeded()).isEmpty();
        assertThat(outcomes).as("STRONG writes acknowledged while instance-3 was down")
                .anyMatch(o -> o.consistency().equals("STRONG") && !o.answer().acknowledgedBy().contains("instance-3"));
        InstanceContents contents = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(60));
        assertTimestampsFollowTheLog(outcomes, contents);
    }

    /**
     * Each answered write has its own timestamp, and the log holds it under that timestamp; AUTO_INCREMENT ids,
     * which the master hands out in the order it runs the writes, rise with the timestamps.
     */
    private static void assertTimestampsFollowTheLog(List<Outcome> outcomes, InstanceContents contents) {
        List<Long> logTimestamps = contents.logTimestamps();
        Set<String> logged = new HashSet<>(contents.log());
        Set<Long> answered = new HashSet<>();
        for (Outcome outcome : outcomes) {
            long ts = outcome.answer().timestamp();
            assertThat(answered.add(ts)).as("timestamp %d answered twice", ts).isTrue();
            String txnId = outcome.answer().body().path("txn_id").asString();
            assertThat(logged).as("log row of %s", txnId).anyMatch(row -> row.startsWith(ts + "|" + txnId + "|"));
        }
        assertThat(logTimestamps).containsAll(answered);
        List<Long> insertIdsInTimestampOrder = outcomes.stream().filter(Outcome::inserted)
                .sorted(Comparator.comparingLong(o -> o.answer().timestamp()))
                .map(o -> o.answer().body().path("last_insert_id").asLong())
                .toList();
        for (int i = 1; i < insertIdsInTimestampOrder.size(); i++) {
            assertThat(insertIdsInTimestampOrder.get(i)).isGreaterThan(insertIdsInTimestampOrder.get(i - 1));
        }
    }
}
