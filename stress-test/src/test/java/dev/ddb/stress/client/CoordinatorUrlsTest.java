package dev.ddb.stress.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.stress.client.FakeJsonServer.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failover between coordinators, against in-process servers on 127.0.0.1: one refusing, breaking or leaderless. */
class CoordinatorUrlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String OK = "{\"success\":true,\"message\":\"Write successful\",\"timestamp\":7}";
    private static final String NO_LEADER = "{\"success\":false,\"error\":\"NO_LEADER\",\"message\":\"no leader known\"}";

    private final List<AutoCloseable> servers = new CopyOnWriteArrayList<>();
    private final List<String> switches = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    @Test
    void aRefusedConnectionSendsTheSameRequestToTheNextCoordinatorAndLaterRequestsGoThereFirst() throws Exception {
        URI refusing = closedUrl();
        FakeJsonServer answering = serve(Reply.of(200, OK));
        CoordinatorClient client = client(refusing, answering.uri());

        assertThat(client.query("INSERT INTO t VALUES (1)", List.of(), "STRONG").succeeded()).isTrue();
        assertThat(client.query("INSERT INTO t VALUES (2)", List.of(), "STRONG").succeeded()).isTrue();

        assertThat(answering.received()).hasSize(2);
        assertThat(client.base()).isEqualTo(base(answering));
        assertThat(switches).singleElement().asString()
                .startsWith("coordinator " + refusing + " did not answer (")
                .endsWith("; using " + base(answering));
    }

    @Test
    void aNoLeaderAnswerSendsTheSameRequestToTheNextCoordinator() throws Exception {
        FakeJsonServer leaderless = serve(Reply.of(503, NO_LEADER));
        FakeJsonServer answering = serve(Reply.of(200, OK));
        CoordinatorClient client = client(leaderless.uri(), answering.uri());

        CoordinatorClient.Answer answer = client.query("INSERT INTO t VALUES (1)", List.of(), "STRONG");

        assertThat(answer.succeeded()).isTrue();
        assertThat(leaderless.received()).hasSize(1);
        assertThat(answering.received()).hasSize(1);
        assertThat(switches).singleElement().asString()
                .isEqualTo("coordinator " + base(leaderless) + " answered 503 NO_LEADER; using " + base(answering));
    }

    @Test
    void whenNoCoordinatorKnowsALeaderTheLastAnswerIsTheResult() throws Exception {
        FakeJsonServer first = serve(Reply.of(503, NO_LEADER));
        FakeJsonServer second = serve(Reply.of(503, NO_LEADER));

        CoordinatorClient.Answer answer = client(first.uri(), second.uri()).query("SELECT 1", List.of(), "STRONG");

        assertThat(answer.errorKind()).isEqualTo("503 NO_LEADER");
        assertThat(first.received()).hasSize(1);
        assertThat(second.received()).hasSize(1);
    }

    @Test
    void aWriteWhoseConnectionBrokeAfterItWasSentIsNotSentAgainButTheNextRequestGoesToTheNextCoordinator()
            throws Exception {
        BreakingServer breaking = breaking();
        FakeJsonServer answering = serve(Reply.of(200, OK));
        CoordinatorClient client = client(breaking.uri(), answering.uri());

        assertThatThrownBy(() -> client.query("INSERT INTO t VALUES (1)", List.of(), "STRONG"))
                .isInstanceOf(IOException.class).isNotInstanceOf(ConnectException.class);
        assertThat(breaking.requests()).isEqualTo(1);
        assertThat(answering.received()).isEmpty();

        assertThat(client.query("INSERT INTO t VALUES (2)", List.of(), "STRONG").succeeded()).isTrue();
        assertThat(answering.received()).singleElement()
                .satisfies(request -> assertThat(request.body().path("query").asString()).isEqualTo("INSERT INTO t VALUES (2)"));
        assertThat(switches).singleElement().asString().endsWith("; using " + base(answering));
    }

    @Test
    void aReadWhoseConnectionBrokeIsAskedOfTheNextCoordinator() throws Exception {
        BreakingServer breaking = breaking();
        FakeJsonServer answering = serve(Reply.of(200, "{\"epoch\":3}"));
        CoordinatorClient client = client(breaking.uri(), answering.uri());

        CoordinatorClient.Answer status = client.get("/status");

        assertThat(status.body().path("epoch").asInt()).isEqualTo(3);
        assertThat(breaking.requests()).isEqualTo(1);
        assertThat(answering.received()).singleElement().satisfies(request -> assertThat(request.path()).isEqualTo("/status"));
    }

    @Test
    void whenEveryCoordinatorRefusesTheLastRefusalIsThrownWithTheOthersInIt() throws Exception {
        CoordinatorClient client = client(closedUrl(), closedUrl());

        assertThatThrownBy(() -> client.query("SELECT 1", List.of(), "STRONG"))
                .isInstanceOf(ConnectException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    @Test
    void aClientThreadsOwnConnectionMovesOnToTheNextCoordinatorToo() throws Exception {
        URI refusing = closedUrl();
        FakeJsonServer answering = serve(Reply.of(200, OK));
        CoordinatorClient client = client(refusing, answering.uri());

        try (CoordinatorClient.Connection connection = client.connection()) {
            assertThat(connection.query("INSERT INTO t VALUES (?)", List.of(1), "STRONG").succeeded()).isTrue();
            assertThat(connection.query("INSERT INTO t VALUES (?)", List.of(2), "STRONG").succeeded()).isTrue();
        }

        assertThat(answering.received()).hasSize(2);
        assertThat(answering.clientPorts()).as("one kept-alive connection").hasSize(1);
    }

    @Test
    void aListNamesTheUrlThatIsWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> CoordinatorUrls.parse("http://127.0.0.1:9000,localhost:9010"))
                .withMessage("'localhost:9010' is not an http:// URL with a host, e.g. http://127.0.0.1:9000");
        assertThatIllegalArgumentException().isThrownBy(() -> CoordinatorUrls.parse("http://127.0.0.1:9000,,http://b:1"))
                .withMessageContaining("has an empty URL");
    }

    @Test
    void urlsKeepTheirOrderWithoutTrailingSlashesAndTheFirstIsCurrent() {
        CoordinatorUrls urls = CoordinatorUrls.parse("http://127.0.0.1:9000/, http://127.0.0.1:9010");

        assertThat(urls.all()).containsExactly(URI.create("http://127.0.0.1:9000"), URI.create("http://127.0.0.1:9010"));
        assertThat(urls.current()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(urls).hasToString("http://127.0.0.1:9000,http://127.0.0.1:9010");
        assertThat(urls.describe()).isEqualTo("the coordinators at http://127.0.0.1:9000, http://127.0.0.1:9010");
    }

    private CoordinatorClient client(URI... urls) {
        return new CoordinatorClient(CoordinatorUrls.of(urls).reportSwitchesTo(switches::add), TIMEOUT, Optional.empty());
    }

    private FakeJsonServer serve(Reply reply) throws IOException {
        FakeJsonServer server = FakeJsonServer.start(reply);
        servers.add(server);
        return server;
    }

    private static URI closedUrl() throws IOException {
        return URI.create("http://127.0.0.1:" + FakeJsonServer.closedPort());
    }

    private static String base(FakeJsonServer server) {
        String uri = server.uri().toString();
        return uri.substring(0, uri.length() - 1);
    }

    private BreakingServer breaking() throws IOException {
        BreakingServer server = new BreakingServer();
        servers.add(server);
        return server;
    }

    /** Accepts each connection, reads the start of the request, and resets the connection without answering. */
    private static final class BreakingServer implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger requests = new AtomicInteger();
        private final Thread acceptor = new Thread(this::serve, "breaking-server");

        BreakingServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        int requests() {
            return requests.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    InputStream in = connection.getInputStream();
                    if (in.read(new byte[8192]) > 0) {
                        requests.incrementAndGet();
                    }
                    connection.setSoLinger(true, 0);
                } catch (IOException closed) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
