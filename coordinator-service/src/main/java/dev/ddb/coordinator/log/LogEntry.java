package dev.ddb.coordinator.log;

import dev.ddb.mysql.cluster.Privileges;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
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
 * @param runsAs the privileges its statements run with on every instance: a client's, or the suite's for the
 *     suite's own entries (checksums, repairs, clearing data) and for entries logged before the log said which,
 *     since they ran with the suite's
 * @param checksum CRC32C over the entry's canonical form ({@link EntryChecksum})
 */
public record LogEntry(long ts, String txnId, long epoch, List<LoggedStatement> statements,
        String sessionTimestamp, Set<String> tables, Privileges runsAs, long checksum) {

    public LogEntry {
        Objects.requireNonNull(runsAs, "runsAs");
        statements = List.copyOf(statements);
        SortedSet<String> sorted = new TreeSet<>(tables);
        tables = Collections.unmodifiableSortedSet(sorted);
    }

    /** A new entry with its checksum computed. */
    public static LogEntry create(long ts, String txnId, long epoch, List<LoggedStatement> statements,
            String sessionTimestamp, Set<String> tables, Privileges runsAs) {
        LogEntry unsigned = new LogEntry(ts, txnId, epoch, statements, sessionTimestamp, tables, runsAs, 0);
        return new LogEntry(ts, txnId, epoch, statements, sessionTimestamp, tables, runsAs, EntryChecksum.of(unsigned));
    }

    /** True when the stored checksum matches the content: the entry was not damaged on its way. */
    public boolean checksumValid() {
        return checksum == EntryChecksum.of(this);
    }
}
