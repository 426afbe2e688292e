package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.mysql.testing.LocalServers;

/**
 * Many clients at once, each writing a new version of its own row and reading it straight back: a
 * STRONG read after a STRONG write, and an EVENTUAL read bounded by the write's timestamp after an
 * EVENTUAL write, never answer with an older version.
 */
@LocalServers(count = 4)
class ReadYourWritesTest extends CoordinatorOnLocalServers {

    private static final int CLIENTS = 16;
    private static final int PAIRS_PER_CLIENT = 40;

    /** A read that came back, and what it should have seen. */
    private record Read(String consistency, int expected, CoordinatorHttp.Answer answer) {

        boolean sawTheWrite() {
            return answer.succeeded() && answer.body().path("data").path(0).path("version").asInt(-1) == expected;
        }
    }

    @Test
    void readsAfterWritesNeverAnswerAStaleVersion() throws Exception {
        CoordinatorHttp coordinator = new CoordinatorHttp(port, CoordinatorHttp.PATIENT_READ_TIMEOUT);
        assertThat(coordinator.query("CREATE TABLE versions (id INT PRIMARY KEY, version INT NOT NULL)", "STRONG").succeeded()).isTrue();
        for (int client = 0; client < CLIENTS; client++) {
            assertThat(coordinator.query("INSERT INTO versions VALUES (" + client + ", 0)", "STRONG").succeeded()).isTrue();
        }
        List<Read> reads = Collections.synchronizedList(new ArrayList<>());
        List<String> failedWrites = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    String select = "SELECT version FROM versions WHERE id = " + client;
                    for (int version = 1; version <= PAIRS_PER_CLIENT; version++) {
                        String consistency = (client + version) % 2 == 0 ? "STRONG" : "EVENTUAL";
                        CoordinatorHttp.Answer write = coordinator.query(
                                "UPDATE versions SET version = " + version + " WHERE id = " + client, consistency);
                        if (!write.succeeded()) {
                            failedWrites.add(write.toString());
                            continue;
                        }
                        CoordinatorHttp.Answer read = consistency.equals("STRONG")
                                ? coordinator.query(select, "STRONG")
                                : coordinator.readAtLeast(select, write.timestamp());
                        reads.add(new Read(consistency, version, read));
                    }
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failedWrites).isEmpty();
        assertThat(reads).hasSize(CLIENTS * PAIRS_PER_CLIENT);
        assertThat(reads).filteredOn(read -> !read.sawTheWrite()).isEmpty();
        assertThat(reads).filteredOn(read -> read.consistency().equals("EVENTUAL"))
                .extracting(read -> read.answer().body().path("executed_on").asString())
                .as("EVENTUAL reads served by replicas, not only by the master").contains("instance-2", "instance-3", "instance-4");
    }
}
