package dev.ddb.coordinator.stress;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.ddb.coordinator.api.QueryResponse;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.Outcome;
import dev.ddb.stress.load.ReadAfterWrite;
import dev.ddb.stress.load.StressRows;

/** One client of a read-after-write trial: insert a keyed row, read that key at once, count the reads that missed it. */
final class WriteThenRead implements LoadClient {

    private final InProcessQueries queries;
    private final String runId;
    private final ReadAfterWrite mode;
    /** The stress rows' scenario column (at most 16 characters): raw-e, raw-s or raw-m. */
    private final String scenario;
    private final int client;
    private final AtomicLong reads;
    private final AtomicLong stale;

    WriteThenRead(InProcessQueries queries, String runId, ReadAfterWrite mode, int client, AtomicLong reads,
            AtomicLong stale) {
        this.queries = queries;
        this.runId = runId;
        this.mode = mode;
        this.scenario = "raw-" + mode.label().charAt(0);
        this.client = client;
        this.reads = reads;
        this.stale = stale;
    }

    @Override
    public Outcome perform(long sequence) {
        String key = StressRows.key(runId, scenario, client, sequence);
        QueryResponse written;
        try {
            written = queries.run(StressRows.INSERT, List.of(key, scenario, client), Consistency.valueOf(mode.write),
                    null);
        } catch (RuntimeException e) {
            return InProcessQueries.failure("write", e);
        }
        try {
            QueryResponse read = queries.run(StressRows.COUNT_KEY, List.of(key), Consistency.valueOf(mode.read),
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
