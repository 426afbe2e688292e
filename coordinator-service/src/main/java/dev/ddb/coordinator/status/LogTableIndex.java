package dev.ddb.coordinator.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per instance, the newest log entry for each distinct {@code tables_touched}, kept between requests so that each
 * read scans only the entries logged since the last one. The log only grows at its end, so what was read stays
 * true, unless the log was rewritten (a re-seed empties it, a rejoin may discard its tail): that shows as the last
 * entry read being gone, and the instance is read again from the start.
 *
 * <p>The first read of a large log is done in chunks, and what a chunk found is kept even if the caller gives up
 * before the end, so a log of millions of entries is read once, over as many requests as that takes, and never again.
 * One reader per instance at a time: a second caller waits for the first and then finds little left to read.
 */
final class LogTableIndex {

    /** Entries read per statement: a few hundred milliseconds of scanning on a busy small server. */
    static final int DEFAULT_CHUNK = 50_000;

    private static final String NEWEST_PER_TABLES_TOUCHED_IN_CHUNK = "SELECT tables_touched, MAX(ts), COUNT(*) FROM"
            + " (SELECT ts, tables_touched FROM ddb_meta.log WHERE ts > ? ORDER BY ts LIMIT ?) AS chunk"
            + " GROUP BY tables_touched";
    private static final String ENTRY_EXISTS = "SELECT 1 FROM ddb_meta.log WHERE ts = ?";

    /** What is known of one instance's log: entries up to {@code readUpToTs}, newest ts per tables_touched. */
    private record Summary(long readUpToTs, Map<String, Long> newest) {
        static final Summary EMPTY = new Summary(0, Map.of());
    }

    private final int chunk;
    private final Map<String, Summary> summaries = new ConcurrentHashMap<>();
    private final Map<String, Object> readers = new ConcurrentHashMap<>();
    private final Set<String> readWhole = ConcurrentHashMap.newKeySet();

    LogTableIndex() {
        this(DEFAULT_CHUNK);
    }

    LogTableIndex(int chunk) {
        this.chunk = chunk;
    }

    /**
     * The newest ts per {@code tables_touched} of the instance's log as {@code connection}'s transaction sees it.
     *
     * @param queryTimeoutSeconds the limit of each statement (0 for none)
     */
    Map<String, Long> read(String instanceId, Connection connection, int queryTimeoutSeconds) throws SQLException {
        synchronized (readers.computeIfAbsent(instanceId, id -> new Object())) {
            Summary summary = summaries.getOrDefault(instanceId, Summary.EMPTY);
            if (summary.readUpToTs() > 0 && !exists(connection, summary.readUpToTs(), queryTimeoutSeconds)) {
                summary = Summary.EMPTY;
            }
            Map<String, Long> newest = new HashMap<>(summary.newest());
            long upTo = summary.readUpToTs();
            boolean more = true;
            while (more) {
                long rows = 0;
                try (PreparedStatement select = connection.prepareStatement(NEWEST_PER_TABLES_TOUCHED_IN_CHUNK)) {
                    select.setQueryTimeout(queryTimeoutSeconds);
                    select.setLong(1, upTo);
                    select.setInt(2, chunk);
                    try (ResultSet result = select.executeQuery()) {
                        long chunkEnd = upTo;
                        while (result.next()) {
                            long ts = result.getLong(2);
                            newest.merge(result.getString(1), ts, Math::max);
                            chunkEnd = Math.max(chunkEnd, ts);
                            rows += result.getLong(3);
                        }
                        upTo = chunkEnd;
                    }
                }
                more = rows == chunk;
                summaries.put(instanceId, new Summary(upTo, Map.copyOf(newest)));
            }
            readWhole.add(instanceId);
            return Map.copyOf(newest);
        }
    }

    /** Whether a read of the instance's log has reached its end since the coordinator started. */
    boolean readWhole(String instanceId) {
        return readWhole.contains(instanceId);
    }

    private static boolean exists(Connection connection, long ts, int queryTimeoutSeconds) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(ENTRY_EXISTS)) {
            select.setQueryTimeout(queryTimeoutSeconds);
            select.setLong(1, ts);
            try (ResultSet result = select.executeQuery()) {
                return result.next();
            }
        }
    }
}
