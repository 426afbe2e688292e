package dev.ddb.coordinator.query;

/** Where an accepted statement goes: reads to a replica or the master, writes and DDL through the sequencer. */
public enum StatementKind {
    /** SELECT, SHOW, EXPLAIN, DESCRIBE. */
    READ,
    /** INSERT, UPDATE, DELETE, REPLACE. */
    WRITE,
    /** CREATE, ALTER, DROP, TRUNCATE, RENAME of tables, indexes, views and databases. */
    DDL
}
