package dev.ddb.coordinator.rest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The SQL each seed endpoint stands for: names checked and backtick-quoted, values as bound
 * parameters, {@code set}/{@code where}/column lists only after {@link Clauses} and
 * {@link ColumnDefinitions} accepted them. What runs it is {@code POST /query}'s path.
 */
record SeedStatement(String sql, List<Object> params) {

    SeedStatement {
        // Values may be SQL NULL, so no List.copyOf.
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    static SeedStatement createDatabase(String name) {
        return new SeedStatement("CREATE DATABASE " + Identifiers.quoted("name", name), List.of());
    }

    static SeedStatement dropDatabase(String name) {
        return new SeedStatement("DROP DATABASE " + Identifiers.quoted("name", name), List.of());
    }

    static SeedStatement createTable(String database, String table, String columnDefinitions) {
        return new SeedStatement("CREATE TABLE " + Identifiers.qualified(database, table) + " (" + columnDefinitions + ")",
                List.of());
    }

    /** {@code values}: one literal per column, in the table's column order. */
    static SeedStatement insertValues(String database, String table, String values) {
        List<Object> literals = LiteralList.parse(values);
        return new SeedStatement("INSERT INTO " + Identifiers.qualified(database, table) + " VALUES ("
                + placeholders(literals.size()) + ")", literals);
    }

    /** {@code records}: column name to value. */
    static SeedStatement insertRecord(String database, String table, Map<String, Object> record) {
        if (record.isEmpty()) {
            throw new InvalidRequestException("INVALID_RECORDS", "'records' names no column.");
        }
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        record.forEach((column, value) -> {
            columns.add(Identifiers.quoted("records column", column));
            values.add(value);
        });
        return new SeedStatement("INSERT INTO " + Identifiers.qualified(database, table) + " (" + String.join(", ", columns)
                + ") VALUES (" + placeholders(values.size()) + ")", values);
    }

    static SeedStatement selectAll(String database, String table) {
        return new SeedStatement("SELECT * FROM " + Identifiers.qualified(database, table), List.of());
    }

    static SeedStatement update(String database, String table, String set, String where) {
        String target = Identifiers.qualified(database, table);
        return new SeedStatement("UPDATE " + target + " SET " + Clauses.assignments(set) + " WHERE " + Clauses.condition(where),
                List.of());
    }

    static SeedStatement delete(String database, String table, String where) {
        String target = Identifiers.qualified(database, table);
        return new SeedStatement("DELETE FROM " + target + " WHERE " + Clauses.condition(where), List.of());
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
