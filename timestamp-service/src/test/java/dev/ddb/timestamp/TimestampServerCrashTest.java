package dev.ddb.timestamp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real child JVMs killed with SIGKILL while clients are taking timestamps, then restarted on the same state. */
class TimestampServerCrashTest {

    private static final int CRASHES = 2;
    private static final int CLIENTS = 4;
    private static final int VALUES_BEFORE_CRASH = 2_000;
    private static final int BLOCK_SIZE = 3;

    @TempDir
    Path workDir;

    @ParameterizedTest(name = "server {0} of 2")
    @ValueSource(ints = {1, 2})
    void afterEverySigkillTheRestartedServerIssuesAboveEveryValueIssuedBefore(int serverIndex) throws Exception {
        Map<String, String> environment = Map.of(
                "TIMESTAMP_SERVER_INDEX", String.valueOf(serverIndex),
                "TIMESTAMP_SERVER_COUNT", "2",
                "TIMESTAMP_STATE_DIR", workDir.resolve("state").toString(),
                // Small reservations put a reservation write close to the moment of every kill.
                "TIMESTAMP_RESERVATION_SIZE", "7");
        long highestBefore = 0;
        for (int run = 0; run <= CRASHES; run++) {
            try (TimestampServerProcess server = TimestampServerProcess.start(environment,
                    workDir.resolve("run-" + run + ".log"))) {
                List<Long> seen = run < CRASHES ? takeUntilKilled(server) : takeSome(server);

                assertThat(seen).as("run %d", run).isNotEmpty()
                        .allSatisfy(value -> assertThat(value).isGreaterThan(0).matches(v -> v % 2 == serverIndex % 2));
                assertThat(seen.stream().mapToLong(Long::longValue).min().orElseThrow())
                        .as("lowest value after restart %d, see %s", run, server.log())
                        .isGreaterThan(highestBefore);
                highestBefore = seen.stream().mapToLong(Long::longValue).max().orElseThrow();
            }
        }
    }

    private static List<Long> takeSome(TimestampServerProcess server) throws IOException {
        TimestampClient client = new TimestampClient(server.port());
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            values.addAll(expand(client.get(i % 2 == 0 ? "/timestamp" : "/timestamp?count=" + BLOCK_SIZE)));
        }
        return values;
    }

    /** Values answered by clients that keep asking until the server is killed under them. */
    private static List<Long> takeUntilKilled(TimestampServerProcess server) throws Exception {
        TimestampClient client = new TimestampClient(server.port());
        Queue<Long> seen = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failuresBeforeKill = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            boolean blocks = c % 2 == 1;
            Thread thread = new Thread(() -> {
                while (!killed.get()) {
                    try {
                        seen.addAll(expand(client.get(blocks ? "/timestamp?count=" + BLOCK_SIZE : "/timestamp")));
                    } catch (IOException | RuntimeException e) {
                        if (!killed.get()) {
                            failuresBeforeKill.add(e);
                        }
                        return;
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        while (seen.size() < VALUES_BEFORE_CRASH && failuresBeforeKill.isEmpty()) {
            Thread.sleep(5);
        }
        killed.set(true);
        server.kill();
        for (Thread thread : clients) {
            thread.join();
        }
        assertThat(failuresBeforeKill).isEmpty();
        return new ArrayList<>(seen);
    }

    private static List<Long> expand(TimestampClient.Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("answered " + answer.status() + " " + answer.body());
        }
        if (answer.body().get("count") == null) {
            return List.of(answer.body().get("timestamp").asLong());
        }
        List<Long> values = new ArrayList<>();
        for (long v = answer.body().get("first").asLong(); v <= answer.body().get("last").asLong(); v += 2) {
            values.add(v);
        }
        return values;
    }
}
