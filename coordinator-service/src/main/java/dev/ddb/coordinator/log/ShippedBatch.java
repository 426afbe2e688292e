package dev.ddb.coordinator.log;

import java.util.List;

/**
 * A batch of entries the master wrote in one transaction, as shipped to every replica.
 *
 * @param previousTs the timestamp of the master's last entry before this batch (0 for the first):
 *     a replica whose applied timestamp is not this one has missed something and must catch up
 *     from the master's log before it applies the batch
 * @param entries the batch's entries in timestamp order, never empty
 * @param rows the entries' log rows as the master encoded them ({@link ReplicationLog#rows}), so the replicas need
 *     not encode them again; null when they are not at hand
 */
public record ShippedBatch(long previousTs, List<LogEntry> entries, List<LogCodec.Row> rows) {

    public ShippedBatch {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a shipped batch holds at least one entry");
        }
        if (rows != null) {
            rows = List.copyOf(rows);
            if (rows.size() != entries.size()) {
                throw new IllegalArgumentException(entries.size() + " entries but " + rows.size() + " log rows");
            }
        }
    }

    /** A batch whose log rows each replica encodes itself. */
    public ShippedBatch(long previousTs, List<LogEntry> entries) {
        this(previousTs, entries, null);
    }

    public long firstTs() {
        return entries.get(0).ts();
    }

    public long lastTs() {
        return entries.get(entries.size() - 1).ts();
    }
}
