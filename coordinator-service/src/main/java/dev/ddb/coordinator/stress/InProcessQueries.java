package dev.ddb.coordinator.stress;

import java.util.List;

import dev.ddb.coordinator.api.QueryExecution;
import dev.ddb.coordinator.api.QueryRequest;
import dev.ddb.coordinator.api.QueryResponse;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.stress.load.Outcome;

/**
 * Statements sent the way {@code POST /query} sends them (classifier, sequencer, log, replication), without the
 * HTTP hop, so a stress load measures the coordinator and not the loopback.
 */
final class InProcessQueries {

    private final QueryExecution execution;

    InProcessQueries(QueryExecution execution) {
        this.execution = execution;
    }

    /** @throws CoordinatorException as {@code POST /query} would answer it */
    QueryResponse run(String sql, List<Object> params, Consistency consistency, Long minTimestamp) {
        return execution.execute(new QueryRequest(sql, null, params, consistency.name(), minTimestamp, null));
    }

    /** The kind a failed operation is counted under: the status and code {@code POST /query} would have answered. */
    static Outcome failure(String operation, RuntimeException e) {
        String kind = e instanceof CoordinatorException refused ? refused.status() + " " + refused.code()
                : e.getClass().getSimpleName();
        return Outcome.failure(operation == null ? kind : operation + " " + kind, String.valueOf(e.getMessage()));
    }
}
