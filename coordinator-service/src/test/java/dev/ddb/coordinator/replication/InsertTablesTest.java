package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which tables {@link InsertTables} lets a multi-row INSERT stand for single-row ones, asked of a real server. */
@LocalServers(count = 1)
class InsertTablesTest {

    private final TestCluster cluster;
    private Connection connection;

    InsertTablesTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void tables() throws SQLException {
        try (Connection admin = cluster.connect("instance-1", ""); Statement statement = admin.createStatement()) {
            Schema.reset(admin, "instance-1");
            statement.execute("CREATE TABLE ddb.keyed (id BIGINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(20) NOT NULL)");
            statement.execute("CREATE TABLE ddb.plain (k VARCHAR(20) PRIMARY KEY, v INT)");
            statement.execute("CREATE TABLE ddb.audited (k VARCHAR(20) PRIMARY KEY)");
            statement.execute("CREATE TRIGGER ddb.audit BEFORE INSERT ON ddb.audited FOR EACH ROW SET NEW.k = UPPER(NEW.k)");
            statement.execute("CREATE VIEW ddb.shown AS SELECT k FROM ddb.plain");
        }
        // Opened after the reset, which drops and creates the database this connection uses.
        connection = Writers.open(cluster, "instance-1");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private boolean accepts(String table, String... columns) throws SQLException {
        return new InsertTables().on(connection).acceptsMergedInserts(null, table, List.of(columns));
    }

    private void set(String assignment) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION " + assignment);
        }
    }

    @Test
    void baseTablesWithoutTriggersWhoseIdsTheServerGeneratesAreAccepted() throws SQLException {
        assertThat(accepts("keyed", "k")).isTrue();
        assertThat(accepts("plain", "k", "v")).isTrue();
        assertThat(new InsertTables().on(connection).acceptsMergedInserts("ddb", "plain", List.of("k"))).isTrue();
    }

    @Test
    void namedIdsTriggersViewsAndUnknownTablesAreNot() throws SQLException {
        assertThat(accepts("keyed", "id", "k")).isFalse();
        assertThat(accepts("keyed", "ID", "k")).isFalse();
        assertThat(accepts("audited", "k")).isFalse();
        assertThat(accepts("shown", "k")).isFalse();
        assertThat(accepts("missing", "k")).isFalse();
    }

    @Test
    void generatedIdsThatWouldNotRunOnByOneAreNot() throws SQLException {
        set("auto_increment_increment = 2");

        assertThat(accepts("keyed", "k")).isFalse();
        assertThat(accepts("plain", "k", "v")).as("no AUTO_INCREMENT column").isTrue();
    }

    @Test
    void nothingIsAcceptedOutsideAStrictSqlMode() throws SQLException {
        // Without a strict mode a multi-row INSERT stores NULL in a NOT NULL column where a single-row one fails.
        set("sql_mode = 'NO_ENGINE_SUBSTITUTION'");

        assertThat(accepts("plain", "k", "v")).isFalse();
        assertThat(accepts("keyed", "k")).isFalse();
    }

    @Test
    void whatWasLearntIsKeptUntilForgotten() throws SQLException {
        InsertTables tables = new InsertTables();
        assertThat(tables.on(connection).acceptsMergedInserts(null, "plain", List.of("k"))).isTrue();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER ddb.late BEFORE INSERT ON ddb.plain FOR EACH ROW SET NEW.v = 1");
        }

        assertThat(tables.on(connection).acceptsMergedInserts(null, "plain", List.of("k"))).isTrue();
        tables.forget();
        assertThat(tables.on(connection).acceptsMergedInserts(null, "plain", List.of("k"))).isFalse();
    }
}
