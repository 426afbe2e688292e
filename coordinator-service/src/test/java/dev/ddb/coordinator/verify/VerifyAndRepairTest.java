package dev.ddb.coordinator.verify;

import static dev.ddb.coordinator.testing.CoordinatorHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * {@code /admin/verify}, the background verifier and {@code /admin/repair} through a real coordinator in front of
 * four real servers, one of which is damaged behind the suite's back over JDBC.
 */
@LocalServers(count = 4)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ddb.coordinator.verify.background=true",
        "ddb.coordinator.verify.chunk-rows=400",
        "ddb.coordinator.verify.pace=20ms",
        "ddb.coordinator.verify.patience=10s"})
class VerifyAndRepairTest extends CoordinatorOnLocalServers {

    /**
     * The background verifier logs a checksum every 20 ms; on a busy machine the instances, read one after the other,
     * would each be caught at another of them.
     */
    private void awaitIdenticalWithTheVerifierPaused(TestCluster cluster) throws Exception {
        assertThat(http.post("/admin/verify/background", Map.of("enabled", false)).status()).isEqualTo(200);
        try {
            InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));
        } finally {
            http.post("/admin/verify/background", Map.of("enabled", true));
        }
    }

    @Test
    void aRowChangedOnOneReplicaIsNamedByVerifyAndTheBackgroundVerifierAndRepairedWhileWritesGoOn(TestCluster cluster)
            throws Exception {
        http.write("CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(40), balance DECIMAL(12, 2),"
                + " photo VARBINARY(16), note TEXT NULL, ratio DOUBLE, since DATETIME(6))", "STRONG");
        http.write("CREATE TABLE notes (body VARCHAR(40))", "STRONG");
        for (int batch = 0; batch < 10; batch++) {
            StringBuilder insert = new StringBuilder("INSERT INTO accounts (id, owner, balance, photo) VALUES ");
            for (int i = 0; i < 100; i++) {
                int id = batch * 100 + i + 1;
                insert.append(i == 0 ? "" : ", ").append("(").append(id).append(", 'owner ").append(id).append("', ")
                        .append(id).append(".25, X'00ff").append(String.format("%02x", id % 256)).append("')");
            }
            http.write(insert.toString(), "STRONG");
        }
        http.write("INSERT INTO notes (body) VALUES ('a'), ('a'), ('b')", "STRONG");
        http.write("UPDATE accounts SET ratio = 1e0 / 3, since = '2026-12-07 10:11:12.345678', note = 'a\\\\b''c'"
                + " WHERE id = 500", "STRONG");
        awaitIdenticalWithTheVerifierPaused(cluster);

        JsonNode clean = verify(List.of("accounts", "ddb.notes"));
        assertThat(clean.get("state").asString()).isEqualTo("done");
        JsonNode accounts = clean.get("tables").get(0);
        assertThat(accounts.get("table").asString()).isEqualTo("ddb.accounts");
        assertThat(accounts.get("rows").asLong()).isEqualTo(1000);
        assertThat(accounts.get("chunks").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(accounts.get("mismatches")).isEmpty();
        JsonNode notes = clean.get("tables").get(1);
        assertThat(notes.get("whole_table").asBoolean()).as("no primary key: one chunk").isTrue();
        assertThat(notes.get("chunks").asInt()).isEqualTo(1);
        assertThat(notes.get("mismatches")).isEmpty();

        try (Connection replica = cluster.connect("instance-3", "ddb"); Statement statement = replica.createStatement()) {
            statement.executeUpdate("UPDATE accounts SET balance = balance + 1, ratio = 0.25, photo = NULL WHERE id = 500");
            statement.executeUpdate("DELETE FROM accounts WHERE id = 901");
            statement.executeUpdate("INSERT INTO accounts (id, owner) VALUES (5000, 'intruder')");
            statement.executeUpdate("UPDATE notes SET body = 'c' WHERE body = 'b'");
        }

        JsonNode damaged = verify(List.of());
        List<String> differing = new ArrayList<>();
        for (JsonNode table : damaged.get("tables")) {
            for (JsonNode mismatch : table.get("mismatches")) {
                assertThat(mismatch.get("instance").asString()).isEqualTo("instance-3");
                differing.add(table.get("table").asString());
            }
        }
        assertThat(differing).contains("ddb.accounts", "ddb.notes");
        JsonNode accountChunks = byTable(damaged, "ddb.accounts").get("mismatches");
        assertThat(accountChunks.size()).as("the changed, the deleted and the added row's chunks").isBetween(2, 3);

        JsonNode divergent = await("the background verifier reports instance-3",
                () -> http.status().get("divergent_tables"),
                tables -> tables.size() >= 2);
        assertThat(divergent.get(0).get("instance").asString()).isEqualTo("instance-3");
        JsonNode replication = http.get("/actuator/health").body().get("components").get("replication");
        assertThat(replication.get("status").asString()).isEqualTo("DIVERGENT");
        assertThat(replication.get("details").get("divergent_tables").toString()).contains("instance-3", "ddb.accounts");
        String metrics = http.getText("/actuator/prometheus");
        assertThat(metrics).contains("ddb_verify_mismatched_chunks{instance=\"instance-3\",table=\"ddb.accounts\"}");

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            CoordinatorHttp own = new CoordinatorHttp(port);
            int id = 10_000;
            while (writing.get()) {
                own.write("INSERT INTO accounts (id, owner, balance) VALUES (" + id++ + ", 'new', 1)", "STRONG");
                own.write("UPDATE accounts SET balance = balance + 1 WHERE id = 450", "EVENTUAL");
                written.incrementAndGet();
            }
        });
        writer.start();
        try {
            CoordinatorHttp.Answer repaired = http.post("/admin/repair", Map.of("instance", "instance-3"));
            assertThat(repaired.status()).as(repaired.body().toString()).isEqualTo(200);
            assertThat(repaired.body().get("success").asBoolean()).as(repaired.body().toString()).isTrue();
            List<String> repairedTables = new ArrayList<>();
            repaired.body().get("tables").forEach(table -> repairedTables.add(table.get("table").asString()));
            assertThat(repairedTables).contains("ddb.accounts", "ddb.notes");
            await("writes during the repair", written::get, count -> count >= 3);
        } finally {
            writing.set(false);
            writer.join();
        }

        awaitIdenticalWithTheVerifierPaused(cluster);
        try (Connection replica = cluster.connect("instance-3", "ddb"); Statement statement = replica.createStatement();
             ResultSet row = statement.executeQuery("SELECT ratio = 1e0 / 3, HEX(photo), note FROM accounts WHERE id = 500")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).as("the repaired DOUBLE holds every bit").isEqualTo(1);
            assertThat(row.getString(2)).isEqualTo("00FFF4");
            assertThat(row.getString(3)).isEqualTo("a\\b'c");
        }
        JsonNode after = verify(List.of());
        for (JsonNode table : after.get("tables")) {
            assertThat(table.get("mismatches")).as(table.toString()).isEmpty();
        }
        await("no divergent table is reported", () -> http.status().get("divergent_tables"), JsonNode::isEmpty);
    }

    @Test
    void verificationAndRepairRefuseWhatTheyCannotDoAndChangeNothing() {
        CoordinatorHttp.Answer unknownTable = http.post("/admin/verify", Map.of("tables", List.of("no_such_table")));
        assertThat(unknownTable.status()).isEqualTo(400);
        assertThat(unknownTable.error()).isEqualTo("UNKNOWN_TABLE");
        CoordinatorHttp.Answer system = http.post("/admin/verify", Map.of("tables", List.of("ddb_meta.log")));
        assertThat(system.status()).isEqualTo(400);
        assertThat(system.error()).isEqualTo("SYSTEM_SCHEMA");
        CoordinatorHttp.Answer unknownRun = http.get("/admin/verify/verify-999");
        assertThat(unknownRun.status()).isEqualTo(404);
        assertThat(unknownRun.error()).isEqualTo("UNKNOWN_VERIFICATION");

        CoordinatorHttp.Answer noInstance = http.post("/admin/repair", "{}");
        assertThat(noInstance.status()).isEqualTo(400);
        assertThat(noInstance.error()).isEqualTo("MISSING_INSTANCE");
        CoordinatorHttp.Answer unknownInstance = http.post("/admin/repair", Map.of("instance", "instance-9"));
        assertThat(unknownInstance.status()).isEqualTo(404);
        assertThat(unknownInstance.error()).isEqualTo("UNKNOWN_INSTANCE");
        String master = http.status().get("current_master").get("id").asString();
        CoordinatorHttp.Answer theMaster = http.post("/admin/repair", Map.of("instance", master));
        assertThat(theMaster.status()).isEqualTo(409);
        assertThat(theMaster.error()).isEqualTo("INSTANCE_IS_MASTER");
    }

    @Test
    void theBackgroundVerifierCanBePausedAndResumedAndSaysHowFarItGot() {
        JsonNode running = http.get("/admin/verify/background").body();
        assertThat(running.get("enabled").asBoolean()).isTrue();
        assertThat(running.get("pace_ms").asLong()).isEqualTo(20);
        assertThat(running.get("chunk_rows").asInt()).isEqualTo(400);
        await("the background verifier checks chunks", () -> http.get("/admin/verify/background").body(),
                state -> state.get("chunks_checked").asLong() > 0);

        CoordinatorHttp.Answer paused = http.post("/admin/verify/background", Map.of("enabled", false));
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().get("enabled").asBoolean()).isFalse();
        CoordinatorHttp.Answer missing = http.post("/admin/verify/background", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).isEqualTo("MISSING_ENABLED");

        assertThat(http.post("/admin/verify/background", Map.of("enabled", true)).body().get("enabled").asBoolean())
                .isTrue();
    }

    private JsonNode verify(List<String> tables) {
        CoordinatorHttp.Answer started = tables.isEmpty()
                ? http.post("/admin/verify", (String) null)
                : http.post("/admin/verify", Map.of("tables", tables));
        assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
        String id = started.body().get("id").asString();
        return await("verification " + id + " ends", () -> http.get("/admin/verify/" + id).body(),
                report -> !report.get("state").asString().equals("running"));
    }

    private static JsonNode byTable(JsonNode report, String table) {
        for (JsonNode element : report.get("tables")) {
            if (element.get("table").asString().equals(table)) {
                return element;
            }
        }
        throw new AssertionError("no " + table + " in " + report);
    }
}
