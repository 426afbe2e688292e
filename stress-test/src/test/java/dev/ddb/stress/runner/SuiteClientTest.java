package dev.ddb.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.stress.client.CoordinatorUrls;
import dev.ddb.stress.client.FakeJsonServer;
import dev.ddb.stress.client.FakeJsonServer.Reply;
import dev.ddb.stress.load.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The runner's coordinator client against a small in-process server that answers in the coordinator's shapes. */
class SuiteClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private FakeJsonServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private SuiteClient clientFor(Reply reply) throws IOException {
        server = FakeJsonServer.start(reply);
        return new SuiteClient(CoordinatorUrls.of(server.uri()), TIMEOUT);
    }

    @Test
    void readSendsItsMinTimestampAndGetsTheAnswer() throws Exception {
        SuiteClient client = clientFor(Reply.of(200, "{\"success\":true,\"rows\":[{\"c\":1}],\"timestamp\":9}"));

        SuiteClient.Answer answer = client.query("SELECT COUNT(*) AS c FROM t WHERE k = ?", List.of("k1"),
                "EVENTUAL", 8L);

        assertThat(answer.succeeded()).isTrue();
        assertThat(KeyedWriter.timestamp(answer)).isEqualTo(9L);
        FakeJsonServer.Received request = server.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/query");
        assertThat(request.contentType()).startsWith("application/json");
        JsonNode body = request.body();
        assertThat(body.path("query").asString()).isEqualTo("SELECT COUNT(*) AS c FROM t WHERE k = ?");
        assertThat(body.path("params").get(0).asString()).isEqualTo("k1");
        assertThat(body.path("consistency").asString()).isEqualTo("EVENTUAL");
        assertThat(body.path("min_timestamp").asLong()).isEqualTo(8L);
    }

    @Test
    void writeWithoutMinTimestampOrParametersSendsNeither() throws Exception {
        SuiteClient client = clientFor(Reply.of(200, "{\"success\":true}"));

        client.query("INSERT INTO t VALUES (1)", List.of(), "STRONG", null);

        JsonNode body = server.received().get(0).body();
        assertThat(body.has("min_timestamp")).isFalse();
        assertThat(body.has("params")).isFalse();
        assertThat(body.path("consistency").asString()).isEqualTo("STRONG");
    }

    @Test
    void refusedWriteKeepsTheStatusAndTheCoordinatorsErrorCode() throws Exception {
        SuiteClient client = clientFor(Reply.of(503,
                "{\"success\":false,\"error\":\"QUORUM_NOT_REACHED\",\"message\":\"2 of 3 replicas\"}"));

        SuiteClient.Answer answer = client.query("INSERT INTO t VALUES (1)", List.of(), "STRONG", null);

        assertThat(answer.succeeded()).isFalse();
        assertThat(answer.errorKind()).isEqualTo("503 QUORUM_NOT_REACHED");
        assertThat(answer.message()).isEqualTo("2 of 3 replicas");
    }

    @Test
    void writeAnsweredWithoutJsonIsAFailureNamedByItsStatus() throws Exception {
        SuiteClient client = clientFor(Reply.of(502, "Bad Gateway"));

        SuiteClient.Answer answer = client.query("INSERT INTO t VALUES (1)", List.of(), "STRONG", null);

        assertThat(answer.succeeded()).isFalse();
        assertThat(answer.body()).isNull();
        assertThat(answer.errorKind()).isEqualTo("502");
        assertThat(answer.message()).isEmpty();
    }

    @Test
    void statusAndCurrentQuorumAreReadWithGet() throws Exception {
        SuiteClient client = clientFor(Reply.of(200, "{\"master\":\"db-1\",\"quorum\":2}"));

        assertThat(client.status().path("master").asString()).isEqualTo("db-1");
        assertThat(client.currentQuorum().path("quorum").asInt()).isEqualTo(2);
        assertThat(server.received()).extracting(FakeJsonServer.Received::method).containsExactly("GET", "GET");
        assertThat(server.received()).extracting(FakeJsonServer.Received::path)
                .containsExactly("/status", "/admin/current-quorum");
    }

    @Test
    void statusWithoutJsonIsAnIOException() throws Exception {
        SuiteClient client = clientFor(Reply.of(404, "Not Found"));

        assertThatThrownBy(client::status).isInstanceOf(IOException.class)
                .hasMessage("GET /status answered 404 without a JSON object");
    }

    @Test
    void writeAnsweredLaterThanTheTimeoutIsCountedAsTimeout() throws Exception {
        server = FakeJsonServer.start(new Reply(200, "{\"success\":true}", Duration.ofSeconds(6)));
        SuiteClient client = new SuiteClient(CoordinatorUrls.of(server.uri()), Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.query("INSERT INTO t VALUES (1)", List.of(), "STRONG", null))
                .isInstanceOf(HttpTimeoutException.class);
        Outcome outcome = hotUpdater(client).perform(1);
        assertThat(outcome.errorKind()).isEqualTo("timeout");
    }

    @Test
    void refusedConnectionIsCountedAsConnectException() throws Exception {
        SuiteClient client = new SuiteClient(CoordinatorUrls.of(URI.create("http://127.0.0.1:" + FakeJsonServer.closedPort())), TIMEOUT);

        Outcome outcome = hotUpdater(client).perform(1);

        assertThat(outcome.errorKind()).isEqualTo("ConnectException");
    }

    /** A writer whose odd operations update a hot row, so they need no ack log. */
    private static KeyedWriter hotUpdater(SuiteClient client) {
        return new KeyedWriter(client, null, "run", "scenario", 0, "STRONG", true);
    }
}
