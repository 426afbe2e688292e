package dev.ddb.coordinator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.query.TableKeys;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

@LocalServers(count = 1)
class MasterSchemaTest {

    private final TestCluster cluster;
    private final MasterSchema schema;

    MasterSchemaTest(TestCluster cluster) {
        this.cluster = cluster;
        this.schema = new MasterSchema(() -> cluster.connect("instance-1", ""), () -> 1);
    }

    @BeforeEach
    void emptyInstance() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", "")) {
            Schema.reset(connection, "instance-1");
        }
        run("CREATE TABLE ddb.accounts (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(80) NOT NULL,"
                + " nick VARCHAR(20), region INT NOT NULL, branch INT NOT NULL,"
                + " UNIQUE KEY by_email (email), UNIQUE KEY by_nick (nick), UNIQUE KEY by_branch (region, branch))");
        run("CREATE TABLE ddb.notes (body TEXT)");
        run("CREATE VIEW ddb.emails AS SELECT email FROM ddb.accounts");
    }

    @Test
    void readsThePrimaryKeyFirstThenUniqueKeysOfNotNullColumnsAndTheAutoIncrementColumn() {
        TableKeys accounts = schema.find("ddb.accounts").orElseThrow();

        assertThat(accounts.uniqueKeys()).containsExactly(List.of("id"), List.of("region", "branch"), List.of("email"));
        assertThat(accounts.autoIncrementColumn()).isEqualTo("id");
        assertThat(accounts.view()).isFalse();
        assertThat(schema.find("ddb.notes").orElseThrow()).isEqualTo(new TableKeys(List.of(), null, false));
        assertThat(schema.find("ddb.emails").orElseThrow().view()).isTrue();
    }

    @Test
    void systemSchemasAndMissingTablesAreNotInIt() {
        assertThat(schema.find("ddb_meta.log")).isEmpty();
        assertThat(schema.find("mysql.user")).isEmpty();
        assertThat(schema.find("ddb.missing")).isEmpty();
    }

    @Test
    void aTableCreatedSinceTheLastReadIsLookedForOnceMore() throws SQLException {
        assertThat(schema.find("ddb.accounts")).isPresent();

        run("CREATE TABLE ddb.late (id INT PRIMARY KEY)");

        assertThat(schema.find("ddb.late").orElseThrow().uniqueKeys()).containsExactly(List.of("id"));
    }

    @Test
    void aSchemaChangeIsReadAfterItIsReportedAndChangesTheVersion() throws SQLException {
        assertThat(schema.find("ddb.accounts").orElseThrow().uniqueKeys()).hasSize(3);
        long before = schema.version();

        run("ALTER TABLE ddb.accounts DROP INDEX by_email, MODIFY id BIGINT NOT NULL");
        schema.schemaChanged();

        assertThat(schema.version()).isNotEqualTo(before);
        TableKeys accounts = schema.find("ddb.accounts").orElseThrow();
        assertThat(accounts.uniqueKeys()).containsExactly(List.of("id"), List.of("region", "branch"));
        assertThat(accounts.hasAutoIncrement()).isFalse();
    }

    private void run(String sql) throws SQLException {
        try (Connection connection = cluster.connect("instance-1", ""); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
