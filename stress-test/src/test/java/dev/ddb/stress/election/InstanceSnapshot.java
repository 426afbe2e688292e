package dev.ddb.stress.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.testing.TestCluster;
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

/**
 * What must be the same on every instance once replication has settled: every user table's rows, the log, how far
 * the instance applied it and in which epoch, and the leadership term it holds. Rows are their columns' text joined by
 * {@code |}. (coordinator-service's tests have the like in {@code InstanceContents}; this module cannot reach them.)
 */
record InstanceSnapshot(Map<String, List<String>> tables, List<String> log, String state, String leadership) {

    private static final String LOG = "SELECT ts, txn_id, epoch, statements, context, tables_touched, checksum"
            + " FROM ddb_meta.log ORDER BY ts";

    static InstanceSnapshot of(TestCluster cluster, String instanceId) throws SQLException {
        try (Connection connection = cluster.connect(instanceId, "ddb"); Statement statement = connection.createStatement()) {
            Map<String, List<String>> tables = new TreeMap<>();
            for (String table : rows(statement, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'ddb'")) {
                tables.put(table, rows(statement, "SELECT * FROM ddb.`" + table + "` ORDER BY 1"));
            }
            return new InstanceSnapshot(tables, rows(statement, LOG),
                    rows(statement, "SELECT applied_ts, epoch FROM ddb_meta.state WHERE id = 1").get(0),
                    rows(statement, "SELECT term, leader FROM ddb_meta.leadership WHERE id = 1").get(0));
        }
    }

    /** Waits until the instances {@code ids} hold the same; fails naming what differs. */
    static Map<String, InstanceSnapshot> awaitIdentical(TestCluster cluster, List<String> ids, Duration patience)
            throws Exception {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            Map<String, InstanceSnapshot> byInstance = new LinkedHashMap<>();
            for (String id : ids) {
                byInstance.put(id, of(cluster, id));
            }
            InstanceSnapshot first = byInstance.values().iterator().next();
            if (byInstance.values().stream().allMatch(first::equals) || Instant.now().isAfter(deadline)) {
                String firstId = ids.get(0);
                byInstance.forEach((id, snapshot) -> {
                    assertThat(snapshot.state()).as("applied_ts|epoch of %s", id).isEqualTo(first.state());
                    assertThat(snapshot.leadership()).as("term|leader of %s", id).isEqualTo(first.leadership());
                    assertSameRows("the log", id, snapshot.log(), firstId, first.log());
                    assertThat(snapshot.tables().keySet()).as("tables of %s", id).isEqualTo(first.tables().keySet());
                    first.tables().forEach((table, rows) ->
                            assertSameRows("ddb." + table, id, snapshot.tables().get(table), firstId, rows));
                });
                return byInstance;
            }
            Thread.sleep(200);
        }
    }

    /** Fails naming the rows one instance has and the other lacks, rather than printing both tables whole. */
    private static void assertSameRows(String what, String id, List<String> rows, String firstId, List<String> firstRows) {
        if (rows.equals(firstRows)) {
            return;
        }
        List<String> missing = firstRows.stream().filter(row -> !rows.contains(row)).limit(10).toList();
        List<String> extra = rows.stream().filter(row -> !firstRows.contains(row)).limit(10).toList();
        throw new AssertionError(what + " differs: " + id + " has " + rows.size() + " rows, " + firstId + " "
                + firstRows.size() + "; " + firstId + " has and " + id + " lacks (at most 10): " + missing + "; " + id
                + " has and " + firstId + " lacks (at most 10): " + extra);
    }

    /** The first column of each {@code ledger} row: its key. */
    List<String> ledgerKeys() {
        return tables.getOrDefault("ledger", List.of()).stream().map(row -> row.substring(0, row.indexOf('|'))).toList();
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
