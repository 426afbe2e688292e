package dev.ddb.coordinator.read;

/**
 * What the router needs to know about one replica, as its log applier sees it.
 *
 * @param id the instance id
 * @param readable its applier is live and connected, so the replica is up and following the log
 * @param appliedTs the highest log timestamp the replica has applied
 * @param lagMillis how long ago the master committed the oldest entry the replica has not applied;
 *     0 when it is caught up
 */
public record ReplicaView(String id, boolean readable, long appliedTs, long lagMillis) {

    public ReplicaView {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a replica view needs an instance id");
        }
        if (lagMillis < 0) {
            throw new IllegalArgumentException("lag of " + id + " is negative: " + lagMillis + " ms");
        }
    }
}
