package dev.ddb.stress.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.auth.SuiteCredentials;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The README's own command, unchanged: {@code ./ddb up} starts two coordinators, one leads, either takes writes, and
 * when the leader is killed the other takes over, as the README's demo shows. (LocalSuiteTest checks one suite's
 * behaviour with a single coordinator.)
 */
class TwoCoordinatorSuiteTest {

    @TempDir
    static Path runDir;

    private static LauncherRun suite;

    @AfterAll
    static void down() throws Exception {
        if (suite != null) {
            suite.ddb("down");
        }
    }

    @Test
    void upStartsTwoCoordinatorsOneLeadsEitherTakesWritesAndTheOtherTakesOverFromAKilledLeader() throws Exception {
        suite = new LauncherRun(runDir, Map.of());
        String up = suite.ddb("up");
        assertThat(up).containsPattern("(?m)^coordinator-1\\s+\\S+\\s+\\d+\\s+\\d+\\s+healthy")
                .containsPattern("(?m)^coordinator-2\\s+\\S+\\s+\\d+\\s+\\d+\\s+healthy");
        String admin = SuiteCredentials.loadOrCreate(runDir.resolve(SuiteCredentials.FILE_NAME)).adminAuthorization();
        int first = suite.port(9000);
        int second = suite.port(9010);

        JsonNode status = LauncherRun.await("both coordinators answer and one leads", () -> suite.get(first, "/status", admin),
                s -> s.body().path("leader").isString() && s.body().path("coordinators").size() == 2
                        && allAlive(s.body().path("coordinators"))).body();
        String leader = status.path("leader").asString();
        String other = leader.equals("coordinator-1") ? "coordinator-2" : "coordinator-1";
        assertThat(suite.get(second, "/status", admin).body().path("leader").asString()).isEqualTo(leader);

        assertThat(suite.query(first, "CREATE TABLE two_coordinators (id INT PRIMARY KEY, via VARCHAR(20))", "STRONG")
                .status()).isEqualTo(200);
        assertThat(suite.query(first, "INSERT INTO two_coordinators VALUES (1, 'coordinator-1')", "STRONG").status())
                .isEqualTo(200);
        assertThat(suite.query(second, "INSERT INTO two_coordinators VALUES (2, 'coordinator-2')", "STRONG").status())
                .isEqualTo(200);

        suite.ddb("kill", leader);
        int survivor = other.equals("coordinator-1") ? first : second;
        LauncherRun.await(other + " leads once " + leader + " was killed", () -> suite.get(survivor, "/status", admin),
                s -> other.equals(s.body().path("leader").asString()));
        LauncherRun.await("a write through " + other + " succeeds", () -> suite.query(survivor, "INSERT INTO"
                + " two_coordinators VALUES (3, 'after the kill') ON DUPLICATE KEY UPDATE via = via", "STRONG"),
                answer -> answer.status() == 200);

        suite.ddb("start", leader);
        LauncherRun.await(leader + " is back, as a follower", () -> suite.get(survivor, "/status", admin),
                s -> other.equals(s.body().path("leader").asString()) && allAlive(s.body().path("coordinators")));
    }

    static boolean allAlive(JsonNode coordinators) {
        for (JsonNode coordinator : coordinators) {
            if (!coordinator.path("alive").asBoolean(false)) {
                return false;
            }
        }
        return true;
    }
}
