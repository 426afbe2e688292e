package dev.ddb.stress.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ddb.stress.bench.CoordinatorWriter;
import dev.ddb.stress.load.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The client against a small in-process server that answers in the coordinator's JSON shapes. */
class CoordinatorClientTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** What the fake coordinator answers: status, body, and how long it waits first. */
    private record Reply(int status, String body, Duration delay) {
    }

    private record Received(String method, String path, String contentType, JsonNode body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private HttpServer server;
    private ExecutorService executor;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void postsTheStatementAsJsonAndParsesTheAnswer() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(200,
                "{\"success\":true,\"message\":\"Write successful\",\"timestamp\":7}", Duration.ZERO)), TIMEOUT);

        CoordinatorClient.Answer answer = client.query("INSERT INTO t (k, v) VALUES (?, ?)", List.of("a", 1), "STRONG");

        assertThat(answer.succeeded()).isTrue();
        assertThat(answer.body().path("timestamp").asLong()).isEqualTo(7);
        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/query");
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(request.body().path("query").asString()).isEqualTo("INSERT INTO t (k, v) VALUES (?, ?)");
        assertThat(request.body().path("params").get(0).asString()).isEqualTo("a");
        assertThat(request.body().path("params").get(1).asInt()).isEqualTo(1);
        assertThat(request.body().path("consistency").asString()).isEqualTo("STRONG");
    }

    @Test
    void statementWithoutParametersSendsNoParamsField() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(200, "{\"success\":true}", Duration.ZERO)),
                TIMEOUT);

        client.query("SELECT 1", List.of(), "EVENTUAL");

        assertThat(received).hasSize(1);
        assertThat(received.get(0).body().has("params")).isFalse();
        assertThat(received.get(0).body().path("consistency").asString()).isEqualTo("EVENTUAL");
    }

    @Test
    void refusedWriteKeepsTheStatusAndTheCoordinatorsErrorCode() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(503,
                "{\"success\":false,\"error\":\"QUORUM_NOT_REACHED\",\"message\":\"2 of 3 replicas\"}", Duration.ZERO)),
                TIMEOUT);

        CoordinatorClient.Answer answer = client.query("INSERT INTO t VALUES (1)", List.of(), "STRONG");

        assertThat(answer.succeeded()).isFalse();
        assertThat(answer.errorKind()).isEqualTo("503 QUORUM_NOT_REACHED");
        assertThat(answer.message()).isEqualTo("2 of 3 replicas");
    }

    @Test
    void answerThatIsNotJsonKeepsItsText() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(502, "Bad Gateway", Duration.ZERO)), TIMEOUT);

        CoordinatorClient.Answer answer = client.get("/status");

        assertThat(answer.body()).isNull();
        assertThat(answer.errorKind()).isEqualTo("502 non-JSON answer");
        assertThat(answer.message()).isEqualTo("Bad Gateway");
        assertThat(received.get(0).method()).isEqualTo("GET");
        assertThat(received.get(0).path()).isEqualTo("/status");
    }

    @Test
    void successiveRequestsReuseOneConnection() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(200, "{\"success\":true}", Duration.ZERO)),
                TIMEOUT);

        for (int i = 0; i < 20; i++) {
            assertThat(client.query("INSERT INTO t VALUES (?)", List.of(i), "STRONG").succeeded()).isTrue();
        }

        assertThat(received).hasSize(20);
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void answerLaterThanTheTimeoutIsCountedAsTimeout() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(200, "{\"success\":true}",
                Duration.ofSeconds(6))), Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.query("INSERT INTO t VALUES (1)", List.of(), "STRONG"))
                .isInstanceOf(HttpTimeoutException.class);
        Outcome outcome = new CoordinatorWriter(client, "STRONG", "p", 0).perform(0);
        assertThat(outcome.errorKind()).isEqualTo("timeout");
    }

    @Test
    void refusedConnectionIsAConnectException() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CoordinatorClient client = new CoordinatorClient(URI.create("http://127.0.0.1:" + closedPort), TIMEOUT);

        assertThatThrownBy(() -> client.get("/status")).isInstanceOf(ConnectException.class);
        Outcome outcome = new CoordinatorWriter(client, "STRONG", "p", 0).perform(0);
        assertThat(outcome.errorKind()).isEqualTo("ConnectException");
    }

    private URI start(Reply reply) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, reply));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void answer(HttpExchange exchange, Reply reply) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                requestBody.length == 0 ? null : JSON.readTree(requestBody)));
        clientPorts.add(exchange.getRemoteAddress().getPort());
        try {
            Thread.sleep(reply.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                reply.body().startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
