package dev.ddb.stress.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CountedLoopTest {

    @Test
    void runsExactlyTheGivenNumberOfOperationsAcrossTheClientsAndCountsEachOne() throws InterruptedException {
        Map<Integer, List<Long>> sequences = new ConcurrentHashMap<>();
        AtomicInteger closed = new AtomicInteger();
        LoadResult result = CountedLoop.run("t", 3, 100, client -> new LoadClient() {
            @Override
            public Outcome perform(long sequence) {
                sequences.computeIfAbsent(client, c -> new CopyOnWriteArrayList<>()).add(sequence);
                return sequence % 4 == 3 ? Outcome.failure("500 BOOM", "boom " + client) : Outcome.success();
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        });

        assertThat(sequences.values().stream().mapToInt(List::size).sum()).isEqualTo(100);
        sequences.values().forEach(list -> assertThat(list).isEqualTo(
                LongStream.range(0, list.size()).boxed().toList()));
        assertThat(closed).hasValue(3);
        assertThat(result.clients()).isEqualTo(3);
        assertThat(result.succeeded() + result.failed()).isEqualTo(100);
        assertThat(result.errors()).singleElement().satisfies(error -> assertThat(error.kind()).isEqualTo("500 BOOM"));
        assertThat(result.latency()).isNotNull();
        assertThat(result.perSecond()).isPositive();
    }

    @Test
    void neverStartsMoreClientsThanOperations() throws InterruptedException {
        AtomicInteger connected = new AtomicInteger();
        LoadResult result = CountedLoop.run("t", 8, 2, client -> {
            connected.incrementAndGet();
            return new LoadClient() {
                @Override
                public Outcome perform(long sequence) {
                    return Outcome.success();
                }

                @Override
                public void close() {
                }
            };
        });

        assertThat(connected).hasValue(2);
        assertThat(result.succeeded()).isEqualTo(2);
    }

    @Test
    void aThrowingClientIsCountedAsItsExceptionsKind() throws InterruptedException {
        LoadResult result = CountedLoop.run("t", 1, 3, client -> new LoadClient() {
            @Override
            public Outcome perform(long sequence) {
                throw new IllegalStateException("bug");
            }

            @Override
            public void close() {
            }
        });

        assertThat(result.succeeded()).isZero();
        assertThat(result.latency()).isNull();
        assertThat(result.errors()).singleElement()
                .satisfies(error -> assertThat(error.count()).isEqualTo(3));
    }

    @Test
    void refusesNoOperationsOrNoClients() {
        assertThatIllegalArgumentException().isThrownBy(() -> CountedLoop.run("t", 1, 0, client -> null));
        assertThatIllegalArgumentException().isThrownBy(() -> CountedLoop.run("t", 0, 1, client -> null));
    }
}
