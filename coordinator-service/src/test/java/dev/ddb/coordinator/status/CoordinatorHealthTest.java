package dev.ddb.coordinator.status;

import static dev.ddb.coordinator.testing.CoordinatorHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;

/**
 * The coordinator's {@code /actuator/health} components {@code master}, {@code replication} and
 * {@code timestampServers} against four real servers, some of them killed. Each test restarts what it killed.
 */
@LocalServers(count = 4)
// The master is killed here to watch health report it, not to watch it replaced.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ddb.coordinator.failover.enabled=false")
@DirtiesContext
class CoordinatorHealthTest extends CoordinatorOnLocalServers {


    @Test
    void everyComponentIsUpWithEveryInstanceRunningAndEveryReplicaLive() {
        JsonNode health = await("every replica is live", () -> http.get("/actuator/health").body(),
                body -> List.of("instance-2", "instance-3", "instance-4").stream().allMatch(id ->
                        body.path("components").path("replication").path("details").path("replicas").path(id)
                                .path("state").asString("").equals("live")));

        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode components = health.get("components");
        assertThat(components.get("master").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("master").get("details").get("id").asString()).isEqualTo("instance-1");
        assertThat(components.get("replication").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("replication").get("details").get("quorum").asString()).isEqualTo("majority: 2 of 3 replicas");
        assertThat(components.get("replication").get("details").get("reachable")).hasSize(3);
        assertThat(components.get("timestampServers").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void replicationIsDownWhileTooFewReplicasAreConnectedToFormTheQuorum(TestCluster cluster) {
        cluster.instance("instance-3").kill();
        cluster.instance("instance-4").kill();
        try {
            // Idle appliers learn that their replicas died when they next apply a batch.
            http.write("INSERT INTO users (name, email) VALUES ('Q', 'q@example.com')", "EVENTUAL");

            CoordinatorHttp.Answer health = await("replication is down", () -> http.get("/actuator/health"),
                    answer -> answer.body().path("components").path("replication").path("status").asString("").equals("DOWN"));

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body().get("status").asString()).isEqualTo("DOWN");
            JsonNode replication = health.body().get("components").get("replication").get("details");
            assertThat(replication.get("reachable")).hasSize(1);
            assertThat(replication.get("replicas").get("instance-3").get("state").asString()).isEqualTo("disconnected");
            assertThat(replication.get("replicas").get("instance-3").get("last_error").asString()).isNotBlank();
            assertThat(replication.get("replicas").get("instance-2").get("state").asString()).isEqualTo("live");
            assertThat(health.body().get("components").get("master").get("status").asString()).isEqualTo("UP");
        } finally {
            cluster.instance("instance-3").start();
            cluster.instance("instance-4").start();
        }
        await("replication is up again", () -> http.get("/actuator/health").body(),
                body -> body.path("components").path("replication").path("status").asString("").equals("UP"));
    }

    @Test
    void masterIsDownWhileItIsKilledAndTheHealthCallStillAnswers(TestCluster cluster) {
        cluster.instance("instance-1").kill();
        try {
            CoordinatorHttp.Answer health = http.get("/actuator/health");

            assertThat(health.status()).isEqualTo(503);
            JsonNode master = health.body().get("components").get("master");
            assertThat(master.get("status").asString()).isEqualTo("DOWN");
            assertThat(master.get("details").get("id").asString()).isEqualTo("instance-1");
            assertThat(master.get("details").get("error").asString()).isNotBlank();
        } finally {
            cluster.instance("instance-1").start();
        }
        await("the master is up again", () -> http.get("/actuator/health").body(),
                body -> body.path("components").path("master").path("status").asString("").equals("UP"));
        // The sequencer's connection died with the master; the first write after the restart may find it broken.
        await("a write succeeds again", () -> http.query("INSERT INTO users (name, email) VALUES ('R', 'r@example.com')",
                "EVENTUAL").status(), status -> status == 200 || status == 409);
    }
}
