package dev.ddb.coordinator.query;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An accepted statement.
 *
 * @param kind read, write or DDL
 * @param sql the text to execute and log: the client's text, with nondeterministic calls replaced
 *     when {@code substitutions} is not empty
 * @param originalSql the client's text, unchanged
 * @param tables every table the statement names, as {@code database.table} (the default database
 *     when unqualified), sorted; for CREATE/DROP DATABASE the database name; empty for SHOW
 * @param lockingRead a read with FOR UPDATE, FOR SHARE or LOCK IN SHARE MODE, which must run on the master
 * @param placeholderCount the number of {@code ?} placeholders to bind
 * @param substitutions the replacements made in {@code sql}, in text order, for the log's replay context
 */
public record ClassifiedStatement(
        StatementKind kind,
        String sql,
        String originalSql,
        Set<String> tables,
        boolean lockingRead,
        int placeholderCount,
        List<Substitution> substitutions) {

    public ClassifiedStatement {
        tables = Collections.unmodifiableSortedSet(new TreeSet<>(tables));
        substitutions = List.copyOf(substitutions);
    }

    public boolean rewritten() {
        return !substitutions.isEmpty();
    }

    /** This verdict for another text of the same statement, which must not be rewritten: its digest's for the client's. */
    ClassifiedStatement asWritten(String text, int placeholders) {
        if (rewritten()) {
            throw new IllegalStateException("a rewritten statement is classified for its own text only");
        }
        return new ClassifiedStatement(kind, text, text, tables, lockingRead, placeholders, substitutions);
    }

    /** Returns this statement if {@code parameterCount} values fill its placeholders exactly. */
    public ClassifiedStatement requireParameters(int parameterCount) {
        if (parameterCount != placeholderCount) {
            throw new QueryRejectedException(RejectionCode.PLACEHOLDER_MISMATCH,
                    "The statement has " + placeholderCount + " ? placeholder" + (placeholderCount == 1 ? "" : "s")
                            + " but " + parameterCount + " value" + (parameterCount == 1 ? " was" : "s were")
                            + " given in params.");
        }
        return this;
    }
}
