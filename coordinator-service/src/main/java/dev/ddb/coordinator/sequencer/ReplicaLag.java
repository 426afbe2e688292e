package dev.ddb.coordinator.sequencer;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Turns a replica's applied timestamp into how far behind it is in time: the age of the oldest
 * batch the master committed that the replica has not applied (0 when it has everything).
 */
public final class ReplicaLag {

    private static final int RETAINED_BATCHES = 100_000;

    private final ConcurrentSkipListMap<Long, Long> commitMillisByLastTs = new ConcurrentSkipListMap<>();

    void committed(long lastTs) {
        commitMillisByLastTs.put(lastTs, System.currentTimeMillis());
        while (commitMillisByLastTs.size() > RETAINED_BATCHES) {
            commitMillisByLastTs.pollFirstEntry();
        }
    }

    public long lagMillis(long appliedTs) {
        Map.Entry<Long, Long> oldestMissing = commitMillisByLastTs.higherEntry(appliedTs);
        return oldestMissing == null ? 0 : Math.max(0, System.currentTimeMillis() - oldestMissing.getValue());
    }
}
