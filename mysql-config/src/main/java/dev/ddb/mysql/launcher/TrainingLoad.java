package dev.ddb.mysql.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The load that warms the services at the end of every {@code up}, and that of the training run that records their AOT
 * caches: single-row STRONG INSERTs with parameters, the
 * benchmarks' statement, and reads of the rows written, sent through every coordinator from a few clients, into a
 * table of its own that it drops afterwards. A JVM that records keeps the profiles of the methods this load made hot
 * (JEP 515), so a later start compiles the write path at once instead of after thousands of requests; the warm-up
 * makes the JIT compile it before the first client's request. Best effort: a request that fails only makes the
 * profiles thinner.
 */
final class TrainingLoad {

    static final String TABLE = "ddb_aot_training";
    private static final int CLIENTS = 64;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A coordinator that has just started may not know its leader yet. */
    private static final Duration SETUP_PATIENCE = Duration.ofSeconds(60);

    private final List<String> coordinatorUrls;
    private final String authorization;
    private static final Pattern ERROR_CODE = Pattern.compile("\"error\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, AtomicLong> failureKinds = new ConcurrentHashMap<>();

    TrainingLoad(List<String> coordinatorUrls, String authorization) {
        this.coordinatorUrls = List.copyOf(coordinatorUrls);
        this.authorization = authorization;
    }

    /** What the load did; {@code failuresByKind} counts the failed requests by HTTP status and error code, or exception. */
    record Outcome(long writes, long reads, long failures, Map<String, Long> failuresByKind) {

        /** The failures by kind, most frequent first, for a person to read; empty if there were none. */
        String describeFailures() {
            return failuresByKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(kind -> kind.getKey() + ": " + kind.getValue()).collect(Collectors.joining(", "));
        }
    }

    Outcome run(Duration duration) throws InterruptedException {
        if (duration.isZero() || !setUp()) {
            return new Outcome(0, 0, 0, Map.of());
        }
        AtomicLong writes = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            String url = coordinatorUrls.get(client % coordinatorUrls.size());
            String prefix = "aot-" + ProcessHandle.current().pid() + "-" + client + "-";
            Thread thread = new Thread(() -> {
                for (long i = 1; System.nanoTime() < end; i++) {
                    String params = "[\"" + prefix + i + "\"," + i + "]";
                    count(send(url, "INSERT INTO " + TABLE + " (k, v) VALUES (?, ?)", params, "STRONG"), writes, failures);
                    if (i % 4 == 0) {
                        count(send(url, "SELECT v FROM " + TABLE + " WHERE k = ?", "[\"" + prefix + (i - 1) + "\"]",
                                "EVENTUAL"), reads, failures);
                    }
                }
            }, "ddb-aot-training-" + client);
            thread.setDaemon(true);
            thread.start();
            clients.add(thread);
        }
        for (Thread client : clients) {
            client.join();
        }
        send(coordinatorUrls.get(0), "DROP TABLE IF EXISTS " + TABLE, "[]", "STRONG");
        Map<String, Long> byKind = new TreeMap<>();
        failureKinds.forEach((kind, count) -> byKind.put(kind, count.get()));
        return new Outcome(writes.get(), reads.get(), failures.get(), byKind);
    }

    private boolean setUp() throws InterruptedException {
        long end = System.nanoTime() + SETUP_PATIENCE.toNanos();
        while (System.nanoTime() < end) {
            if (send(coordinatorUrls.get(0), "CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " k VARCHAR(64) NOT NULL UNIQUE, v INT NOT NULL)", "[]", "STRONG")) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private void failed(String kind) {
        failureKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private static void count(boolean succeeded, AtomicLong successes, AtomicLong failures) {
        (succeeded ? successes : failures).incrementAndGet();
    }

    /** Whether the coordinator answered 200 with {@code "success":true}; otherwise the failure's kind is counted. */
    private boolean send(String url, String sql, String params, String consistency) {
        String body = "{\"query\":\"" + sql + "\",\"params\":" + params + ",\"consistency\":\"" + consistency + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/query")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("\"success\":true")) {
                return true;
            }
            Matcher code = ERROR_CODE.matcher(response.body());
            failed("HTTP " + response.statusCode() + (code.find() ? " " + code.group(1) : ""));
            return false;
        } catch (IOException e) {
            failed(e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
