package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.coordinator.replication.StatementScript.Result;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@LocalServers(count = 1)
class StatementScriptTest {

    private final TestCluster cluster;

    StatementScriptTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void freshTable() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", ""); Statement statement = connection.createStatement()) {
            Schema.reset(connection, "instance-1");
            statement.execute("CREATE TABLE ddb.script_rows (id INT AUTO_INCREMENT PRIMARY KEY, v LONGTEXT, u INT UNIQUE)");
        }
    }

    private Connection writer() throws SQLException {
        return Writers.open(cluster, "instance-1");
    }

    private Connection withoutMultiQueries() throws SQLException {
        return cluster.connect("instance-1", Schema.DATABASE);
    }

    private static List<String> rows(Connection connection) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, v, u FROM ddb.script_rows ORDER BY id")) {
            while (result.next()) {
                rows.add(result.getLong(1) + "|" + result.getString(2) + "|" + result.getObject(3));
            }
        }
        return rows;
    }

    private static StatementScript mixedScript(Connection connection) throws SQLException {
        StatementScript script = new StatementScript();
        script.add("SET TIMESTAMP = 1000");
        script.addKeyed(connection, "INSERT INTO script_rows (v) VALUES ('a') -- a trailing comment", List.of());
        script.addKeyed(connection, "INSERT INTO script_rows (id, v) VALUES (100, 'b');", List.of());
        script.addKeyed(connection, "UPDATE script_rows SET v = ? WHERE id = ?", List.of("c", 100));
        script.addKeyed(connection, "INSERT INTO script_rows (v) VALUES ('d'), ('e') # another comment", List.of());
        script.addValueQuery("SELECT LAST_INSERT_ID()");
        script.add("DELETE FROM script_rows WHERE id = 1");
        return script;
    }

    @Test
    void everyStatementAnswersWithItsOwnUpdateCountAndFirstGeneratedKey() throws SQLException {
        try (Connection connection = writer()) {
            List<Result> results = mixedScript(connection).run(connection);

            assertThat(results).containsExactly(new Result(0, 0, 0), new Result(1, 1, 0), new Result(1, 100, 0),
                    new Result(1, 0, 0), new Result(2, 101, 0), new Result(0, 0, 101), new Result(1, 0, 0));
            assertThat(rows(connection)).containsExactly("100|c|null", "101|d|null", "102|e|null");
        }
    }

    @Test
    void aConnectionWithoutMultiStatementQueriesRunsTheSameScriptOneStatementAtATime() throws SQLException {
        try (Connection connection = withoutMultiQueries()) {
            List<Result> results = mixedScript(connection).run(connection);

            assertThat(results).containsExactly(new Result(0, 0, 0), new Result(1, 1, 0), new Result(1, 100, 0),
                    new Result(1, 0, 0), new Result(2, 101, 0), new Result(0, 0, 101), new Result(1, 0, 0));
            assertThat(rows(connection)).containsExactly("100|c|null", "101|d|null", "102|e|null");
        }
    }

    @Test
    void jdbcEscapesInClientStatementsAreProcessedAndOursAreSentAsWritten() throws SQLException {
        try (Connection connection = writer()) {
            StatementScript script = new StatementScript();
            script.add(connection, "INSERT INTO script_rows (v) VALUES ({d '2020-01-02'})", List.of());
            script.add(connection, "INSERT INTO script_rows (v) VALUES (CONCAT({fn UCASE(?)}, '{fn x}'))", List.of("b"));
            script.run(connection);

            assertThat(rows(connection)).containsExactly("1|2020-01-02|null", "2|B{fn x}|null");
        }
    }

    @Test
    void statementsNotAddedAsKeyedReportNoKey() throws SQLException {
        try (Connection connection = writer()) {
            StatementScript script = new StatementScript();
            script.add(connection, "INSERT INTO script_rows (v) VALUES (?)", List.of("plain"));
            script.addKeyed(connection, "INSERT INTO script_rows (v) VALUES (?)", List.of("keyed"));

            assertThat(script.run(connection)).containsExactly(new Result(1, 0, 0), new Result(1, 2, 0));
        }
    }

    @Test
    void theFirstFailingStatementStopsTheScriptWithTheServersError() throws SQLException {
        try (Connection connection = writer()) {
            StatementScript script = new StatementScript();
            script.add("INSERT INTO script_rows (v, u) VALUES ('first', 1)");
            script.add("INSERT INTO script_rows (v, u) VALUES ('duplicate', 1)");
            script.add("INSERT INTO script_rows (v, u) VALUES ('never', 2)");

            assertThatThrownBy(() -> script.run(connection)).isInstanceOf(SQLIntegrityConstraintViolationException.class)
                    .hasMessageContaining("Duplicate entry");
            assertThat(rows(connection)).containsExactly("1|first|1");
        }
    }

    @Test
    void boundParametersAreStoredExactlyAsAPreparedStatementStoresThem() throws SQLException {
        String tricky = "it's \\ \" ; -- \n\r\t \0 \u001a é 漢字 😀";
        try (Connection connection = writer()) {
            StatementScript script = new StatementScript();
            script.add(connection, "INSERT INTO script_rows (v, u) VALUES (?, ?)", List.of(tricky, 7));
            script.add(connection, "INSERT INTO script_rows (v, u) VALUES (?, ?)", List.of(new BigDecimal("-0.0000000001"), 8));
            script.run(connection);

            assertThat(rows(connection)).containsExactly("1|" + tricky + "|7", "2|-0.0000000001|8");
        }
    }

    @Test
    void aScriptTooLongForOneQueryIsSplitAndStillAnswersEveryStatement() throws SQLException {
        String large = "x".repeat(3 * 1024 * 1024);
        try (Connection connection = writer()) {
            StatementScript script = new StatementScript();
            script.addKeyed(connection, "INSERT INTO script_rows (v) VALUES (?)", List.of(large));
            script.addKeyed(connection, "INSERT INTO script_rows (v) VALUES (?)", List.of(large));
            script.addKeyed(connection, "INSERT INTO script_rows (v) VALUES ('small')", List.of());

            assertThat(script.run(connection)).extracting(Result::generatedKey).containsExactly(1L, 2L, 3L);
            assertThat(rows(connection)).hasSize(3);
        }
    }
}
