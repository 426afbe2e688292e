package dev.ddb.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.stress.StressMain;
import dev.ddb.stress.client.FakeJsonServer;
import dev.ddb.stress.client.FakeJsonServer.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line of {@code ./ddb stress} without a suite: help, invalid options, no coordinator to test, and one
 * whose replication mode the runner does not know.
 */
class StressCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int stress(String... args) {
        CommandLine command = new CommandLine(new StressMain());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        List<String> arguments = new ArrayList<>(List.of("stress"));
        arguments.addAll(List.of(args));
        return command.execute(arguments.toArray(String[]::new));
    }

    @Test
    void helpNamesEveryScenarioAndOption() {
        assertThat(stress("--help")).isZero();

        assertThat(out.toString()).contains("concurrent", "consistency", "lag", "failover", "performance", "all",
                "--writes", "--clients", "--duration", "--consistency", "--rounds", "--coordinator", "--report",
                "--bench-clients", "Exit codes");
    }

    @Test
    void helpSaysTheReplicationModeComesFromTheCoordinatorsStatus() {
        assertThat(stress("--help")).isZero();

        assertThat(out.toString()).contains("GET /status (replication_mode)", "timestamp-log", "binlog",
                "gtid_binlog_pos");
    }

    @Test
    void aReplicationModeTheRunnerCannotCheckFailsWithExitOneAndNamesIt() throws IOException {
        try (FakeJsonServer coordinator = FakeJsonServer.start(Reply.of(200, "{\"replication_mode\":\"raft\"}"))) {
            int exitCode = stress("--scenario", "concurrent", "--coordinator", coordinator.uri().toString(),
                    "--report", dir.resolve("report").toString());

            assertThat(exitCode).isEqualTo(1);
            assertThat(err.toString()).contains("the replication mode 'raft', which this runner cannot check");
        }
        assertThat(Files.exists(dir.resolve("report"))).isFalse();
    }

    @Test
    void unknownScenarioIsAnOptionError() {
        assertThat(stress("--scenario", "chaos")).isEqualTo(2);

        assertThat(err.toString()).contains("'chaos' is not a scenario", "concurrent, consistency, lag");
    }

    @Test
    void unknownConsistencyIsAnOptionError() {
        assertThat(stress("--consistency", "WEAK")).isEqualTo(2);

        assertThat(err.toString()).contains("--consistency must be STRONG or EVENTUAL, got WEAK");
    }

    @Test
    void zeroClientsIsAnOptionError() {
        assertThat(stress("--clients", "0")).isEqualTo(2);

        assertThat(err.toString()).contains("--clients must be between 1 and 1024, got 0");
    }

    @Test
    void noCoordinatorFailsWithExitOneAndSaysHowToStartTheSuite() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        int exitCode = stress("--scenario", "concurrent", "--coordinator", "http://127.0.0.1:" + closedPort,
                "--report", dir.resolve("report").toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read GET /status of the coordinator at http://127.0.0.1:" + closedPort,
                "./ddb up");
        assertThat(Files.exists(dir.resolve("report"))).isFalse();
    }
}
