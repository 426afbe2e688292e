package dev.ddb.stress.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.auth.SuiteCredentials;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's own command, unchanged: {@code ./ddb up} starts two coordinators, one leads, either takes writes, and
 * when the leader is killed the other takes over, as the README's demo shows. (LocalSuiteTest checks one suite's
 * behaviour with a single coordinator.)
 */
class TwoCoordinatorSuiteTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int[] PORTS = {3307, 3308, 3309, 3310, 9000, 9001, 9002, 9003, 9004, 9005, 9010};
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path runDir;

    private static int offset = -1;

    @AfterAll
    static void down() throws Exception {
        if (offset >= 0) {
            ddb("down");
        }
    }

    @Test
    void upStartsTwoCoordinatorsOneLeadsEitherTakesWritesAndTheOtherTakesOverFromAKilledLeader() throws Exception {
        offset = freeOffset();
        String up = ddb("up");
        assertThat(up).containsPattern("(?m)^coordinator-1\\s+\\S+\\s+\\d+\\s+\\d+\\s+healthy")
                .containsPattern("(?m)^coordinator-2\\s+\\S+\\s+\\d+\\s+\\d+\\s+healthy");
        String admin = SuiteCredentials.loadOrCreate(runDir.resolve(SuiteCredentials.FILE_NAME)).adminAuthorization();
        int first = 9000 + offset;
        int second = 9010 + offset;

        JsonNode status = await("both coordinators answer and one leads", () -> get(first, "/status", admin),
                s -> s.path("leader").isString() && s.path("coordinators").size() == 2
                        && allAlive(s.path("coordinators")));
        String leader = status.path("leader").asString();
        String other = leader.equals("coordinator-1") ? "coordinator-2" : "coordinator-1";
        assertThat(get(second, "/status", admin).path("leader").asString()).isEqualTo(leader);

        assertThat(query(first, "CREATE TABLE two_coordinators (id INT PRIMARY KEY, via VARCHAR(20))")).isEqualTo(200);
        assertThat(query(first, "INSERT INTO two_coordinators VALUES (1, 'coordinator-1')")).isEqualTo(200);
        assertThat(query(second, "INSERT INTO two_coordinators VALUES (2, 'coordinator-2')")).isEqualTo(200);

        ddb("kill", leader);
        int survivor = other.equals("coordinator-1") ? first : second;
        await(other + " leads once " + leader + " was killed", () -> get(survivor, "/status", admin),
                s -> other.equals(s.path("leader").asString()));
        await("a write through " + other + " succeeds", () -> query(survivor, "INSERT INTO two_coordinators VALUES (3,"
                + " 'after the kill') ON DUPLICATE KEY UPDATE via = via"), code -> code == 200);

        ddb("start", leader);
        await(leader + " is back, as a follower", () -> get(survivor, "/status", admin),
                s -> other.equals(s.path("leader").asString()) && allAlive(s.path("coordinators")));
    }

    private static boolean allAlive(JsonNode coordinators) {
        for (JsonNode coordinator : coordinators) {
            if (!coordinator.path("alive").asBoolean(false)) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode get(int port, String path, String authorization) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", authorization).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(answer.body());
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode().put("unanswered", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A STRONG statement sent from loopback, which needs no credentials for /query; the HTTP status. */
    private static int query(int port, String sql) {
        String body = JSON.writeValueAsString(Map.of("query", sql, "consistency", "STRONG"));
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/query"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(String what, java.util.function.Supplier<T> probe, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        T seen = probe.get();
        while (!done.test(seen) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            seen = probe.get();
        }
        assertThat(done.test(seen)).as(what + "; last seen: " + seen).isTrue();
        return seen;
    }

    private static String ddb(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("ddb").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("ddb-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // No AOT cache: recording one costs a training run and a restart, and LocalSuiteTest already covers it. No
        // warm-up either, for the same reason.
        builder.environment().putAll(Map.of("DDB_RUN_DIR", runDir.toString(), "DDB_PORT_OFFSET", Integer.toString(offset),
                "DDB_AOT", "off", "DDB_WARMUP_SECONDS", "0"));
        builder.environment().remove("DDB_COORDINATORS");
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
        throw new IllegalStateException("no free block of ports for the two-coordinator suite");
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
