package dev.ddb.coordinator.replication;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * How the leader keeps one replica applying the master's writes and learns how far it got: a {@link LogApplier}
 * replays the timestamp log itself; in the binlog mode the replica's own replication threads apply the master's
 * binary log and the link watches its GTID position. Either way {@link #appliedTs} only moves forward and is what
 * a STRONG write's quorum counts.
 */
public interface ReplicaLink extends AutoCloseable {

    /** Makes the link for a replica; {@code onProgress} is called with the new applied position after each advance. */
    @FunctionalInterface
    interface Factory {
        ReplicaLink create(InstanceAddress replica, Supplier<InstanceAddress> master, LongConsumer onProgress);
    }

    String replicaId();

    void start();

    /** From the link's next connection on, what it writes on the replica carries this term; null: none. */
    void fenceWith(LongSupplier term);

    /** How far the replica has applied: a log timestamp, or a GTID sequence number. */
    long appliedTs();

    ApplierState state();

    ApplierStatus status();

    /** Called with {@link #appliedTs} after each connection to the replica. */
    void onConnected(LongConsumer listener);

    /** Asks the link's thread to stop, without waiting; {@link #close} waits. */
    void requestStop();

    @Override
    void close();

    /** Queues a shipped batch of the timestamp log; a link that does not apply the log takes none. */
    default boolean offer(SharedBatch batch) {
        return false;
    }
}
