package dev.ddb.coordinator.stress;

import java.util.List;
import java.util.Set;

import dev.ddb.coordinator.api.QueryResponse;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.Outcome;
import dev.ddb.stress.load.StressRows;

/**
 * One client of a write load: each operation inserts a stress row with a key of its own, the rows
 * {@code ./ddb stress} writes, and keeps the timestamp it was acknowledged with.
 */
final class KeyedInserts implements LoadClient {

    private final InProcessQueries queries;
    private final String runId;
    private final String scenario;
    private final int client;
    private final Consistency consistency;
    private final Set<Long> timestamps;

    KeyedInserts(InProcessQueries queries, String runId, String scenario, int client, Consistency consistency,
            Set<Long> timestamps) {
        this.queries = queries;
        this.runId = runId;
        this.scenario = scenario;
        this.client = client;
        this.consistency = consistency;
        this.timestamps = timestamps;
    }

    @Override
    public Outcome perform(long sequence) {
        try {
            QueryResponse answer = queries.run(StressRows.INSERT,
                    List.of(StressRows.key(runId, scenario, client, sequence), scenario, client), consistency, null);
            timestamps.add(answer.timestamp());
            return Outcome.success();
        } catch (RuntimeException e) {
            return InProcessQueries.failure(null, e);
        }
    }

    @Override
    public void close() {
        // Nothing of its own: the queries go through the coordinator's shared pools and sequencer.
    }
}
