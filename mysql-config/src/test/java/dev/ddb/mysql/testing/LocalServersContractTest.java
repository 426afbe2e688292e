package dev.ddb.mysql.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.cluster.DbCredentials;
import java.sql.Connection;
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
}
