package dev.ddb.stress.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.stress.bench.CoordinatorWriter;
import dev.ddb.stress.client.FakeJsonServer.Received;
import dev.ddb.stress.client.FakeJsonServer.Reply;
import dev.ddb.stress.load.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a small in-process server that answers in the coordinator's JSON shapes. */
class CoordinatorClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private FakeJsonServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void postsTheStatementAsJsonAndParsesTheAnswer() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(200,
                "{\"success\":true,\"message\":\"Write successful\",\"timestamp\":7}", Duration.ZERO)), TIMEOUT);

        CoordinatorClient.Answer answer = client.query("INSERT INTO t (k, v) VALUES (?, ?)", List.of("a", 1), "STRONG");

        assertThat(answer.succeeded()).isTrue();
        assertThat(answer.body().path("timestamp").asLong()).isEqualTo(7);
        assertThat(received()).hasSize(1);
        Received request = received().get(0);
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

        assertThat(received()).hasSize(1);
        assertThat(received().get(0).body().has("params")).isFalse();
        assertThat(received().get(0).body().path("consistency").asString()).isEqualTo("EVENTUAL");
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
        assertThat(received().get(0).method()).isEqualTo("GET");
        assertThat(received().get(0).path()).isEqualTo("/status");
    }

    @Test
    void successiveRequestsReuseOneConnection() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(200, "{\"success\":true}", Duration.ZERO)),
                TIMEOUT);

        for (int i = 0; i < 20; i++) {
            assertThat(client.query("INSERT INTO t VALUES (?)", List.of(i), "STRONG").succeeded()).isTrue();
        }

        assertThat(received()).hasSize(20);
        assertThat(server.clientPorts()).hasSize(1);
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
        CoordinatorClient client = new CoordinatorClient(
                URI.create("http://127.0.0.1:" + FakeJsonServer.closedPort()), TIMEOUT);

        assertThatThrownBy(() -> client.get("/status")).isInstanceOf(ConnectException.class);
        Outcome outcome = new CoordinatorWriter(client, "STRONG", "p", 0).perform(0);
        assertThat(outcome.errorKind()).isEqualTo("ConnectException");
    }

    @Test
    void aConnectionOfItsOwnSendsTheSameRequestsOverOneSocket() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(200,
                "{\"success\":true,\"message\":\"Write successful\",\"timestamp\":7}", Duration.ZERO)), TIMEOUT);

        try (CoordinatorClient.Connection connection = client.connection()) {
            for (int i = 0; i < 20; i++) {
                CoordinatorClient.Answer answer = connection.query("INSERT INTO t (k, v) VALUES (?, ?)", List.of("a", i), "STRONG");
                assertThat(answer.succeeded()).isTrue();
                assertThat(answer.body().path("timestamp").asLong()).isEqualTo(7);
            }
        }

        assertThat(received()).hasSize(20);
        assertThat(server.clientPorts()).hasSize(1);
        Received request = received().get(19);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/query");
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(request.body().path("params").get(1).asInt()).isEqualTo(19);
        assertThat(request.body().path("consistency").asString()).isEqualTo("STRONG");
    }

    @Test
    void everyRequestAndEveryConnectionCarriesTheCredentials() throws Exception {
        CoordinatorClient client = new CoordinatorClient(CoordinatorUrls.of(start(new Reply(200, "{\"success\":true}",
                Duration.ZERO))), TIMEOUT, Optional.of("Bearer writer-token"));

        client.query("SELECT 1", List.of(), "STRONG");
        client.get("/status");
        try (CoordinatorClient.Connection connection = client.connection()) {
            connection.query("SELECT 1", List.of(), "STRONG");
        }

        assertThat(received()).extracting(Received::authorization).containsExactly("Bearer writer-token",
                "Bearer writer-token", "Bearer writer-token");
    }

    @Test
    void aConnectionKeepsTheTextOfAnAnswerThatIsNotJson() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(502, "Bad Gateway", Duration.ZERO)), TIMEOUT);

        try (CoordinatorClient.Connection connection = client.connection()) {
            CoordinatorClient.Answer answer = connection.query("SELECT 1", List.of(), "EVENTUAL");
            assertThat(answer.body()).isNull();
            assertThat(answer.errorKind()).isEqualTo("502 non-JSON answer");
            assertThat(answer.message()).isEqualTo("Bad Gateway");
        }
    }

    @Test
    void aConnectionWhoseRequestTimedOutOpensANewOneForTheNext() throws Exception {
        CoordinatorClient client = new CoordinatorClient(start(new Reply(200, "{\"success\":true}",
                Duration.ofSeconds(4))), Duration.ofSeconds(1));

        try (CoordinatorClient.Connection connection = client.connection()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> connection.query("INSERT INTO t VALUES (1)", List.of(), "STRONG"))
                        .isInstanceOf(HttpTimeoutException.class);
            }
        }

        assertThat(server.clientPorts()).hasSize(2);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedBeforeTheNextRequest() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // Answers one request per connection as keep-alive, then closes it without a word, as an idle timeout does.
            Thread answering = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (java.net.Socket socket = listener.accept()) {
                        java.io.InputStream in = socket.getInputStream();
                        String head = readHead(in);
                        int length = Integer.parseInt(head.replaceAll("(?is).*content-length:\\s*(\\d+).*", "$1"));
                        in.readNBytes(length);
                        String body = "{\"success\":true,\"connection\":" + i + "}";
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length() + "\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            answering.start();
            CoordinatorClient client = new CoordinatorClient(URI.create("http://127.0.0.1:" + listener.getLocalPort()), TIMEOUT);

            try (CoordinatorClient.Connection connection = client.connection()) {
                assertThat(connection.query("SELECT 1", List.of(), "STRONG").body().path("connection").asInt()).isZero();
                Thread.sleep(1_500);
                assertThat(connection.query("SELECT 1", List.of(), "STRONG").body().path("connection").asInt()).isEqualTo(1);
            }
            answering.join(5_000);
        }
    }

    private static String readHead(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed before the request's head ended");
            }
            head.append((char) c);
        }
        return head.toString();
    }

    @Test
    void aConnectionToAClosedPortIsRefused() throws Exception {
        CoordinatorClient client = new CoordinatorClient(
                URI.create("http://127.0.0.1:" + FakeJsonServer.closedPort()), TIMEOUT);

        try (CoordinatorClient.Connection connection = client.connection()) {
            assertThatThrownBy(() -> connection.query("SELECT 1", List.of(), "STRONG")).isInstanceOf(ConnectException.class);
        }
    }

    private URI start(Reply reply) throws IOException {
        server = FakeJsonServer.start(reply);
        return server.uri();
    }

    private List<Received> received() {
        return server.received();
    }
}
