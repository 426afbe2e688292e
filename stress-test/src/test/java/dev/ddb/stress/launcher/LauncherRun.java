package dev.ddb.stress.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@code ./ddb} launcher run the way the README tells a user to, in a run directory of the test's, on a block
 * of shifted ports found free, without AOT caches or warm-up (LocalSuiteTest covers both), plus the HTTP calls the
 * suite tests make against what it started.
 */
final class LauncherRun {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int[] PORTS = {3307, 3308, 3309, 3310, 9000, 9001, 9002, 9003, 9004, 9005, 9010};
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: its HTTP status and JSON body (a node saying why when there was none). */
    record Answer(int status, JsonNode body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final Path runDir;
    private final int offset;
    private final Map<String, String> environment;

    /** @param environment added to the launcher's environment, such as {@code DDB_REPLICATION_MODE} */
    LauncherRun(Path runDir, Map<String, String> environment) {
        this.runDir = runDir;
        this.offset = freeOffset();
        this.environment = Map.copyOf(environment);
    }

    Path runDir() {
        return runDir;
    }

    /** The port {@code defaultPort} is shifted to. */
    int port(int defaultPort) {
        return defaultPort + offset;
    }

    String ddb(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("ddb").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("ddb-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = new HashMap<>(Map.of("DDB_RUN_DIR", runDir.toString(), "DDB_PORT_OFFSET",
                Integer.toString(offset), "DDB_AOT", "off", "DDB_WARMUP_SECONDS", "0"));
        env.putAll(environment);
        builder.environment().remove("DDB_COORDINATORS");
        builder.environment().remove("DDB_REPLICATION_MODE");
        builder.environment().putAll(env);
        Process process = builder.start();
        // Eight JVMs and four servers starting on a busy 2-core machine took more than 4 minutes.
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./ddb " + String.join(" ", args) + " did not finish");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("./ddb %s: %s", String.join(" ", args), text).isZero();
        return text;
    }

    Answer get(int port, String path, String authorization) {
        return send(HttpRequest.newBuilder(uri(port, path)).header("Authorization", authorization).GET());
    }

    Answer post(int port, String path, String json, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** A statement sent from loopback, which needs no credentials for /query. */
    Answer query(int port, String sql, String consistency) {
        return post(port, "/query", JSON.writeValueAsString(Map.of("query", sql, "consistency", consistency)), null);
    }

    private URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> answer = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = JSON.readTree(answer.body());
            } catch (RuntimeException notJson) {
                body = JSON.createObjectNode().put("text", answer.body());
            }
            return new Answer(answer.statusCode(), body);
        } catch (IOException | RuntimeException e) {
            return new Answer(-1, JSON.createObjectNode().put("unanswered", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        T seen = probe.get();
        while (!done.test(seen) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            seen = probe.get();
        }
        assertThat(done.test(seen)).as(what + "; last seen: " + seen).isTrue();
        return seen;
    }

    /** A block of ports below Linux's ephemeral range where every port of the suite is free. */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = 10_000 + ThreadLocalRandom.current().nextInt(0, 130) * 100;
            boolean free = true;
            for (int port : PORTS) {
                free &= !listening(port + candidate);
            }
            if (free) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free block of ports for the suite");
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
