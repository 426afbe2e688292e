package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ddb.coordinator.faults.MixedWriteLoad.Outcome;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.coordinator.timestamp.ContractTimestampServer;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.LocalServersExtension;
import dev.ddb.mysql.testing.TestCluster;

/** One of the two timestamp servers goes away under load: the other issues every timestamp and no write fails. */
@LocalServers(count = 4)
// Block size 1: every batch asks the servers, so the answers show which server is left.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ddb.coordinator.timestamp-block-size=1")
@DirtiesContext
class TimestampServerStoppedMidLoadTest {

    private static final ContractTimestampServer ODD = new ContractTimestampServer(1, 2).start();
    private static final ContractTimestampServer EVEN = new ContractTimestampServer(2, 2).start();

    @Value("${local.coordinator.port}")
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("ddb.coordinator.instances", () -> LocalServersExtension.currentCluster().topology().spec());
        registry.add("ddb.timestamp.urls", () -> ODD.url() + "," + EVEN.url());
    }

    @Test
    void timestampServerStoppedMidLoadFailsNoWrite(TestCluster cluster) throws Exception {
        CoordinatorHttp coordinator = new CoordinatorHttp(port, CoordinatorHttp.PATIENT_READ_TIMEOUT);
        MixedWriteLoad.createTables(coordinator);
        MixedWriteLoad load = new MixedWriteLoad(coordinator, 16, 60).start();
        List<Outcome> outcomes;
        CoordinatorHttp.Answer afterwards;
        try {
            load.awaitAnswered(load.total() / 3);
            ODD.stop();
            outcomes = load.finish(Duration.ofSeconds(90));
            afterwards = coordinator.query("UPDATE counters SET n = n + 1 WHERE id = 1", "STRONG");
        } finally {
            ODD.start();
        }

        assertThat(outcomes).filteredOn(o -> !o.answer().succeeded()).isEmpty();
        assertThat(outcomes).extracting(o -> o.answer().timestamp() % 2).as("odd and even timestamps").contains(0L, 1L);
        assertThat(afterwards.succeeded()).as(afterwards.toString()).isTrue();
        assertThat(afterwards.timestamp() % 2).as("timestamp %d comes from the even server", afterwards.timestamp()).isZero();
        InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(60)).logTimestamps();
    }
}
