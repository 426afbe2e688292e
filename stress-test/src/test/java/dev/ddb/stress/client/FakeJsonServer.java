package dev.ddb.stress.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small in-process HTTP server standing in for one of the suite's services: it answers every request with one
 * fixed reply, or with what a {@link Responder} makes of the request, and records what it received and from which
 * client ports.
 */
public final class FakeJsonServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the server answers: status, body (sent as JSON when it starts with a brace), and how long it waits first. */
    public record Reply(int status, String body, Duration delay) {

        public static Reply of(int status, String body) {
            return new Reply(status, body, Duration.ZERO);
        }
    }

    /**
     * @param body the request body as JSON, or null when there was none
     * @param authorization the {@code Authorization} header, or null
     */
    public record Received(String method, String path, String contentType, JsonNode body, String authorization) {
    }

    /** Answers one request; called on the server's threads, so it must be thread-safe. */
    @FunctionalInterface
    public interface Responder {
        Reply answer(Received request);
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final ExecutorService executor;

    private FakeJsonServer(Responder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, responder));
        server.start();
    }

    public static FakeJsonServer start(Reply reply) throws IOException {
        return new FakeJsonServer(request -> reply);
    }

    public static FakeJsonServer start(Responder responder) throws IOException {
        return new FakeJsonServer(responder);
    }

    /** A loopback port nobody listens on, so connecting to it is refused. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The base URL, with a trailing slash as users tend to type it. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public List<Received> received() {
        return received;
    }

    /** The client ports requests came from: one per connection the client opened. */
    public Set<Integer> clientPorts() {
        return clientPorts;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void answer(HttpExchange exchange, Responder responder) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                requestBody.length == 0 ? null : JSON.readTree(requestBody),
                exchange.getRequestHeaders().getFirst("Authorization"));
        received.add(request);
        clientPorts.add(exchange.getRemoteAddress().getPort());
        Reply reply = responder.answer(request);
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
