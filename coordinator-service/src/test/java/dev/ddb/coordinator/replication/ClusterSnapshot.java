package dev.ddb.coordinator.replication;

import dev.ddb.mysql.testing.TestCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What an instance holds that must be identical everywhere: the user tables and the log. */
record ClusterSnapshot(Map<String, List<String>> tables, List<String> log, long appliedTs) {

    private static final String LOG_QUERY =
            "SELECT ts, txn_id, epoch, statements, context, tables_touched, checksum FROM ddb_meta.log ORDER BY ts";

    static ClusterSnapshot of(TestCluster cluster, String instanceId) throws SQLException {
        try (Connection connection = cluster.connect(instanceId, "ddb"); Statement statement = connection.createStatement()) {
            Map<String, List<String>> tables = new TreeMap<>();
            List<String> names = rows(statement, "SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'ddb' ORDER BY table_name");
            for (String name : names) {
                tables.put(name, rows(statement, "SELECT * FROM ddb.`" + name + "` ORDER BY 1"));
            }
            long appliedTs = Long.parseLong(rows(statement, "SELECT applied_ts FROM ddb_meta.state WHERE id = 1").get(0));
            return new ClusterSnapshot(tables, rows(statement, LOG_QUERY), appliedTs);
        }
    }

    List<Long> logTimestamps() {
        return log.stream().map(row -> Long.parseLong(row.substring(0, row.indexOf('|')))).toList();
    }

    private static List<String> rows(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.append(column > 1 ? "|" : "").append(result.getString(column));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
