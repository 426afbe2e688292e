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
    private static final String ROW_SEPARATOR = ", ";
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
        return insertsOf(rows(entries));
    }

    /** As {@link #inserts}, for rows already encoded ({@link #rows}). */
    public List<BoundSql> insertsOf(List<LogCodec.Row> rows) {
        List<BoundSql> inserts = new ArrayList<>();
        for (List<LogCodec.Row> chunk : chunks(rows)) {
            inserts.add(insert(chunk));
        }
        return inserts;
    }

    /** The entries' rows as {@link #inserts} writes them, for a caller that encodes them once for several instances. */
    public List<LogCodec.Row> rows(List<LogEntry> entries) {
        List<LogCodec.Row> rows = new ArrayList<>(entries.size());
        for (LogEntry entry : entries) {
            rows.add(codec.encode(entry));
        }
        return rows;
    }

    /**
     * The INSERT of this row alone. Rendered once by the driver, its VALUES tuple is the row's text in whichever
     * INSERT the row ends up in ({@link #insertTexts}).
     */
    public BoundSql insert(LogCodec.Row row) {
        return insert(List.of(row));
    }

    /**
     * The texts of the INSERTs {@link #inserts} gives for these rows, from each row's own {@link #insert(LogCodec.Row)}
     * as the driver rendered it ({@code renderedRowInserts.get(i)} for {@code rows.get(i)}). A client-side prepared
     * statement renders each placeholder on its own and keeps the text around them, so the result equals the whole
     * INSERT rendered with the same driver settings.
     *
     * @throws IllegalArgumentException if the lists differ in size or a text is not an INSERT into this log
     */
    public List<String> insertTexts(List<LogCodec.Row> rows, List<String> renderedRowInserts) {
        if (rows.size() != renderedRowInserts.size()) {
            throw new IllegalArgumentException(rows.size() + " rows but " + renderedRowInserts.size() + " rendered inserts");
        }
        String prefix = insertPrefix();
        List<String> tuples = new ArrayList<>(rows.size());
        for (String rendered : renderedRowInserts) {
            if (!rendered.startsWith(prefix)) {
                throw new IllegalArgumentException("not a rendered INSERT into " + table + ": " + rendered);
            }
            tuples.add(rendered.substring(prefix.length()));
        }
        List<String> texts = new ArrayList<>();
        int from = 0;
        for (List<LogCodec.Row> chunk : chunks(rows)) {
            texts.add(prefix + String.join(ROW_SEPARATOR, tuples.subList(from, from + chunk.size())));
            from += chunk.size();
        }
        return texts;
    }

    /**
     * The rows split into one run per INSERT, each within {@link #MAX_INSERT_ROWS} and, unless one row alone is
     * larger, {@link #MAX_INSERT_BYTES}.
     */
    private static List<List<LogCodec.Row>> chunks(List<LogCodec.Row> rows) {
        List<List<LogCodec.Row>> chunks = new ArrayList<>();
        int from = 0;
        long chunkBytes = 0;
        for (int i = 0; i < rows.size(); i++) {
            long rowBytes = estimatedBytes(rows.get(i));
            if (i > from && (i - from == MAX_INSERT_ROWS || chunkBytes + rowBytes > MAX_INSERT_BYTES)) {
                chunks.add(rows.subList(from, i));
                from = i;
                chunkBytes = 0;
            }
            chunkBytes += rowBytes;
        }
        if (from < rows.size()) {
            chunks.add(rows.subList(from, rows.size()));
        }
        return chunks;
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
        String sql = insertPrefix() + String.join(ROW_SEPARATOR, Collections.nCopies(rows.size(), ROW_PLACEHOLDERS));
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


    private String insertPrefix() {
        return "INSERT INTO " + table + " (" + COLUMNS + ") VALUES ";
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
