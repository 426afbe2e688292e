package dev.ddb.mysql.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's table of processes, read without starting any. */
class SuiteTest {

    @TempDir
    Path runDir;

    private Suite suite(Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(variables);
        env.put("DDB_RUN_DIR", runDir.toString());
        return new Suite(LauncherSettings.fromEnvironment(env), null);
    }

    private static ServiceComponent service(Suite suite, String name) {
        return suite.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void twoCoordinatorsByDefaultOnPortsTenApartBeforeTheOtherServices() {
        Suite suite = suite(Map.of());

        assertThat(suite.services()).extracting(ServiceComponent::name).containsExactly("coordinator-1", "coordinator-2",
                "timestamp-1", "timestamp-2", "metrics", "cabinet", "seer");
        assertThat(suite.services()).extracting(ServiceComponent::port)
                .containsExactly(9000, 9010, 9001, 9002, 9003, 9004, 9005);
    }

    @Test
    void ddbCoordinatorsSetsHowManyAndThePortOffsetShiftsTheirPorts() {
        Suite suite = suite(Map.of("DDB_COORDINATORS", "3", "DDB_PORT_OFFSET", "100"));

        assertThat(suite.services().subList(0, 4)).extracting(ServiceComponent::name, ServiceComponent::port)
                .containsExactly(Tuple.tuple("coordinator-1", 9100),
                        Tuple.tuple("coordinator-2", 9110),
                        Tuple.tuple("coordinator-3", 9120),
                        Tuple.tuple("timestamp-1", 9101));
    }

    @Test
    void everyCoordinatorGetsItsIdEveryCoordinatorsUrlInIdOrderAndTheRestartFlag() {
        Suite suite = suite(Map.of("DDB_COORDINATORS", "3", "DDB_PORT_OFFSET", "100"));

        for (int i = 1; i <= 3; i++) {
            ServiceComponent coordinator = service(suite, "coordinator-" + i);
            assertThat(coordinator.environment()).as("coordinator-" + i)
                    .containsEntry("PORT", Integer.toString(9100 + (i - 1) * 10))
                    .containsEntry("DDB_COORDINATOR_ID", "coordinator-" + i)
                    .containsEntry("DDB_COORDINATOR_URLS", "http://127.0.0.1:9100,http://127.0.0.1:9110,http://127.0.0.1:9120")
                    .containsEntry("DDB_RESTART_WHEN_DEPOSED", "true")
                    .containsKey("DDB_SERVICE_TOKEN");
            assertThat(coordinator.restartsWhenDeposed()).isTrue();
        }
    }

    @Test
    void otherServicesAreNeitherToldAboutCoordinatorsNorRestarted() {
        ServiceComponent metrics = service(suite(Map.of()), "metrics");

        assertThat(metrics.environment()).doesNotContainKeys("DDB_COORDINATOR_ID", "DDB_COORDINATOR_URLS",
                "DDB_RESTART_WHEN_DEPOSED");
        assertThat(metrics.restartsWhenDeposed()).isFalse();
    }

    @Test
    void oneCoordinatorKnowsOnlyItself() {
        Suite suite = suite(Map.of("DDB_COORDINATORS", "1"));

        assertThat(suite.services()).extracting(ServiceComponent::name).startsWith("coordinator-1", "timestamp-1");
        assertThat(service(suite, "coordinator-1").environment())
                .containsEntry("DDB_COORDINATOR_URLS", "http://127.0.0.1:9000");
    }

    @Test
    void coordinatorsStartedEarlierWithAHigherCountStayInTheSuiteSoDownStopsThem() throws Exception {
        Files.createDirectories(runDir.resolve("pids"));
        Files.writeString(runDir.resolve("pids").resolve("coordinator-3.pid"), "1");

        Suite suite = suite(Map.of());

        assertThat(suite.services()).extracting(ServiceComponent::name)
                .startsWith("coordinator-1", "coordinator-2", "coordinator-3", "timestamp-1");
    }

    @Test
    void theRunDirectoryKeepsTheReplicationModeItsInstancesWereSetUpFor() throws Exception {
        suite(Map.of("DDB_REPLICATION_MODE", "binlog")).requireReplicationMode();
        assertThat(Files.readString(runDir.resolve(Suite.REPLICATION_MODE_FILE))).isEqualTo("binlog\n");
        suite(Map.of("DDB_REPLICATION_MODE", "binlog")).requireReplicationMode();

        assertThatIllegalStateException().isThrownBy(() -> suite(Map.of()).requireReplicationMode())
                .withMessageContaining("binlog replication mode").withMessageContaining("DDB_REPLICATION_MODE=binlog");
        assertThat(suite(Map.of()).settings().mode().id()).isEqualTo("timestamp-log");
    }

    @Test
    void aRunDirectoryFromBeforeTheModeWasRecordedRanTheTimestampLog() throws Exception {
        Files.createDirectories(runDir.resolve("instance-1"));

        assertThatIllegalStateException().isThrownBy(() -> suite(Map.of("DDB_REPLICATION_MODE", "binlog"))
                .requireReplicationMode()).withMessageContaining("timestamp-log");
        suite(Map.of()).requireReplicationMode();
        assertThat(Files.readString(runDir.resolve(Suite.REPLICATION_MODE_FILE))).isEqualTo("timestamp-log\n");
    }

    @Test
    void anUnknownReplicationModeIsAClearError() {
        assertThatIllegalArgumentException().isThrownBy(() -> LauncherSettings.fromEnvironment(
                Map.of("DDB_REPLICATION_MODE", "statement"))).withMessageContaining("timestamp-log, binlog");
    }

    @Test
    void coordinatorStillNamesTheFirstCoordinator() {
        Suite suite = suite(Map.of());

        assertThat(suite.find("coordinator")).get().extracting(Component::name).isEqualTo("coordinator-1");
        assertThat(suite.find("coordinator-2")).get().extracting(Component::port).isEqualTo(9010);
        assertThat(suite.find("coordinator-3")).isEmpty();
    }

    @Test
    void coordinatorCountOutsideOneToNineIsAClearError() {
        for (String wrong : List.of("0", "10", "-1", "two", "")) {
            assertThatIllegalArgumentException().as(wrong)
                    .isThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("DDB_COORDINATORS", wrong)))
                    .withMessageStartingWith("DDB_COORDINATORS must be")
                    .withMessageContaining("1 to 9");
        }
        assertThat(LauncherSettings.fromEnvironment(Map.of("DDB_COORDINATORS", "9")).coordinators()).isEqualTo(9);
    }
}
