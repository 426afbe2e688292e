package dev.ddb.coordinator.query;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** The statements of a {@code queries} list, all writes, to run as one transaction with one log entry. */
public record ClassifiedTransaction(List<ClassifiedStatement> statements) {

    public ClassifiedTransaction {
        statements = List.copyOf(statements);
    }

    /** Every table any of the statements names, sorted. */
    public Set<String> tables() {
        SortedSet<String> tables = new TreeSet<>();
        statements.forEach(statement -> tables.addAll(statement.tables()));
        return Collections.unmodifiableSortedSet(tables);
    }
}
