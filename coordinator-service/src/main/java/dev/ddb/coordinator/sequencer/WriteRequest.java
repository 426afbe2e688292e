package dev.ddb.coordinator.sequencer;

import java.util.List;
import java.util.Set;

import dev.ddb.coordinator.log.LoggedStatement;

/**
 * A checked write waiting to be sequenced: one statement, or a {@code queries} list that commits
 * as one unit with one timestamp.
 *
 * @param statements deterministic SQL with its parameters; {@code insertId} is still 0 here
 * @param ddl a schema change, which runs alone, outside any batch
 */
public record WriteRequest(String txnId, List<LoggedStatement> statements, Set<String> tables,
        Consistency consistency, boolean ddl) {

    public WriteRequest {
        statements = List.copyOf(statements);
        tables = Set.copyOf(tables);
    }
}
