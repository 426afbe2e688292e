package dev.ddb.coordinator.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp.Answer;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/**
 * A coordinator leads in the term it claimed at start; once another claims a higher term on a majority of the
 * instances, the master refuses the first one's batches, so it answers 503 NOT_LEADER and commits nothing.
 */
@LocalServers(count = 3)
class LeadershipFenceTest extends CoordinatorOnLocalServers {

    @Test
    void aCoordinatorWhoseTermWasOvertakenCommitsNothing(TestCluster cluster) throws Exception {
        http.write("CREATE TABLE fenced (id INT PRIMARY KEY)", "STRONG");
        assertThat(http.query("INSERT INTO fenced VALUES (1)", "STRONG").status()).isEqualTo(200);
        long before;
        try (Connection connection = cluster.connect("instance-1", "")) {
            before = Terms.read(connection).term();
            assertThat(Terms.read(connection).leader()).isEqualTo("coordinator-1");
        }

        assertThat(http.status().path("role").asString()).isEqualTo("leader");
        assertThat(http.status().path("term").asLong()).isEqualTo(before);
        assertThat(http.status().path("coordinator").asString()).isEqualTo("coordinator-1");

        TermClaim.Outcome successor = TermClaim.attempt(cluster.topology().instances(),
                (InstanceAddress instance) -> cluster.connect(instance.id(), ""), "coordinator-2", 1,
                // The fence alone: a real successor also ends this coordinator's sessions (TermClaimTest).
                false);
        assertThat(successor.won(3)).isTrue();
        assertThat(successor.term()).isGreaterThan(before);

        for (String consistency : new String[] {"STRONG", "EVENTUAL", "STRONG"}) {
            Answer refused = http.query("INSERT INTO fenced VALUES (2)", consistency);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.error()).isEqualTo("NOT_LEADER");
            assertThat(refused.body().path("message").asString()).contains("coordinator-2");
        }
        assertThat(rows(cluster, "instance-1")).isEqualTo(1);
        assertThat(http.status().path("role").asString()).isEqualTo("follower");
        assertThat(http.get("/actuator/health/leadership").body().path("details").path("reason").asString())
                .contains("coordinator-2");
        assertThat(http.getText("/actuator/prometheus")).contains("ddb_leader 0.0");
    }

    private static long rows(TestCluster cluster, String id) throws SQLException {
        try (Connection connection = cluster.connect(id, "ddb"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM fenced")) {
            row.next();
            return row.getLong(1);
        }
    }
}
