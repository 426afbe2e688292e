package dev.ddb.coordinator.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code ddb_meta.log} on one instance. Every method works on the caller's connection inside the
 * caller's transaction, so the entries commit (or vanish) together with the writes they describe.
 */
public final class ReplicationLog {

    private static final String COLUMNS = "ts, txn_id, epoch, statements, context, tables_touched, checksum";
    private static final String ROW_PLACEHOLDERS = "(?, ?, ?, ?, ?, ?, ?)";
    /** Keeps one INSERT well below the servers' max_allowed_packet (64 MiB in server.cnf). */
    private static final long MAX_INSERT_BYTES = 16L * 1024 * 1024;
    private static final int MAX_INSERT_ROWS = 1_000;

    /** The master's in-doubt schema changes: same shape as the log, never replicated. */
    private static final String PENDING_SCHEMA_CHANGES = "ddb_meta.pending_ddl";

    private final LogCodec codec;
    private final String table;

    public ReplicationLog() {
        this(new LogCodec());
    }

    public ReplicationLog(LogCodec codec) {
        this(codec, "ddb_meta.log");
    }

    private ReplicationLog(LogCodec codec, String table) {
        this.codec = codec;
        this.table = table;
    }

    /**
     * The master's record of a schema change it is about to run: written before the DDL (which
     * commits on its own) and deleted in the transaction that logs it, so a crash in between leaves
     * a row the next coordinator finishes.
     */
    public static ReplicationLog pendingSchemaChanges() {
        return new ReplicationLog(new LogCodec(), PENDING_SCHEMA_CHANGES);
    }

    /** Removes the entry at {@code ts}, if there is one. */
    public void delete(Connection connection, long ts) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE ts = ?")) {
            delete.setLong(1, ts);
            delete.executeUpdate();
        }
    }

    /**
     * Inserts the entries with one multi-row INSERT (several only when they would not fit in one
     * packet). A duplicate ts or txn id fails with the server's duplicate-key error (1062).
     */
    public void append(Connection connection, List<LogEntry> entries) throws SQLException {
        for (BoundSql insert : inserts(entries)) {
            insert.executeUpdate(connection);
        }
    }

    /** The INSERTs {@link #append} runs, for a caller that sends them along with other statements. */
    public List<BoundSql> inserts(List<LogEntry> entries) {
        List<BoundSql> inserts = new ArrayList<>();
        List<LogCodec.Row> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (LogEntry entry : entries) {
            LogCodec.Row row = codec.encode(entry);
            long rowBytes = estimatedBytes(row);
            if (!chunk.isEmpty() && (chunk.size() == MAX_INSERT_ROWS || chunkBytes + rowBytes > MAX_INSERT_BYTES)) {
                inserts.add(insert(chunk));
                chunk.clear();
                chunkBytes = 0;
            }
            chunk.add(row);
            chunkBytes += rowBytes;
        }
        if (!chunk.isEmpty()) {
            inserts.add(insert(chunk));
        }
        return inserts;
    }

    /**
     * Up to {@code limit} entries with {@code ts > afterTs}, in ts order, as stored (checksums not
     * verified here). Only what the connection's transaction can see: on an autocommit connection,
     * the committed entries.
     *
     * @throws CorruptEntryException if a row cannot be decoded
     */
    public List<LogEntry> readAfter(Connection connection, long afterTs, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM " + table + " WHERE ts > ? ORDER BY ts LIMIT ?")) {
            select.setLong(1, afterTs);
            select.setInt(2, limit);
            return decodeAll(select);
        }
    }

    /**
     * The {@code limit} newest entries, newest first; with {@code touching} ({@code database.table},
     * or a database name for CREATE/DROP DATABASE), only the entries that touched it.
     *
     * @throws CorruptEntryException if a row cannot be decoded
     */
    public List<LogEntry> readNewest(Connection connection, int limit, String touching) throws SQLException {
        String filter = touching == null ? "" : " WHERE FIND_IN_SET(?, tables_touched) > 0";
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM " + table + filter + " ORDER BY ts DESC LIMIT ?")) {
            int index = 1;
            if (touching != null) {
                select.setString(index++, touching);
            }
            select.setInt(index, limit);
            return decodeAll(select);
        }
    }

    /** The entry with this ts, if the log holds it. */
    public Optional<LogEntry> read(Connection connection, long ts) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE ts = ?")) {
            select.setLong(1, ts);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(codec.decode(row(rows))) : Optional.empty();
            }
        }
    }

    /** The highest ts in the log, 0 when it is empty. */
    public long maxTs(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(MAX(ts), 0) FROM " + table);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<LogEntry> decodeAll(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<LogEntry> entries = new ArrayList<>();
            while (rows.next()) {
                entries.add(codec.decode(row(rows)));
            }
            return entries;
        }
    }

    private BoundSql insert(List<LogCodec.Row> rows) {
        String sql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES "
                + String.join(", ", Collections.nCopies(rows.size(), ROW_PLACEHOLDERS));
        List<Object> params = new ArrayList<>(rows.size() * 7);
        for (LogCodec.Row row : rows) {
            params.add(row.ts());
            params.add(row.txnId());
            params.add(row.epoch());
            params.add(row.statements());
            params.add(row.context());
            params.add(row.tablesTouched());
            params.add(row.checksum());
        }
        return new BoundSql(sql, params);
    }

    private static LogCodec.Row row(ResultSet rows) throws SQLException {
        return new LogCodec.Row(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4), rows.getString(5),
                rows.getString(6), rows.getLong(7));
    }

    /** UTF-8 takes at most three bytes per Java char (a surrogate pair, two chars, takes four). */
    private static long estimatedBytes(LogCodec.Row row) {
        return 64 + 3L * (row.txnId().length() + row.statements().length() + row.context().length()
                + row.tablesTouched().length());
    }
}
