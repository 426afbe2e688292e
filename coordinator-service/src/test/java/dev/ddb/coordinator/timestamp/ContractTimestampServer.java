package dev.ddb.coordinator.timestamp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A real HTTP server speaking timestamp-service's contract ({@code GET /timestamp?floor=F&count=C}, server k of N
 * issues k, k + N, ...), so the client is tested over sockets without this module depending on timestamp-service.
 * It can be stopped and started again on the same port, and told to misbehave.
 */
public final class ContractTimestampServer implements AutoCloseable {

    enum Behaviour { CORRECT, UNAVAILABLE, GARBAGE, BELOW_FLOOR, SLOW }

    private static final long SLOW_ANSWER_MILLIS = 2_000;

    private final int index;
    private final int serverCount;
    private int port;
    private HttpServer http;
    private final Object issuing = new Object();
    private long lastIssued;
    private volatile Behaviour behaviour = Behaviour.CORRECT;

    public ContractTimestampServer(int index, int serverCount) {
        this.index = index;
        this.serverCount = serverCount;
    }

    /** Listens on a free port the first time and on the same port afterwards; does nothing while running. */
    public synchronized ContractTimestampServer start() {
        if (http != null) {
            return this;
        }
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/timestamp", this::handle);
        http.start();
        port = http.getAddress().getPort();
        return this;
    }

    public synchronized void stop() {
        if (http != null) {
            http.stop(0);
            http = null;
        }
    }

    void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    String serverId() {
        return "timestamp-" + index;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Not synchronized on {@code this}: {@link #stop()} waits for the dispatcher thread that runs this handler. */
    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            long floor;
            int count;
            try {
                floor = Long.parseLong(query.getOrDefault("floor", "0"));
                count = Integer.parseInt(query.getOrDefault("count", "1"));
            } catch (NumberFormatException e) {
                respond(exchange, 400, "{\"success\":false,\"error\":\"INVALID_PARAMETER\",\"message\":\"not a number\"}");
                return;
            }
            if (floor < 0 || count < 1) {
                respond(exchange, 400, "{\"success\":false,\"error\":\"INVALID_PARAMETER\",\"message\":\"out of range\"}");
                return;
            }
            switch (behaviour) {
                case UNAVAILABLE -> respond(exchange, 503,
                        "{\"success\":false,\"error\":\"RESERVATION_NOT_PERSISTED\",\"message\":\"disk full\"}");
                case GARBAGE -> respond(exchange, 200, "{\"timestamp\": 12, \"server_id\": ");
                case BELOW_FLOOR -> respond(exchange, 200, answer(floor, floor, count));
                case CORRECT -> respond(exchange, 200, issue(floor, count));
                case SLOW -> {
                    sleepBeforeAnswering();
                    respond(exchange, 200, issue(floor, count));
                }
            }
        }
    }

    private static void sleepBeforeAnswering() {
        try {
            Thread.sleep(SLOW_ANSWER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String issue(long floor, int count) {
        synchronized (issuing) {
            long first = firstAbove(Math.max(lastIssued, floor));
            lastIssued = first + (count - 1L) * serverCount;
            return answer(first, lastIssued, count);
        }
    }

    private String answer(long first, long last, int count) {
        return "{\"timestamp\":" + first + ",\"server_id\":\"" + serverId() + "\",\"first\":" + first
                + ",\"last\":" + last + ",\"count\":" + count + "}";
    }

    private long firstAbove(long value) {
        if (value < index) {
            return index;
        }
        return index + ((value - index) / serverCount + 1) * serverCount;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
        }
        return parameters;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        stop();
    }
}
