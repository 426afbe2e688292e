package dev.ddb.coordinator.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.MetaTables;

/**
 * The SQL of verification and repair, as log entries carry it and every instance runs it at the same point of
 * the sequence.
 *
 * <p>A chunk's checksum is its row count and the sum of each row's CRC32 over its columns' bytes (separated by
 * {@code #}, with a flag per column for NULL, which CONCAT_WS would skip). A sum rather than the usual BIT_XOR:
 * two equal rows cancel out in a XOR, so a table without a key holding a duplicated row twice more than another
 * copy would look the same. Each column is cast to bytes first so that columns of different collations can be
 * joined.
 */
final class ChunkStatements {

    /** Rows per INSERT of a repair, so that no statement binds too many values. */
    private static final int MAX_VALUES_PER_INSERT = 10_000;

    private ChunkStatements() {
    }

    /** The entry that makes every instance store its own checksum of the chunk under {@code txnId}. */
    static LoggedStatement checksum(String txnId, TableShape shape, KeyRange range) {
        String columns = shape.columns().stream().map(column -> "CAST(" + column.quoted() + " AS BINARY)")
                .collect(Collectors.joining(", "));
        String nullFlags = shape.columns().stream().map(column -> "ISNULL(" + column.quoted() + ")")
                .collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + MetaTables.CHECKSUMS + " (txn_id, table_name, lo, hi, row_count, checksum)"
                + " SELECT ?, ?, ?, ?, COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('#', " + columns + ", CONCAT(" + nullFlags
                + ")))), 0) FROM " + shape.quotedName() + range.where(shape);
        List<Object> params = new ArrayList<>(List.of(txnId, shape.name()));
        params.add(range.loText());
        params.add(range.hiText());
        params.addAll(range.bounds());
        return new LoggedStatement(sql, params, 0);
    }

    /**
     * The first key of the chunk after the one starting at {@code lo} ({@code lo} null: the first chunk), so that a
     * chunk holds about {@code rows} rows: bound to {@link #boundaryParams}.
     */
    static String boundary(TableShape shape, Object lo) {
        String key = shape.chunkKey().quoted();
        return "SELECT " + key + " FROM " + shape.quotedName() + (lo == null ? "" : " WHERE " + key + " > ?")
                + " ORDER BY " + key + " LIMIT 1 OFFSET ?";
    }

    static List<Object> boundaryParams(Object lo, int rows) {
        return lo == null ? List.of((long) rows) : List.of(lo, (long) rows - 1);
    }

    /** The master's rows of a chunk, binary columns as hex, ready for {@link #repair}. */
    static String rowsOf(TableShape shape, KeyRange range) {
        String columns = written(shape).stream()
                .map(column -> column.binary() ? "HEX(" + column.quoted() + ")" : column.quoted())
                .collect(Collectors.joining(", "));
        return "SELECT " + columns + " FROM " + shape.quotedName() + range.where(shape);
    }

    /**
     * Makes a chunk hold exactly {@code rows} (the master's, as {@link #rowsOf} read them): its rows are deleted and
     * these inserted, with foreign key checks off for those two statements only, so no cascade reaches another
     * table and no row waits for a parent another chunk will bring.
     *
     * @param mariaDb whether the servers are MariaDB ({@code SET STATEMENT ... FOR}) or MySQL (a SET_VAR hint)
     */
    static List<LoggedStatement> repair(TableShape shape, KeyRange range, List<List<Object>> rows, boolean mariaDb) {
        List<LoggedStatement> statements = new ArrayList<>();
        statements.add(new LoggedStatement(withoutForeignKeyChecks("DELETE", "FROM " + shape.quotedName()
                + range.where(shape), mariaDb), range.bounds(), 0));
        List<TableShape.Column> columns = written(shape);
        String names = columns.stream().map(TableShape.Column::quoted).collect(Collectors.joining(", "));
        String tuple = columns.stream().map(column -> column.binary() ? "UNHEX(?)" : "?")
                .collect(Collectors.joining(", ", "(", ")"));
        int perInsert = Math.max(1, MAX_VALUES_PER_INSERT / columns.size());
        for (int from = 0; from < rows.size(); from += perInsert) {
            List<List<Object>> part = rows.subList(from, Math.min(rows.size(), from + perInsert));
            List<Object> params = new ArrayList<>(part.size() * columns.size());
            part.forEach(params::addAll);
            String values = String.join(", ", Collections.nCopies(part.size(), tuple));
            statements.add(new LoggedStatement(withoutForeignKeyChecks("INSERT", "INTO " + shape.quotedName() + " ("
                    + names + ") VALUES " + values, mariaDb), params, 0));
        }
        return statements;
    }

    private static String withoutForeignKeyChecks(String verb, String rest, boolean mariaDb) {
        return mariaDb
                ? "SET STATEMENT foreign_key_checks = 0 FOR " + verb + " " + rest
                : verb + " /*+ SET_VAR(foreign_key_checks = OFF) */ " + rest;
    }

    private static List<TableShape.Column> written(TableShape shape) {
        return shape.columns().stream().filter(column -> !column.generated()).toList();
    }
}
