package dev.ddb.coordinator.log;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One committed write (a single statement or a {@code queries} transaction) in the replication
 * log, the unit every instance applies exactly once, in timestamp order.
 *
 * @param ts the global timestamp: strictly increasing along the log, gaps allowed
 * @param txnId the id the client was given, {@code TXN-<millis>-<8 hex>}
 * @param epoch the master epoch the entry was written in
 * @param statements what to run, in order
 * @param sessionTimestamp the {@code SET TIMESTAMP} value ({@code seconds.micros}) that fixes
 *     {@code NOW()} and column defaults on every instance
 * @param tables the tables the entry touches, as {@code database.table}
 * @param checksum CRC32C over the entry's canonical form ({@link EntryChecksum})
 */
public record LogEntry(long ts, String txnId, long epoch, List<LoggedStatement> statements,
        String sessionTimestamp, Set<String> tables, long checksum) {

    public LogEntry {
        statements = List.copyOf(statements);
        SortedSet<String> sorted = new TreeSet<>(tables);
        tables = Collections.unmodifiableSortedSet(sorted);
    }

    /** A new entry with its checksum computed. */
    public static LogEntry create(long ts, String txnId, long epoch, List<LoggedStatement> statements,
            String sessionTimestamp, Set<String> tables) {
        LogEntry unsigned = new LogEntry(ts, txnId, epoch, statements, sessionTimestamp, tables, 0);
        return new LogEntry(ts, txnId, epoch, statements, sessionTimestamp, tables, EntryChecksum.of(unsigned));
    }

    /** True when the stored checksum matches the content: the entry was not damaged on its way. */
    public boolean checksumValid() {
        return checksum == EntryChecksum.of(this);
    }
}
