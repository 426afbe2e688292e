package dev.ddb.coordinator.sequencer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.ddb.coordinator.replication.Acknowledgements;

/**
 * Where the leader sends writes, whichever replication mode the suite runs: the {@link Sequencer} of the timestamp
 * log, or the binlog mode's writer. Timestamps are the mode's own order: log timestamps, or GTID sequence numbers.
 */
public interface WritePath {

    /**
     * Runs the write and returns its answer to come. A write refused before anything ran (not leading, overloaded,
     * no quorum reachable) throws at once.
     */
    CompletableFuture<WriteOutcome> submit(WriteRequest request);

    /** The highest timestamp written on the master as far as this coordinator knows. */
    long lastTs();

    /** The highest timestamp answered as applied by a quorum of replicas. */
    long acknowledgedTs();

    /**
     * Waits up to {@code patience} until the replicas that have applied everything up to {@code ts} form a quorum
     * under the rule in force now.
     */
    Acknowledgements awaitQuorum(long ts, Duration patience) throws InterruptedException;

    ReplicaLag lag();

    SequencerStatistics statistics();

    /** Writes waiting to run. */
    int queueDepth();

    /** Who to tell when a write fails because its master connection broke. */
    void onMasterConnectionLost(Consumer<String> listener);

    /** Who to tell after each schema change that ran on the master. */
    void onSchemaChange(Runnable listener);

    /**
     * Stops writes from starting on the master and returns once none runs: a failover changes the master meanwhile.
     * Writes submitted while held wait; one that waits longer than {@code timeout} fails with 503
     * {@code FAILOVER_IN_PROGRESS}.
     *
     * @param abortMaster cut the master connections at once, so a write stuck on a dead master fails now
     * @param patience how long to wait for the running writes to end
     * @throws IllegalStateException if they did not end in time (the path is released again)
     */
    void hold(String reason, Duration timeout, boolean abortMaster, Duration patience) throws InterruptedException;

    /** While held: the master changed, and the new one's order ends at {@code masterLastTs}. */
    void adoptMaster(long masterLastTs);

    /** Lets writes run again. */
    void resume();
}
