package dev.ddb.mysql.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.Privileges;
import java.sql.DriverManager;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;

/**
 * What every way of provisioning servers must deliver, whether local processes or containers: the
 * suite's account, schemas, configuration and durability.
 */
abstract class ProvisionedServersContract {

    private final TestCluster cluster;

    protected ProvisionedServersContract(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void theApplicationUserConnectsToEveryInstanceOverTcp() throws SQLException {
        for (ClusterInstance instance : cluster.instances()) {
            try (Connection connection = cluster.connect(instance.id(), "ddb")) {
                assertThat(single(connection, "SELECT CURRENT_USER()")).startsWith(cluster.credentials().user() + "@");
            }
        }
    }

    @Test
    void everyInstanceHasBothSchemasAndItsOwnStateRow() throws SQLException {
        for (ClusterInstance instance : cluster.instances()) {
            try (Connection connection = cluster.connect(instance.id(), "ddb_meta")) {
                assertThat(strings(connection, "SELECT CONCAT(table_schema, '.', table_name) FROM information_schema.tables "
                        + "WHERE table_schema IN ('ddb', 'ddb_meta') ORDER BY 1"))
                        .containsExactly("ddb.products", "ddb.users", "ddb_meta.checksums", "ddb_meta.leadership", "ddb_meta.log", "ddb_meta.pending_ddl",
                                "ddb_meta.state");
                assertThat(strings(connection, "SELECT CONCAT_WS(',', id, instance_id, applied_ts, epoch, role) FROM state"))
                        .containsExactly("1," + instance.id() + ",0,0,replica");
            }
        }
    }

    @Test
    void everyInstanceRunsWithTheSharedServerConfiguration() throws SQLException {
        for (ClusterInstance instance : cluster.instances()) {
            try (Connection connection = cluster.connect(instance.id(), "ddb")) {
                assertThat(single(connection, "SELECT @@innodb_flush_log_at_trx_commit")).isEqualTo("1");
                assertThat(single(connection, "SELECT @@log_bin")).isEqualTo("0");
                assertThat(single(connection, "SELECT @@performance_schema")).isEqualTo("0");
                assertThat(single(connection, "SELECT @@character_set_server")).isEqualTo("utf8mb4");
                assertThat(single(connection, "SELECT @@global.time_zone")).isEqualTo("+00:00");
                assertThat(single(connection, "SELECT @@innodb_buffer_pool_size")).isEqualTo(String.valueOf(32 * 1024 * 1024));
                assertThat(single(connection, "SELECT @@global.sql_mode")).doesNotContain("ANSI_QUOTES");
                assertThat(single(connection, "SELECT \"double quotes make a string\"")).isEqualTo("double quotes make a string");
            }
        }
    }

    @Test
    void theApplicationUserHasWhatTheCoordinatorNeeds() throws SQLException {
        String id = cluster.instances().get(0).id();
        try (Connection connection = cluster.connect(id, "ddb")) {
            execute(connection, "CREATE DATABASE IF NOT EXISTS customer_db");
            execute(connection, "DROP DATABASE customer_db");
            strings(connection, "XA RECOVER");
            execute(connection, "SET GLOBAL read_only = ON");
            assertThat(single(connection, "SELECT @@global.read_only")).isEqualTo("1");
            execute(connection, "SET GLOBAL read_only = OFF");
        }
    }

    @Test
    void clientsPrivilegesOnTheSuitesAccountReachUserDatabasesOnly() throws SQLException {
        String id = cluster.instances().get(0).id();
        try (Connection client = cluster.connect(id, "ddb")) {
            execute(client, Privileges.CLIENT.activation());
            execute(client, "INSERT INTO users (name, email) VALUES ('Grace', 'grace@example.com')");
            execute(client, "UPDATE users SET name = 'Grace H' WHERE email = 'grace@example.com'");
            execute(client, "CREATE DATABASE shop_by_client");
            execute(client, "CREATE TABLE shop_by_client.items (id INT PRIMARY KEY, users_id INT)");
            execute(client, "ALTER TABLE shop_by_client.items ADD COLUMN label VARCHAR(20)");
            execute(client, "CREATE INDEX by_label ON shop_by_client.items (label)");
            execute(client, "CREATE VIEW shop_by_client.labels AS SELECT label FROM shop_by_client.items");
            execute(client, "INSERT INTO shop_by_client.items (id, label) SELECT id, name FROM users");
            execute(client, "RENAME TABLE shop_by_client.items TO shop_by_client.goods");
            execute(client, "TRUNCATE TABLE shop_by_client.goods");
            execute(client, "DELETE FROM users WHERE email = 'grace@example.com'");
            execute(client, "DROP DATABASE shop_by_client");

            assertDenied(client, "SELECT COUNT(*) FROM mysql.user");
            assertDenied(client, "SELECT COUNT(*) FROM ddb_meta.log");
            assertDenied(client, "INSERT INTO ddb_meta.log (ts, txn_id, epoch, statements, context, tables_touched,"
                    + " checksum) VALUES (1, 'TXN-1-00000001', 0, '[]', '{}', '', 0)");
            assertDenied(client, "UPDATE ddb_meta.state SET applied_ts = applied_ts + 1");
            assertDenied(client, "CREATE TABLE ddb_meta.planted (id INT)");
            assertDenied(client, "DROP DATABASE ddb_meta");
            assertDenied(client, "CREATE VIEW ddb.peek AS SELECT * FROM ddb_meta.state");
            assertDenied(client, "SET GLOBAL read_only = ON");
            assertDenied(client, "GRANT SELECT ON ddb.* TO '" + DbCredentials.readerFromEnvironment().user() + "'@'%'");
            assertDenied(client, "CREATE USER 'eve'@'%' IDENTIFIED BY 'eve'");
            assertDenied(client, "SELECT name FROM users INTO OUTFILE 'users.txt'");
            assertThat(single(client, "SELECT LOAD_FILE('/etc/passwd') IS NULL")).isEqualTo("1");

            execute(client, Privileges.SUITE.activation());
            assertThat(single(client, "SELECT COUNT(*) FROM ddb_meta.state")).isEqualTo("1");
        }
    }

    @Test
    void clientsPrivilegesNeitherSeeNorKillOtherAccountsSessions() throws SQLException {
        String id = cluster.instances().get(0).id();
        try (Connection reader = connectAsReader(id); Connection client = cluster.connect(id, "ddb")) {
            String readerSession = single(reader, "SELECT CONNECTION_ID()");
            execute(client, Privileges.CLIENT.activation());

            // The suite's own sessions stay visible and killable: privileges are per account, not per role.
            assertThat(strings(client, "SELECT DISTINCT user FROM information_schema.processlist"))
                    .containsOnly(cluster.credentials().user());
            try (Statement statement = client.createStatement(); ResultSet rows = statement.executeQuery("SHOW PROCESSLIST")) {
                while (rows.next()) {
                    assertThat(rows.getString("User")).isEqualTo(cluster.credentials().user());
                }
            }
            assertDenied(client, "KILL " + readerSession);
            assertThat(single(reader, "SELECT 1")).isEqualTo("1");

            execute(client, Privileges.SUITE.activation());
            assertThat(strings(client, "SELECT id FROM information_schema.processlist")).contains(readerSession);
        }
    }

    @Test
    void privilegesChangeInsideAnXaTransactionWithoutEndingIt() throws SQLException {
        String id = cluster.instances().get(0).id();
        try (Connection connection = cluster.connect(id, "ddb")) {
            long appliedTs = Long.parseLong(single(connection, "SELECT applied_ts FROM ddb_meta.state"));
            execute(connection, "XA START 'roles-xa'");
            execute(connection, Privileges.CLIENT.activation());
            execute(connection, "INSERT INTO users (name, email) VALUES ('Xa', 'xa@example.com')");
            assertDenied(connection, "UPDATE ddb_meta.state SET applied_ts = applied_ts + 1");
            execute(connection, Privileges.SUITE.activation());
            execute(connection, "UPDATE ddb_meta.state SET applied_ts = applied_ts + 1");
            execute(connection, "XA END 'roles-xa'");
            execute(connection, "XA PREPARE 'roles-xa'");
            execute(connection, "XA COMMIT 'roles-xa'");

            assertThat(single(connection, "SELECT COUNT(*) FROM users WHERE email = 'xa@example.com'")).isEqualTo("1");
            assertThat(single(connection, "SELECT applied_ts FROM ddb_meta.state")).isEqualTo(String.valueOf(appliedTs + 1));
            execute(connection, "DELETE FROM users WHERE email = 'xa@example.com'");
            execute(connection, "UPDATE ddb_meta.state SET applied_ts = " + appliedTs);
        }
    }

    @Test
    void aViewAClientDefinedIsReadableByEveryone() throws SQLException {
        String id = cluster.instances().get(0).id();
        try (Connection client = cluster.connect(id, "ddb")) {
            execute(client, Privileges.CLIENT.activation());
            execute(client, "CREATE VIEW user_names AS SELECT name FROM users");
            assertThat(single(client, "SELECT COUNT(*) FROM user_names")).isEqualTo("0");
        }
        try (Connection suite = cluster.connect(id, "ddb"); Connection reader = connectAsReader(id)) {
            assertThat(single(suite, "SELECT COUNT(*) FROM user_names")).isEqualTo("0");
            assertThat(single(reader, "SELECT COUNT(*) FROM user_names")).isEqualTo("0");
            execute(suite, "DROP VIEW user_names");
        }
    }

    @Test
    void theSuitesAccountHoldsNoGlobalPrivilegeOfItsOwn() throws SQLException {
        String id = cluster.instances().get(0).id();
        try (Connection client = cluster.connect(id, "ddb")) {
            execute(client, Privileges.CLIENT.activation());
            assertThat(strings(client, "SHOW GRANTS")).isNotEmpty()
                    .noneMatch(grant -> grant.contains(" ON *.* ") && !grant.startsWith("GRANT USAGE ON *.* "));
        }
    }

    @Test
    void theReaderSelectsFromUserDatabasesOnlyAndCannotWrite() throws SQLException {
        String id = cluster.instances().get(0).id();
        try (Connection admin = cluster.connect(id, "ddb")) {
            execute(admin, "CREATE DATABASE IF NOT EXISTS shop_later");
            execute(admin, "CREATE TABLE IF NOT EXISTS shop_later.items (id INT PRIMARY KEY)");
            execute(admin, "CREATE DATABASE IF NOT EXISTS ddbxmeta");
            execute(admin, "CREATE TABLE IF NOT EXISTS ddbxmeta.notes (id INT PRIMARY KEY)");
        }
        try (Connection reader = connectAsReader(id)) {
            assertThat(single(reader, "SELECT COUNT(*) FROM users")).isEqualTo("0");
            assertThat(single(reader, "SELECT COUNT(*) FROM shop_later.items")).isEqualTo("0");
            assertThat(single(reader, "SELECT COUNT(*) FROM ddbxmeta.notes")).isEqualTo("0");

            assertRefused(reader, "SELECT COUNT(*) FROM ddb_meta.log");
            assertRefused(reader, "SELECT COUNT(*) FROM ddb_meta.state");
            assertRefused(reader, "SELECT COUNT(*) FROM mysql.user");
            assertRefused(reader, "SELECT COUNT(*) FROM mysql.db");
            assertRefused(reader, "INSERT INTO users (name, email) VALUES ('Eve', 'eve@example.com')");
            assertRefused(reader, "CREATE TABLE ddb.eve (id INT)");
            assertRefused(reader, "CREATE DATABASE eve");
        } finally {
            try (Connection admin = cluster.connect(id, "ddb")) {
                execute(admin, "DROP DATABASE shop_later");
                execute(admin, "DROP DATABASE ddbxmeta");
            }
        }
    }

    @Test
    void theReaderSeesOnlyItsOwnSessionsAndGrantsAndReadsNoFiles() throws SQLException {
        String id = cluster.instances().get(0).id();
        DbCredentials reader = DbCredentials.readerFromEnvironment();
        try (Connection suite = cluster.connect(id, "ddb"); Connection connection = connectAsReader(id)) {
            assertThat(strings(connection, "SELECT user FROM information_schema.processlist")).containsOnly(reader.user());
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SHOW PROCESSLIST")) {
                while (rows.next()) {
                    assertThat(rows.getString("User")).isEqualTo(reader.user());
                }
            }
            assertThat(strings(connection, "SHOW GRANTS")).isNotEmpty()
                    .allSatisfy(grant -> assertThat(grant).contains("`" + reader.user() + "`").doesNotContain("FILE", "PROCESS", "SUPER"));
            assertRefused(connection, "SHOW GRANTS FOR '" + cluster.credentials().user() + "'@'%'");
            assertThat(single(connection, "SELECT LOAD_FILE('/etc/passwd') IS NULL")).isEqualTo("1");
            assertThat(single(suite, "SELECT LOAD_FILE('/etc/passwd') IS NULL")).isEqualTo("1");
            assertThat(single(suite, "SELECT @@secure_file_priv")).isNotBlank();
            assertThat(strings(suite, "SHOW GRANTS")).noneMatch(grant -> grant.contains("GRANT OPTION"))
                    .noneMatch(grant -> grant.matches(".*[ ,]FILE[ ,].*"));
        }
    }

    @Test
    void aCommittedWriteIsReadBack() throws SQLException {
        String id = cluster.instances().get(0).id();
        try (Connection connection = cluster.connect(id, "ddb")) {
            execute(connection, "INSERT INTO users (name, email) VALUES ('Ada', 'ada@example.com')");

            assertThat(strings(connection, "SELECT name FROM users WHERE email = 'ada@example.com'")).containsExactly("Ada");
        }
    }

    @Test
    void committedDataSurvivesAKillAndRestart() throws SQLException {
        ClusterInstance victim = lastInstance();
        try (Connection connection = cluster.connect(victim.id(), "ddb")) {
            execute(connection, "INSERT INTO products (name, price, stock) VALUES ('kettle', 24.50, 3)");
        }

        victim.kill();
        assertThat(victim.isRunning()).isFalse();
        victim.start();

        try (Connection connection = cluster.connect(victim.id(), "ddb")) {
            assertThat(strings(connection, "SELECT CONCAT_WS(',', price, stock) FROM products WHERE name = 'kettle'")).containsExactly("24.50,3");
        }
    }

    @Test
    void aPreparedXaTransactionHoldingTheStateRowSurvivesAKillAndCanBeCommittedAfterRestart() throws SQLException {
        ClusterInstance victim = lastInstance();
        Connection preparer = cluster.connect(victim.id(), "ddb");
        execute(preparer, "XA START 'contract-xa'");
        execute(preparer, "INSERT INTO products (name, price) VALUES ('prepared lamp', 9.99)");
        execute(preparer, "UPDATE ddb_meta.state SET applied_ts = applied_ts + 7 WHERE id = 1");
        execute(preparer, "XA END 'contract-xa'");
        execute(preparer, "XA PREPARE 'contract-xa'");

        victim.kill();
        preparer.abort(Runnable::run);
        victim.start();

        try (Connection connection = cluster.connect(victim.id(), "ddb")) {
            assertThat(xaRecover(connection)).contains("contract-xa");
            assertThat(single(connection, "SELECT COUNT(*) FROM products WHERE name = 'prepared lamp'")).isEqualTo("0");

            execute(connection, "XA COMMIT 'contract-xa'");

            assertThat(xaRecover(connection)).doesNotContain("contract-xa");
            assertThat(single(connection, "SELECT COUNT(*) FROM products WHERE name = 'prepared lamp'")).isEqualTo("1");
            assertThat(single(connection, "SELECT applied_ts FROM ddb_meta.state")).isEqualTo("7");
        }
    }

    private ClusterInstance lastInstance() {
        return cluster.instances().get(cluster.instances().size() - 1);
    }

    private static List<String> xaRecover(Connection connection) throws SQLException {
        List<String> xids = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("XA RECOVER")) {
            while (rows.next()) {
                xids.add(new String(rows.getBytes("data"), StandardCharsets.UTF_8));
            }
        }
        return xids;
    }

    protected Connection connectAsReader(String id) throws SQLException {
        DbCredentials reader = DbCredentials.readerFromEnvironment();
        return DriverManager.getConnection(cluster.instance(id).jdbcUrl("ddb"), reader.user(), reader.password());
    }

    /** Refused for want of a privilege: access denied (1044, 1045, 1142, 1227) or not the session's owner (1095). */
    static void assertDenied(Connection connection, String sql) {
        try {
            execute(connection, sql);
        } catch (SQLException e) {
            assertThat(e.getErrorCode()).as(sql + ": " + e.getMessage()).isIn(1044, 1045, 1095, 1142, 1227);
            return;
        }
        throw new AssertionError("the client's privileges allowed " + sql);
    }

    private static void assertRefused(Connection connection, String sql) {
        try {
            execute(connection, sql);
        } catch (SQLException e) {
            assertThat((Throwable) e).as(sql).isInstanceOf(SQLSyntaxErrorException.class);
            assertThat(e.getSQLState()).as(sql).startsWith("42");
            return;
        }
        throw new AssertionError("the reader was allowed to run " + sql);
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String single(Connection connection, String sql) throws SQLException {
        List<String> values = strings(connection, sql);
        assertThat(values).as(sql).hasSize(1);
        return values.get(0);
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
