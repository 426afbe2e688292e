package dev.ddb.coordinator.admin;

import static dev.ddb.coordinator.testing.CoordinatorHttp.await;
import static dev.ddb.coordinator.testing.CoordinatorHttp.byId;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/** {@code POST /admin/clear-data} through a real coordinator in front of four real servers. */
@LocalServers(count = 4)
class ClearDataEndpointTest extends CoordinatorOnLocalServers {

    private static final List<String> INSTANCES = List.of("instance-1", "instance-2", "instance-3", "instance-4");
    private static final List<String> TABLES = List.of("users", "products", "orders");

    @Test
    void clearDataEmptiesEveryUserTableOnAllFourInstancesKeepsTheLogAndTimestampsKeepIncreasing(TestCluster cluster)
            throws Exception {
        http.write("CREATE TABLE IF NOT EXISTS orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id BIGINT NOT NULL,"
                + " FOREIGN KEY (user_id) REFERENCES users (id))", "STRONG");
        long aliceId = http.write("INSERT INTO users (name, email) VALUES ('Alice', 'alice@example.com')", "STRONG")
                .get("last_insert_id").asLong();
        http.write("INSERT INTO users (name, email) VALUES ('Bob', 'bob@example.com')", "EVENTUAL");
        http.write("INSERT INTO products (name, price) VALUES ('lamp', 12.50)", "EVENTUAL");
        long lastWriteTs = http.write("INSERT INTO orders (user_id) VALUES (" + aliceId + ")", "STRONG").get("timestamp").asLong();
        awaitAppliedEverywhere(cluster, lastWriteTs);
        Map<String, List<Long>> logBefore = logs(cluster);

        CoordinatorHttp.Answer cleared = http.post("/admin/clear-data", (String) null);

        assertThat(cleared.status()).as(cleared.body().toString()).isEqualTo(200);
        JsonNode body = cleared.body();
        assertThat(body.get("success").asBoolean()).isTrue();
        List<String> tables = new ArrayList<>();
        body.get("tables").forEach(table -> tables.add(table.asString()));
        assertThat(tables).containsExactlyInAnyOrderElementsOf(TABLES);
        assertThat(tables.indexOf("orders")).as("orders references users").isLessThan(tables.indexOf("users"));
        assertThat(body.get("rows_deleted").asLong()).isEqualTo(4);
        assertThat(body.get("message").asString()).contains("not reset");
        long clearTs = body.get("timestamp").asLong();
        assertThat(clearTs).isGreaterThan(lastWriteTs);

        awaitAppliedEverywhere(cluster, clearTs);
        for (String id : INSTANCES) {
            for (String table : TABLES) {
                assertThat(count(cluster, id, "SELECT COUNT(*) FROM ddb." + table)).as("%s on %s", table, id).isZero();
            }
        }
        Map<String, List<Long>> logAfter = logs(cluster);
        for (String id : INSTANCES) {
            List<Long> expected = new ArrayList<>(logBefore.get("instance-1"));
            expected.add(clearTs);
            assertThat(logAfter.get(id)).as("log of %s", id).isEqualTo(expected);
        }

        JsonNode next = http.write("INSERT INTO users (name, email) VALUES ('Carol', 'carol@example.com')", "STRONG");
        assertThat(next.get("timestamp").asLong()).isGreaterThan(clearTs);
        assertThat(next.get("last_insert_id").asLong()).as("AUTO_INCREMENT is not reset either").isGreaterThan(aliceId);
        JsonNode tableTimestamps = http.get("/table-timestamps").body();
        assertThat(tableTimestamps.get("master").get("table_timestamps").get("orders").asLong()).isEqualTo(clearTs);
    }

    @Test
    void clearDataIsRefusedWith503AndDeletesNothingWhileNoQuorumIsConnected(TestCluster cluster) throws Exception {
        http.write("INSERT INTO products (name, price) VALUES ('kept', 1)", "STRONG");
        long rowsBefore = count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb.products");
        cluster.instance("instance-3").kill();
        cluster.instance("instance-4").kill();
        try {
            // Idle appliers learn that their replicas died when they next apply a batch.
            long ts = http.write("INSERT INTO products (name, price) VALUES ('noticed', 2)", "EVENTUAL").get("timestamp").asLong();
            await("instance-3 and instance-4 are disconnected", () -> http.get("/status").body(),
                    body -> List.of("instance-3", "instance-4").stream().allMatch(id ->
                            byId(body.get("current_replicas"), id).path("state").asString("").equals("disconnected")));

            CoordinatorHttp.Answer refused = http.post("/admin/clear-data", (String) null);

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().get("success").asBoolean()).isFalse();
            assertThat(refused.body().get("error").asString()).isEqualTo("QUORUM_UNAVAILABLE");
            assertThat(refused.body().get("message").asString()).contains("majority: 2 of 3 replicas");
            assertThat(count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb.products")).isEqualTo(rowsBefore + 1);
            assertThat(count(cluster, "instance-1", "SELECT MAX(ts) FROM ddb_meta.log")).isEqualTo(ts);
        } finally {
            cluster.instance("instance-3").start();
            cluster.instance("instance-4").start();
        }
        await("every replica is live again", () -> http.get("/status").body(),
                body -> List.of("instance-2", "instance-3", "instance-4").stream().allMatch(id ->
                        byId(body.get("current_replicas"), id).path("state").asString("").equals("live")));
    }

    private static void awaitAppliedEverywhere(TestCluster cluster, long ts) {
        for (String id : INSTANCES) {
            await(id + " applied ts " + ts, () -> {
                try {
                    return count(cluster, id, "SELECT applied_ts FROM ddb_meta.state WHERE id = 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, applied -> applied >= ts);
        }
    }

    private static Map<String, List<Long>> logs(TestCluster cluster) throws SQLException {
        Map<String, List<Long>> logs = new LinkedHashMap<>();
        for (String id : INSTANCES) {
            List<Long> timestamps = new ArrayList<>();
            try (Connection connection = cluster.connect(id, "ddb_meta"); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT ts FROM log ORDER BY ts")) {
                while (rows.next()) {
                    timestamps.add(rows.getLong(1));
                }
            }
            logs.put(id, timestamps);
        }
        return logs;
    }

    private static long count(TestCluster cluster, String id, String sql) throws SQLException {
        try (Connection connection = cluster.connect(id, "ddb"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
