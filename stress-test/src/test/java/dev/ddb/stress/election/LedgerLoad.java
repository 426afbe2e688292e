package dev.ddb.stress.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.client.CoordinatorUrls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Clients that each insert rows of their own unique keys into {@code ledger}, STRONG, one after the other, each
 * through the coordinator it was given, until stopped; every answer is recorded with when it was sent and answered.
 * A client whose write was refused waits a moment before the next one, as a client that retries would.
 */
final class LedgerLoad {

    static final String TABLE = "CREATE TABLE ledger (k VARCHAR(40) PRIMARY KEY, client INT NOT NULL, seq INT NOT NULL)";
    private static final String INSERT = "INSERT INTO ledger (k, client, seq) VALUES (?, ?, ?)";
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 20;

    /** Errors whose message says the write was not run, or not committed: its key must be on no instance. */
    static final Set<String> NOT_RUN = Set.of("NO_LEADER", "NOT_LEADER", "FAILOVER_IN_PROGRESS", "STALE_MASTER");
    /** Errors that say the write may or may not have committed. */
    static final Set<String> OUTCOME_UNKNOWN = Set.of("LEADER_CHANGED", "COMMIT_OUTCOME_UNKNOWN", "MASTER_UNAVAILABLE",
            "QUORUM_NOT_REACHED", "QUORUM_UNAVAILABLE", "WRITE_TIMEOUT", "OVERLOADED");
    /** The error of a write that got no HTTP answer in time; its outcome is unknown. */
    static final String NO_ANSWER = "no answer";

    /**
     * One write.
     *
     * @param via the coordinator it was sent to
     * @param status the HTTP status, 0 when no answer came
     * @param error the coordinator's error code, {@link #NO_ANSWER}, or empty on success
     */
    record Write(String key, String via, long sentAt, long answeredAt, int status, String error) {

        boolean acknowledged() {
            return status == 200 && error.isEmpty();
        }

        /** A 503 that says what happened to the write, or no answer at all. */
        boolean honestlyRefused() {
            return status == 503 && (NOT_RUN.contains(error) || OUTCOME_UNKNOWN.contains(error));
        }
    }

    private record Clients(String via, URI coordinator, int count, Duration timeout) {
    }

    private final Optional<String> authorization;
    private final List<Clients> clients = new ArrayList<>();
    private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stopped = new AtomicBoolean();
    private ExecutorService pool;

    LedgerLoad(String authorization) {
        this.authorization = Optional.of(authorization);
    }

    /** Adds {@code count} clients writing through {@code coordinator}, each giving up on an answer after {@code timeout}. */
    LedgerLoad clients(int count, String via, URI coordinator, Duration timeout) {
        clients.add(new Clients(via, coordinator, count, timeout));
        return this;
    }

    LedgerLoad start() {
        pool = Executors.newFixedThreadPool(clients.stream().mapToInt(Clients::count).sum());
        int number = 0;
        for (Clients group : clients) {
            CoordinatorClient coordinator = new CoordinatorClient(CoordinatorUrls.of(group.coordinator()), group.timeout(), authorization);
            for (int i = 0; i < group.count(); i++) {
                int client = number++;
                pool.submit(() -> write(coordinator, group.via(), client));
            }
        }
        pool.shutdown();
        return this;
    }

    private void write(CoordinatorClient coordinator, String via, int client) {
        try (CoordinatorClient.Connection connection = coordinator.connection()) {
            for (int seq = 0; !stopped.get(); seq++) {
                String key = via + "-c" + client + "-" + seq;
                long sent = System.nanoTime();
                Write write;
                try {
                    CoordinatorClient.Answer answer = connection.query(INSERT, List.of(key, client, seq), "STRONG");
                    String error = answer.succeeded() ? "" : answer.body() == null ? answer.errorKind()
                            : answer.body().path("error").asString(answer.errorKind());
                    write = new Write(key, via, sent, System.nanoTime(), answer.status(), error);
                } catch (HttpTimeoutException e) {
                    write = new Write(key, via, sent, System.nanoTime(), 0, NO_ANSWER);
                } catch (IOException e) {
                    write = new Write(key, via, sent, System.nanoTime(), 0, e.getClass().getSimpleName());
                }
                writes.add(write);
                if (!write.acknowledged()) {
                    Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until {@code count} writes sent after {@code sentAfter} (System.nanoTime) were acknowledged. */
    void awaitAcknowledged(long sentAfter, int count, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (matching(w -> w.acknowledged() && w.sentAt() > sentAfter).size() < count) {
            assertThat(System.nanoTime()).as("%d writes sent after the mark acknowledged within %s; so far: %s", count,
                    patience, summary()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** When the first write sent after {@code sentAfter} was acknowledged. */
    OptionalLong firstAcknowledgedAfter(long sentAfter) {
        return matching(w -> w.acknowledged() && w.sentAt() > sentAfter).stream().mapToLong(Write::answeredAt).min();
    }

    List<Write> matching(Predicate<Write> which) {
        synchronized (writes) {
            return writes.stream().filter(which).toList();
        }
    }

    /** How many writes got each answer, e.g. {@code {200=812, 503 NO_LEADER=40}}. */
    Map<String, Long> summary() {
        Map<String, Long> counts = new TreeMap<>();
        for (Write write : matching(w -> true)) {
            counts.merge(write.acknowledged() ? "200" : write.status() + " " + write.error(), 1L, Long::sum);
        }
        return counts;
    }

    /** Stops the clients once each has its answer, and returns every write. */
    List<Write> stop(Duration patience) throws InterruptedException {
        stopped.set(true);
        assertThat(pool.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS)).as("clients stopped").isTrue();
        return matching(w -> true);
    }
}
