package dev.ddb.mysql.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@LocalServers(count = 1)
class SchemaResetTest {

    private final TestCluster cluster;

    SchemaResetTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void resetLeavesOnlyTheEmptySchemaWhateverTheInstanceWentThrough() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", "ddb")) {
            execute(connection, "CREATE DATABASE shop");
            execute(connection, "CREATE TABLE shop.orders (id INT PRIMARY KEY)");
            execute(connection, "INSERT INTO users (name, email) VALUES ('Ada', 'ada@example.com')");
            execute(connection, "UPDATE ddb_meta.state SET applied_ts = 42, epoch = 3, role = 'master'");
            execute(connection, "SET GLOBAL read_only = ON");
        }
        try (Connection preparer = cluster.connect("instance-1", "ddb")) {
            execute(preparer, "XA START 'left-over'");
            execute(preparer, "INSERT INTO products (name, price) VALUES ('lamp', 9.99)");
            execute(preparer, "XA END 'left-over'");
            execute(preparer, "XA PREPARE 'left-over'");
        }
        Connection openTransaction = cluster.connect("instance-1", "ddb");
        openTransaction.setAutoCommit(false);
        execute(openTransaction, "SELECT * FROM users FOR UPDATE");

        try (Connection connection = cluster.connect("instance-1", "")) {
            Schema.reset(connection, "instance-1");

            assertThat(strings(connection, "SHOW DATABASES")).contains("ddb", "ddb_meta").doesNotContain("shop");
            assertThat(strings(connection, "SELECT COUNT(*) FROM ddb.users")).containsExactly("0");
            assertThat(strings(connection, "SELECT COUNT(*) FROM ddb.products")).containsExactly("0");
            assertThat(strings(connection, "XA RECOVER")).isEmpty();
            assertThat(strings(connection, "SELECT @@global.read_only")).containsExactly("0");
            assertThat(strings(connection, "SELECT CONCAT_WS(',', id, instance_id, applied_ts, epoch, role) FROM ddb_meta.state"))
                    .containsExactly("1,instance-1,0,0,replica");
        }
        assertThat(openTransaction.isValid(5)).as("the session holding locks was ended").isFalse();
        openTransaction.abort(Runnable::run);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
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
