package dev.ddb.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.ddb.mysql.cluster.DbCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final DbCredentials CREDENTIALS = new DbCredentials("ddb_user", "ddb_password");

    @TempDir
    Path dir;

    private final List<LocalServer> started = new ArrayList<>();

    @AfterEach
    void stopServers() {
        started.forEach(server -> server.destroy(TIMEOUT));
    }

    @Test
    void aServerStartedThroughOneHandleIsSeenAndStoppedThroughAnother() throws IOException {
        ServerLayout layout = new ServerLayout("instance-1", FreePorts.onLoopback(), dir.resolve("instance-1"));
        LocalServer starter = server(layout);
        starter.start(TIMEOUT);

        LocalServer laterProcess = new LocalServer(layout, ServerBinary.locate(), CREDENTIALS);
        assertThat(laterProcess.isRunning()).isTrue();
        assertThat(laterProcess.pid()).isEqualTo(starter.pid());

        laterProcess.stop(TIMEOUT);

        assertThat(starter.isRunning()).isFalse();
        assertThat(starter.pid()).isEmpty();
    }

    @Test
    void aServerKeepsRunningAfterTheJvmThatStartedItExits() throws Exception {
        ServerLayout layout = new ServerLayout("instance-1", FreePorts.onLoopback(), dir.resolve("instance-1"));
        LocalServer server = server(layout);
        Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
        Process starter = new ProcessBuilder(javaExecutable.toString(), "-cp", System.getProperty("java.class.path"),
                StartServerAndExit.class.getName(), layout.name(), String.valueOf(layout.port()),
                layout.baseDir().toString(), CREDENTIALS.user(), CREDENTIALS.password())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("starter.log").toFile())
                .start();

        assertThat(starter.waitFor(2, TimeUnit.MINUTES)).as("starter JVM finished").isTrue();
        assertThat(starter.exitValue()).as(Files.readString(dir.resolve("starter.log"))).isZero();

        assertThat(server.isRunning()).isTrue();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("ddb"), CREDENTIALS.user(), CREDENTIALS.password())) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void startingARunningServerChangesNothing() throws IOException {
        LocalServer server = server(new ServerLayout("instance-1", FreePorts.onLoopback(), dir.resolve("instance-1")));
        server.start(TIMEOUT);
        long pid = server.pid().orElseThrow();

        server.start(TIMEOUT);

        assertThat(server.pid()).hasValue(pid);
    }

    @Test
    void optionsGivenToStartOverrideTheConfigurationForThatStartOnly() throws Exception {
        LocalServer server = server(new ServerLayout("instance-1", FreePorts.onLoopback(), dir.resolve("instance-1")));

        server.start(TIMEOUT, List.of("--log-bin=extra-bin"));
        assertThat(logBin(server)).isEqualTo(1);

        server.restart(TIMEOUT);
        assertThat(logBin(server)).isZero();
    }

    private static int logBin(LocalServer server) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("ddb"), CREDENTIALS.user(), CREDENTIALS.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT @@log_bin")) {
            result.next();
            return result.getInt(1);
        }
    }

    @Test
    void startRefusesAPortTakenByAnotherProcessAndNamesIt() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = squatter.getLocalPort();
            LocalServer server = server(new ServerLayout("instance-1", port, dir.resolve("instance-1")));

            assertThatIllegalStateException()
                    .isThrownBy(() -> server.start(TIMEOUT))
                    .withMessageContaining("Port " + port)
                    .withMessageContaining("instance-1");
        }
    }

    @Test
    void aServerThatCannotStartIsReportedWithItsErrorLog() throws IOException {
        ServerLayout layout = new ServerLayout("instance-1", FreePorts.onLoopback(), dir.resolve("instance-1"));
        LocalServer server = server(layout);
        server.start(TIMEOUT);
        server.stop(TIMEOUT);
        deleteSystemTables(layout);

        assertThatIllegalStateException()
                .isThrownBy(() -> server.start(TIMEOUT))
                .withMessageContaining("port " + layout.port())
                .withMessageContaining("exited during start")
                .withMessageContaining(layout.errorLog().toString());
    }

    @Test
    void stopAndKillOfAServerThatIsNotRunningDoNothing() throws IOException {
        LocalServer server = server(new ServerLayout("instance-1", FreePorts.onLoopback(), dir.resolve("instance-1")));

        server.stop(TIMEOUT);
        server.kill();

        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void theFirstStartProvisionsTheApplicationUserAndSchemasAndLeavesNoPasswordOnDisk() throws Exception {
        ServerLayout layout = new ServerLayout("instance-7", FreePorts.onLoopback(), dir.resolve("instance-7"));
        LocalServer server = server(layout);
        server.start(TIMEOUT);

        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("ddb_meta"), CREDENTIALS.user(), CREDENTIALS.password());
             Statement statement = connection.createStatement();
             ResultSet state = statement.executeQuery("SELECT instance_id, applied_ts, epoch, role FROM state")) {
            assertThat(state.next()).isTrue();
            assertThat(state.getString("instance_id")).isEqualTo("instance-7");
            assertThat(state.getLong("applied_ts")).isZero();
            assertThat(state.getString("role")).isEqualTo("replica");
        }
        assertThat(Files.readString(layout.configFile())).contains("port = " + layout.port());
        try (var files = Files.walk(layout.baseDir(), 1)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(CREDENTIALS.password());
            }
        }
    }

    private LocalServer server(ServerLayout layout) {
        LocalServer server = new LocalServer(layout, ServerBinary.locate(), CREDENTIALS);
        started.add(server);
        return server;
    }

    private static void deleteSystemTables(ServerLayout layout) throws IOException {
        FileTrees.delete(layout.dataDir().resolve("mysql"));
    }
}
