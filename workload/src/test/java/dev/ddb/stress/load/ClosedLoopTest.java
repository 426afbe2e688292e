package dev.ddb.stress.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

    /** A second, not less: a loaded 2-core CI machine can stall a thread for a few hundred milliseconds. */
    private final ClosedLoop shortLoop = new ClosedLoop(Duration.ZERO, Duration.ofSeconds(1));

    /** A client that takes a little time per operation, so a window holds a modest number of them. */
    private abstract static class PacedClient implements LoadClient {

        @Override
        public Outcome perform(long sequence) throws InterruptedException {
            Thread.sleep(1);
            return answer(sequence);
        }

        abstract Outcome answer(long sequence);

        @Override
        public void close() {
        }
    }

    @Test
    void successesAreCountedAndFailuresGroupedByKindWithTheFirstMessage() throws InterruptedException {
        LoadResult result = shortLoop.run("t", 2, client -> new PacedClient() {
            @Override
            Outcome answer(long sequence) {
                return sequence % 3 == 0 ? Outcome.failure("409 DUPLICATE_KEY", "duplicate " + client + "-" + sequence)
                        : Outcome.success();
            }
        });

        assertThat(result.target()).isEqualTo("t");
        assertThat(result.clients()).isEqualTo(2);
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("409 DUPLICATE_KEY");
            assertThat(error.example()).startsWith("duplicate ");
        });
        assertThat(result.succeeded()).isPositive();
        // Each client's counted operations are consecutive, so one in three failed, give or take the ends.
        assertThat(Math.abs(result.succeeded() - 2 * result.failed())).isLessThanOrEqualTo(4);
        assertThat(result.latency()).isNotNull();
        assertThat(result.latency().maxMs()).isGreaterThanOrEqualTo(result.latency().p99Ms());
    }

    @Test
    void everyClientGetsItsIndexConsecutiveSequencesFromZeroAndIsClosedOnce() throws InterruptedException {
        Map<Integer, List<Long>> sequences = new ConcurrentHashMap<>();
        Map<Integer, Integer> closes = new ConcurrentHashMap<>();

        shortLoop.run("t", 3, client -> new PacedClient() {
            @Override
            Outcome answer(long sequence) {
                sequences.computeIfAbsent(client, key -> new ArrayList<>()).add(sequence);
                return Outcome.success();
            }

            @Override
            public void close() {
                closes.merge(client, 1, Integer::sum);
            }
        });

        assertThat(sequences).containsOnlyKeys(0, 1, 2);
        sequences.values().forEach(seen -> {
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
        });
        assertThat(closes).isEqualTo(Map.of(0, 1, 1, 1, 2, 1));
    }

    @Test
    void operationsFinishingDuringTheWarmUpAreNotCounted() throws InterruptedException {
        AtomicLong performed = new AtomicLong();

        LoadResult result = new ClosedLoop(Duration.ofSeconds(1), Duration.ofSeconds(1)).run("t", 1,
                client -> new PacedClient() {
                    @Override
                    Outcome answer(long sequence) {
                        performed.incrementAndGet();
                        return Outcome.success();
                    }
                });

        assertThat(result.succeeded()).isPositive().isLessThan(performed.get());
    }

    @Test
    void aClientThatThrowsIsCountedUnderTheExceptionsClassName() throws InterruptedException {
        LoadResult result = shortLoop.run("t", 1, client -> new PacedClient() {
            @Override
            Outcome answer(long sequence) {
                throw new IllegalStateException("no connection");
            }
        });

        assertThat(result.succeeded()).isZero();
        assertThat(result.latency()).isNull();
        assertThat(result.errors()).extracting(ErrorCount::kind, ErrorCount::example)
                .containsExactly(tuple("IllegalStateException", "no connection"));
    }

    @Test
    void kindsAreListedMostFrequentFirst() throws InterruptedException {
        LoadResult result = shortLoop.run("t", 1, client -> new PacedClient() {
            @Override
            Outcome answer(long sequence) {
                return sequence % 10 == 5 ? Outcome.failure("timeout", "slow") : Outcome.failure("503 OVERLOADED", "busy");
            }
        });

        assertThat(result.errors()).extracting(ErrorCount::kind).containsExactly("503 OVERLOADED", "timeout");
    }

    @Test
    void aWindowOfNoTimeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClosedLoop(Duration.ZERO, Duration.ZERO))
                .withMessageContaining("positive");
    }
}
