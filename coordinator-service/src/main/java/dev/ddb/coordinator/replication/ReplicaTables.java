package dev.ddb.coordinator.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one replica's connection learnt about its tables for {@link InsertMerging}, asked of
 * {@code information_schema} once per table and forgotten after every schema change the replica applies
 * (the replicated DDL is the only way its tables change).
 */
final class ReplicaTables implements InsertMerging.Tables {

    private static final String FACTS = "SELECT t.TABLE_TYPE,"
            + " (SELECT COUNT(*) FROM information_schema.TRIGGERS g"
            + "   WHERE g.EVENT_OBJECT_SCHEMA = t.TABLE_SCHEMA AND g.EVENT_OBJECT_TABLE = t.TABLE_NAME),"
            + " (SELECT c.COLUMN_NAME FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA"
            + "   AND c.TABLE_NAME = t.TABLE_NAME AND c.EXTRA LIKE '%auto_increment%' LIMIT 1)"
            + " FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND t.TABLE_NAME = ?";

    /**
     * @param mergeable a base table without triggers
     * @param autoIncrementColumn its AUTO_INCREMENT column, or null
     */
    private record Facts(boolean mergeable, String autoIncrementColumn) {
    }

    private final Connection connection;
    private final Map<String, Facts> known = new HashMap<>();

    ReplicaTables(Connection connection) {
        this.connection = connection;
    }

    @Override
    public boolean acceptsMergedInserts(String schema, String table, List<String> columns) throws SQLException {
        String key = (schema == null ? "" : schema) + "\u0000" + table;
        Facts facts = known.get(key);
        if (facts == null) {
            facts = read(schema, table);
            known.put(key, facts);
        }
        String autoIncrement = facts.autoIncrementColumn();
        return facts.mergeable() && (autoIncrement == null || columns.stream().noneMatch(autoIncrement::equalsIgnoreCase));
    }

    /** After a schema change: tables, columns and triggers may differ now. */
    void forget() {
        known.clear();
    }

    private Facts read(String schema, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(FACTS)) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet facts = query.executeQuery()) {
                if (!facts.next()) {
                    return new Facts(false, null);
                }
                Facts found = new Facts("BASE TABLE".equals(facts.getString(1)) && facts.getLong(2) == 0, facts.getString(3));
                // Table names compare without regard to case in information_schema on some servers: two rows, ask no more.
                return facts.next() ? new Facts(false, null) : found;
            }
        }
    }
}
