package dev.ddb.timestamp.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.timestamp.TimestampClient;
import dev.ddb.timestamp.TimestampClient.Answer;
import dev.ddb.timestamp.TimestampServerTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@TimestampServerTest
class ConcurrentTimestampRequestsTest {

    private static final int THREADS = 32;
    private static final int REQUESTS_PER_THREAD = 2_000;
    private static final int BLOCK_EVERY = 10;
    private static final int BLOCK_SIZE = 5;
    private static final int VALUES_PER_THREAD =
            REQUESTS_PER_THREAD + (REQUESTS_PER_THREAD / BLOCK_EVERY) * (BLOCK_SIZE - 1);

    @LocalServerPort
    int port;

    @Test
    void concurrentClientsNeverSeeADuplicateAndEachSeesIncreasingValues() throws Exception {
        TimestampClient client = new TimestampClient(port);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> takeInOrder(client)));
        }
        List<long[]> perThread = new ArrayList<>();
        try {
            for (Future<long[]> future : futures) {
                perThread.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        for (long[] seen : perThread) {
            for (int i = 1; i < seen.length; i++) {
                assertThat(seen[i]).as("answer %d of one thread", i).isGreaterThan(seen[i - 1]);
            }
        }
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        assertThat(all).hasSize(THREADS * VALUES_PER_THREAD);
        for (int i = 1; i < all.length; i++) {
            assertThat(all[i]).as("value issued twice").isNotEqualTo(all[i - 1]);
        }
        assertThat(Arrays.stream(all).allMatch(value -> value % 2 == 1)).as("every value odd").isTrue();
    }

    /** Every value received, blocks expanded, in the order this thread received them. */
    private static long[] takeInOrder(TimestampClient client) throws Exception {
        long[] values = new long[VALUES_PER_THREAD];
        int n = 0;
        for (int request = 1; request <= REQUESTS_PER_THREAD; request++) {
            if (request % BLOCK_EVERY == 0) {
                Answer answer = client.get("/timestamp?count=" + BLOCK_SIZE);
                assertThat(answer.status()).isEqualTo(200);
                long last = answer.body().get("last").asLong();
                for (long value = answer.body().get("first").asLong(); value <= last; value += 2) {
                    values[n++] = value;
                }
            } else {
                values[n++] = client.timestamp("/timestamp");
            }
        }
        return values;
    }
}
