package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ddb.coordinator.testing.CoordinatorHttp;

/**
 * Concurrent clients writing through the coordinator, alternating EVENTUAL and STRONG: inserts
 * taking AUTO_INCREMENT ids with {@code NOW(6)}, {@code UUID()} and {@code RAND()} values,
 * {@code UPDATE ... SET n = (n * 2 + k) % p} on rows every client shares, and deletes of earlier
 * inserts. A test starts it, inflicts a failure once enough writes are answered, and collects
 * every answer.
 */
final class MixedWriteLoad {

    static final String EVENTS = "CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, client INT NOT NULL, "
            + "seq INT NOT NULL, at DATETIME(6) NOT NULL, token CHAR(36) NOT NULL, r DOUBLE NOT NULL)";
    static final String COUNTERS = "CREATE TABLE counters (id INT PRIMARY KEY, n BIGINT NOT NULL)";
    static final String SHARED_ROWS = "INSERT INTO counters VALUES (1, 1), (2, 1), (3, 1), (4, 1)";

    /** One write and how the coordinator answered it. */
    record Outcome(String sql, String consistency, CoordinatorHttp.Answer answer) {

        boolean inserted() {
            return sql.startsWith("INSERT INTO events");
        }
    }

    private final CoordinatorHttp coordinator;
    private final int clients;
    private final int writesPerClient;
    private final AtomicInteger answered = new AtomicInteger();
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();

    MixedWriteLoad(CoordinatorHttp coordinator, int clients, int writesPerClient) {
        this.coordinator = coordinator;
        this.clients = clients;
        this.writesPerClient = writesPerClient;
    }

    /** Creates the tables the load writes to, through the coordinator. */
    static void createTables(CoordinatorHttp coordinator) {
        for (String sql : List.of(EVENTS, COUNTERS, SHARED_ROWS)) {
            CoordinatorHttp.Answer answer = coordinator.query(sql, "STRONG");
            assertThat(answer.succeeded()).as("%s -> %s", sql, answer).isTrue();
        }
    }

    MixedWriteLoad start() {
        pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                for (int i = 0; i < writesPerClient; i++) {
                    String consistency = (client + i) % 2 == 0 ? "STRONG" : "EVENTUAL";
                    String sql = write(client, i);
                    outcomes.add(new Outcome(sql, consistency, coordinator.query(sql, consistency)));
                    answered.incrementAndGet();
                }
            }));
        }
        pool.shutdown();
        return this;
    }

    private static String write(int client, int i) {
        return switch (i % 5) {
            case 0, 1 -> "INSERT INTO events (client, seq, at, token, r) VALUES (" + client + ", " + i + ", NOW(6), UUID(), RAND())";
            case 2 -> "UPDATE counters SET n = (n * 2 + " + (client * 7 + i) + ") % 1000000007 WHERE id = " + (1 + (client + i) % 4);
            case 3 -> "INSERT INTO products (name, price, stock) VALUES ('p-" + client + "-" + i + "', RAND() * 100, " + i + ")";
            default -> "DELETE FROM events WHERE client = " + client + " AND seq = " + (i - 4);
        };
    }

    int total() {
        return clients * writesPerClient;
    }

    /** Blocks until at least {@code count} writes have been answered (or the load ended). */
    void awaitAnswered(int count) throws InterruptedException {
        while (answered.get() < count && running.stream().anyMatch(f -> !f.isDone())) {
            Thread.sleep(10);
        }
    }

    /** Waits for every client to finish and returns every write with its answer. */
    List<Outcome> finish(Duration patience) throws Exception {
        assertThat(pool.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS)).as("load finished in time").isTrue();
        for (Future<?> client : running) {
            client.get();
        }
        return List.copyOf(outcomes);
    }
}
