package dev.ddb.coordinator.replication;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which single-row INSERTs a replay may send as one multi-row INSERT.
 *
 * <p>A replica spends most of a small write's CPU on the statement rather than the row: measured on
 * MariaDB 10.11, 20 single-row INSERTs each after its {@code SET INSERT_ID} cost the server about
 * 30 µs a row, one 20-row INSERT about 12 µs. So consecutive statements of a replay that are the same
 * {@code INSERT INTO t (columns) VALUES (?, ...)} text, under the same session timestamp, whose logged
 * insert ids run on by one (or are all 0), are sent as one INSERT with every row's values, after one
 * {@code SET INSERT_ID} of the first id. The rows then get what they got on the master: the values
 * bound, {@code NOW()} of the same timestamp, and AUTO_INCREMENT ids that run on from the first.
 *
 * <p>That holds only while every row generates its id: a row giving its AUTO_INCREMENT column a value
 * of its own would shift the ids generated after it. Triggers could insert elsewhere with ids of their
 * own. So the {@link Tables} decide per table and column list; a replay that cannot ask ({@link #NONE})
 * merges nothing.
 */
final class InsertMerging {

    /** What a replica knows about its tables. */
    @FunctionalInterface
    interface Tables {
        /**
         * Whether rows inserted into this table through these columns may share one INSERT: a base
         * table without triggers whose AUTO_INCREMENT column, if it has one, is not among them.
         *
         * @param schema the schema the statement names, or null for the connection's database
         */
        boolean acceptsMergedInserts(String schema, String table, List<String> columns) throws SQLException;
    }

    /** For replays with no one to ask: every statement runs on its own. */
    static final InsertMerging NONE = new InsertMerging((schema, table, columns) -> false);

    /** Keeps a merged INSERT far below the servers' max_allowed_packet and {@link StatementScript}'s query size. */
    static final int MAX_MERGED_CHARS = 1024 * 1024;

    private static final String IDENTIFIER = "(?:`(?:[^`]|``)+`|[A-Za-z0-9_$]+)";
    private static final Pattern SINGLE_ROW_INSERT = Pattern.compile("\\s*INSERT\\s+INTO\\s+(" + IDENTIFIER + ")(?:\\s*\\.\\s*("
            + IDENTIFIER + "))?\\s*\\(\\s*(" + IDENTIFIER + "(?:\\s*,\\s*" + IDENTIFIER + ")*)\\s*\\)\\s*VALUES\\s*(\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\))[\\s;]*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN = Pattern.compile(IDENTIFIER);

    private final Tables tables;

    InsertMerging(Tables tables) {
        this.tables = tables;
    }

    /**
     * The statement's text up to its VALUES tuple, if it is a single-row INSERT of placeholders only into a
     * table that accepts merged inserts: the text every rendering of it starts with.
     */
    Optional<String> mergeablePrefix(String sql) throws SQLException {
        Matcher insert = SINGLE_ROW_INSERT.matcher(sql);
        if (!insert.matches()) {
            return Optional.empty();
        }
        String schema = insert.group(2) == null ? null : unquote(insert.group(1));
        String table = unquote(insert.group(2) == null ? insert.group(1) : insert.group(2));
        List<String> columns = new ArrayList<>();
        Matcher column = COLUMN.matcher(insert.group(3));
        while (column.find()) {
            columns.add(unquote(column.group()));
        }
        return tables.acceptsMergedInserts(schema, table, columns)
                ? Optional.of(sql.substring(0, insert.start(4)))
                : Optional.empty();
    }

    /** The rendered statement's VALUES tuple, without trailing semicolons or blanks; prefix from {@link #mergeablePrefix}. */
    static Optional<String> valuesTuple(String prefix, String rendered) {
        if (!rendered.startsWith(prefix)) {
            return Optional.empty();
        }
        int end = rendered.length();
        while (end > prefix.length() && (rendered.charAt(end - 1) == ';' || Character.isWhitespace(rendered.charAt(end - 1)))) {
            end--;
        }
        return Optional.of(rendered.substring(prefix.length(), end));
    }

    static String unquote(String identifier) {
        return identifier.startsWith("`") ? identifier.substring(1, identifier.length() - 1).replace("``", "`") : identifier;
    }
}
