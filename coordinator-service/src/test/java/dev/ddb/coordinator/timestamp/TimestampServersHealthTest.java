package dev.ddb.coordinator.timestamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.LocalServersExtension;
import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The client as the application wires it from application.yml, observed through {@code /actuator/health}. */
@LocalServers(count = 4)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "resilience4j.circuitbreaker.configs.timestamp.wait-duration-in-open-state=200ms")
// A cached context would keep heartbeating the shared servers after this class and fail over when a later test kills one.
@DirtiesContext
class TimestampServersHealthTest {

    private static final ContractTimestampServer ODD = new ContractTimestampServer(1, 2).start();
    private static final ContractTimestampServer EVEN = new ContractTimestampServer(2, 2).start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.coordinator.port}")
    int port;

    @Autowired
    TimestampClient client;

    @Autowired
    RetryRegistry retries;

    @DynamicPropertySource
    static void timestampServers(DynamicPropertyRegistry registry) {
        registry.add("ddb.coordinator.instances", () -> LocalServersExtension.currentCluster().topology().spec());
        registry.add("ddb.timestamp.urls", () -> ODD.url() + "," + EVEN.url());
    }

    @AfterAll
    static void stopServers() {
        ODD.close();
        EVEN.close();
    }

    @BeforeEach
    void everyServerRunningWithAFreshCircuit() {
        ODD.start();
        EVEN.start();
        client.servers().forEach(server -> server.circuitBreaker().reset());
    }

    @Test
    void circuitOpensWhileAServerIsDownAndClosesOnceItIsBack() throws Exception {
        assertThat(health().circuitState("timestamp-1")).isEqualTo("CLOSED");

        ODD.stop();
        Health whileDown = health();
        for (int call = 0; call < 20 && !whileDown.circuitState("timestamp-1").equals("OPEN"); call++) {
            client.next(0, 1);
            whileDown = health();
        }

        assertThat(whileDown.status()).isEqualTo("UP");
        assertThat(whileDown.circuitState("timestamp-1")).isEqualTo("OPEN");
        assertThat(whileDown.server("timestamp-1").path("last_failure").asString()).isEqualTo("cannot connect");
        assertThat(whileDown.circuitState("timestamp-2")).isEqualTo("CLOSED");

        ODD.start();
        Instant giveUp = Instant.now().plus(PATIENCE);
        Set<String> issuersAfterReturn = new HashSet<>();
        Health afterReturn = health();
        while (!afterReturn.circuitState("timestamp-1").equals("CLOSED") && Instant.now().isBefore(giveUp)) {
            issuersAfterReturn.add(client.next(0, 1).serverId());
            Thread.sleep(50);
            afterReturn = health();
        }

        assertThat(afterReturn.circuitState("timestamp-1")).isEqualTo("CLOSED");
        assertThat(issuersAfterReturn).contains("timestamp-1");
    }

    @Test
    void healthIsDownOnlyWhileEveryServersCircuitIsOpen() throws Exception {
        ODD.stop();
        EVEN.stop();
        Health bothDown = health();
        for (int call = 0; call < 50 && bothDown.status().equals("UP"); call++) {
            assertThatThrownBy(() -> client.next(0, 1)).isInstanceOf(TimestampUnavailableException.class);
            bothDown = health();
        }

        assertThat(bothDown.status()).isEqualTo("DOWN");
        assertThat(bothDown.httpStatus()).isEqualTo(503);
        assertThat(bothDown.circuitState("timestamp-1")).isEqualTo("OPEN");
        assertThat(bothDown.circuitState("timestamp-2")).isEqualTo("OPEN");
    }

    @Test
    void resilienceSettingsComeFromApplicationYaml() {
        assertThat(client.servers()).extracting(TimestampServer::name).containsExactly("timestamp-1", "timestamp-2");
        assertThat(client.servers()).allSatisfy(server -> {
            var config = server.circuitBreaker().getCircuitBreakerConfig();
            assertThat(config.getMinimumNumberOfCalls()).isEqualTo(4);
            assertThat(config.isAutomaticTransitionFromOpenToHalfOpenEnabled()).isTrue();
            assertThat(config.getIgnoreExceptionPredicate().test(
                    HttpClientErrorException.create(HttpStatus.BAD_REQUEST, "", null, null, null))).isTrue();
            assertThat(server.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        });
        assertThat(retries.retry(TimestampClient.RESILIENCE_NAME).getRetryConfig().getMaxAttempts()).isEqualTo(2);
    }

    /** One answer of {@code /actuator/health/timestampServers}: its HTTP status and its body. */
    private record Health(int httpStatus, JsonNode body) {

        String status() {
            return body.path("status").asString();
        }

        JsonNode server(String name) {
            return body.path("details").path("servers").path(name);
        }

        String circuitState(String name) {
            return server(name).path("circuit_state").asString();
        }
    }

    private Health health() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/timestampServers"))
                .header("Authorization", TestCallers.authorization(Role.ADMIN)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Health(response.statusCode(), JSON.readTree(response.body()));
    }
}
