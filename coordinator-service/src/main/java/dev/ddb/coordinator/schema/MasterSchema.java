package dev.ddb.coordinator.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.query.SchemaCatalog;
import dev.ddb.coordinator.query.TableKeys;

/**
 * The user databases' tables and views as the master's {@code information_schema} lists them: their
 * unique NOT NULL keys and AUTO_INCREMENT columns, which the classifier checks writes against.
 *
 * <p>Read on first use and again on the first use after the schema may have changed: after every
 * schema change the sequencer runs ({@link #schemaChanged}) and after a failover (a new epoch), whose
 * master may lack a change the old one had. A table missing from what was read is looked for once
 * more before the classifier calls it unknown, for tables created on the instances directly.
 */
public final class MasterSchema implements SchemaCatalog {

    /** Opens a connection to whichever instance is the master now. */
    @FunctionalInterface
    public interface MasterConnection {
        Connection open() throws SQLException;
    }

    private static final String USER_SCHEMAS =
            "table_schema NOT IN ('ddb_meta', 'mysql', 'information_schema', 'performance_schema', 'sys')";

    private final MasterConnection master;
    private final LongSupplier epoch;
    private final AtomicLong schemaChanges = new AtomicLong();
    private volatile Snapshot snapshot;

    /** The tables read at one schema version. */
    private record Snapshot(long version, Map<String, TableKeys> tables) {
    }

    /** @param epoch the current epoch, which a failover raises */
    public MasterSchema(MasterConnection master, LongSupplier epoch) {
        this.master = master;
        this.epoch = epoch;
    }

    /** Records that the schema may have changed, so the next look-up reads it again. */
    public void schemaChanged() {
        schemaChanges.incrementAndGet();
    }

    @Override
    public long version() {
        // Both only ever grow, so their sum changes whenever either does.
        return epoch.getAsLong() + schemaChanges.get();
    }

    @Override
    public Optional<TableKeys> find(String qualifiedName) {
        Snapshot current = snapshot;
        long version = version();
        boolean justRead = current == null || current.version() != version;
        if (justRead) {
            current = reload(current, version);
        }
        TableKeys keys = current.tables().get(qualifiedName);
        if (keys == null && !justRead) {
            keys = reload(current, version).tables().get(qualifiedName);
        }
        return Optional.ofNullable(keys);
    }

    /** Reads the schema unless another thread has replaced {@code stale} meanwhile. */
    private synchronized Snapshot reload(Snapshot stale, long version) {
        if (snapshot != stale && snapshot.version() == version) {
            return snapshot;
        }
        try (Connection connection = master.open()) {
            snapshot = new Snapshot(version, read(connection));
            return snapshot;
        } catch (SQLException e) {
            throw CoordinatorException.unavailable("SCHEMA_UNAVAILABLE", "The coordinator could not read the tables'"
                    + " keys from the master (" + e.getMessage() + "), which it needs to check this write; retry.", e);
        }
    }

    /** Every user table and view by {@code database.table}. */
    static Map<String, TableKeys> read(Connection connection) throws SQLException {
        Map<String, Boolean> views = new LinkedHashMap<>();
        Map<String, String> autoIncrement = new HashMap<>();
        Map<String, Map<String, List<String>>> keys = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT table_schema, table_name, table_type"
                    + " FROM information_schema.tables WHERE " + USER_SCHEMAS)) {
                while (rows.next()) {
                    views.put(name(rows), rows.getString(3).equals("VIEW"));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT table_schema, table_name, column_name"
                    + " FROM information_schema.columns WHERE extra LIKE '%auto_increment%' AND " + USER_SCHEMAS)) {
                while (rows.next()) {
                    autoIncrement.put(name(rows), rows.getString(3));
                }
            }
            // A UNIQUE key with a nullable column admits any number of rows with NULL there, so it tells no rows apart.
            try (ResultSet rows = statement.executeQuery("SELECT table_schema, table_name, index_name, column_name"
                    + " FROM information_schema.statistics s WHERE non_unique = 0 AND " + USER_SCHEMAS
                    + " AND NOT EXISTS (SELECT 1 FROM information_schema.statistics n WHERE n.table_schema = s.table_schema"
                    + " AND n.table_name = s.table_name AND n.index_name = s.index_name AND n.nullable = 'YES')"
                    + " ORDER BY table_schema, table_name, index_name <> 'PRIMARY', index_name, seq_in_index")) {
                while (rows.next()) {
                    keys.computeIfAbsent(name(rows), table -> new LinkedHashMap<>())
                            .computeIfAbsent(rows.getString(3), index -> new ArrayList<>())
                            .add(rows.getString(4));
                }
            }
        }
        Map<String, TableKeys> tables = new HashMap<>();
        views.forEach((table, view) -> tables.put(table, view ? TableKeys.ofView() : new TableKeys(
                List.copyOf(keys.getOrDefault(table, Map.of()).values()), autoIncrement.get(table), false)));
        return Map.copyOf(tables);
    }

    private static String name(ResultSet rows) throws SQLException {
        return rows.getString(1) + "." + rows.getString(2);
    }
}
