package dev.ddb.coordinator.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an instance's tables allow {@link InsertMerging}, asked of {@code information_schema} once per table and
 * forgotten after every schema change (the replicated DDL is the only way the tables change). One instance serves a
 * replica's applier connection or every connection the sequencer opens to the master.
 *
 * <p>A table with an AUTO_INCREMENT column merges only where one multi-row INSERT gives its rows consecutive ids,
 * as separate INSERTs would: {@code auto_increment_increment} 1 and {@code innodb_autoinc_lock_mode} 0 or 1
 * (MariaDB's default; MySQL 8 defaults to 2, whose ids are consecutive only while no other statement inserts at
 * the same time, which nothing here can promise). And only in a strict {@code sql_mode} (the servers' default):
 * without one, a multi-row INSERT stores a NULL given to a NOT NULL column as the column type's default where a
 * single-row INSERT fails.
 */
final class InsertTables {

    private static final String FACTS = "SELECT t.TABLE_TYPE,"
            + " (SELECT COUNT(*) FROM information_schema.TRIGGERS g"
            + "   WHERE g.EVENT_OBJECT_SCHEMA = t.TABLE_SCHEMA AND g.EVENT_OBJECT_TABLE = t.TABLE_NAME),"
            + " (SELECT c.COLUMN_NAME FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA"
            + "   AND c.TABLE_NAME = t.TABLE_NAME AND c.EXTRA LIKE '%auto_increment%' LIMIT 1),"
            + " @@innodb_autoinc_lock_mode <= 1 AND @@auto_increment_increment = 1,"
            + " @@SESSION.sql_mode LIKE '%STRICT_TRANS_TABLES%' OR @@SESSION.sql_mode LIKE '%STRICT_ALL_TABLES%'"
            + " FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND t.TABLE_NAME = ?";

    /**
     * @param mergeable a base table without triggers, whose AUTO_INCREMENT ids (if it has any) run on by one within a
     *     multi-row INSERT, asked about in a strict sql_mode
     * @param autoIncrementColumn its AUTO_INCREMENT column, or null
     */
    private record Facts(boolean mergeable, String autoIncrementColumn) {
    }

    private final Map<String, Facts> known = new ConcurrentHashMap<>();

    /** The facts as asked through this connection. */
    InsertMerging.Tables on(Connection connection) {
        return (schema, table, columns) -> acceptsMergedInserts(connection, schema, table, columns);
    }

    private boolean acceptsMergedInserts(Connection connection, String schema, String table, List<String> columns)
            throws SQLException {
        String key = (schema == null ? "" : schema) + "\u0000" + table;
        Facts facts = known.get(key);
        if (facts == null) {
            facts = read(connection, schema, table);
            known.put(key, facts);
        }
        String autoIncrement = facts.autoIncrementColumn();
        return facts.mergeable() && (autoIncrement == null || columns.stream().noneMatch(autoIncrement::equalsIgnoreCase));
    }

    /** After a schema change: tables, columns and triggers may differ now. */
    void forget() {
        known.clear();
    }

    private static Facts read(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(FACTS)) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet facts = query.executeQuery()) {
                if (!facts.next()) {
                    return new Facts(false, null);
                }
                String autoIncrement = facts.getString(3);
                boolean idsRunOn = autoIncrement == null || facts.getBoolean(4);
                boolean strict = facts.getBoolean(5);
                Facts found = new Facts("BASE TABLE".equals(facts.getString(1)) && facts.getLong(2) == 0 && idsRunOn
                        && strict, autoIncrement);
                // Table names compare without regard to case in information_schema on some servers: two rows, ask no more.
                return facts.next() ? new Facts(false, null) : found;
            }
        }
    }
}
