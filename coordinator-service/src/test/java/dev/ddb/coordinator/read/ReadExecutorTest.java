package dev.ddb.coordinator.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

@LocalServers(count = 2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadExecutorTest {

    private static final String INSTANCE = "instance-1";

    private final ReadLoad load = new ReadLoad();
    private final ReadExecutor executor = new ReadExecutor(load, ReadExecutor.DEFAULT_ROW_LIMIT);
    private TestPools pools;

    @BeforeAll
    void createTables(TestCluster cluster) throws SQLException {
        pools = new TestPools(cluster);
        try (Connection connection = cluster.connect(INSTANCE, "ddb"); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE value_types (
                        id INT PRIMARY KEY,
                        at_micros DATETIME(6), at_seconds DATETIME, stamped TIMESTAMP(6) NULL, day DATE,
                        clock TIME, duration TIME, price DECIMAL(20, 4), huge BIGINT UNSIGNED, small BIGINT UNSIGNED,
                        payload BLOB, fixed BINARY(4), flag BIT(1), mask BIT(10), wide BIT(64), active BOOLEAN,
                        document JSON, year_of YEAR, ratio DOUBLE, label VARCHAR(20), nothing VARCHAR(5))""");
            // The session writes TIMESTAMP in +05:00; the server stores the instant, and reads render it in UTC.
            statement.execute("SET time_zone = '+05:00'");
            statement.execute("""
                    INSERT INTO value_types VALUES (1,
                        '2026-11-22 10:00:00.123456', '2026-11-22 10:00:00', '2026-11-22 15:00:00.100000', '2026-11-22',
                        '10:00:00', '-838:59:59', 12345678901234.5678, 18446744073709551615, 5,
                        x'00ff10', x'01020304', b'1', b'1000000001', b'1111111111111111111111111111111111111111111111111111111111111111', TRUE,
                        '{"a": [1, 2]}', 2026, 2.25, 'Alice', NULL)""");
            for (int i = 1; i <= 25; i++) {
                statement.execute("INSERT INTO users (name, email) VALUES ('user" + i + "', 'user" + i + "@example.com')");
            }
            statement.execute("INSERT INTO products (name, price, stock) VALUES ('Widget', 9.99, 3)");
        }
    }

    @AfterAll
    void closePools() {
        pools.close();
    }

    @Test
    void temporalValuesAreIsoStringsWithTimestampsInUtc() throws SQLException {
        Map<String, Object> row = onlyRow("SELECT at_micros, at_seconds, stamped, day, clock, duration, year_of FROM value_types");

        assertThat(row).containsExactly(
                Map.entry("at_micros", "2026-11-22T10:00:00.123456"),
                Map.entry("at_seconds", "2026-11-22T10:00:00"),
                Map.entry("stamped", "2026-11-22T10:00:00.100000"),
                Map.entry("day", "2026-11-22"),
                Map.entry("clock", "10:00:00"),
                Map.entry("duration", "-838:59:59"),
                Map.entry("year_of", 2026));
    }

    @Test
    void numbersKeepTheirExactValue() throws SQLException {
        Map<String, Object> row = onlyRow("SELECT price, huge, small, ratio, id FROM value_types");

        assertThat(row.get("price")).isEqualTo(new BigDecimal("12345678901234.5678"));
        assertThat(row.get("huge")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(row.get("small")).isEqualTo(5L);
        assertThat(row.get("ratio")).isEqualTo(2.25);
        assertThat(row.get("id")).isEqualTo(1);
    }

    @Test
    void binaryValuesAreBase64() throws SQLException {
        Map<String, Object> row = onlyRow("SELECT payload, fixed, UNHEX('ff') AS computed FROM value_types");

        assertThat(row).containsExactly(
                Map.entry("payload", "AP8Q"), Map.entry("fixed", "AQIDBA=="), Map.entry("computed", "/w=="));
    }

    @Test
    void bitAndBooleanAreTheNumbersMysqlStores() throws SQLException {
        Map<String, Object> row = onlyRow("SELECT flag, mask, wide, active FROM value_types");

        assertThat(row.get("flag")).isEqualTo(1L);
        assertThat(row.get("mask")).isEqualTo(513L);
        assertThat(row.get("wide")).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
        assertThat(row.get("active")).isEqualTo(1L);
    }

    @Test
    void jsonColumnIsItsText() throws SQLException {
        assertThat(onlyRow("SELECT document FROM value_types")).containsEntry("document", "{\"a\": [1, 2]}");
    }

    @Test
    void nullIsKeptAsANullValue() throws SQLException {
        Map<String, Object> row = onlyRow("SELECT nothing, NULL AS literal FROM value_types");

        assertThat(row).containsOnlyKeys("nothing", "literal");
        assertThat(row.values()).containsOnlyNulls();
    }

    @Test
    void columnsKeepTheOrderAndLabelsOfTheQuery() throws SQLException {
        Map<String, Object> row = onlyRow("SELECT label AS who, id, 1 + 1 FROM value_types");

        assertThat(row.keySet()).containsExactly("who", "id", "1 + 1");
        assertThat(row.get("who")).isEqualTo("Alice");
    }

    @Test
    void repeatedColumnNameIsQualifiedByItsTable() throws SQLException {
        Map<String, Object> row = onlyRow("SELECT u.id, u.name, p.id, p.name FROM users u JOIN products p ON u.id = p.id");

        assertThat(row).containsExactly(Map.entry("id", 1L), Map.entry("name", "user1"),
                Map.entry("products.id", 1L), Map.entry("products.name", "Widget"));
    }

    @Test
    void columnRepeatedFromTheSameTableGetsASuffix() throws SQLException {
        Map<String, Object> row = onlyRow("SELECT a.id, b.id, c.id FROM users a JOIN users b ON b.id = a.id + 1 "
                + "JOIN users c ON c.id = a.id + 2 WHERE a.id = 1");

        assertThat(row).containsExactly(Map.entry("id", 1L), Map.entry("users.id", 2L), Map.entry("id_2", 3L));
    }

    @Test
    void paramsAreBoundNotSpliced() throws SQLException {
        List<Map<String, Object>> rows = executor.execute(INSTANCE, pools.get(INSTANCE),
                "SELECT name FROM users WHERE email = ? OR name = ?",
                List.of("user3@example.com", "nobody' OR '1'='1")).rows();

        assertThat(rows).containsExactly(Map.of("name", "user3"));
    }

    @Test
    void everyJsonParameterTypeBinds() throws SQLException {
        Map<String, Object> row = executor.execute(INSTANCE, pools.get(INSTANCE),
                "SELECT ? AS text, ? AS whole, ? AS big, ? AS fraction, ? AS exact, ? AS yes, ? IS NULL AS missing",
                Arrays.asList("a \"quoted\" 'value'", 7, 9_007_199_254_740_993L, 0.5, new BigDecimal("1.10"), true, null))
                .rows().get(0);

        assertThat(row.get("text")).isEqualTo("a \"quoted\" 'value'");
        assertThat(row.get("whole")).isEqualTo(7);
        assertThat(row.get("big")).isEqualTo(9_007_199_254_740_993L);
        assertThat(row.get("fraction")).isEqualTo(new BigDecimal("0.5"));
        assertThat(row.get("exact")).isEqualTo(new BigDecimal("1.10"));
        assertThat(row.get("yes")).isEqualTo(1);
        assertThat(row.get("missing")).isEqualTo(1);
    }

    @Test
    void parameterOfAnotherTypeIsRefusedBeforeExecution() {
        assertThatThrownBy(() -> executor.execute(INSTANCE, pools.get(INSTANCE), "SELECT ?", List.of(Map.of("a", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 1");
    }

    @Test
    void answerBeyondTheRowLimitIsTruncatedAndFlagged() throws SQLException {
        ReadResult result = new ReadExecutor(load, 10).execute(INSTANCE, pools.get(INSTANCE),
                "SELECT id FROM users ORDER BY id", List.of());

        assertThat(result.truncated()).isTrue();
        assertThat(result.rows()).hasSize(10);
        assertThat(result.rows().get(9)).containsEntry("id", 10L);
    }

    @Test
    void answerOfExactlyTheRowLimitIsNotTruncated() throws SQLException {
        ReadResult result = new ReadExecutor(load, 25).execute(INSTANCE, pools.get(INSTANCE), "SELECT id FROM users", List.of());

        assertThat(result.truncated()).isFalse();
        assertThat(result.rows()).hasSize(25);
    }

    @Test
    void rowLimitDoesNotStayOnThePooledConnection() throws SQLException {
        new ReadExecutor(load, 2).execute(INSTANCE, pools.get(INSTANCE), "SELECT id FROM users", List.of());

        assertThat(executor.execute(INSTANCE, pools.get(INSTANCE), "SELECT id FROM users", List.of()).rows()).hasSize(25);
    }

    @Test
    void showAndDescribeAnswerRows() throws SQLException {
        assertThat(executor.execute(INSTANCE, pools.get(INSTANCE), "SHOW TABLES", List.of()).rows())
                .extracting(row -> row.values().iterator().next())
                .contains("users", "products", "value_types");
        assertThat(executor.execute(INSTANCE, pools.get(INSTANCE), "DESCRIBE users", List.of()).rows())
                .extracting(row -> row.get("Field"))
                .containsExactly("id", "name", "email", "created_at");
    }

    @Test
    void answeredReadIsMeasuredAndLeavesNothingInFlight() throws SQLException {
        ReadLoad fresh = new ReadLoad();

        ReadResult result = new ReadExecutor(fresh, 100).execute(INSTANCE, pools.get(INSTANCE), "SELECT 1", List.of());

        assertThat(result.executedOn()).isEqualTo(INSTANCE);
        assertThat(result.latencyMs()).isPositive();
        assertThat(fresh.averageLatencyMs(INSTANCE)).hasValue(result.latencyMs());
        assertThat(fresh.inFlight(INSTANCE)).isZero();
    }

    @Test
    void refusedReadIsNotMeasuredAndLeavesNothingInFlight() {
        ReadLoad fresh = new ReadLoad();

        assertThatThrownBy(() -> new ReadExecutor(fresh, 100).execute(INSTANCE, pools.get(INSTANCE), "SELECT * FROM nope", List.of()))
                .isInstanceOf(SQLException.class);
        assertThat(fresh.averageLatencyMs(INSTANCE)).isEmpty();
        assertThat(fresh.inFlight(INSTANCE)).isZero();
    }

    private Map<String, Object> onlyRow(String sql) throws SQLException {
        List<Map<String, Object>> rows = executor.execute(INSTANCE, pools.get(INSTANCE), sql, List.of()).rows();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
