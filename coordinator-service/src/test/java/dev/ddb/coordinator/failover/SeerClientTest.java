package dev.ddb.coordinator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ddb.auth.ServiceToken;

/** {@code POST /elect-leader} against a stand-in seer-service speaking its wire format. */
class SeerClientTest {

    /** Far above a stand-in's answer on an idle machine: the first request of a JVM on a busy one took 11 s. */
    private static final Duration ANSWER_PATIENCE = Duration.ofSeconds(30);

    private HttpServer seer;
    private final AtomicReference<String> received = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (seer != null) {
            seer.stop(0);
        }
    }

    @Test
    void sendsTheExcludedInstancesAndReadsTheLeader() throws IOException {
        URI url = answer(200, "{\"leader_id\":\"instance-3\",\"score\":0.71,\"latency_ms\":1.2,\"uptime_seconds\":40,"
                + "\"replication_lag\":0,\"crash_count\":0,\"candidates\":[]}");

        SeerClient.ElectionAnswer answer = new SeerClient(url, ANSWER_PATIENCE, ServiceToken.of("the-service-token"))
                .elect(List.of("instance-1", "instance-4"));

        assertThat(answer.leaderId()).isEqualTo("instance-3");
        assertThat(received.get()).isEqualTo("{\"exclude_replicas\":[\"instance-1\",\"instance-4\"]}");
        assertThat(authorization.get()).as("seer-service requires the service token").isEqualTo("Bearer the-service-token");
    }

    @Test
    void noEligibleCandidateOrAnAnswerWithoutLeaderIsAFailure() throws IOException {
        URI refusing = answer(409, "{\"success\":false,\"error\":\"NO_ELIGIBLE_CANDIDATE\",\"message\":\"none\"}");
        assertThatThrownBy(() -> new SeerClient(refusing, ANSWER_PATIENCE, ServiceToken.NONE).elect(List.of()))
                .isInstanceOf(RuntimeException.class);
        seer.stop(0);

        URI empty = answer(200, "{\"score\":0.5}");
        assertThatThrownBy(() -> new SeerClient(empty, ANSWER_PATIENCE, ServiceToken.NONE).elect(List.of()))
                .hasMessageContaining("leader_id");
    }

    @Test
    void anUnreachableSeerIsAFailure() {
        assertThatThrownBy(() -> new SeerClient(URI.create("http://127.0.0.1:1"), Duration.ofMillis(500), ServiceToken.NONE).elect(List.of()))
                .isInstanceOf(RuntimeException.class);
    }

    private URI answer(int status, String body) throws IOException {
        seer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        seer.createContext("/elect-leader", (HttpExchange exchange) -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        seer.start();
        return URI.create("http://127.0.0.1:" + seer.getAddress().getPort());
    }
}
