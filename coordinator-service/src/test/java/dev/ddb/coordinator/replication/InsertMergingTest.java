package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class InsertMergingTest {

    private final List<String> asked = new ArrayList<>();
    private final InsertMerging merging = new InsertMerging((schema, table, columns) -> {
        asked.add(schema + "|" + table + "|" + String.join(",", columns));
        return !columns.contains("id");
    });

    @Test
    void aSingleRowInsertOfPlaceholdersIsMergeableUpToItsValuesTuple() throws SQLException {
        assertThat(merging.mergeablePrefix("INSERT INTO bench_rows (k, v) VALUES (?, ?)"))
                .contains("INSERT INTO bench_rows (k, v) VALUES ");
        assertThat(merging.mergeablePrefix("  insert into `my db`.`odd``name` (`k`,v)values(?,?) ; "))
                .contains("  insert into `my db`.`odd``name` (`k`,v)values");
        assertThat(merging.mergeablePrefix("INSERT INTO t (`a,b`, `id`) VALUES (?, ?)")).isEmpty();
        assertThat(asked).containsExactly("null|bench_rows|k,v", "my db|odd`name|k,v", "null|t|a,b,id");
    }

    @Test
    void theTablesDecide() throws SQLException {
        assertThat(merging.mergeablePrefix("INSERT INTO users (id, name) VALUES (?, ?)")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO t (k, v) VALUES (?, NOW())",
            "INSERT INTO t (k, v) VALUES ('a', ?)",
            "INSERT INTO t (k, v) VALUES (?, ?), (?, ?)",
            "INSERT INTO t VALUES (?, ?)",
            "INSERT IGNORE INTO t (k, v) VALUES (?, ?)",
            "INSERT INTO t (k, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = v + 1",
            "INSERT INTO t (k, v) SELECT ?, ?",
            "INSERT INTO t (k, v) VALUES (?, ?) -- comment",
            "REPLACE INTO t (k, v) VALUES (?, ?)",
            "INSERT INTO t SET k = ?, v = ?",
            "UPDATE t SET v = ? WHERE k = ?"})
    void anythingElseRunsOnItsOwnWithoutAskingTheTables(String sql) throws SQLException {
        assertThat(merging.mergeablePrefix(sql)).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void theValuesTupleIsWhatFollowsThePrefixWithoutTrailingSemicolons() {
        assertThat(InsertMerging.valuesTuple("INSERT INTO t (k) VALUES ", "INSERT INTO t (k) VALUES ('a;')  ;"))
                .contains("('a;')");
        assertThat(InsertMerging.valuesTuple("INSERT INTO t (k) VALUES ", "INSERT INTO u (k) VALUES ('a')")).isEmpty();
    }
}
