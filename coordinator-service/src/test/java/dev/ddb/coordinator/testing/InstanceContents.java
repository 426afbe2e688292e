package dev.ddb.coordinator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.TestCluster;

/**
 * What must be identical on every instance once replication has settled: every user table's rows,
 * every column of the log, and {@code applied_ts}. Rows are their columns' text joined by {@code |}.
 */
public record InstanceContents(Map<String, List<String>> tables, List<String> log, long appliedTs) {

    private static final String LOG_QUERY =
            "SELECT ts, txn_id, epoch, statements, context, tables_touched, checksum FROM ddb_meta.log ORDER BY ts";

    public static InstanceContents of(TestCluster cluster, String instanceId) throws SQLException {
        try (Connection connection = cluster.connect(instanceId, "ddb"); Statement statement = connection.createStatement()) {
            Map<String, List<String>> tables = new TreeMap<>();
            for (String table : rows(statement, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'ddb'")) {
                tables.put(table, rows(statement, "SELECT * FROM ddb.`" + table + "` ORDER BY 1"));
            }
            List<String> log = rows(statement, LOG_QUERY);
            long appliedTs = Long.parseLong(rows(statement, "SELECT applied_ts FROM ddb_meta.state WHERE id = 1").get(0));
            return new InstanceContents(tables, log, appliedTs);
        }
    }

    /** Waits until every instance holds the same contents and returns them; fails naming the difference. */
    public static InstanceContents awaitIdentical(TestCluster cluster, Duration patience) throws Exception {
        List<String> ids = cluster.instances().stream().map(ClusterInstance::id).toList();
        return awaitIdentical(cluster, ids, patience).values().iterator().next();
    }

    /** Waits until the instances {@code ids} hold the same contents and returns what each holds; fails naming the difference. */
    public static Map<String, InstanceContents> awaitIdentical(TestCluster cluster, List<String> ids, Duration patience)
            throws Exception {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            Map<String, InstanceContents> byInstance = new LinkedHashMap<>();
            for (String id : ids) {
                byInstance.put(id, of(cluster, id));
            }
            InstanceContents first = byInstance.values().iterator().next();
            if (byInstance.values().stream().allMatch(first::equals) || Instant.now().isAfter(deadline)) {
                byInstance.forEach((id, contents) -> {
                    assertThat(contents.appliedTs()).as("applied_ts of %s", id).isEqualTo(first.appliedTs());
                    assertThat(contents.log()).as("log of %s", id).isEqualTo(first.log());
                    assertThat(contents.tables()).as("tables of %s", id).isEqualTo(first.tables());
                });
                return byInstance;
            }
            Thread.sleep(200);
        }
    }

    /** The log's timestamps in ts order, checked to be strictly increasing. */
    public List<Long> logTimestamps() {
        List<Long> timestamps = log.stream().map(row -> Long.parseLong(row.substring(0, row.indexOf('|')))).toList();
        for (int i = 1; i < timestamps.size(); i++) {
            assertThat(timestamps.get(i)).as("log entry %d", i).isGreaterThan(timestamps.get(i - 1));
        }
        return timestamps;
    }

    public static long count(TestCluster cluster, String instanceId, String sql) throws SQLException {
        try (Connection connection = cluster.connect(instanceId, "ddb"); Statement statement = connection.createStatement()) {
            return Long.parseLong(rows(statement, sql).get(0));
        }
    }

    /** The rows {@code sql} returns, each as its columns' text joined by {@code |}. */
    public static List<String> rows(Statement statement, String sql) throws SQLException {
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
