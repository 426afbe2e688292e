package dev.ddb.coordinator.sequencer;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a replica's applied timestamp into how far behind it is in time: the age of the oldest
 * batch the master committed that the replica has not applied (0 when it has everything).
 */
public final class ReplicaLag {

    private static final int RETAINED_BATCHES = 100_000;

    private final ConcurrentSkipListMap<Long, Long> commitMillisByLastTs = new ConcurrentSkipListMap<>();
    /** The map's size, kept apart because a skip list counts its entries one by one. */
    private final AtomicInteger retained = new AtomicInteger();

    /** The master committed everything up to {@code lastTs} now. */
    public void committed(long lastTs) {
        if (commitMillisByLastTs.put(lastTs, System.currentTimeMillis()) == null) {
            retained.incrementAndGet();
        }
        while (retained.get() > RETAINED_BATCHES) {
            if (commitMillisByLastTs.pollFirstEntry() != null) {
                retained.decrementAndGet();
            }
        }
    }

    /**
     * How long ago the master committed the write at {@code appliedTs} (or the last one before it), for a replica that
     * applied it just now: its commit-to-apply latency; -1 when that commit is no longer or not yet known.
     */
    public double applyMillis(long appliedTs) {
        Map.Entry<Long, Long> applied = commitMillisByLastTs.floorEntry(appliedTs);
        return applied == null ? -1 : Math.max(0, System.currentTimeMillis() - applied.getValue());
    }

    /** The last timestamp recorded as committed, 0 before any. */
    public long lastCommitted() {
        Map.Entry<Long, Long> last = commitMillisByLastTs.lastEntry();
        return last == null ? 0 : last.getKey();
    }

    public long lagMillis(long appliedTs) {
        Map.Entry<Long, Long> oldestMissing = commitMillisByLastTs.higherEntry(appliedTs);
        return oldestMissing == null ? 0 : Math.max(0, System.currentTimeMillis() - oldestMissing.getValue());
    }
}
