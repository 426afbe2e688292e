package dev.ddb.stress.load;

import java.util.Locale;

/**
 * The three ways of reading a row right after writing it, shared by {@code ./ddb stress --scenario consistency} and
 * the coordinator's read-after-write endpoint. Only an EVENTUAL read may miss the write: a STRONG one reads the
 * master, and one carrying the write's timestamp as {@code min_timestamp} goes only where that write was applied.
 */
public enum ReadAfterWrite {

    EVENTUAL("EVENTUAL", "EVENTUAL", false, true),
    STRONG("STRONG", "STRONG", false, false),
    MIN_TIMESTAMP("EVENTUAL", "EVENTUAL", true, false);

    /** The write's consistency level, as {@code POST /query} spells it. */
    public final String write;
    /** The read's consistency level. */
    public final String read;
    /** Whether the read carries the write's timestamp as {@code min_timestamp}. */
    public final boolean minTimestamp;
    /** Whether a read that misses the write is allowed (it is a measured rate, not a violation). */
    public final boolean staleAllowed;

    ReadAfterWrite(String write, String read, boolean minTimestamp, boolean staleAllowed) {
        this.write = write;
        this.read = read;
        this.minTimestamp = minTimestamp;
        this.staleAllowed = staleAllowed;
    }

    /** {@code eventual}, {@code strong} or {@code min_timestamp}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
