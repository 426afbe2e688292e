package dev.ddb.coordinator.stress;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.Outcome;
import dev.ddb.stress.load.StressRows;

/**
 * One client of the read/write mix: of the load's operations, counted across all its clients, three in ten insert
 * a keyed stress row and the other seven read back this client's latest one, so 70% are reads however the
 * operations fall to the clients.
 */
final class MixedReadsAndWrites implements LoadClient {

    static final String SCENARIO = "mix";

    private final InProcessQueries queries;
    private final String runId;
    private final int client;
    private final Consistency consistency;
    private final AtomicLong operations;
    private final AtomicLong reads;
    private final AtomicLong writes;
    private long latestWrite;

    /** @param operations the load's operations so far, shared by its clients */
    MixedReadsAndWrites(InProcessQueries queries, String runId, int client, Consistency consistency,
            AtomicLong operations, AtomicLong reads, AtomicLong writes) {
        this.queries = queries;
        this.runId = runId;
        this.client = client;
        this.consistency = consistency;
        this.operations = operations;
        this.reads = reads;
        this.writes = writes;
    }

    private static boolean isWrite(long operation) {
        long slot = operation % 10;
        return slot == 0 || slot == 3 || slot == 6;
    }

    /** A read before this client's first write looks up a key never written, which is still a read. */
    @Override
    public Outcome perform(long sequence) {
        boolean write = isWrite(operations.getAndIncrement());
        try {
            if (write) {
                queries.run(StressRows.INSERT, List.of(key(sequence), SCENARIO, client), consistency, null);
                latestWrite = sequence;
                writes.incrementAndGet();
            } else {
                queries.run(StressRows.COUNT_KEY, List.of(key(latestWrite)), consistency, null);
                reads.incrementAndGet();
            }
            return Outcome.success();
        } catch (RuntimeException e) {
            return InProcessQueries.failure(write ? "write" : "read", e);
        }
    }

    private String key(long sequence) {
        return StressRows.key(runId, SCENARIO, client, sequence);
    }

    @Override
    public void close() {
        // Nothing of its own: the queries go through the coordinator's shared pools and sequencer.
    }
}
