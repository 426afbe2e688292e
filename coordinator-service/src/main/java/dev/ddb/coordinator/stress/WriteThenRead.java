package dev.ddb.coordinator.stress;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.ddb.coordinator.api.QueryResponse;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.Outcome;
import dev.ddb.stress.load.StressRows;

/** One client of a read-after-write trial: insert a keyed row, read that key at once, count the reads that missed it. */
final class WriteThenRead implements LoadClient {

    private final InProcessQueries queries;
    private final String runId;
    private final ReadAfterWriteMode mode;
    private final int client;
    private final AtomicLong reads;
    private final AtomicLong stale;

    WriteThenRead(InProcessQueries queries, String runId, ReadAfterWriteMode mode, int client, AtomicLong reads,
            AtomicLong stale) {
        this.queries = queries;
        this.runId = runId;
        this.mode = mode;
        this.client = client;
        this.reads = reads;
        this.stale = stale;
    }

    @Override
    public Outcome perform(long sequence) {
        String key = StressRows.key(runId, mode.scenario, client, sequence);
        QueryResponse written;
        try {
            written = queries.run(StressRows.INSERT, List.of(key, mode.scenario, client), mode.write, null);
        } catch (RuntimeException e) {
            return InProcessQueries.failure("write", e);
        }
        try {
            QueryResponse read = queries.run(StressRows.COUNT_KEY, List.of(key), mode.read,
                    mode.minTimestamp ? written.timestamp() : null);
            reads.incrementAndGet();
            if (count(read) == 0) {
                stale.incrementAndGet();
            }
            return Outcome.success();
        } catch (RuntimeException e) {
            return InProcessQueries.failure("read", e);
        }
    }

    private static long count(QueryResponse read) {
        Map<String, Object> row = read.data().get(0);
        return ((Number) row.get("n")).longValue();
    }

    @Override
    public void close() {
        // Nothing of its own: the queries go through the coordinator's shared pools and sequencer.
    }
}
