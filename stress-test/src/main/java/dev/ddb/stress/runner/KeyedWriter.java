package dev.ddb.stress.runner;

import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.Outcome;
import dev.ddb.stress.load.StressRows;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.List;

/**
 * One client of a scenario's load: inserts a row with a unique key through the coordinator and records every
 * acknowledged one, with the timestamp it was answered, in the run's {@link AckLog}. With {@code hotUpdates}, every
 * other operation instead increments one of the shared hot rows, which is what a held lock on a replica blocks.
 */
final class KeyedWriter implements LoadClient {

    private final SuiteClient coordinator;
    private final AckLog acks;
    private final String runId;
    private final String scenario;
    private final int client;
    private final String consistency;
    private final boolean hotUpdates;

    KeyedWriter(SuiteClient coordinator, AckLog acks, String runId, String scenario, int client, String consistency,
                boolean hotUpdates) {
        this.coordinator = coordinator;
        this.acks = acks;
        this.runId = runId;
        this.scenario = scenario;
        this.client = client;
        this.consistency = consistency;
        this.hotUpdates = hotUpdates;
    }

    @Override
    public Outcome perform(long sequence) throws InterruptedException {
        try {
            if (hotUpdates && sequence % 2 == 1) {
                int row = (int) ((client + sequence / 2) % StressRows.HOT_ROWS) + 1;
                SuiteClient.Answer answer = coordinator.query(StressRows.UPDATE_HOT, List.of(row), consistency, null);
                return answer.succeeded() ? Outcome.success() : Outcome.failure(answer.errorKind(), answer.message());
            }
            String key = StressRows.key(runId, scenario, client, sequence);
            SuiteClient.Answer answer = coordinator.query(StressRows.INSERT, List.of(key, scenario, client),
                    consistency, null);
            if (!answer.succeeded()) {
                return Outcome.failure(answer.errorKind(), answer.message());
            }
            acks.record(StressRows.TABLE, key, scenario + "-" + client, sequence, timestamp(answer), rowsAffected(answer));
            return Outcome.success();
        } catch (HttpTimeoutException e) {
            return Outcome.failure("timeout", e.getMessage());
        } catch (IOException e) {
            return Outcome.failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    static Long timestamp(SuiteClient.Answer answer) {
        return answer.body().path("timestamp").isNumber() ? answer.body().path("timestamp").asLong() : null;
    }

    static Long rowsAffected(SuiteClient.Answer answer) {
        return answer.body().path("rows_affected").isNumber() ? answer.body().path("rows_affected").asLong() : null;
    }

    @Override
    public void close() {
        // The HTTP client is shared by every writer and outlives this one.
    }
}
