package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.ShippedBatch;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A batch handed to every replica's applier. A replica acknowledges it once its {@code applied_ts}
 * reaches the batch's last ts, whether by applying it live or by catching up.
 */
public final class Shipment {

    private final ShippedBatch batch;
    private final ReplicaSet replicas;

    Shipment(ShippedBatch batch, ReplicaSet replicas) {
        this.batch = batch;
        this.replicas = replicas;
    }

    public ShippedBatch batch() {
        return batch;
    }

    /** The replicas that have applied the batch by now. */
    public Set<String> acknowledgedBy() {
        return replicas.acknowledgedBy(batch.lastTs());
    }

    /**
     * Waits until {@code quorumReached} accepts the set of replicas that applied the batch, or the
     * timeout passes, and says which replicas had applied it then.
     */
    public Acknowledgements awaitQuorum(Predicate<Set<String>> quorumReached, Duration timeout) throws InterruptedException {
        return replicas.awaitAcknowledgements(batch.lastTs(), quorumReached, timeout);
    }
}
