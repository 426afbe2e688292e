package dev.ddb.coordinator.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.ddb.coordinator.CoordinatorApplication;
import dev.ddb.coordinator.sequencer.Sequencer;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.coordinator.timestamp.ContractTimestampServer;
import dev.ddb.mysql.server.FreePorts;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * Two coordinators in one JVM against the same four instances: the first one up leads and the second, though of
 * higher rank, follows it rather than deposing it; the follower serves reads itself and passes writes to the leader;
 * when the leader stops, the follower takes over from the instances and writes go on.
 */
@LocalServers(count = 4)
class CoordinatorElectionTest {

    @Test
    void followerForwardsWritesServesReadsAndTakesOverWhenTheLeaderStops(TestCluster cluster) throws Exception {
        int port1 = FreePorts.onLoopback();
        int port2 = FreePorts.onLoopback();
        String urls = "http://127.0.0.1:" + port1 + ",http://127.0.0.1:" + port2;
        try (ContractTimestampServer odd = new ContractTimestampServer(1, 2).start();
             ContractTimestampServer even = new ContractTimestampServer(2, 2).start()) {
            String timestamps = odd.url() + "," + even.url();
            ConfigurableApplicationContext first = start(cluster, "coordinator-1", port1, urls, timestamps);
            ConfigurableApplicationContext second = null;
            try {
                assertThat(first.getBean(Leadership.class).leading()).isTrue();
                second = start(cluster, "coordinator-2", port2, urls, timestamps);
                CoordinatorHttp leader = new CoordinatorHttp(port1);
                CoordinatorHttp follower = new CoordinatorHttp(port2);

                assertThat(second.getBean(Leadership.class).leading()).as("a healthy leader is not deposed").isFalse();
                assertThat(second.getBean(LeaderEngine.class).running()).isFalse();
                assertThat(second.getBeanFactory().containsSingleton("sequencer")).as("a follower builds no sequencer").isFalse();

                leader.write("CREATE TABLE elected (id INT PRIMARY KEY, v VARCHAR(20))", "STRONG");
                JsonNode forwarded = follower.write("INSERT INTO elected VALUES (1, 'via follower')", "STRONG");
                assertThat(forwarded.path("acknowledged_by").size()).isPositive();
                CoordinatorHttp.Answer read = CoordinatorHttp.await("the follower sees the leader's replicas",
                        () -> follower.readAtLeast("SELECT v FROM elected WHERE id = 1", forwarded.path("timestamp").asLong()),
                        CoordinatorHttp.Answer::succeeded);
                assertThat(read.body().path("data").get(0).path("v").asString()).isEqualTo("via follower");

                String figures = follower.getText("/actuator/prometheus");
                assertThat(figures).contains("ddb_leader 0.0", "ddb_queries_total{consistency=\"EVENTUAL\",kind=\"read\"}")
                        .as("the leader's figures are the leader's").doesNotContain("ddb_sequencer_batches");
                assertThat(follower.get("/actuator/health").status()).isEqualTo(200);
                JsonNode status = follower.status();
                assertThat(status.path("leader").asString()).isEqualTo("coordinator-1");
                assertThat(CoordinatorHttp.byId(status.path("coordinators"), "coordinator-2").path("role").asString())
                        .isEqualTo("follower");
                CoordinatorHttp.Answer heartbeat = follower.get("/internal/coordinator");
                assertThat(heartbeat.body().path("role").asString()).as(heartbeat.toString()).isEqualTo("follower");

                first.close();
                long stopped = System.nanoTime();
                ConfigurableApplicationContext survivor = second;
                CoordinatorHttp.await("coordinator-2 leads", () -> survivor.getBean(LeaderEngine.class).running(), r -> r);
                System.out.printf("coordinator-2 took over %d ms after coordinator-1 stopped%n",
                        (System.nanoTime() - stopped) / 1_000_000);
                JsonNode after = follower.write("INSERT INTO elected VALUES (2, 'after the takeover')", "STRONG");
                assertThat(after.path("timestamp").asLong()).isGreaterThan(forwarded.path("timestamp").asLong());
                assertThat(second.getBean(Leadership.class).term()).isGreaterThan(1);
                assertThat(second.getBean(Sequencer.class)).isNotNull();
                InstanceContents contents = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));
                assertThat(contents.tables().get("elected")).containsExactly("1|via follower", "2|after the takeover");
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
        }
    }

    private static ConfigurableApplicationContext start(TestCluster cluster, String id, int port, String urls,
            String timestamps) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0", "--ddb.coordinator.http.port=" + port,
                "--ddb.coordinator.id=" + id,
                "--ddb.coordinator.leader.coordinator-urls=" + urls,
                // coordinator-1 starts alone: it need not wait long for coordinator-2 to come up.
                "--ddb.coordinator.leader.startup-patience=1s",
                "--ddb.coordinator.instances=" + cluster.topology().spec(),
                "--ddb.timestamp.urls=" + timestamps));
        return new SpringApplicationBuilder(CoordinatorApplication.class).run(arguments.toArray(String[]::new));
    }
}
