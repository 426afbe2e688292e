package dev.ddb.coordinator.quorum;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a loopback port answering one path with a status and body the test sets, and remembering the
 * bodies it was sent; it stands in for cabinet-service or metrics-service. Stopped and started again, it keeps its port.
 */
final class StandInServer implements AutoCloseable {

    record Reply(int status, String body) {
    }

    private final String path;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile Reply reply;
    private int port;
    private HttpServer http;

    StandInServer(String path, Reply reply) {
        this.path = path;
        this.reply = reply;
    }

    synchronized StandInServer start() {
        if (http != null) {
            return this;
        }
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext(path, this::handle);
        http.start();
        port = http.getAddress().getPort();
        return this;
    }

    synchronized void stop() {
        if (http != null) {
            http.stop(0);
            http = null;
        }
    }

    void answer(Reply reply) {
        this.reply = reply;
    }

    List<String> received() {
        return received;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Reply now = reply;
            byte[] bytes = now.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(now.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A {@code /select-quorum} answer as cabinet-service writes it, n = 4 and t = 1 with the paper's weights. */
    static Reply paperWeights(String master) {
        return new Reply(200, """
                {"quorum":["%s","instance-2"],"quorum_size":2,"total_replicas":4,
                 "weights":{"%s":6.219352719,"instance-2":3.381921,"instance-4":1.839,"instance-3":1},
                 "threshold":6.2201368595,"ratio":1.839,"failure_threshold":1,"master":"%s",
                 "total_weight":12.440273719}""".formatted(master, master, master));
    }
}
