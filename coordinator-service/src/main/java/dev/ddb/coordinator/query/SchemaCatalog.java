package dev.ddb.coordinator.query;

import java.util.Optional;

/**
 * What the classifier knows of the user databases' tables: enough to tell whether the rows a write
 * picks, and the order it inserts them in, are the same on every node.
 */
public interface SchemaCatalog {

    /**
     * The table or view {@code database.table}, with names as MySQL reports them (unquoted), or empty if
     * none exists.
     */
    Optional<TableKeys> find(String qualifiedName);

    /**
     * A number that changes whenever the schema may have changed (a schema change, a new master), so the
     * classifier drops the verdicts it reached against an older schema.
     */
    long version();
}
