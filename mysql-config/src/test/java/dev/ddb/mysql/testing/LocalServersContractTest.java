package dev.ddb.mysql.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.Privileges;
import dev.ddb.mysql.server.ServerBinary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@LocalServers(count = 2)
class LocalServersContractTest extends ProvisionedServersContract {

    private final LocalTestCluster cluster;

    LocalServersContractTest(LocalTestCluster cluster) {
        super(cluster);
        this.cluster = cluster;
    }

    @Test
    void instancesAreNamedInOrderOnDistinctLocalPorts() {
        assertThat(cluster.instances()).extracting(ClusterInstance::id).containsExactly("instance-1", "instance-2");
        assertThat(cluster.instances()).extracting(ClusterInstance::host).containsOnly("127.0.0.1");
        assertThat(cluster.instances()).extracting(ClusterInstance::port).doesNotHaveDuplicates().doesNotContain(3306);
        assertThat(cluster.topology().spec()).startsWith("instance-1=127.0.0.1:");
        assertThat(cluster.server("instance-2").jdbcUrl("ddb")).isEqualTo(cluster.instance("instance-2").jdbcUrl("ddb"));
    }

    @Test
    void anInstanceProvisionedBeforeTheReaderExistedGetsItAtItsNextStart() throws SQLException {
        String id = "instance-2";
        try (Connection suite = cluster.connect(id, "ddb")) {
            execute(suite, "DROP USER '" + DbCredentials.readerFromEnvironment().user() + "'@'%'");
        }

        cluster.server(id).restart(Duration.ofSeconds(60));

        try (Connection reader = connectAsReader(id)) {
            assertThat(single(reader, "SELECT COUNT(*) FROM users")).isEqualTo("0");
        }
    }

    @Test
    void anAccountAnOlderVersionGaveAllPrivilegesKeepsOnlyTheClientsOnesAtItsNextStart() throws SQLException {
        String id = "instance-2";
        assumeTrue(cluster.server(id).binary().kind() == ServerBinary.Kind.MARIADB, "MariaDB's grant tables");
        try (Connection suite = cluster.connect(id, "ddb")) {
            // What the older GRANT ALL PRIVILEGES left: the suite's global privileges held by the account itself.
            try (PreparedStatement grant = suite.prepareStatement("UPDATE mysql.global_priv AS account"
                    + " JOIN mysql.global_priv AS role ON role.User = ? AND role.Host = ''"
                    + " SET account.Priv = JSON_SET(account.Priv, '$.access', JSON_EXTRACT(role.Priv, '$.access'))"
                    + " WHERE account.User = ?")) {
                grant.setString(1, Privileges.SUITE_ROLE);
                grant.setString(2, cluster.credentials().user());
                assertThat(grant.executeUpdate()).isEqualTo(2);
            }
            execute(suite, "FLUSH PRIVILEGES");
        }
        try (Connection client = cluster.connect(id, "ddb")) {
            execute(client, Privileges.CLIENT.activation());
            assertThat(single(client, "SELECT COUNT(*) FROM ddb_meta.state")).isEqualTo("1");
        }

        cluster.server(id).restart(Duration.ofSeconds(60));

        try (Connection client = cluster.connect(id, "ddb")) {
            execute(client, Privileges.CLIENT.activation());
            assertDenied(client, "SELECT COUNT(*) FROM ddb_meta.state");
            execute(client, Privileges.SUITE.activation());
            assertThat(single(client, "SELECT COUNT(*) FROM ddb_meta.state")).isEqualTo("1");
        }
    }
}
