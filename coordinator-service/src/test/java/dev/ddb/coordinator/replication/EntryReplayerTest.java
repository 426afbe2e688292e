package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.ShippedBatch;
import dev.ddb.coordinator.replication.TestMaster.Sql;
import dev.ddb.coordinator.replication.TestMaster.Write;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.ddb.mysql.cluster.Privileges;

@LocalServers(count = 2)
class EntryReplayerTest {

    private final TestCluster cluster;

    EntryReplayerTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void emptyInstances() throws SQLException {
        cluster.emptyAll();
    }

    private Connection replica() throws SQLException {
        Connection connection = Writers.open(cluster, "instance-2");
        connection.setAutoCommit(false);
        return connection;
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    @Test
    void replayReproducesTheMastersClockAndAutoIncrementIds() throws SQLException {
        List<LogEntry> entries = new ArrayList<>();
        try (TestMaster master = new TestMaster(cluster, "instance-1")) {
            ShippedBatch first = master.commit(
                    Write.of("users", Sql.of("INSERT INTO users (name, email) VALUES (?, ?)", "Ada", "ada@example.org")),
                    Write.of("users", Sql.of("INSERT INTO users (name, email) VALUES (?, ?)", "Copy", "ada@example.org")),
                    Write.of("users", Sql.of("INSERT INTO users (name, email) VALUES (\"Bob\", \"bob@example.org\"), (?, ?)",
                            "Cy", "cy@example.org")),
                    Write.of("users", Sql.of("INSERT INTO users (id, name, email) VALUES (100, 'Dee', 'dee@example.org')")),
                    Write.of("users", Sql.of("INSERT INTO users (id, name, email) VALUES (NULL, 'Eve', 'eve@example.org'),"
                            + " (200, 'Fay', 'fay@example.org'), (NULL, 'Gus', 'gus@example.org')")),
                    Write.of("users", Sql.of("INSERT INTO users (name, email) VALUES ('Ada2', 'ada@example.org'),"
                            + " ('Hal', 'hal@example.org') ON DUPLICATE KEY UPDATE name = VALUES(name)")),
                    Write.of("users", Sql.of("INSERT INTO users (name, email) VALUES ('Bob2', 'bob@example.org'),"
                            + " ('Cy2', 'cy@example.org') ON DUPLICATE KEY UPDATE name = VALUES(name)")),
                    Write.of("products",
                            Sql.of("INSERT INTO products (name, price, stock) VALUES (?, ?, ?)", "pen", new BigDecimal("1.50"), 3),
                            Sql.of("UPDATE products SET stock = stock * 2 + ?, created_at = NOW(6) WHERE id = LAST_INSERT_ID()",
                                    5)));
            assertThat(master.failedWrites()).as("the duplicate email consumed an id on the master").isEqualTo(1);
            entries.addAll(first.entries());
        }
        try (Connection replica = replica()) {
            EntryReplayer.replay(replica, entries);
            replica.commit();
        }
        InstanceContents onMaster = InstanceContents.of(cluster, "instance-1");
        InstanceContents onReplica = InstanceContents.of(cluster, "instance-2");
        assertThat(onReplica.tables()).isEqualTo(onMaster.tables());
        assertThat(onMaster.tables().get("users")).anySatisfy(row -> assertThat(row).startsWith("3|Bob2|"))
                .anySatisfy(row -> assertThat(row).startsWith("201|Gus|"))
                .anySatisfy(row -> assertThat(row).startsWith("4|Cy2|"));
        assertThat(onMaster.tables().get("products").get(0)).as("NOW(6) is the eighth write's session timestamp")
                .isEqualTo("1|pen|1.50|11|2023-11-14 22:13:29.876536");
    }

    @Test
    void runsOfSingleRowInsertsReplayAsOneInsertWithTheMastersIdsAndClock() throws SQLException {
        String insertUser = "INSERT INTO users (name, email) VALUES (?, ?)";
        String insertUserWithId = "INSERT INTO users (id, name, email) VALUES (?, ?, ?)";
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(Write.of("users", Sql.of(insertUser, "u" + i, "u" + i + "@example.org")));
        }
        writes.add(Write.of("users", Sql.of(insertUser, "dup", "u0@example.org")));
        writes.add(Write.of("users", Sql.of(insertUser, "after-gap", "gap@example.org")));
        writes.add(Write.of("users", Sql.of(insertUser, "next", "next@example.org")));
        writes.add(Write.of("users", Sql.of(insertUserWithId, 100, "explicit", "explicit@example.org")));
        writes.add(Write.of("users", Sql.of(insertUserWithId, null, "generated", "generated@example.org")));
        writes.add(Write.of("products", Sql.of("INSERT INTO products (name, price) VALUES (?, ?)", "pen", new BigDecimal("1.50"))));
        writes.add(Write.of("products", Sql.of("INSERT INTO products (name, price) VALUES (?, ?)", "ink", new BigDecimal("2.25"))));
        List<LogEntry> entries = new ArrayList<>();
        try (TestMaster master = new TestMaster(cluster, "instance-1")) {
            entries.addAll(master.commitUnderOneTimestamp(writes.toArray(Write[]::new)).entries());
            assertThat(master.failedWrites()).as("the duplicate email consumed an id on the master").isEqualTo(1);
        }
        try (Connection replica = replica()) {
            List<List<String>> rendered = new ArrayList<>();
            for (LogEntry entry : entries) {
                rendered.add(EntryReplayer.renderStatements(replica, entry));
            }
            StatementScript script = EntryReplayer.replayScript(entries, rendered,
                    new InsertMerging(new InsertTables().on(replica)));
            EntryReplayer.run(replica, script);
            replica.commit();
            // The client's privileges; SET and INSERT of u0-u4, of after-gap and next, of explicit, of generated, of pen
            // and ink; the suite's privileges and the reset.
            assertThat(script.size()).isEqualTo(1 + 2 + 2 + 2 + 2 + 2 + 2);
        }
        InstanceContents onMaster = InstanceContents.of(cluster, "instance-1");
        assertThat(InstanceContents.of(cluster, "instance-2").tables()).isEqualTo(onMaster.tables());
        assertThat(onMaster.tables().get("users")).anySatisfy(row -> assertThat(row).startsWith("7|after-gap|"))
                .anySatisfy(row -> assertThat(row).startsWith("101|generated|"));
    }

    @Test
    void aForcedInsertIdAndTheSessionClockNeverOutliveTheReplay() throws SQLException {
        LogEntry explicitIds = LogEntry.create(2, "TXN-1-00000002", 1, List.of(
                new LoggedStatement("INSERT INTO users (id, name, email) VALUES (50, 'x', 'x@example.org')", List.of(), 50),
                new LoggedStatement("UPDATE users SET name = 'y' WHERE id = 50", List.of(), 0)), "1700000000.5", Set.of("ddb.users"),
                Privileges.CLIENT);
        try (Connection replica = replica()) {
            EntryReplayer.replay(replica, List.of(explicitIds));
            assertThat(single(replica, "SELECT @@insert_id")).isEqualTo("0");
            assertThat(single(replica, "SELECT YEAR(NOW())")).isNotEqualTo("2023");
            try (Statement statement = replica.createStatement()) {
                statement.executeUpdate("INSERT INTO users (name, email) VALUES ('z', 'z@example.org')");
            }
            assertThat(single(replica, "SELECT id FROM users WHERE name = 'z'")).isEqualTo("51");
        }
    }

    @Test
    void aFailingStatementStillLeavesTheSessionReset() throws SQLException {
        LogEntry failing = LogEntry.create(2, "TXN-1-00000002", 1, List.of(
                new LoggedStatement("INSERT INTO users (name, email) VALUES ('a', 'a@example.org')", List.of(), 7),
                new LoggedStatement("INSERT INTO missing_table VALUES (1)", List.of(), 0)), "1700000000.5", Set.of("ddb.users"),
                Privileges.CLIENT);
        try (Connection replica = replica()) {
            assertThatThrownBy(() -> EntryReplayer.replay(replica, List.of(failing))).isInstanceOf(SQLException.class);
            assertThat(single(replica, "SELECT @@insert_id")).isEqualTo("0");
            assertThat(single(replica, "SELECT YEAR(NOW())")).isNotEqualTo("2023");
        }
    }

    @Test
    void aClientsEntryReplaysWithTheClientsPrivilegesAndTheSessionGetsTheSuitesBack() throws SQLException {
        LogEntry reachingForTheLog = LogEntry.create(2, "TXN-1-00000002", 1, List.of(
                new LoggedStatement("INSERT INTO users (name, email) VALUES ('a', 'a@example.org')", List.of(), 0),
                new LoggedStatement("UPDATE ddb_meta.state SET applied_ts = applied_ts + 1", List.of(), 0)),
                "1700000000.5", Set.of("ddb.users"), Privileges.CLIENT);
        try (Connection replica = replica()) {
            assertThatThrownBy(() -> EntryReplayer.replay(replica, List.of(reachingForTheLog)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
            assertThat(single(replica, "SELECT CURRENT_ROLE()")).isEqualTo(Privileges.SUITE_ROLE);
            assertThat(single(replica, "SELECT applied_ts FROM ddb_meta.state")).isEqualTo("0");
        }
    }

    @Test
    void theSuitesEntriesKeepTheSuitesPrivilegesAmongClientsEntries() throws SQLException {
        LogEntry client = LogEntry.create(2, "TXN-1-00000002", 1, List.of(
                new LoggedStatement("INSERT INTO users (name, email) VALUES ('a', 'a@example.org')", List.of(), 0)),
                "1700000000.5", Set.of("ddb.users"), Privileges.CLIENT);
        LogEntry suite = LogEntry.create(3, "TXN-1-00000003", 1, List.of(
                new LoggedStatement("UPDATE ddb_meta.state SET applied_ts = 3", List.of(), 0)),
                "1700000000.5", Set.of("ddb_meta.state"), Privileges.SUITE);
        LogEntry clientAgain = LogEntry.create(4, "TXN-1-00000004", 1, List.of(
                new LoggedStatement("INSERT INTO users (name, email) VALUES ('b', 'b@example.org')", List.of(), 0)),
                "1700000000.5", Set.of("ddb.users"), Privileges.CLIENT);
        try (Connection replica = replica()) {
            EntryReplayer.replay(replica, List.of(client, suite, clientAgain));
            replica.commit();
            assertThat(single(replica, "SELECT COUNT(*) FROM users")).isEqualTo("2");
            assertThat(single(replica, "SELECT applied_ts FROM ddb_meta.state")).isEqualTo("3");
            assertThat(single(replica, "SELECT CURRENT_ROLE()")).isEqualTo(Privileges.SUITE_ROLE);
        }
    }

    @Test
    void executeReportsTheInsertIdAsConnectorJTakesItFromTheServer() throws SQLException {
        try (Connection master = replica()) {
            assertThat(EntryReplayer.execute(master, "INSERT INTO users (name, email) VALUES (?, ?), (?, ?), (?, ?)",
                    List.of("a", "a@x", "b", "b@x", "c", "c@x"))).isEqualTo(new EntryReplayer.Execution(3, 1));
            assertThat(EntryReplayer.execute(master, "INSERT INTO users (id, name, email) VALUES (10, 'd', 'd@x'), (12, 'e', 'e@x')",
                    List.of())).as("explicit ids: the last row's id, though none was generated")
                    .isEqualTo(new EntryReplayer.Execution(2, 12));
            assertThat(EntryReplayer.execute(master, "UPDATE users SET name = ? WHERE id < ?", List.of("f", 3L)))
                    .isEqualTo(new EntryReplayer.Execution(2, 0));
            assertThat(EntryReplayer.execute(master, "INSERT INTO users (name, email) VALUES ('g', 'a@x') "
                    + "ON DUPLICATE KEY UPDATE name = 'g'", List.of())).as("an upsert that only updated")
                    .isEqualTo(new EntryReplayer.Execution(2, 0));
        }
    }
}
