package dev.ddb.coordinator.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The base tables of the user database as an instance's {@code information_schema} lists them. Clients may not
 * read {@code information_schema} through {@code /query}; the coordinator's own code does.
 */
public final class UserTables {

    private UserTables() {
    }

    /** The base tables of {@code database}, by name. */
    public static List<String> names(Connection connection, String database) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            select.setString(1, database);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    /** The base tables of {@code database} in an order that deletes every referencing table before the table it references. */
    public static List<String> inDeletionOrder(Connection connection, String database) throws SQLException {
        List<DeletionOrder.Reference> references = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT table_name, referenced_table_name"
                + " FROM information_schema.referential_constraints"
                + " WHERE constraint_schema = ? AND unique_constraint_schema = ?")) {
            select.setString(1, database);
            select.setString(2, database);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    references.add(new DeletionOrder.Reference(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return DeletionOrder.of(names(connection, database), references);
    }
}
