package dev.ddb.seer.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A real HTTP server speaking metrics-service's contract ({@code GET /metrics}), so seer-service is tested over
 * sockets without depending on metrics-service. Every entry carries fields SEER does not read, as the real one does.
 * It can be stopped and started again on the same port, and told to fail or to answer garbage.
 */
public final class ContractMetricsServer implements AutoCloseable {

    public enum Behaviour {
        SERVING,
        /** HTTP 503 with an error body. */
        FAILING,
        /** HTTP 503 once, then serving. */
        FAILING_ONCE,
        /** HTTP 200 with a body cut off mid-way. */
        GARBAGE
    }

    private int port;
    private HttpServer http;
    private volatile Behaviour behaviour = Behaviour.SERVING;
    private volatile List<Replica> replicas = List.of();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String lastAuthorization;

    /** Listens on a free port the first time and on the same port afterwards; does nothing while running. */
    public synchronized ContractMetricsServer start() {
        if (http != null) {
            return this;
        }
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/metrics", this::handle);
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

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    public void report(Replica... replicas) {
        this.replicas = List.of(replicas);
    }

    /** How many {@code GET /metrics} requests arrived. */
    public int requests() {
        return requests.get();
    }

    /** The {@code Authorization} header of the latest request, null when it had none. */
    public String lastAuthorization() {
        return lastAuthorization;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            switch (behaviour) {
                case SERVING -> respond(exchange, 200, body());
                case FAILING -> respond(exchange, 503, "{\"success\":false,\"error\":\"NOT_READY\",\"message\":\"x\"}");
                case FAILING_ONCE -> {
                    behaviour = Behaviour.SERVING;
                    respond(exchange, 503, "{\"success\":false,\"error\":\"NOT_READY\",\"message\":\"x\"}");
                }
                case GARBAGE -> respond(exchange, 200, "{\"replicas\": [{\"replica_id\": \"instance-2\", \"late");
            }
        }
    }

    private String body() {
        return "{\"replicas\":[" + replicas.stream().map(Replica::json).collect(Collectors.joining(","))
                + "],\"master_timestamp\":42,\"collected_by\":\"stand-in\"}";
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

    /** One instance as metrics-service reports it; null numbers are sent as JSON null. */
    public record Replica(String id, Double latencyMs, Double avgLatencyMs, Long uptimeSeconds, Long crashCount,
                          Long replicationLag, boolean healthy, boolean master) {

        /** A healthy replica whose last poll (three times the average) differs from its moving average. */
        public static Replica healthy(String id, double avgLatencyMs, long uptimeSeconds, long crashCount,
                                      long replicationLag) {
            return new Replica(id, avgLatencyMs * 3, avgLatencyMs, uptimeSeconds, crashCount, replicationLag, true,
                    false);
        }

        public Replica asMaster() {
            return new Replica(id, latencyMs, avgLatencyMs, uptimeSeconds, crashCount, replicationLag, healthy, true);
        }

        public Replica unhealthy() {
            return new Replica(id, latencyMs, avgLatencyMs, uptimeSeconds, crashCount, replicationLag, false, master);
        }

        /** As an instance metrics-service has never reached: no latency, uptime or lag. */
        public Replica withoutNumbers() {
            return new Replica(id, null, null, null, crashCount, null, healthy, master);
        }

        /** As from a collector that keeps no moving average. */
        public Replica withoutAverage() {
            return new Replica(id, latencyMs, null, uptimeSeconds, crashCount, replicationLag, healthy, master);
        }

        String json() {
            return "{\"replica_id\":\"" + id + "\",\"latency_ms\":" + latencyMs + ",\"avg_latency_ms\":" + avgLatencyMs
                    + ",\"replication_lag\":" + replicationLag + ",\"applied_ts\":40,\"uptime_seconds\":" + uptimeSeconds
                    + ",\"crash_count\":" + crashCount + ",\"last_updated\":\"2026-11-22T05:00:00Z\",\"is_healthy\":"
                    + healthy + ",\"is_master\":" + master + ",\"epoch\":1,\"observed_apply_latency_ms\":null}";
        }
    }
}
