package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.cluster.ReplicationMode;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * {@code DDB_REPLICATION_MODE=binlog} against four real MariaDB servers of that mode: the seed's API shapes with a
 * GTID in each write's answer, nondeterministic statements that the timestamp log refuses replicated identically by
 * row, and in-band verification, which finds a replica row changed behind replication's back and repairs it.
 * (BinlogFailoverTest and BinlogDivergentRejoinTest kill the master.)
 */
@LocalServers(count = 4, replication = ReplicationMode.BINLOG)
class BinlogReplicationTest {

    static final String BINLOG = "--ddb.coordinator.replication-mode=binlog";
    private static final String NO_SEER = "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1";
    private static final int MIXED_WRITES = 400;
    private static final int WRITERS = 8;

    @Test
    void nondeterministicWritesReplicateIdenticallyByRowAndAnswersCarryTheirGtid(TestCluster cluster) throws Exception {
        try (RunningCoordinator running = RunningCoordinator.start(cluster, BINLOG, NO_SEER)) {
            CoordinatorHttp coordinator = running.client();
            JsonNode status = coordinator.status();
            assertThat(status.path("replication_mode").asString()).isEqualTo("binlog");
            assertThat(status.path("current_master").path("id").asString()).isEqualTo("instance-1");
            assertThat(status.path("total_replicas").asInt()).isEqualTo(3);

            CoordinatorHttp.Answer created = coordinator.query("CREATE TABLE people (id INT AUTO_INCREMENT PRIMARY KEY,"
                    + " name VARCHAR(40) NOT NULL, email VARCHAR(80), token CHAR(36), score DOUBLE, at DATETIME(6))", "STRONG");
            assertThat(created.succeeded()).as(created.toString()).isTrue();
            CoordinatorHttp.Answer alice = coordinator.query(
                    "INSERT INTO people (name, email) VALUES (\"Alice\", \"alice@example.com\")", "EVENTUAL");
            assertThat(alice.succeeded()).as(alice.toString()).isTrue();
            CoordinatorHttp.Answer bob = coordinator.query(
                    "INSERT INTO people (name, email, token) VALUES (\"Bob\", \"bob@example.com\", UUID())", "STRONG");
            assertThat(bob.succeeded()).as(bob.toString()).isTrue();
            assertThat(bob.body().path("quorum_achieved").asBoolean()).isTrue();
            assertThat(bob.acknowledgedBy()).isNotEmpty();
            String gtid = bob.body().path("gtid").asString();
            assertThat(gtid).matches("0-\\d+-\\d+");
            assertThat(bob.timestamp()).isEqualTo(Long.parseLong(gtid.substring(gtid.lastIndexOf('-') + 1)))
                    .isGreaterThan(alice.timestamp());
            assertThat(bob.body().path("last_insert_id").asLong()).isEqualTo(2);
            CoordinatorHttp.Answer read = coordinator.readAtLeast("SELECT name FROM people ORDER BY id", bob.timestamp());
            assertThat(read.succeeded()).as(read.toString()).isTrue();
            assertThat(read.body().path("row_count").asInt()).isEqualTo(2);

            List<CoordinatorHttp.Answer> answers = mixedLoad(coordinator);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.succeeded()
                    || answer.status() == 409 && "LOCK_CONFLICT".equals(answer.error())).as(answer.toString()).isTrue());
            assertThat(answers.stream().filter(CoordinatorHttp.Answer::succeeded).count()).isGreaterThan(MIXED_WRITES * 9 / 10);

            InstanceContents contents = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(60));
            List<String> rows = contents.tables().get("people");
            assertThat(rows).hasSizeGreaterThan(100);
            Set<String> tokens = new HashSet<>();
            rows.stream().map(row -> row.split("\\|")[3]).filter(token -> !token.equals("null")).forEach(tokens::add);
            assertThat(tokens).as("UUID() values, one per row").hasSizeGreaterThan(100);

            assertThat(coordinator.get("/table-timestamps").status()).isEqualTo(200);
            assertThat(coordinator.get("/consistency-metrics").status()).isEqualTo(200);
            assertThat(mismatches(coordinator)).isEmpty();

            // A replica's row changed behind replication's back (kept out of its binary log, as no client can): the
            // checksums, which each replica computes itself, find it, and the repair rewrites it from the master.
            try (Connection replica = cluster.connect("instance-3", "ddb"); Statement statement = replica.createStatement()) {
                statement.execute("SET SESSION sql_log_bin = 0");
                statement.execute("UPDATE people SET name = 'drifted' WHERE id = 1");
            }
            assertThat(mismatches(coordinator)).extracting(m -> m.path("instance").asString()).containsExactly("instance-3");
            CoordinatorHttp.Answer repaired = coordinator.post("/admin/repair", "{\"instance\": \"instance-3\"}");
            assertThat(repaired.body().path("success").asBoolean()).as(repaired.toString()).isTrue();
            assertThat(mismatches(coordinator)).isEmpty();
            assertThat(InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30)).tables().get("people"))
                    .isEqualTo(rows);
        }
    }

    /** Runs a verification of every table and returns the mismatches it found. */
    private static List<JsonNode> mismatches(CoordinatorHttp coordinator) {
        CoordinatorHttp.Answer started = coordinator.post("/admin/verify", "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.body().path("id").asString();
        JsonNode report = CoordinatorHttp.await("verification " + id + " done", () -> coordinator.get("/admin/verify/" + id).body(),
                r -> r.path("state").asString().equals("done"));
        List<JsonNode> mismatches = new ArrayList<>();
        report.path("tables").forEach(table -> table.path("mismatches").forEach(mismatches::add));
        return mismatches;
    }

    /** {@value #MIXED_WRITES} writes from {@value #WRITERS} clients, half STRONG, with UUID(), RAND(), NOW() and LIMIT. */
    private static List<CoordinatorHttp.Answer> mixedLoad(CoordinatorHttp coordinator) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<CoordinatorHttp.Answer>> pending = new ArrayList<>();
            for (int i = 0; i < MIXED_WRITES; i++) {
                int n = i;
                String consistency = n % 2 == 0 ? "STRONG" : "EVENTUAL";
                String sql = switch (n % 5) {
                    case 0, 1, 2 -> "INSERT INTO people (name, email, token, score, at) VALUES ('u" + n
                            + "', CONCAT(UUID(), '@example.com'), UUID(), RAND(), NOW(6))";
                    case 3 -> "UPDATE people SET score = RAND(), at = NOW(6) WHERE id % 7 = " + (n % 7) + " LIMIT 3";
                    default -> "DELETE FROM people WHERE id % 13 = " + (n % 13) + " AND token IS NOT NULL LIMIT 1";
                };
                pending.add(pool.submit(() -> coordinator.query(sql, consistency)));
            }
            List<CoordinatorHttp.Answer> answers = new ArrayList<>();
            for (Future<CoordinatorHttp.Answer> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
