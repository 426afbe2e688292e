package dev.ddb.seer;

import static dev.ddb.seer.metrics.ContractMetricsServer.Replica.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ddb.auth.testing.TestCallers;
import dev.ddb.seer.ElectionClient.Answer;
import dev.ddb.seer.metrics.ContractMetricsServer;
import dev.ddb.seer.metrics.ContractMetricsServer.Behaviour;
import dev.ddb.seer.metrics.ContractMetricsServer.Replica;
import dev.ddb.seer.metrics.MetricsSource;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * seer-service over HTTP against a stand-in metrics-service; instance-4's promotion rule is {@code never}, set as a
 * property map entry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestCallers.USERS_PROPERTY, TestCallers.TOKENS_PROPERTY, TestCallers.SERVICE_TOKEN_PROPERTY})
class SeerServiceTest {

    /** The best numbers of all, but the master that is being replaced. */
    static final Replica MASTER = healthy("instance-1", 0.1, 100_000, 0, 0).asMaster();
    /** 0.4 / (1 + 1) + 0.4 * 300 / 301 + 0.2 / 1 = 0.7986710963... */
    static final Replica INSTANCE_2 = healthy("instance-2", 1.0, 300, 0, 0);
    /** 0.4 / 1.5 + 0.4 * 3600 / 3801 + 0.2 / 4 = 0.6955143383... */
    static final Replica INSTANCE_3 = healthy("instance-3", 0.5, 3600, 2, 3);
    /** 0.4 / 1.2 + 0.4 * 5000 / 5001 + 0.2 / 1 = 0.9332533493...: better than instance-2, but never promoted. */
    static final Replica INSTANCE_4 = healthy("instance-4", 0.2, 5000, 0, 0);

    static final ContractMetricsServer METRICS = new ContractMetricsServer().start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("ddb.seer.metrics-url", () -> METRICS.url().toString());
        // The defaults (250 ms / 500 ms) suit production; a busy 2-core CI machine needs more slack.
        registry.add("ddb.seer.metrics-connect-timeout", () -> "5s");
        registry.add("ddb.seer.metrics-read-timeout", () -> "5s");
        registry.add("ddb.seer.promotion-rules.instance-4", () -> "never");
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    ElectionClient seer;

    @BeforeEach
    void fourHealthyInstances() {
        METRICS.start();
        METRICS.behave(Behaviour.SERVING);
        METRICS.report(MASTER, INSTANCE_2, INSTANCE_3, INSTANCE_4);
        circuitBreakers.circuitBreaker(MetricsSource.RESILIENCE_NAME).reset();
        seer = new ElectionClient(port);
    }

    @AfterAll
    static void stopMetrics() {
        METRICS.stop();
    }

    @Test
    void metricsServiceIsAskedWithTheServiceToken() {
        assertThat(seer.elect("{}").status()).isEqualTo(200);

        assertThat(METRICS.lastAuthorization()).isEqualTo("Bearer " + TestCallers.SERVICE_TOKEN);
    }

    @Test
    void bestReplicaBySeedFormulaIsElectedWithTheMetricsItWonOn() {
        Answer answer = seer.elect("{}");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.body();
        assertThat(body.get("leader_id").asString()).isEqualTo("instance-2");
        assertThat(body.get("score").asDouble()).isCloseTo(0.4 / 2 + 0.4 * 300 / 301 + 0.2, within(1e-12));
        assertThat(body.get("latency_ms").asDouble()).as("the moving average, not the last poll").isEqualTo(1.0);
        assertThat(body.get("uptime_seconds").asLong()).isEqualTo(300);
        assertThat(body.get("replication_lag").asLong()).isZero();
        assertThat(body.get("crash_count").asLong()).isZero();
        assertThat(candidates(body)).containsExactly(
                "instance-2 eligible", "instance-3 eligible", "instance-1 failed master",
                "instance-4 promotion rule is never");
        assertThat(candidate(body, "instance-3").get("score").asDouble())
                .isCloseTo(0.4 / 1.5 + 0.4 * 3600 / 3801 + 0.2 / 4, within(1e-12));
    }

    @Test
    void masterIsNeverElectedEvenWithTheBestNumbers() {
        METRICS.report(MASTER, INSTANCE_3);

        JsonNode body = seer.elect("{}").body();

        assertThat(body.get("leader_id").asString()).isEqualTo("instance-3");
        assertThat(candidate(body, "instance-1").get("score").asDouble()).isGreaterThan(body.get("score").asDouble());
        assertThat(candidate(body, "instance-1").get("reason").asString()).isEqualTo("failed master");
    }

    @Test
    void lastRoundTripStandsInWhenNoMovingAverageIsReported() {
        METRICS.report(MASTER, INSTANCE_2.withoutAverage());

        JsonNode body = seer.elect("{}").body();

        assertThat(body.get("latency_ms").asDouble()).isEqualTo(3.0);
        assertThat(body.get("score").asDouble()).isCloseTo(0.4 / 4 + 0.4 * 300 / 301 + 0.2, within(1e-12));
    }

    @Test
    void excludedReplicaIsPassedOverWithItsReason() {
        JsonNode body = seer.elect("{\"exclude_replicas\": [\"instance-2\", \"instance-9\"]}").body();

        assertThat(body.get("leader_id").asString()).isEqualTo("instance-3");
        assertThat(candidates(body)).containsExactly("instance-3 eligible", "instance-1 failed master",
                "instance-2 excluded", "instance-4 promotion rule is never");
        assertThat(candidate(body, "instance-2").get("score").asDouble()).isGreaterThan(body.get("score").asDouble());
    }

    @Test
    void promotionRuleNeverFromConfigurationKeepsTheBestScoringReplicaOut() {
        JsonNode body = seer.elect("{}").body();

        JsonNode instance4 = candidate(body, "instance-4");
        assertThat(instance4.get("eligible").asBoolean()).isFalse();
        assertThat(instance4.get("reason").asString()).isEqualTo("promotion rule is never");
        assertThat(instance4.get("score").asDouble()).isGreaterThan(body.get("score").asDouble());
    }

    @Test
    void unhealthyReplicaIsIneligibleAndShowsNoScoreForNumbersItNeverHad() {
        METRICS.report(MASTER, INSTANCE_2.unhealthy().withoutNumbers(), INSTANCE_3, INSTANCE_4);

        JsonNode body = seer.elect("{}").body();

        assertThat(body.get("leader_id").asString()).isEqualTo("instance-3");
        JsonNode instance2 = candidate(body, "instance-2");
        assertThat(instance2.get("reason").asString()).isEqualTo("unhealthy");
        assertThat(instance2.get("score").isNull()).isTrue();
    }

    @Test
    void unhealthyReplicaWithNumbersKeepsItsScore() {
        METRICS.report(MASTER, INSTANCE_2.unhealthy(), INSTANCE_3);

        JsonNode body = seer.elect("{}").body();

        assertThat(body.get("leader_id").asString()).isEqualTo("instance-3");
        assertThat(candidate(body, "instance-2").get("score").asDouble())
                .isCloseTo(0.4 / 2 + 0.4 * 300 / 301 + 0.2, within(1e-12));
    }

    @Test
    void noEligibleCandidateIsAConflictListingEveryReason() {
        METRICS.report(MASTER, INSTANCE_2, INSTANCE_3.unhealthy(), INSTANCE_4);

        Answer answer = seer.elect("{\"exclude_replicas\": [\"instance-2\"]}");

        assertThat(answer.status()).isEqualTo(409);
        JsonNode body = answer.body();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("error").asString()).isEqualTo("NO_ELIGIBLE_CANDIDATE");
        assertThat(body.get("message").asString()).isEqualTo("no eligible candidate to elect: instance-1 (failed"
                + " master), instance-2 (excluded), instance-3 (unhealthy), instance-4 (promotion rule is never)");
        assertThat(candidates(body)).containsExactly("instance-1 failed master", "instance-2 excluded",
                "instance-3 unhealthy", "instance-4 promotion rule is never");
        assertThat(body.has("leader_id")).isFalse();
    }

    @Test
    void unreachableMetricsServiceIsServiceUnavailableAndElectsNobody() {
        METRICS.stop();

        Answer answer = seer.elect("{}");

        assertUnavailable(answer, "could not be reached");
    }

    @Test
    void metricsServiceAnsweringErrorsIsRetriedThenServiceUnavailable() {
        METRICS.behave(Behaviour.FAILING);
        int before = METRICS.requests();

        Answer answer = seer.elect("{}");

        assertUnavailable(answer, "answered HTTP 503");
        assertThat(METRICS.requests() - before).as("two attempts, as configured").isEqualTo(2);
    }

    @Test
    void oneFailedReadIsRetriedAndTheElectionSucceeds() {
        METRICS.behave(Behaviour.FAILING_ONCE);
        int before = METRICS.requests();

        Answer answer = seer.elect("{}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("leader_id").asString()).isEqualTo("instance-2");
        assertThat(METRICS.requests() - before).isEqualTo(2);
    }

    @Test
    void garbageFromMetricsServiceIsServiceUnavailableWithoutRetrying() {
        METRICS.behave(Behaviour.GARBAGE);
        int before = METRICS.requests();

        assertUnavailable(seer.elect("{}"), "answered something that is not a metrics report");
        assertThat(METRICS.requests() - before).isEqualTo(1);
    }

    @Test
    void healthyReplicaReportedWithoutNumbersIsNotElectedOnGuesses() {
        METRICS.report(MASTER, INSTANCE_2.withoutNumbers(), INSTANCE_3);

        assertUnavailable(seer.elect("{}"), "instance-2 is healthy but comes without avg_latency_ms and latency_ms,"
                + " uptime_seconds, replication_lag");
    }

    @Test
    void emptyInstanceListIsServiceUnavailable() {
        METRICS.report();

        assertUnavailable(seer.elect("{}"), "it lists no instances");
    }

    @Test
    void repeatedFailuresOpenTheCircuitAndMetricsServiceIsNoLongerAsked() {
        METRICS.behave(Behaviour.FAILING);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 10 && messages.stream().noneMatch(m -> m.contains("circuit breaker")); i++) {
            messages.add(seer.elect("{}").body().get("message").asString());
        }
        assertThat(messages).last().asString().contains("circuit breaker");
        int before = METRICS.requests();

        Answer answer = seer.elect("{}");

        assertUnavailable(answer, "circuit breaker");
        assertThat(METRICS.requests()).isEqualTo(before);
    }

    @Test
    void requestWithoutBodyElects() {
        Answer answer = seer.electWithoutBody();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("leader_id").asString()).isEqualTo("instance-2");
    }

    @Test
    void unknownFieldIsRefusedWithoutAskingMetricsService() {
        int before = METRICS.requests();

        assertBadRequest(seer.elect("{\"exclude\": [\"instance-2\"]}"), "UNKNOWN_FIELD", "'exclude'");
        assertThat(METRICS.requests()).isEqualTo(before);
    }

    @Test
    void malformedBodiesAreRefused() {
        assertBadRequest(seer.elect("{\"exclude_replicas\": [\"instance-2\""), "MALFORMED_JSON", "not valid JSON");
        assertBadRequest(seer.elect("{\"exclude_replicas\": \"instance-2\"}"), "MALFORMED_JSON", "not valid JSON");
        assertBadRequest(seer.elect("{\"exclude_replicas\": [\" \"]}"), "INVALID_REQUEST",
                "exclude_replicas must hold instance ids");
        assertBadRequest(seer.elect("{\"exclude_replicas\": [null]}"), "INVALID_REQUEST", "got null");
    }

    @Test
    void otherMethodsGetTheSameErrorShape() {
        Answer answer = seer.get("/elect-leader");

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.body().get("success").asBoolean()).isFalse();
        assertThat(answer.body().get("error").asString()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void healthShowsTheMetricsSourceReachable() {
        Answer answer = seer.get("/actuator/health");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode source = answer.body().get("components").get("metricsSource");
        assertThat(source.get("status").asString()).isEqualTo("UP");
        assertThat(source.get("details").get("reachable").asBoolean()).isTrue();
        assertThat(source.get("details").get("instances").asInt()).isEqualTo(4);
        assertThat(source.get("details").get("url").asString()).isEqualTo(METRICS.url() + "/metrics");
    }

    @Test
    void healthShowsTheMetricsSourceUnreachableWithoutTakingTheServiceDown() {
        METRICS.stop();

        Answer overall = seer.get("/actuator/health");
        Answer component = seer.get("/actuator/health/metricsSource");

        assertThat(overall.status()).isEqualTo(200);
        assertThat(overall.body().get("status").asString()).isEqualTo("UP");
        assertThat(component.status()).isEqualTo(503);
        assertThat(component.body().get("status").asString()).isEqualTo("UNREACHABLE");
        assertThat(component.body().get("details").get("reachable").asBoolean()).isFalse();
        assertThat(component.body().get("details").get("error").asString()).contains("could not be reached");
    }

    @Test
    void healthTellsAnAnsweringButUnusableSourceFromAnUnreachableOne() {
        METRICS.behave(Behaviour.GARBAGE);

        Answer component = seer.get("/actuator/health/metricsSource");

        assertThat(component.status()).isEqualTo(503);
        assertThat(component.body().get("status").asString()).isEqualTo("UNUSABLE");
        assertThat(component.body().get("details").get("reachable").asBoolean()).isTrue();
        assertThat(component.body().get("details").get("error").asString())
                .contains("answered something that is not a metrics report");
    }

    static List<String> candidates(JsonNode body) {
        List<String> described = new ArrayList<>();
        body.get("candidates").forEach(c -> described.add(c.get("id").asString() + " "
                + (c.get("eligible").asBoolean() ? "eligible" : c.get("reason").asString())));
        return described;
    }

    static JsonNode candidate(JsonNode body, String id) {
        for (JsonNode c : body.get("candidates")) {
            if (c.get("id").asString().equals(id)) {
                return c;
            }
        }
        throw new AssertionError(id + " is not among the candidates: " + body);
    }

    private static void assertUnavailable(Answer answer, String why) {
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body().get("success").asBoolean()).isFalse();
        assertThat(answer.body().get("error").asString()).isEqualTo("METRICS_UNAVAILABLE");
        assertThat(answer.body().get("message").asString()).contains(why).contains("no leader is elected");
        assertThat(answer.body().has("leader_id")).isFalse();
    }

    private static void assertBadRequest(Answer answer, String error, String why) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("success").asBoolean()).isFalse();
        assertThat(answer.body().get("error").asString()).isEqualTo(error);
        assertThat(answer.body().get("message").asString()).contains(why);
    }
}
