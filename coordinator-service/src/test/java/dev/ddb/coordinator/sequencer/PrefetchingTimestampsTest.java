package dev.ddb.coordinator.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class PrefetchingTimestampsTest {

    /** An odd timestamp server: 1, 3, 5, ... above the floor and the last value it issued. */
    private static final class OddServer implements TimestampSource {
        long last;
        /** The request (counted from 1) that fails, or 0. */
        int failingRequest;
        final List<Integer> requests = new ArrayList<>();
        final List<Long> floors = new ArrayList<>();

        @Override
        public long[] next(long floor, int count) {
            requests.add(count);
            floors.add(floor);
            if (requests.size() == failingRequest) {
                throw new IllegalStateException("timestamp server unavailable");
            }
            long first = Math.max(last, floor) + 1;
            if (first % 2 == 0) {
                first++;
            }
            long[] values = LongStream.iterate(first, v -> v + 2).limit(count).toArray();
            last = values[count - 1];
            return values;
        }
    }

    /** The clock moves a second per batch, so blocks used up within two batches keep the size they start with. */
    private static PrefetchingTimestamps steady(TimestampSource server, int blockSize, Executor fetcher) {
        AtomicLong now = new AtomicLong();
        return new PrefetchingTimestamps(server, blockSize, fetcher, () -> now.addAndGet(1_000_000_000L));
    }

    @Test
    void blocksGrowWhileUsedUpWithinHalfASecondAndShrinkWhenTheyLastOverTwo() {
        OddServer server = new OddServer();
        AtomicLong now = new AtomicLong();
        PrefetchingTimestamps timestamps = new PrefetchingTimestamps(server, 4, Runnable::run, now::get);
        long last = 0;
        for (int batch = 0; batch < 3; batch++) {
            long[] taken = timestamps.next(last, 4);
            last = taken[3];
            now.addAndGet(100_000_000L);
        }
        assertThat(server.requests).as("each block fetched ahead is twice the last").containsExactly(4, 4, 8, 16);

        now.addAndGet(3_000_000_000L);
        last = timestamps.next(last, 4)[3];
        last = timestamps.next(last, 4)[3];
        assertThat(server.requests).as("the 8-value block lasted 3 s").containsExactly(4, 4, 8, 16, 8);

        for (int i = 0; i < 200; i++) {
            long[] taken = timestamps.next(last, 200);
            last = taken[taken.length - 1];
            now.addAndGet(1_000_000L);
        }
        assertThat(timestamps.blockSize()).isEqualTo(PrefetchingTimestamps.MAX_BLOCK_SIZE);
        assertThat(server.requests).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(PrefetchingTimestamps.MAX_BLOCK_SIZE));
        for (int i = 0; i < 200; i++) {
            now.addAndGet(10_000_000_000L);
            long[] taken = timestamps.next(last, 200);
            last = taken[taken.length - 1];
        }
        assertThat(timestamps.blockSize()).isEqualTo(4);
    }

    @Test
    void aBlockOverTwoSecondsOldGivesWayToTheOneFetchedAheadSoTheServicesAreStillCalled() {
        OddServer server = new OddServer();
        AtomicLong now = new AtomicLong();
        PrefetchingTimestamps timestamps = new PrefetchingTimestamps(server, 100, Runnable::run, now::get);
        assertThat(timestamps.next(0, 1)).containsExactly(1);
        now.addAndGet(1_900_000_000L);
        assertThat(timestamps.next(1, 1)).containsExactly(3);
        assertThat(server.floors).as("the first block and the one fetched ahead").containsExactly(0L, 199L);

        now.addAndGet(200_000_000L);
        assertThat(timestamps.next(3, 1)).as("the first value of the block fetched ahead").containsExactly(201);
        assertThat(server.floors).as("and the one after it on its way").containsExactly(0L, 199L, 399L);
    }

    @Test
    void anOldBlockStaysInUseWhileTheBlockAfterItIsStillOnItsWay() {
        OddServer server = new OddServer();
        AtomicLong now = new AtomicLong();
        List<Runnable> background = new ArrayList<>();
        PrefetchingTimestamps timestamps = new PrefetchingTimestamps(server, 100, background::add, now::get);
        assertThat(timestamps.next(0, 1)).containsExactly(1);

        now.addAndGet(60_000_000_000L);
        assertThat(timestamps.next(1, 1)).containsExactly(3);
        assertThat(server.floors).as("nothing waited for the fetch ahead").containsExactly(0L);
        assertThat(background).hasSize(1);
    }

    @Test
    void smallBatchesAreServedFromOneFetchedBlockWhileTheNextIsFetchedAhead() {
        OddServer server = new OddServer();
        PrefetchingTimestamps timestamps = steady(server, 10, Runnable::run);

        assertThat(timestamps.next(0, 1)).containsExactly(1);
        assertThat(timestamps.next(1, 2)).containsExactly(3, 5);
        assertThat(timestamps.next(5, 3)).containsExactly(7, 9, 11);

        assertThat(server.floors).containsExactly(0L, 19L);
    }

    @Test
    void theBlockFetchedAheadServesTheBatchThatExhaustsTheCurrentOne() {
        OddServer server = new OddServer();
        List<Runnable> background = new ArrayList<>();
        PrefetchingTimestamps timestamps = steady(server, 4, background::add);
        assertThat(timestamps.next(0, 3)).containsExactly(1, 3, 5);
        assertThat(server.floors).containsExactly(0L);

        background.remove(0).run();
        assertThat(timestamps.next(5, 2)).containsExactly(9, 11);

        assertThat(server.floors).as("no fetch while the batch waited").containsExactly(0L, 7L);
        assertThat(background).as("the block after that is on its way").hasSize(1);
    }

    @Test
    void aFailedFetchAheadIsMadeUpForAtOnce() {
        OddServer server = new OddServer();
        server.failingRequest = 2;
        PrefetchingTimestamps timestamps = steady(server, 4, Runnable::run);
        assertThat(timestamps.next(0, 4)).containsExactly(1, 3, 5, 7);

        assertThat(timestamps.next(7, 2)).containsExactly(9, 11);

        assertThat(server.floors).as("the failed request asked above 7 too").containsExactly(0L, 7L, 7L, 15L);
    }

    @Test
    void aBatchLargerThanWhatIsKeptFetchesAgain() {
        OddServer server = new OddServer();
        PrefetchingTimestamps timestamps = steady(server, 4, Runnable::run);
        timestamps.next(0, 3);

        long[] batch = timestamps.next(5, 6);

        assertThat(batch).hasSize(6);
        assertThat(LongStream.of(batch).min().orElseThrow()).isGreaterThan(5);
        assertThat(server.requests).containsExactly(4, 4, 6, 4);
    }

    @Test
    void keptValuesAtOrBelowTheFloorAreSkipped() {
        OddServer server = new OddServer();
        PrefetchingTimestamps timestamps = steady(server, 10, Runnable::run);
        timestamps.next(0, 1);

        assertThat(timestamps.next(12, 2)).containsExactly(13, 15);
        long[] large = timestamps.next(15, 100);
        assertThat(large).hasSize(100).isSorted();
        assertThat(large[0]).isGreaterThan(15);
    }

    @Test
    void valuesAlwaysIncrease() {
        PrefetchingTimestamps timestamps = steady(new OddServer(), 7, Runnable::run);
        long last = 0;
        for (int batch = 1; batch < 40; batch++) {
            for (long value : timestamps.next(last, batch % 9 + 1)) {
                assertThat(value).isGreaterThan(last);
                last = value;
            }
        }
    }

    @Test
    void blockSizeMustBeBetweenOneAndWhatAServiceHandsOutAtOnce() {
        assertThatIllegalArgumentException().isThrownBy(() -> steady(new OddServer(), 0, Runnable::run));
        assertThatIllegalArgumentException().isThrownBy(() -> steady(new OddServer(), PrefetchingTimestamps.MAX_BLOCK_SIZE + 1, Runnable::run));
    }
}
