package dev.ddb.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;

/** The service with nothing to reach: it stays UP and says so about the instance, instead of failing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestCallers.USERS_PROPERTY, TestCallers.TOKENS_PROPERTY, TestCallers.SERVICE_TOKEN_PROPERTY})
@DirtiesContext
class MetricsApplicationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CLOSED_PORT = closedPort();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void unreachableInstance(DynamicPropertyRegistry registry) {
        registry.add("ddb.metrics.instances", () -> "instance-1=127.0.0.1:" + CLOSED_PORT);
        registry.add("ddb.metrics.poll-interval", () -> "200ms");
    }

    @Test
    void healthIsUpWhileTheOnlyInstanceIsUnreachableAndMetricsSayWhy() throws InterruptedException {
        RestClient client = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestCallers.authorization(Role.ADMIN)).build();
        JsonNode instance = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            instance = JSON.readTree(client.get().uri("/metrics").retrieve().body(String.class)).get("replicas").get(0);
            if (!instance.get("last_error").isNull()) {
                break;
            }
            Thread.sleep(50);
        }

        assertThat(instance.get("replica_id").asString()).isEqualTo("instance-1");
        assertThat(instance.get("is_healthy").asBoolean()).isFalse();
        assertThat(instance.get("last_error").asString()).isNotBlank();
        assertThat(instance.get("latency_ms").isNull()).isTrue();
        assertThat(instance.get("crash_count").asLong()).isZero();
        JsonNode health = JSON.readTree(client.get().uri("/actuator/health").retrieve().body(String.class));
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/poller/details/healthy_instances").asLong()).isZero();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
