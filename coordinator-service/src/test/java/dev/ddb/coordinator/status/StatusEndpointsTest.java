package dev.ddb.coordinator.status;

import static dev.ddb.coordinator.testing.CoordinatorHttp.await;
import static dev.ddb.coordinator.testing.CoordinatorHttp.byId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;

/** {@code /status}, {@code /table-timestamps} and {@code /consistency-metrics} of a coordinator in front of four real servers. */
@LocalServers(count = 4)
class StatusEndpointsTest extends CoordinatorOnLocalServers {

    private static final List<String> REPLICAS = List.of("instance-2", "instance-3", "instance-4");

    @Test
    void statusShowsTheMasterEveryReplicaLiveAtTheLastWriteAndHowTheSequencerBatches(TestCluster cluster) {
        long lastTs = 0;
        for (int i = 0; i < 3; i++) {
            lastTs = http.write("INSERT INTO users (name, email) VALUES ('S" + i + "', 's" + i + "@example.com')", "STRONG")
                    .get("timestamp").asLong();
        }
        long written = lastTs;

        JsonNode status = await("every replica is live at ts " + written, () -> http.get("/status").body(),
                body -> REPLICAS.stream().allMatch(id -> byId(body.get("current_replicas"), id).path("applied_ts").asLong(-1) == written
                        && byId(body.get("current_replicas"), id).path("state").asString("").equals("live")));

        ClusterInstance master = cluster.instance("instance-1");
        assertThat(status.get("current_master").get("id").asString()).isEqualTo("instance-1");
        assertThat(status.get("current_master").get("host").asString()).isEqualTo(master.host());
        assertThat(status.get("current_master").get("port").asInt()).isEqualTo(master.port());
        assertThat(status.get("epoch").asLong()).isPositive();
        assertThat(status.get("master_last_ts").asLong()).isEqualTo(written);
        assertThat(status.get("total_replicas").asInt()).isEqualTo(3);
        assertThat(status.get("replication_mode").asString()).isEqualTo("timestamp-log");
        assertThat(status.get("quorum").asString()).isEqualTo("majority: 2 of 3 replicas");
        for (String id : REPLICAS) {
            JsonNode replica = byId(status.get("current_replicas"), id);
            assertThat(replica.get("host").asString()).isEqualTo(cluster.instance(id).host());
            assertThat(replica.get("port").asInt()).isEqualTo(cluster.instance(id).port());
            assertThat(replica.get("lag_ms").asLong()).isZero();
            assertThat(replica.get("overflows").asLong()).isZero();
        }
        JsonNode sequencer = status.get("sequencer");
        assertThat(sequencer.get("batches").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(sequencer.get("average_batch_size").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(sequencer.get("average_batch_ms").asDouble()).isPositive();
        assertThat(sequencer.get("queue_depth").asInt()).isZero();
    }

    @Test
    void afterThreeWritesToUsersEveryInstanceShowsTheLastOnesTimestampForUsersWithNoLag() {
        long productsTs = http.write("INSERT INTO products (name, price) VALUES ('lamp', 12.50)", "EVENTUAL")
                .get("timestamp").asLong();
        long usersTs = 0;
        for (int i = 0; i < 3; i++) {
            usersTs = http.write("INSERT INTO users (name, email) VALUES ('T" + i + "', 't" + i + "@example.com')", "EVENTUAL")
                    .get("timestamp").asLong();
        }
        long lastUsersTs = usersTs;

        JsonNode answer = await("every replica applied ts " + lastUsersTs, () -> http.get("/table-timestamps").body(),
                body -> REPLICAS.stream().allMatch(id -> byId(body.get("replicas"), id).path("global_timestamp").asLong(-1) == lastUsersTs));

        JsonNode master = answer.get("master");
        assertThat(master.get("id").asString()).isEqualTo("instance-1");
        assertThat(master.get("global_timestamp").asLong()).isEqualTo(lastUsersTs);
        assertThat(master.get("table_timestamps").get("users").asLong()).isEqualTo(lastUsersTs);
        assertThat(master.get("table_timestamps").get("products").asLong()).isEqualTo(productsTs);
        for (String id : REPLICAS) {
            JsonNode replica = byId(answer.get("replicas"), id);
            assertThat(replica.get("reachable").asBoolean()).isTrue();
            assertThat(replica.get("global_lag").asLong()).isZero();
            assertThat(replica.get("table_timestamps").get("users").asLong()).isEqualTo(lastUsersTs);
            assertThat(replica.get("table_timestamps").get("products").asLong()).isEqualTo(productsTs);
            assertThat(replica.get("table_lag").get("users").asLong()).isZero();
            assertThat(replica.get("table_lag").get("products").asLong()).isZero();
        }
    }

    @Test
    void consistencyMetricsCountEachLevelsWritesAndReadsWithPercentiles() {
        JsonNode before = http.get("/consistency-metrics").body();

        http.write("INSERT INTO products (name, price) VALUES ('m1', 1)", "EVENTUAL");
        http.write("INSERT INTO products (name, price) VALUES ('m2', 2)", "EVENTUAL");
        http.write("INSERT INTO products (name, price) VALUES ('m3', 3)", "STRONG");
        assertThat(http.query("SELECT COUNT(*) AS n FROM products", "STRONG").status()).isEqualTo(200);
        JsonNode after = http.get("/consistency-metrics").body();

        assertThat(after.get("EVENTUAL").get("write_count").asLong() - before.get("EVENTUAL").get("write_count").asLong()).isEqualTo(2);
        assertThat(after.get("STRONG").get("write_count").asLong() - before.get("STRONG").get("write_count").asLong()).isEqualTo(1);
        assertThat(after.get("STRONG").get("read_count").asLong() - before.get("STRONG").get("read_count").asLong()).isEqualTo(1);
        assertThat(after.get("STRONG").get("p99_write_latency_ms").asDouble())
                .isGreaterThanOrEqualTo(after.get("STRONG").get("p50_write_latency_ms").asDouble()).isPositive();
        assertThat(after.get("STRONG").get("quorum_not_achieved").asLong()).isZero();
        assertThat(after.get("STRONG").get("success_rate").asDouble()).isEqualTo(100.0);
        assertThat(after.get("EVENTUAL").has("quorum_not_achieved")).isFalse();
    }

    @Test
    void aKilledReplicaIsNotLiveInStatusAndUnreachableInTableTimestampsWhileTheOthersAnswer(TestCluster cluster) {
        cluster.instance("instance-4").kill();
        try {
            // An idle applier learns that its replica died when it next applies a batch.
            long ts = http.write("INSERT INTO users (name, email) VALUES ('K', 'k@example.com')", "STRONG").get("timestamp").asLong();

            JsonNode status = await("instance-4 is no longer live", () -> http.get("/status").body(),
                    body -> !byId(body.get("current_replicas"), "instance-4").path("state").asString("").equals("live"));
            JsonNode dead = byId(status.get("current_replicas"), "instance-4");
            assertThat(dead.get("state").asString()).isEqualTo("disconnected");
            assertThat(dead.get("last_error").asString()).isNotBlank();
            assertThat(status.get("total_replicas").asInt()).isEqualTo(3);

            JsonNode tables = await("instance-2 and instance-3 applied ts " + ts, () -> http.get("/table-timestamps").body(),
                    body -> List.of("instance-2", "instance-3").stream()
                            .allMatch(id -> byId(body.get("replicas"), id).path("global_timestamp").asLong(-1) == ts));
            JsonNode unreachable = byId(tables.get("replicas"), "instance-4");
            assertThat(unreachable.get("reachable").asBoolean()).isFalse();
            assertThat(unreachable.get("error").asString()).isNotBlank();
            assertThat(unreachable.has("table_timestamps")).isFalse();
            assertThat(tables.get("master").get("reachable").asBoolean()).isTrue();
            assertThat(tables.get("master").get("table_timestamps").get("users").asLong()).isEqualTo(ts);
            for (String id : List.of("instance-2", "instance-3")) {
                assertThat(byId(tables.get("replicas"), id).get("table_lag").get("users").asLong()).isZero();
            }
        } finally {
            cluster.instance("instance-4").start();
        }
        JsonNode recovered = await("instance-4 is live and caught up", () -> http.get("/status").body(),
                body -> byId(body.get("current_replicas"), "instance-4").path("state").asString("").equals("live")
                        && byId(body.get("current_replicas"), "instance-4").path("applied_ts").asLong(-1) == body.get("master_last_ts").asLong());
        assertThat(byId(recovered.get("current_replicas"), "instance-4").get("lag_ms").asLong()).isZero();
    }
}
