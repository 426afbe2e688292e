package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/**
 * A coordinator stopped gracefully while clients write: every write in flight gets an answer (or its connection is
 * refused once the port is closed), none hangs, every answer is a success or an honest error, and every write
 * answered as a success is on the master.
 */
@LocalServers(count = 4)
class CoordinatorStoppedUnderLoadTest {

    private static final int WRITERS = 8;

    @Test
    void writesInFlightAreAnsweredAndNoAcknowledgedOneIsLost(TestCluster cluster) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Queue<String> dishonest = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try (RunningCoordinator coordinator = RunningCoordinator.start(cluster)) {
            CoordinatorHttp client = coordinator.client();
            CoordinatorHttp.Answer table = client.query("CREATE TABLE stopped_load (k VARCHAR(40) PRIMARY KEY)", "STRONG");
            assertThat(table.succeeded()).as(table.toString()).isTrue();
            List<Future<?>> loops = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int w = writer;
                loops.add(writers.submit(() -> {
                    for (int i = 0; ; i++) {
                        String key = "w" + w + "-" + i;
                        CoordinatorHttp.Answer answer;
                        try {
                            answer = client.query("INSERT INTO stopped_load VALUES ('" + key + "')",
                                    i % 2 == 0 ? "STRONG" : "EVENTUAL");
                        } catch (RuntimeException gone) {
                            return;
                        }
                        answered.incrementAndGet();
                        if (answer.succeeded()) {
                            acknowledged.add(key);
                        } else if (answer.status() < 400 || answer.error().isEmpty()) {
                            dishonest.add(answer.toString());
                        }
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (answered.get() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(answered.get()).as("writes answered before the stop").isGreaterThanOrEqualTo(200);
            coordinator.close();
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(dishonest).as("answers that are neither a success nor an error with a code").isEmpty();
        String keys = acknowledged.stream().map(k -> "'" + k + "'").collect(Collectors.joining(","));
        assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM stopped_load WHERE k IN (" + keys + ")"))
                .as("acknowledged writes on the master").isEqualTo(acknowledged.size());
    }
}
