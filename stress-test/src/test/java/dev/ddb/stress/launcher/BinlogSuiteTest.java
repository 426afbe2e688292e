package dev.ddb.stress.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.auth.SuiteCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code DDB_REPLICATION_MODE=binlog ./ddb up}: the whole suite, two coordinators, on MariaDB's GTID replication, taking
 * seed 003's curl examples (its API shapes, a nondeterministic write among them), a leader coordinator's death, and a
 * master's death and return.
 */
class BinlogSuiteTest {

    @TempDir
    static Path runDir;

    private static LauncherRun suite;

    @AfterAll
    static void down() throws Exception {
        if (suite != null) {
            suite.ddb("down");
        }
    }

    @Test
    void seedExamplesAFailoverAndARejoinOnNativeReplication() throws Exception {
        suite = new LauncherRun(runDir, Map.of("DDB_REPLICATION_MODE", "binlog"));
        assertThat(suite.ddb("up")).contains("replication mode: binlog");
        assertThat(Files.readString(runDir.resolve("replication-mode")).trim()).isEqualTo("binlog");
        String admin = SuiteCredentials.loadOrCreate(runDir.resolve(SuiteCredentials.FILE_NAME)).adminAuthorization();
        int first = suite.port(9000);
        JsonNode status = LauncherRun.await("a coordinator leads", () -> suite.get(first, "/status", admin),
                s -> s.body().path("leader").isString() && TwoCoordinatorSuiteTest.allAlive(s.body().path("coordinators")))
                .body();
        String leader = status.path("leader").asString();
        assertThat(status.path("replication_mode").asString()).isEqualTo("binlog");
        assertThat(status.path("total_replicas").asInt()).isEqualTo(3);

        // Seed 003's examples, in its order.
        LauncherRun.Answer eventual = suite.query(first, "INSERT INTO users (name, email) VALUES (\"Alice\", \"alice@example.com\")",
                "EVENTUAL");
        assertThat(eventual.status()).as(eventual.toString()).isEqualTo(200);
        LauncherRun.Answer strong = suite.query(first, "INSERT INTO users (name, email) VALUES (\"Bob\", CONCAT(UUID(),"
                + " \"@example.com\"))", "STRONG");
        assertThat(strong.status()).as(strong.toString()).isEqualTo(200);
        assertThat(strong.body().path("quorum_achieved").asBoolean()).isTrue();
        assertThat(strong.body().path("gtid").asString()).matches("0-\\d+-\\d+");
        assertThat(strong.body().path("message").asString()).contains("consistency: STRONG", "gtid: ");
        LauncherRun.Answer read = suite.query(suite.port(9010), "SELECT * FROM users", "STRONG");
        assertThat(read.body().path("row_count").asInt()).as(read.toString()).isEqualTo(2);
        assertThat(suite.get(suite.port(9003), "/metrics", admin).status()).isEqualTo(200);
        assertThat(suite.get(first, "/table-timestamps", admin).status()).isEqualTo(200);
        assertThat(suite.get(first, "/consistency-metrics", admin).status()).isEqualTo(200);
        assertThat(suite.post(suite.port(9004), "/select-quorum", "{}", admin).status()).isEqualTo(200);
        assertThat(suite.post(suite.port(9005), "/elect-leader", "{}", admin).status()).isEqualTo(200);
        LauncherRun.Answer concurrent = suite.post(first, "/admin/stress-test/concurrent-writes",
                "{\"num_operations\": 50, \"consistency\": \"STRONG\"}", admin);
        assertThat(concurrent.body().path("success").asBoolean()).as(concurrent.toString()).isTrue();
        LauncherRun.Answer mix = suite.post(first, "/admin/stress-test/read-write-mix",
                "{\"num_operations\": 100, \"consistency\": \"EVENTUAL\"}", admin);
        assertThat(mix.body().path("success").asBoolean()).as(mix.toString()).isTrue();
        LauncherRun.Answer cleared = suite.post(first, "/admin/clear-data", "{}", admin);
        assertThat(cleared.body().path("success").asBoolean()).as(cleared.toString()).isTrue();

        // The leading coordinator dies: the other leads, on the replication the servers kept running.
        String other = leader.equals("coordinator-1") ? "coordinator-2" : "coordinator-1";
        int survivor = suite.port(other.equals("coordinator-1") ? 9000 : 9010);
        suite.ddb("kill", leader);
        LauncherRun.await(other + " leads", () -> suite.get(survivor, "/status", admin),
                s -> other.equals(s.body().path("leader").asString()));
        LauncherRun.await("a STRONG write through " + other, () -> suite.query(survivor,
                "INSERT INTO users (name, email) VALUES ('Carol', 'carol@example.com')", "STRONG"), a -> a.status() == 200);

        // The master dies: a replica takes over by GTID; the old master comes back as a replica.
        suite.ddb("kill", "instance-1");
        LauncherRun.await("a STRONG write after the master's death", () -> suite.query(survivor,
                "INSERT INTO users (name, email) VALUES ('Test', 'test@example.com')", "STRONG"), a -> a.status() == 200);
        JsonNode failedOver = suite.get(survivor, "/status", admin).body();
        assertThat(failedOver.path("current_master").path("id").asString()).isNotEqualTo("instance-1");
        suite.ddb("start", "instance-1");
        LauncherRun.Answer rejoined = suite.post(survivor, "/admin/restart-old-master", "{}", admin);
        assertThat(rejoined.status() == 200 || rejoined.body().path("error").asString().equals("ALREADY_REPLICA"))
                .as(rejoined.toString()).isTrue();
        LauncherRun.await("instance-1 replicating again", () -> suite.get(survivor, "/status", admin),
                s -> s.body().path("current_replicas").valueStream().anyMatch(r -> r.path("id").asString().equals("instance-1")
                        && r.path("state").asString().equals("live")));
    }
}
