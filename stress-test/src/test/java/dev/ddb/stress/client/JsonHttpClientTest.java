package dev.ddb.stress.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.stress.client.FakeJsonServer.Reply;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared transport against a small in-process server. */
class JsonHttpClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final JsonHttpClient client = new JsonHttpClient(TIMEOUT);
    private FakeJsonServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void getReturnsTheStatusTheParsedObjectAndTheText() throws Exception {
        server = FakeJsonServer.start(Reply.of(200, "{\"timestamp\":41,\"server_id\":\"ts-1\"}"));

        JsonHttpClient.Reply reply = client.get(server.uri().resolve("/timestamp"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("timestamp").asLong()).isEqualTo(41);
        assertThat(reply.text()).isEqualTo("{\"timestamp\":41,\"server_id\":\"ts-1\"}");
        assertThat(server.received()).hasSize(1);
        assertThat(server.received().get(0).method()).isEqualTo("GET");
        assertThat(server.received().get(0).path()).isEqualTo("/timestamp");
    }

    @Test
    void postSendsTheBytesAsJson() throws Exception {
        server = FakeJsonServer.start(Reply.of(201, "{\"success\":true}"));

        JsonHttpClient.Reply reply = client.post(server.uri().resolve("/query"),
                "{\"query\":\"SELECT 1\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(201);
        FakeJsonServer.Received request = server.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/query");
        assertThat(request.contentType()).startsWith("application/json");
        assertThat(request.body().path("query").asString()).isEqualTo("SELECT 1");
    }

    @Test
    void answerThatIsNotJsonHasNoBodyButKeepsItsText() throws Exception {
        server = FakeJsonServer.start(Reply.of(502, "Bad Gateway"));

        JsonHttpClient.Reply reply = client.get(server.uri());

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.body()).isNull();
        assertThat(reply.text()).isEqualTo("Bad Gateway");
    }

    @Test
    void jsonThatIsNotAnObjectHasNoBody() throws Exception {
        server = FakeJsonServer.start(Reply.of(200, "[1,2,3]"));

        JsonHttpClient.Reply reply = client.get(server.uri());

        assertThat(reply.body()).isNull();
        assertThat(reply.text()).isEqualTo("[1,2,3]");
    }

    @Test
    void successiveRequestsReuseOneConnection() throws Exception {
        server = FakeJsonServer.start(Reply.of(200, "{\"success\":true}"));

        for (int i = 0; i < 10; i++) {
            client.get(server.uri().resolve("/status"));
            client.post(server.uri().resolve("/query"), "{}".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(server.received()).hasSize(20);
        assertThat(server.clientPorts()).hasSize(1);
    }

    @Test
    void answerLaterThanTheTimeoutIsAnHttpTimeoutException() throws Exception {
        server = FakeJsonServer.start(new Reply(200, "{\"success\":true}", Duration.ofSeconds(6)));
        JsonHttpClient impatient = new JsonHttpClient(Duration.ofSeconds(2));

        assertThatThrownBy(() -> impatient.get(server.uri())).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void refusedConnectionIsAConnectException() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + FakeJsonServer.closedPort() + "/status");

        assertThatThrownBy(() -> client.get(nobody)).isInstanceOf(ConnectException.class);
    }

    @Test
    void interruptedCallerSendsNothing() throws Exception {
        server = FakeJsonServer.start(Reply.of(200, "{\"success\":true}"));

        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> client.get(server.uri())).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(client.get(server.uri()).status()).isEqualTo(200);
        assertThat(server.received()).hasSize(1);
    }
}
