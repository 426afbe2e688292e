package dev.ddb.seer;

import static dev.ddb.seer.SeerServiceTest.INSTANCE_2;
import static dev.ddb.seer.SeerServiceTest.INSTANCE_3;
import static dev.ddb.seer.SeerServiceTest.INSTANCE_4;
import static dev.ddb.seer.SeerServiceTest.MASTER;
import static dev.ddb.seer.SeerServiceTest.candidate;
import static dev.ddb.seer.SeerServiceTest.candidates;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.auth.testing.TestCallers;
import dev.ddb.seer.metrics.ContractMetricsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Promotion rules given as the one-string list {@code DDB_PROMOTION_RULES} carries: instance-3 (scoring below
 * instance-2) is preferred, instance-4 (scoring best) is never promoted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestCallers.USERS_PROPERTY, TestCallers.TOKENS_PROPERTY, TestCallers.SERVICE_TOKEN_PROPERTY})
class PreferredReplicaTest {

    static final ContractMetricsServer METRICS = new ContractMetricsServer().start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("ddb.seer.metrics-url", () -> METRICS.url().toString());
        // The defaults (250 ms / 500 ms) suit production; a busy 2-core CI machine needs more slack.
        registry.add("ddb.seer.metrics-connect-timeout", () -> "5s");
        registry.add("ddb.seer.metrics-read-timeout", () -> "5s");
        registry.add("ddb.seer.promotion-rules", () -> "instance-3=prefer, instance-4=never");
    }

    @LocalServerPort
    int port;

    ElectionClient seer;

    @BeforeEach
    void client() {
        seer = new ElectionClient(port);
    }

    @AfterAll
    static void stopMetrics() {
        METRICS.stop();
    }

    @Test
    void preferredReplicaWinsOverABetterScoringNeutralOne() {
        METRICS.report(MASTER, INSTANCE_2, INSTANCE_3, INSTANCE_4);

        JsonNode body = seer.elect("{}").body();

        assertThat(body.get("leader_id").asString()).isEqualTo("instance-3");
        assertThat(candidates(body)).containsExactly("instance-3 eligible", "instance-2 eligible",
                "instance-1 failed master", "instance-4 promotion rule is never");
        assertThat(candidate(body, "instance-2").get("score").asDouble()).isGreaterThan(body.get("score").asDouble());
    }

    @Test
    void preferenceDoesNotMakeAnUnhealthyReplicaEligible() {
        METRICS.report(MASTER, INSTANCE_2, INSTANCE_3.unhealthy(), INSTANCE_4);

        JsonNode body = seer.elect("{}").body();

        assertThat(body.get("leader_id").asString()).isEqualTo("instance-2");
        assertThat(candidate(body, "instance-3").get("reason").asString()).isEqualTo("unhealthy");
    }

    @Test
    void excludingThePreferredReplicaLeavesTheElectionToTheScore() {
        METRICS.report(MASTER, INSTANCE_2, INSTANCE_3, INSTANCE_4);

        JsonNode body = seer.elect("{\"exclude_replicas\": [\"instance-3\"]}").body();

        assertThat(body.get("leader_id").asString()).isEqualTo("instance-2");
    }
}
