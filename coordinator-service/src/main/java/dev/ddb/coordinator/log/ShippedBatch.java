package dev.ddb.coordinator.log;

import java.util.List;

/**
 * A batch of entries the master wrote in one transaction, as shipped to every replica.
 *
 * @param previousTs the timestamp of the master's last entry before this batch (0 for the first):
 *     a replica whose applied timestamp is not this one has missed something and must catch up
 *     from the master's log before it applies the batch
 * @param entries the batch's entries in timestamp order, never empty
 */
public record ShippedBatch(long previousTs, List<LogEntry> entries) {

    public ShippedBatch {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a shipped batch holds at least one entry");
        }
    }

    public long firstTs() {
        return entries.get(0).ts();
    }

    public long lastTs() {
        return entries.get(entries.size() - 1).ts();
    }
}
