package dev.ddb.coordinator.read;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the rows of one result set into maps a JSON encoder writes as the user expects: keyed by
 * column label, in column order, with values that survive JSON exactly.
 *
 * <ul>
 *   <li>DATETIME and TIMESTAMP: ISO-8601 without zone ({@code 2026-11-22T10:00:00.123456}), with as
 *       many fraction digits as the column declares. They are the server's own rendering in the
 *       session time zone, which is UTC on every instance of the suite ({@code default-time-zone}
 *       in server.cnf), so TIMESTAMP values read as UTC. DATE {@code 2026-11-22}; TIME
 *       {@code 10:00:00}, also beyond a day or negative ({@code -838:59:59}), since TIME is a
 *       duration in MySQL; YEAR a number. Zero dates stay as the server writes them.</li>
 *   <li>DECIMAL: {@link java.math.BigDecimal}, exact. Integers: Integer or Long, BigInteger only
 *       for a BIGINT UNSIGNED beyond {@link Long#MAX_VALUE}.</li>
 *   <li>BIT and BOOLEAN: the number MySQL stores (BIT(1) and BOOLEAN give 0 or 1; a BOOLEAN
 *       column holding 2 gives 2), as the mysql client shows them; BIT(n) is unsigned.</li>
 *   <li>BINARY, VARBINARY, BLOB: base64 text.</li>
 *   <li>JSON: the JSON text, as a string. MariaDB reports JSON columns as LONGTEXT, so parsing
 *       only MySQL's would make the same table answer differently per server.</li>
 * </ul>
 *
 * A label that repeats (two tables' {@code id}) keeps its plain name the first time; later ones
 * are prefixed with their table's name ({@code products.id}: the table, not the query's alias, is
 * what the server reports), or, when that is taken too (a self-join) or there is no table (an
 * expression), suffixed {@code _2}, {@code _3}, ...
 */
final class RowReader {

    private static final BigInteger TWO_TO_THE_64 = BigInteger.ONE.shiftLeft(64);

    @FunctionalInterface
    private interface ColumnValue {
        Object read(ResultSet rows, int column) throws SQLException;
    }

    private final List<String> keys;
    private final List<ColumnValue> values;

    RowReader(ResultSetMetaData metadata) throws SQLException {
        int count = metadata.getColumnCount();
        List<String> labels = new ArrayList<>(count);
        List<String> tables = new ArrayList<>(count);
        List<ColumnValue> readers = new ArrayList<>(count);
        for (int column = 1; column <= count; column++) {
            labels.add(metadata.getColumnLabel(column));
            tables.add(metadata.getTableName(column));
            readers.add(valueOf(metadata, column));
        }
        this.keys = uniqueKeys(labels, tables);
        this.values = readers;
    }

    Map<String, Object> read(ResultSet rows) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>(keys.size() * 2);
        for (int i = 0; i < keys.size(); i++) {
            row.put(keys.get(i), values.get(i).read(rows, i + 1));
        }
        return row;
    }

    /**
     * About the bytes the row takes in the answer's JSON: each key and value with its quotes, colon
     * and comma. Characters count one byte each (escapes and multi-byte UTF-8 are not counted), so
     * the figure stays below the real size, never above it.
     */
    static long jsonBytes(Map<String, Object> row) {
        long bytes = 2;
        for (Map.Entry<String, Object> column : row.entrySet()) {
            bytes += column.getKey().length() + 4 + valueBytes(column.getValue());
        }
        return bytes;
    }

    private static long valueBytes(Object value) {
        if (value instanceof String text) {
            return text.length() + 2;
        }
        if (value instanceof BigInteger || value instanceof BigDecimal) {
            return value.toString().length();
        }
        if (value instanceof Number || value instanceof Boolean) {
            // Most numbers are shorter than a long's 20 digits; only the limit's order of magnitude matters.
            return 8;
        }
        return 4;
    }

    static List<String> uniqueKeys(List<String> labels, List<String> tables) {
        Set<String> plain = new HashSet<>(labels);
        Set<String> taken = new HashSet<>();
        List<String> keys = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            String table = tables.get(i);
            String key = label;
            if (taken.contains(key)) {
                key = table == null || table.isEmpty() ? label : table + "." + label;
                // A qualified name another column already has as its plain label is taken too.
                for (int suffix = 2; taken.contains(key) || (!key.equals(label) && plain.contains(key)); suffix++) {
                    key = label + "_" + suffix;
                }
            }
            taken.add(key);
            keys.add(key);
        }
        return keys;
    }

    private static ColumnValue valueOf(ResultSetMetaData metadata, int column) throws SQLException {
        String typeName = metadata.getColumnTypeName(column).toUpperCase(Locale.ROOT);
        if (typeName.startsWith("YEAR")) {
            return RowReader::year;
        }
        return switch (metadata.getColumnType(column)) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> RowReader::dateTime;
            case Types.DATE, Types.TIME, Types.TIME_WITH_TIMEZONE -> ResultSet::getString;
            case Types.DECIMAL, Types.NUMERIC -> ResultSet::getBigDecimal;
            case Types.BIT, Types.BOOLEAN -> metadata.getPrecision(column) > 1 ? RowReader::bits : RowReader::flag;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> RowReader::base64;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> ResultSet::getString;
            case Types.NULL -> (rows, index) -> null;
            default -> RowReader::object;
        };
    }

    private static Object dateTime(ResultSet rows, int column) throws SQLException {
        String text = rows.getString(column);
        return text == null ? null : text.replaceFirst(" ", "T");
    }

    private static Object year(ResultSet rows, int column) throws SQLException {
        int year = rows.getInt(column);
        return rows.wasNull() ? null : year;
    }

    /** BIT(1), or a BOOLEAN the driver reports as one: the stored number, which may be any TINYINT. */
    private static Object flag(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    /** BIT(n): unsigned, so BIT(64) with the top bit set is a BigInteger. */
    private static Object bits(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        if (rows.wasNull()) {
            return null;
        }
        return value >= 0 ? value : BigInteger.valueOf(value).add(TWO_TO_THE_64);
    }

    private static Object base64(ResultSet rows, int column) throws SQLException {
        byte[] bytes = rows.getBytes(column);
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private static Object object(ResultSet rows, int column) throws SQLException {
        Object value = rows.getObject(column);
        if (value instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            return big.longValue();
        }
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }
}
