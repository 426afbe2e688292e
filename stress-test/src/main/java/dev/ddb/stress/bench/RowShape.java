package dev.ddb.stress.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The rows the write benchmarks insert, one key of their own each ({@link BenchRows#key}), and the two ways a client
 * may send them: with bound parameters, or with the values written into the statement as literals (as a {@code curl}
 * user does).
 */
public enum RowShape {

    /** {@code (k, v)}: a key and a number, about 40 bytes. */
    SMALL(BenchRows.TABLE, BenchRows.CREATE_TABLE, "k, v"),

    /**
     * sysbench's {@code oltp_insert} row, about 200 bytes: {@code c} of eleven 11-digit groups and {@code pad} of five,
     * separated by dashes, as sysbench fills {@code CHAR(120)} and {@code CHAR(60)}.
     */
    SYSBENCH("bench_sysbench_rows", "CREATE TABLE IF NOT EXISTS bench_sysbench_rows ("
            + "id BIGINT AUTO_INCREMENT PRIMARY KEY, "
            + "k VARCHAR(64) NOT NULL UNIQUE, "
            + "v INT NOT NULL, "
            + "c CHAR(120) NOT NULL, "
            + "pad CHAR(60) NOT NULL)", "k, v, c, pad");

    private final String table;
    private final String createTable;
    private final String columns;
    private final String insert;

    RowShape(String table, String createTable, String columns) {
        this.table = table;
        this.createTable = createTable;
        this.columns = columns;
        int count = columns.split(",").length;
        this.insert = "INSERT INTO " + table + " (" + columns + ") VALUES (?" + ", ?".repeat(count - 1) + ")";
    }

    /** The name on the command line: {@code small}, {@code sysbench}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String table() {
        return table;
    }

    public String createTable() {
        return createTable;
    }

    /** The INSERT with a {@code ?} for each column. */
    public String insert() {
        return insert;
    }

    /** The values of one row, in the INSERT's column order: the key, the client, then any filler. */
    public List<Object> values(String key, int client) {
        return switch (this) {
            case SMALL -> List.of(key, client);
            case SYSBENCH -> List.of(key, client, digitGroups(11), digitGroups(5));
        };
    }

    /** One row's INSERT with its values written in as literals (keys, digits and dashes need no escaping). */
    public String literalInsert(String key, int client) {
        StringBuilder sql = new StringBuilder(64 + 2 * columns.length() + 200);
        sql.append("INSERT INTO ").append(table).append(" (").append(columns).append(") VALUES ('").append(key)
                .append("', ").append(client);
        if (this == SYSBENCH) {
            sql.append(", '").append(digitGroups(11)).append("', '").append(digitGroups(5)).append('\'');
        }
        return sql.append(')').toString();
    }

    /** {@code groups} groups of 11 random digits joined by dashes. */
    private static String digitGroups(int groups) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder text = new StringBuilder(groups * 12);
        for (int group = 0; group < groups; group++) {
            if (group > 0) {
                text.append('-');
            }
            for (int digit = 0; digit < 11; digit++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        return text.toString();
    }

    /** Reads the labels (any case) for picocli. */
    public static final class Converter implements ITypeConverter<RowShape> {

        @Override
        public RowShape convert(String value) {
            return Arrays.stream(values()).filter(shape -> shape.label().equalsIgnoreCase(value.trim())).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a row shape; use "
                            + Arrays.stream(values()).map(RowShape::label).collect(Collectors.joining(" or "))));
        }
    }
}
