package dev.ddb.coordinator.stress;

import java.util.Locale;

import dev.ddb.coordinator.sequencer.Consistency;

/**
 * The three ways of reading a row right after writing it. Only an EVENTUAL read may miss the write: a STRONG one
 * reads the master, and one with the write's timestamp as {@code min_timestamp} waits for an instance that has it.
 */
enum ReadAfterWriteMode {

    EVENTUAL("raw-eventual", Consistency.EVENTUAL, Consistency.EVENTUAL, false, true),
    STRONG("raw-strong", Consistency.STRONG, Consistency.STRONG, false, false),
    MIN_TIMESTAMP("raw-min-ts", Consistency.EVENTUAL, Consistency.EVENTUAL, true, false);

    /** The stress rows' scenario column, at most 16 characters. */
    final String scenario;
    final Consistency write;
    final Consistency read;
    final boolean minTimestamp;
    final boolean staleAllowed;

    ReadAfterWriteMode(String scenario, Consistency write, Consistency read, boolean minTimestamp,
            boolean staleAllowed) {
        this.scenario = scenario;
        this.write = write;
        this.read = read;
        this.minTimestamp = minTimestamp;
        this.staleAllowed = staleAllowed;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
