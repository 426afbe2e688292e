package dev.ddb.coordinator.query;

import static dev.ddb.coordinator.testing.CoordinatorHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * The corpus in {@code corpus/determinism.txt}, sent in order to a coordinator in front of four real servers: every
 * statement is either refused with its code (and changes nothing: the log does not move) or accepted, and after
 * the last one every table checks equal on all four instances through {@code /admin/verify}.
 */
@LocalServers(count = 4)
class DeterminismCorpusTest extends CoordinatorOnLocalServers {

    private record Case(int line, String expected, List<String> statements) {
    }

    @Test
    void everyCorpusStatementIsRefusedWithItsCodeOrReplicatesToIdenticalInstances(TestCluster cluster) throws Exception {
        List<Case> corpus = corpus();
        assertThat(corpus.stream().filter(c -> c.expected().equals("OK")).count()).isGreaterThanOrEqualTo(50);
        assertThat(corpus.stream().filter(c -> !c.expected().equals("OK")).count()).isGreaterThanOrEqualTo(50);
        SoftAssertions softly = new SoftAssertions();
        for (Case statement : corpus) {
            long logBefore = http.status().get("master_last_ts").asLong();
            CoordinatorHttp.Answer answer = send(statement.statements());
            String what = "line " + statement.line() + ": " + String.join(" ;; ", statement.statements()) + " -> " + answer;
            if (statement.expected().equals("OK")) {
                softly.assertThat(answer.status()).as(what).isEqualTo(200);
            } else {
                softly.assertThat(answer.status()).as(what).isEqualTo(400);
                softly.assertThat(answer.error()).as(what).isEqualTo(statement.expected());
                softly.assertThat(answer.body().path("message").asString("")).as(what).isNotBlank();
                softly.assertThat(http.status().get("master_last_ts").asLong()).as("the log after " + what)
                        .isEqualTo(logBefore);
            }
        }
        softly.assertAll();

        InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));
        CoordinatorHttp.Answer started = http.post("/admin/verify", (String) null);
        assertThat(started.status()).isEqualTo(202);
        String id = started.body().get("id").asString();
        JsonNode report = await("the verification of every table", () -> http.get("/admin/verify/" + id).body(),
                body -> !body.get("state").asString().equals("running"));
        assertThat(report.get("state").asString()).as(report.toString()).isEqualTo("done");
        List<String> verified = new ArrayList<>();
        for (JsonNode table : report.get("tables")) {
            verified.add(table.get("table").asString());
            assertThat(table.get("mismatches")).as(table.toString()).isEmpty();
            assertThat(table.get("unavailable")).as(table.toString()).isEmpty();
        }
        assertThat(verified).contains("ddb.c_src", "ddb.c_dst", "ddb.c_auto", "ddb.c_nopk", "ddb.c_json", "ddb.c_gen",
                "ddb.c_ctas2", "ddb.c_ctas3");
    }

    private CoordinatorHttp.Answer send(List<String> statements) {
        if (statements.size() == 1) {
            return http.query(statements.get(0), "STRONG");
        }
        return http.post("/query", Map.of("queries", statements, "consistency", "STRONG"));
    }

    private static List<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = DeterminismCorpusTest.class.getResourceAsStream("/corpus/determinism.txt")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf(" | ");
                List<String> statements = Arrays.stream(line.substring(bar + 3).split(" ;; ")).map(String::strip).toList();
                cases.add(new Case(i + 1, line.substring(0, bar).strip(), statements));
            }
        }
        return cases;
    }
}
