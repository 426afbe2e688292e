package dev.ddb.coordinator.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.ddb.coordinator.error.CoordinatorException;

/** Which tables a verification covers: those named, checked to exist on the master, or every user table there. */
final class VerifiedTables {

    private static final Set<String> NOT_USER_DATABASES =
            Set.of("ddb_meta", "mysql", "information_schema", "performance_schema", "sys");

    private VerifiedTables() {
    }

    /** Every base table of every user database on the master, as {@code database.table}, in order. */
    static List<String> all(Connection master) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement select = master.prepareStatement("SELECT table_schema, table_name"
                + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                + " AND table_schema NOT IN ('ddb_meta', 'mysql', 'information_schema', 'performance_schema', 'sys')"
                + " ORDER BY table_schema, table_name");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1) + "." + rows.getString(2));
            }
        }
        return tables;
    }

    /**
     * {@code database.table} for a name as a client wrote it ({@code t} is in the default database).
     *
     * @throws CoordinatorException 400 for a name that is empty, has more than two parts, or names a system database
     */
    static String qualified(String name, String defaultDatabase) {
        String trimmed = name == null ? "" : name.strip().replace("`", "");
        String[] parts = trimmed.split("\\.", -1);
        if (trimmed.isEmpty() || parts.length > 2 || parts[0].isEmpty() || parts[parts.length - 1].isEmpty()) {
            throw new CoordinatorException(400, "INVALID_TABLE", "'" + name + "' is not a table name; write table or"
                    + " database.table.");
        }
        String qualified = parts.length == 1 ? defaultDatabase + "." + parts[0] : trimmed;
        if (NOT_USER_DATABASES.contains(database(qualified).toLowerCase(Locale.ROOT))) {
            throw new CoordinatorException(400, "SYSTEM_SCHEMA", qualified + " belongs to a system database or to the"
                    + " coordinator's ddb_meta; only user tables are verified.");
        }
        return qualified;
    }

    static String database(String qualified) {
        return qualified.substring(0, qualified.indexOf('.'));
    }

    static String table(String qualified) {
        return qualified.substring(qualified.indexOf('.') + 1);
    }
}
