package dev.ddb.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.coordinator.log.BoundSql;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A digest with its values bound, on a connection set up as the coordinator's (client-side binding), gives what the
 * client's own text gives on a real server: the same values of the same types. (Not always the same column names: the
 * server names an expression's column after its text, and the driver may spell a literal differently; so reads run as
 * the client wrote them.)
 */
@LocalServers(count = 1)
class LiteralDigestOnServerTest {

    private final TestCluster cluster;
    private Connection connection;

    LiteralDigestOnServerTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void connect() throws SQLException {
        connection = new InstanceConnector(cluster.credentials(), Duration.ofSeconds(3), Duration.ofSeconds(30))
                .open(cluster.instance("instance-1").address());
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void boundDigestsReadTheSameAsTheClientsText() throws SQLException {
        assertSameResult("SELECT 1, 0, 123456789012345678, -42, 7 + 3, 'plain', \"double\", 'it''s', \"say \"\"hi\"\"\"");
        assertSameResult("SELECT 'a\\'b', 'x\\\\y', 'l1\\nl2', 'tab\\tx', 'q\\qz', 'nul\\0', 'ctrl\\Z', 'bs\\b', 'cr\\r'");
        assertSameResult("SELECT '50%' LIKE '50\\%', '50x' LIKE '50\\%', 'a_b' LIKE 'a\\_b', 'axb' LIKE 'a\\_b', '\\%', '\\_'");
        assertSameResult("SELECT 'ünïcode 😀', '', ' ', 'raw\ttab', 'line\nbreak', 'back\\\\slash\\\\'");
        assertSameResult("SELECT 'A' = 'a', 'abc' < 'abd', CONCAT('x', 5), 5 DIV 2, 7 / 2, -9223372036854775807 - 1");
        assertSameResult("SELECT DATE '2026-12-07', INTERVAL 1 DAY + '2026-12-07', TIMESTAMP '2026-12-07 10:11:12'");
    }

    private void assertSameResult(String sql) throws SQLException {
        LiteralDigest digest = LiteralDigest.of(SqlTokens.lex(sql)).orElseThrow();
        List<String> literal;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            literal = describe(rows);
        }
        List<String> bound;
        try (PreparedStatement statement = connection.prepareStatement(digest.text())) {
            BoundSql.bind(statement, digest.bind(List.of()));
            try (ResultSet rows = statement.executeQuery()) {
                bound = describe(rows);
            }
        }
        assertThat(bound).as("%s as %s", sql, digest.text()).isEqualTo(literal);
    }

    /** Each column's type and value's bytes. */
    private static List<String> describe(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> columns = new ArrayList<>();
        assertThat(rows.next()).isTrue();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnTypeName(i) + " " + meta.getPrecision(i) + " "
                    + Arrays.toString(rows.getBytes(i)));
        }
        return columns;
    }
}
