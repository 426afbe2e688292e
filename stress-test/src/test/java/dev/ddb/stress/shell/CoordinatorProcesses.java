package dev.ddb.stress.shell;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddb.auth.SuiteCredentials;
import dev.ddb.mysql.testing.TestCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import dev.ddb.mysql.server.FreePorts;

/**
 * A real coordinator for the shell to talk to: the coordinator-service jar and one timestamp-service jar, started as
 * processes the way the launcher starts them, on free ports, against the test's {@code @LocalServers} instances.
 * This module is built after both services, so their jars are there in a full build; a build of this module alone
 * needs them packaged first.
 */
final class CoordinatorProcesses implements AutoCloseable {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration START_PATIENCE = Duration.ofSeconds(120);
    private static final List<String> JAVA_OPTIONS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms32m", "-Xmx256m");

    private final List<Process> processes = new ArrayList<>();
    private final Path logs;
    private int port;
    private SuiteCredentials credentials;

    private CoordinatorProcesses(Path logs) {
        this.logs = logs;
    }

    /** Skips the calling test (an assumption) when a service jar has not been built. */
    static CoordinatorProcesses start(TestCluster cluster, Path dir) throws Exception {
        Path timestampJar = jar("timestamp-service");
        Path coordinatorJar = jar("coordinator-service");
        CoordinatorProcesses started = new CoordinatorProcesses(dir);
        try {
            int timestampPort = FreePorts.onLoopback();
            // Credentials as ./ddb up makes them, in the file the shell reads when DDB_RUN_DIR names this directory.
            // The timestamp server takes calls bearing the service token only; the coordinator sends it.
            SuiteCredentials suite = SuiteCredentials.loadOrCreate(dir.resolve(SuiteCredentials.FILE_NAME));
            started.credentials = suite;
            String serviceToken = suite.serviceToken();
            started.launch("timestamp", timestampJar, Map.of(
                    "PORT", Integer.toString(timestampPort),
                    "DDB_SERVICE_TOKEN", serviceToken,
                    "TIMESTAMP_SERVER_INDEX", "1",
                    "TIMESTAMP_SERVER_COUNT", "1",
                    "TIMESTAMP_STATE_DIR", Files.createDirectories(dir.resolve("timestamp-state")).toString()));
            started.await("the timestamp server", () -> healthy(timestampPort));
            started.port = FreePorts.onLoopback();
            // Cabinet and metrics are not started: the coordinator then uses a majority quorum and says so.
            started.launch("coordinator", coordinatorJar, Map.ofEntries(
                    Map.entry("DDB_USERS", suite.users()),
                    Map.entry("DDB_TOKENS", suite.tokens()),
                    Map.entry("PORT", Integer.toString(started.port)),
                    Map.entry("DDB_INSTANCES", cluster.topology().spec()),
                    Map.entry("DDB_DB_USER", cluster.credentials().user()),
                    Map.entry("DDB_DB_PASSWORD", cluster.credentials().password()),
                    Map.entry("DDB_TIMESTAMP_URLS", "http://127.0.0.1:" + timestampPort),
                    Map.entry("DDB_SERVICE_TOKEN", serviceToken),
                    // The default 500 ms is for a warm server on a quiet machine; a first answer here may take longer.
                    Map.entry("DDB_TIMESTAMP_READ_TIMEOUT", "5s"),
                    Map.entry("DDB_CABINET_URL", "http://127.0.0.1:" + FreePorts.onLoopback()),
                    Map.entry("DDB_METRICS_URL", "http://127.0.0.1:" + FreePorts.onLoopback()),
                    Map.entry("DDB_SEER_URL", "http://127.0.0.1:" + FreePorts.onLoopback())));
            started.await("the coordinator", () -> started.statusOf("/status") == 200);
            return started;
        } catch (Exception | AssertionError e) {
            started.close();
            throw e;
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The file of the credentials the services know, for a shell's {@code DDB_RUN_DIR}. */
    void writeCredentials(Path runDir) throws IOException {
        Files.copy(logs.resolve(SuiteCredentials.FILE_NAME), runDir.resolve(SuiteCredentials.FILE_NAME),
                StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The coordinator's answer status for a GET as the admin, e.g. to learn whether it serves an endpoint. */
    int statusOf(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", credentials.adminAuthorization()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() throws InterruptedException {
        // The coordinator first, then the timestamp server it may still be asking.
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void launch(String name, Path jar, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        processes.add(builder.start());
    }

    @FunctionalInterface
    private interface Probe {
        boolean ready() throws IOException, InterruptedException;
    }

    private void await(String what, Probe probe) throws Exception {
        Instant deadline = Instant.now().plus(START_PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a service stopped while starting:\n" + logTails());
                }
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(what + " did not answer within " + START_PATIENCE + ":\n" + logTails());
    }

    private static boolean healthy(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(10)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private String logTails() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("timestamp", "coordinator")) {
            Path log = logs.resolve(name + ".log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                text.append("--- ").append(name).append(" ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).append('\n');
            }
        }
        return text.toString();
    }

    private static Path jar(String module) throws IOException {
        Path target = ROOT.resolve(module).resolve("target");
        Optional<Path> jar = Optional.empty();
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                jar = files.filter(file -> file.getFileName().toString().matches(module + "-[^-]+(-SNAPSHOT)?\\.jar"))
                        .findFirst();
            }
        }
        assumeTrue(jar.isPresent(), module + "'s jar is not built; package it first (./mvnw -B -DskipTests package)");
        return jar.get();
    }
}
