package dev.ddb.cabinet.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real HTTP server speaking metrics-service's contract ({@code GET /metrics}), so cabinet-service is tested over
 * sockets without depending on metrics-service. It can be stopped and started again on the same port, and told to
 * misbehave. Its answers carry fields cabinet-service does not read, as metrics-service's may.
 */
final class StandInMetricsServer implements AutoCloseable {

    enum Behaviour { CORRECT, UNAVAILABLE, GARBAGE, FAIL_ONCE, SLOW }

    /** One instance as metrics-service reports it. */
    record Instance(String id, double latencyMs, long lag, boolean healthy, boolean master, Double observedApplyMs) {

        static Instance master(String id, double latencyMs) {
            return new Instance(id, latencyMs, 0, true, true, null);
        }

        static Instance replica(String id, double latencyMs, long lag) {
            return new Instance(id, latencyMs, lag, true, false, null);
        }

        static Instance unhealthy(String id) {
            return new Instance(id, 0.4, 0, false, false, null);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"replica_id\": \"%s\", \"latency_ms\": %s, \"avg_latency_ms\": %s,"
                            + " \"replication_lag\": %d, \"applied_ts\": %d, \"uptime_seconds\": 300,"
                            + " \"crash_count\": 0, \"last_updated\": \"2026-11-22T05:00:00Z\", \"is_healthy\": %s,"
                            + " \"is_master\": %s, \"epoch\": 1, \"observed_apply_latency_ms\": %s}",
                    id, latencyMs * 2, latencyMs, lag, 42 - lag, healthy, master, observedApplyMs);
        }
    }

    private static final long SLOW_ANSWER_MILLIS = 5_000;

    private int port;
    private HttpServer http;
    private ExecutorService handlers;
    private volatile Behaviour behaviour = Behaviour.CORRECT;
    private volatile String body = "{\"replicas\": [], \"master_timestamp\": 42}";
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String lastAuthorization;

    /** Listens on a free port the first time and on the same port afterwards; does nothing while running. */
    synchronized StandInMetricsServer start() {
        if (http != null) {
            return this;
        }
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        handlers = Executors.newCachedThreadPool();
        http.setExecutor(handlers);
        http.createContext("/metrics", this::handle);
        http.start();
        port = http.getAddress().getPort();
        return this;
    }

    synchronized void stop() {
        if (http != null) {
            http.stop(0);
            handlers.shutdownNow();
            http = null;
        }
    }

    void serve(List<Instance> instances) {
        body = "{\"replicas\": [" + instances.stream().map(Instance::json).collect(Collectors.joining(", "))
                + "], \"master_timestamp\": 42, \"collector\": \"stand-in\"}";
    }

    void behave(Behaviour behaviour) {
        failuresLeft.set(behaviour == Behaviour.FAIL_ONCE ? 1 : 0);
        this.behaviour = behaviour;
    }

    int requests() {
        return requests.get();
    }

    /** The {@code Authorization} header of the latest request, null when it had none. */
    String lastAuthorization() {
        return lastAuthorization;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            switch (behaviour) {
                case UNAVAILABLE -> respond(exchange, 503, "{\"success\":false,\"error\":\"NOT_READY\"}");
                case GARBAGE -> respond(exchange, 200, "{\"replicas\": [{\"replica_id\": ");
                case FAIL_ONCE -> {
                    if (failuresLeft.getAndDecrement() > 0) {
                        respond(exchange, 503, "{\"success\":false,\"error\":\"NOT_READY\"}");
                    } else {
                        respond(exchange, 200, body);
                    }
                }
                case SLOW -> {
                    sleepBeforeAnswering();
                    respond(exchange, 200, body);
                }
                case CORRECT -> respond(exchange, 200, body);
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
