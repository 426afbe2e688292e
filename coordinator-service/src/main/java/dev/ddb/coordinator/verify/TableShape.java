package dev.ddb.coordinator.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What verification and repair need to know of one table, read from the master's {@code information_schema}: its
 * columns in order, and the column its chunks are cut along (the first column of the primary key, when its type
 * orders the same way as a bound parameter compares; else the table is checked as one chunk).
 *
 * @param chunkKey the column chunk bounds apply to; null for a table checked whole
 */
public record TableShape(String database, String table, List<Column> columns, Column chunkKey) {

    private static final Set<String> NUMERIC_KEYS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal");
    private static final Set<String> TEXT_KEYS = Set.of("char", "varchar", "date", "datetime", "timestamp", "time", "year");
    private static final Set<String> BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
            "bit", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
            "geometrycollection");

    /**
     * @param generated a generated column: part of the checksum, never written by a repair
     * @param binary bytes with no character set: copied as hex so no conversion can change them
     */
    public record Column(String name, String dataType, boolean generated, boolean binary) {

        /** A bound of this column's chunks is compared as a number, not as text. */
        boolean numeric() {
            return NUMERIC_KEYS.contains(dataType);
        }

        String quoted() {
            return quote(name);
        }
    }

    public TableShape {
        columns = List.copyOf(columns);
    }

    /** {@code database.table}, as results name it. */
    public String name() {
        return database + "." + table;
    }

    public String quotedName() {
        return quote(database) + "." + quote(table);
    }

    public boolean chunked() {
        return chunkKey != null;
    }

    /** The table's shape, or null if {@code database.table} is not a base table on this instance. */
    public static TableShape read(Connection connection, String database, String table) throws SQLException {
        // One information_schema table per query: a join of two makes MariaDB build a temporary table for each, and
        // MariaDB 10.11 was seen crashing when building one failed (signal 11 in create_tmp_table_for_schema).
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name = ? AND table_type = 'BASE TABLE'")) {
            select.setString(1, database);
            select.setString(2, table);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT column_name, data_type, extra"
                + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            select.setString(1, database);
            select.setString(2, table);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(2).toLowerCase(Locale.ROOT);
                    String extra = String.valueOf(rows.getString(3)).toUpperCase(Locale.ROOT);
                    columns.add(new Column(rows.getString(1), type, extra.contains("GENERATED"), BINARY.contains(type)));
                }
            }
        }
        if (columns.isEmpty()) {
            return null;
        }
        Column key = null;
        try (PreparedStatement select = connection.prepareStatement("SELECT column_name FROM information_schema.statistics"
                + " WHERE table_schema = ? AND table_name = ? AND index_name = 'PRIMARY' AND seq_in_index = 1")) {
            select.setString(1, database);
            select.setString(2, table);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    String name = rows.getString(1);
                    key = columns.stream().filter(column -> column.name().equalsIgnoreCase(name)).findFirst()
                            .filter(column -> column.numeric() || TEXT_KEYS.contains(column.dataType()))
                            .orElse(null);
                }
            }
        }
        return new TableShape(database, table, columns, key);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
