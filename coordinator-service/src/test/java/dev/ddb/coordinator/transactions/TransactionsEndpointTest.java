package dev.ddb.coordinator.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.coordinator.testing.CoordinatorHttp.Answer;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/** {@code GET /transactions} against a real coordinator and four real servers. */
@LocalServers(count = 4)
class TransactionsEndpointTest extends CoordinatorOnLocalServers {

    private static final List<String> INSTANCES = List.of("instance-1", "instance-2", "instance-3", "instance-4");

    @Test
    void newestEntriesComeFirstInTheShellsShapeAndEveryInstanceAppliesThem() throws Exception {
        JsonNode write1 = query("INSERT INTO users (name, email) VALUES ('Ann', 'ann@example.com')").body();
        query("CREATE TABLE orders (id INT PRIMARY KEY, total INT)");
        JsonNode write3 = query("INSERT INTO orders (id, total) VALUES (1, 10)").body();

        JsonNode answer = awaitAppliedEverywhere("/transactions?limit=3", 3);

        assertThat(answer.propertyNames()).containsExactly("transactions", "count");
        assertThat(answer.get("count").asInt()).isEqualTo(3);
        JsonNode newest = answer.get("transactions").get(0);
        assertThat(newest.propertyNames()).containsExactly("txn_id", "timestamp", "epoch", "statements", "tables",
                "applied_by");
        assertThat(newest.get("txn_id").asString()).isEqualTo(write3.get("txn_id").asString());
        assertThat(newest.get("timestamp").asLong()).isEqualTo(write3.get("timestamp").asLong());
        assertThat(newest.get("epoch").asLong()).isEqualTo(1);
        assertThat(strings(newest.get("statements"))).containsExactly("INSERT INTO orders (id, total) VALUES (1, 10)");
        assertThat(strings(newest.get("tables"))).containsExactly("ddb.orders");
        assertThat(strings(answer.get("transactions").get(1).get("statements")))
                .containsExactly("CREATE TABLE orders (id INT PRIMARY KEY, total INT)");
        JsonNode oldest = answer.get("transactions").get(2);
        assertThat(oldest.get("txn_id").asString()).isEqualTo(write1.get("txn_id").asString());
        assertThat(strings(oldest.get("tables"))).containsExactly("ddb.users");
        List<Long> timestamps = answer.get("transactions").valueStream().map(t -> t.get("timestamp").asLong()).toList();
        assertThat(timestamps).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
    }

    @Test
    void tableFilterKeepsOnlyEntriesThatTouchedTheTable() throws Exception {
        query("INSERT INTO users (name, email) VALUES ('Bo', 'bo@example.com')");
        query("CREATE TABLE IF NOT EXISTS audit (id INT PRIMARY KEY)");
        query("INSERT INTO audit (id) VALUES (7)");

        JsonNode qualified = get("/transactions?table=ddb.audit&limit=1000").body();
        JsonNode bare = get("/transactions?table=audit").body();

        assertThat(qualified.get("count").asInt()).isEqualTo(2);
        assertThat(qualified.get("transactions").valueStream().map(t -> strings(t.get("tables"))).toList())
                .allSatisfy(tables -> assertThat(tables).contains("ddb.audit"));
        assertThat(txnIds(bare)).isEqualTo(txnIds(qualified));
        assertThat(get("/transactions?table=ddb.nothing_here").body().get("count").asInt()).isZero();
    }

    @Test
    void aStoppedReplicaIsMissingFromAppliedByUntilItCatchesUp(TestCluster cluster) throws Exception {
        ClusterInstance replica = cluster.instance("instance-4");
        try {
            replica.stop();
            JsonNode write = query("INSERT INTO users (name, email) VALUES ('Stopped', 'stopped@example.com')").body();

            JsonNode entry = get("/transactions?limit=1").body().get("transactions").get(0);

            assertThat(entry.get("txn_id").asString()).isEqualTo(write.get("txn_id").asString());
            assertThat(strings(entry.get("applied_by"))).contains("instance-1").doesNotContain("instance-4");
        } finally {
            replica.start();
        }
        awaitAppliedEverywhere("/transactions?limit=1", 1);
    }

    @Test
    void limitDefaultsToTwentyAndCutsTheList() throws Exception {
        for (int i = 0; i < 22; i++) {
            query("INSERT INTO users (name, email) VALUES ('L" + i + "', 'l" + i + "@example.com')");
        }

        assertThat(get("/transactions").body().get("count").asInt()).isEqualTo(20);
        assertThat(get("/transactions?limit=2").body().get("transactions").size()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=-1", "limit=1001", "limit=ten", "limit=", "table=ddb.users;x",
        "table=a.b.c"})
    void badParametersAreRefusedWith400(String parameters) {
        Answer answer = get("/transactions?" + parameters);

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
        assertThat(answer.body().get("success").asBoolean()).isFalse();
        assertThat(answer.body().get("error").asString()).isEqualTo("INVALID_PARAMETER");
    }

    /** Polls until the newest {@code expected} entries show every instance in applied_by, and returns that answer. */
    private JsonNode awaitAppliedEverywhere(String path, int expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode answer = get(path).body();
        while (!appliedEverywhere(answer, expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            answer = get(path).body();
        }
        assertThat(answer.get("transactions").valueStream().map(t -> strings(t.get("applied_by"))).toList())
                .hasSize(expected).allSatisfy(appliedBy -> assertThat(appliedBy).isEqualTo(INSTANCES));
        return answer;
    }

    private static boolean appliedEverywhere(JsonNode answer, int expected) {
        return answer.get("transactions").size() == expected && answer.get("transactions").valueStream()
                .allMatch(t -> strings(t.get("applied_by")).equals(INSTANCES));
    }

    private static List<String> txnIds(JsonNode answer) {
        return answer.get("transactions").valueStream().map(t -> t.get("txn_id").asString()).toList();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private Answer query(String sql) {
        Answer answer = http.query(sql, "EVENTUAL");
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer;
    }

    private Answer get(String path) {
        return http.get(path);
    }
}
