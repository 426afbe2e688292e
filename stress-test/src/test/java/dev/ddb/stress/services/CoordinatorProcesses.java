package dev.ddb.stress.services;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddb.auth.SuiteCredentials;
import dev.ddb.mysql.server.FreePorts;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real coordinators for a test to talk to: coordinator-service jars and one timestamp-service jar, started as
 * processes the way the launcher starts them, on free ports, against the test's {@code @LocalServers} instances.
 * Several coordinators share {@code DDB_COORDINATOR_URLS} and elect their leader; the test starts each one, and kills,
 * suspends or restarts it the way a crash, a stalled machine or a supervisor would. This module is built after both
 * services, so their jars are there in a full build; a build of this module alone needs them packaged first.
 */
public final class CoordinatorProcesses implements AutoCloseable {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration START_PATIENCE = Duration.ofSeconds(120);
    private static final List<String> JAVA_OPTIONS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms32m", "-Xmx256m");

    private final Path logs;
    private final Path coordinatorJar;
    private final List<Coordinator> coordinators = new ArrayList<>();
    private Process timestamp;
    private SuiteCredentials credentials;

    private CoordinatorProcesses(Path logs, Path coordinatorJar) {
        this.logs = logs;
        this.coordinatorJar = coordinatorJar;
    }

    /** One running coordinator. Skips the calling test (an assumption) when a service jar has not been built. */
    public static CoordinatorProcesses start(TestCluster cluster, Path dir) throws Exception {
        CoordinatorProcesses started = prepare(cluster, dir, 1, Map.of());
        try {
            started.coordinator(1).start();
            return started;
        } catch (Exception | AssertionError e) {
            started.close();
            throw e;
        }
    }

    /**
     * The timestamp server running and {@code count} coordinators given their ports, none started yet. Skips the calling
     * test (an assumption) when a service jar has not been built.
     *
     * @param environment added to every coordinator's environment, e.g. {@code DDB_RESTART_WHEN_DEPOSED}
     */
    public static CoordinatorProcesses prepare(TestCluster cluster, Path dir, int count, Map<String, String> environment)
            throws Exception {
        Path timestampJar = jar("timestamp-service");
        CoordinatorProcesses prepared = new CoordinatorProcesses(dir, jar("coordinator-service"));
        try {
            int timestampPort = FreePorts.onLoopback();
            // Credentials as ./ddb up makes them, in the file the shell reads when DDB_RUN_DIR names this directory.
            // The timestamp server takes calls bearing the service token only; the coordinator sends it.
            SuiteCredentials suite = SuiteCredentials.loadOrCreate(dir.resolve(SuiteCredentials.FILE_NAME));
            prepared.credentials = suite;
            prepared.timestamp = prepared.launch("timestamp", timestampJar, Map.of(
                    "PORT", Integer.toString(timestampPort),
                    "DDB_SERVICE_TOKEN", suite.serviceToken(),
                    "TIMESTAMP_SERVER_INDEX", "1",
                    "TIMESTAMP_SERVER_COUNT", "1",
                    "TIMESTAMP_STATE_DIR", Files.createDirectories(dir.resolve("timestamp-state")).toString()));
            prepared.await("the timestamp server", prepared.timestamp, () -> healthy(timestampPort));
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ports.add(FreePorts.onLoopback());
            }
            // Cabinet and metrics are not started: the coordinator then uses a majority quorum and says so. Nor is
            // SEER: a failover then elects the new master locally.
            Map<String, String> shared = new HashMap<>(Map.ofEntries(
                    Map.entry("DDB_USERS", suite.users()),
                    Map.entry("DDB_TOKENS", suite.tokens()),
                    Map.entry("DDB_INSTANCES", cluster.topology().spec()),
                    Map.entry("DDB_DB_USER", cluster.credentials().user()),
                    Map.entry("DDB_DB_PASSWORD", cluster.credentials().password()),
                    Map.entry("DDB_TIMESTAMP_URLS", "http://127.0.0.1:" + timestampPort),
                    Map.entry("DDB_SERVICE_TOKEN", suite.serviceToken()),
                    // The default 500 ms is for a warm server on a quiet machine; a first answer here may take longer.
                    Map.entry("DDB_TIMESTAMP_READ_TIMEOUT", "5s"),
                    Map.entry("DDB_CABINET_URL", "http://127.0.0.1:" + FreePorts.onLoopback()),
                    Map.entry("DDB_METRICS_URL", "http://127.0.0.1:" + FreePorts.onLoopback()),
                    Map.entry("DDB_SEER_URL", "http://127.0.0.1:" + FreePorts.onLoopback()),
                    // The tests start coordinator-1 alone first: it need not wait long for the others to come up.
                    Map.entry("DDB_COORDINATOR_STARTUP_PATIENCE", "1s"),
                    Map.entry("DDB_COORDINATOR_URLS", count == 1 ? "" : ports.stream()
                            .map(port -> "http://127.0.0.1:" + port).collect(Collectors.joining(",")))));
            shared.putAll(environment);
            for (int number = 1; number <= count; number++) {
                Map<String, String> own = new HashMap<>(shared);
                own.put("PORT", Integer.toString(ports.get(number - 1)));
                own.put("DDB_COORDINATOR_ID", "coordinator-" + number);
                prepared.coordinators.add(prepared.new Coordinator("coordinator-" + number, ports.get(number - 1), own));
            }
            return prepared;
        } catch (Exception | AssertionError e) {
            prepared.close();
            throw e;
        }
    }

    /** {@code coordinator-number}, counting from 1 as {@code DDB_COORDINATOR_URLS} does. */
    public Coordinator coordinator(int number) {
        return coordinators.get(number - 1);
    }

    /** The first coordinator's base URL. */
    public URI url() {
        return coordinator(1).url();
    }

    public SuiteCredentials credentials() {
        return credentials;
    }

    /** The file of the credentials the services know, for a shell's {@code DDB_RUN_DIR}. */
    public void writeCredentials(Path runDir) throws IOException {
        Files.copy(logs.resolve(SuiteCredentials.FILE_NAME), runDir.resolve(SuiteCredentials.FILE_NAME),
                StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The first coordinator's answer status for a GET as the admin, e.g. to learn whether it serves an endpoint. */
    public int statusOf(String path) throws IOException, InterruptedException {
        return coordinator(1).statusOf(path);
    }

    /** The last lines each service wrote, for a failure message. */
    public String logTails() throws IOException {
        StringBuilder text = new StringBuilder();
        List<String> names = new ArrayList<>(List.of("timestamp"));
        coordinators.forEach(coordinator -> names.add(coordinator.id()));
        for (String name : names) {
            Path log = logs.resolve(name + ".log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                text.append("--- ").append(log).append(" ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws InterruptedException {
        // The coordinators first, then the timestamp server they may still be asking.
        for (int i = coordinators.size() - 1; i >= 0; i--) {
            coordinators.get(i).stop();
        }
        if (timestamp != null) {
            stop(timestamp);
        }
    }

    /** One coordinator of the suite: its id, its port and, once started, its process. */
    public final class Coordinator {

        private final String id;
        private final int port;
        private final Map<String, String> environment;
        private Process process;

        private Coordinator(String id, int port, Map<String, String> environment) {
            this.id = id;
            this.port = port;
            this.environment = Map.copyOf(environment);
        }

        public String id() {
            return id;
        }

        public URI url() {
            return URI.create("http://127.0.0.1:" + port);
        }

        /**
         * Starts the process, or starts it again with the same environment after it ended, and returns once it answers
         * {@code /status}. Its output goes to {@code <id>.log}, a restart's after the earlier run's.
         */
        public Coordinator start() throws Exception {
            if (process != null && process.isAlive()) {
                throw new IllegalStateException(id + " runs already (pid " + process.pid() + ")");
            }
            process = launch(id, coordinatorJar, environment);
            await(id, process, () -> statusOf("/status") == 200);
            return this;
        }

        /** SIGKILL, as a crash ends it: nothing is shut down; returns once the process is gone. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        /** SIGSTOP: the process keeps its sockets but answers nothing, as on a machine that stalls or is cut off. */
        public void suspend() throws IOException, InterruptedException {
            signal("STOP");
        }

        /** SIGCONT after {@link #suspend}. */
        public void resume() throws IOException, InterruptedException {
            signal("CONT");
        }

        public Process process() {
            return process;
        }

        /** This coordinator's answer status for a GET as the admin. */
        public int statusOf(String path) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", credentials.adminAuthorization()).build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        private void signal(String name) throws IOException, InterruptedException {
            int status = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            if (status != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " (" + id + ") exited with " + status);
            }
        }

        private void stop() throws InterruptedException {
            if (process == null || !process.isAlive()) {
                return;
            }
            try {
                // A suspended process would hold the signal to end until it runs again.
                resume();
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
            }
            CoordinatorProcesses.stop(process);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process launch(String name, Path jar, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    @FunctionalInterface
    private interface Probe {
        boolean ready() throws IOException, InterruptedException;
    }

    private void await(String what, Process starting, Probe probe) throws Exception {
        Instant deadline = Instant.now().plus(START_PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            if (!starting.isAlive() || (timestamp != null && !timestamp.isAlive())) {
                throw new IllegalStateException("a service stopped while " + what + " started:\n" + logTails());
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
