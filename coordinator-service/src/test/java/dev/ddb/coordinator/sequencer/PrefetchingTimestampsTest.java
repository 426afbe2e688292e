package dev.ddb.coordinator.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class PrefetchingTimestampsTest {

    /** An odd timestamp server: 1, 3, 5, ... above the floor and the last value it issued. */
    private static final class OddServer implements TimestampSource {
        long last;
        final List<Integer> requests = new ArrayList<>();

        @Override
        public long[] next(long floor, int count) {
            requests.add(count);
            long first = Math.max(last, floor) + 1;
            if (first % 2 == 0) {
                first++;
            }
            long[] values = LongStream.iterate(first, v -> v + 2).limit(count).toArray();
            last = values[count - 1];
            return values;
        }
    }

    @Test
    void smallBatchesAreServedFromOneFetchedBlock() {
        OddServer server = new OddServer();
        PrefetchingTimestamps timestamps = new PrefetchingTimestamps(server, 10);

        assertThat(timestamps.next(0, 1)).containsExactly(1);
        assertThat(timestamps.next(1, 2)).containsExactly(3, 5);
        assertThat(timestamps.next(5, 3)).containsExactly(7, 9, 11);

        assertThat(server.requests).containsExactly(10);
    }

    @Test
    void aBatchLargerThanWhatIsKeptFetchesAgain() {
        OddServer server = new OddServer();
        PrefetchingTimestamps timestamps = new PrefetchingTimestamps(server, 4);
        timestamps.next(0, 3);

        long[] batch = timestamps.next(5, 6);

        assertThat(batch).hasSize(6);
        assertThat(LongStream.of(batch).min().orElseThrow()).isGreaterThan(5);
        assertThat(server.requests).containsExactly(4, 6);
    }

    @Test
    void keptValuesAtOrBelowTheFloorAreSkipped() {
        OddServer server = new OddServer();
        PrefetchingTimestamps timestamps = new PrefetchingTimestamps(server, 10);
        timestamps.next(0, 1);

        assertThat(timestamps.next(12, 2)).containsExactly(13, 15);
        long[] large = timestamps.next(15, 100);
        assertThat(large).hasSize(100).isSorted();
        assertThat(large[0]).isGreaterThan(15);
    }

    @Test
    void valuesAlwaysIncrease() {
        PrefetchingTimestamps timestamps = new PrefetchingTimestamps(new OddServer(), 7);
        long last = 0;
        for (int batch = 1; batch < 40; batch++) {
            for (long value : timestamps.next(last, batch % 9 + 1)) {
                assertThat(value).isGreaterThan(last);
                last = value;
            }
        }
    }

    @Test
    void blockSizeMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PrefetchingTimestamps(new OddServer(), 0));
    }
}
