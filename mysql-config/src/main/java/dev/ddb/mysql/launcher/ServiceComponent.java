package dev.ddb.mysql.launcher;

import java.io.File;
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
import java.util.OptionalLong;
import java.util.function.Supplier;

import dev.ddb.auth.AuthSettings;

/**
 * A Spring Boot service run as {@code java -jar}, detached from the launcher (its own session,
 * output to a log file), remembered by a pid file so a later {@code ./ddb stop} finds it. It runs
 * from a copy of its module's jar in the run directory: a JVM loads classes from its jar for as
 * long as it runs, so rebuilding the module (./mvnw package) under a running suite used to end its
 * services with NoClassDefFoundError.
 */
final class ServiceComponent implements Component {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final int port;
    private final Path jar;
    /** Variables a service gets from the launcher only, never from the shell that runs it (which may hold others). */
    private static final List<String> LAUNCHER_ONLY = List.of(AuthSettings.USERS, AuthSettings.TOKENS,
            AuthSettings.SERVICE_TOKEN, AuthSettings.SERVICE_TOKEN_SHA256);

    private final Supplier<Map<String, String>> environment;
    private final LauncherSettings settings;

    /** @param environment what the service gets besides the launcher's own environment, asked for at each start */
    ServiceComponent(String name, int port, Path jar, Supplier<Map<String, String>> environment, LauncherSettings settings) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.environment = environment;
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "service";
    }

    @Override
    public int port() {
        return port;
    }

    Path jar() {
        return jar;
    }

    /** Written by the service's own logging, which rolls it (see {@link #loggingEnvironment()}). */
    @Override
    public Path logFile() {
        return settings.logDir().resolve(name + ".log");
    }

    /** What the JVM prints outside logging: a crash before logging starts, the banner. */
    Path consoleFile() {
        return settings.logDir().resolve(name + ".out");
    }

    /**
     * Boot writes the log file itself and rolls it: a new file past {@code DDB_LOG_MAX_FILE_SIZE}, the
     * rolled ones (gzipped beside it) deleted past {@code DDB_LOG_TOTAL_SIZE_CAP}. Console logging is off,
     * so the console file holds only what the JVM prints outside logging and stays small.
     */
    Map<String, String> loggingEnvironment() {
        return Map.of(
                "LOGGING_FILE_NAME", logFile().toString(),
                "LOGGING_LOGBACK_ROLLINGPOLICY_MAX_FILE_SIZE", settings.logMaxFileSize(),
                "LOGGING_LOGBACK_ROLLINGPOLICY_TOTAL_SIZE_CAP", settings.logTotalSizeCap(),
                "LOGGING_THRESHOLD_CONSOLE", "OFF");
    }

    /** The copy of the module's jar this service runs from, refreshed at each start. */
    private Path runJar() {
        return settings.runDir().resolve("jars").resolve(name + ".jar");
    }

    private Path pidFile() {
        return settings.runDir().resolve("pids").resolve(name + ".pid");
    }

    @Override
    public void start(Duration timeout) throws IOException, InterruptedException {
        if (!isRunning()) {
            launch();
        }
        awaitHealthy(timeout);
    }

    /** Starts the JVM without waiting for it to serve, so several services can boot side by side. */
    void launch() throws IOException {
        if (isRunning()) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " is missing; build it with ./mvnw -B -DskipTests package");
        }
        if (Ports.isListening(port)) {
            throw new IllegalStateException(name + ": port " + port + " is already taken by another program");
        }
        Files.createDirectories(logFile().getParent());
        Files.createDirectories(pidFile().getParent());
        Files.createDirectories(runJar().getParent());
        Files.copy(jar, runJar(), StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            // Its own session: a Ctrl-C or a closed terminal that ends ./ddb does not end the suite.
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(settings.javaOptions().trim().split("\\s+")));
        command.add("-jar");
        command.add(runJar().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(settings.runDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeAll(LAUNCHER_ONLY);
        builder.environment().putAll(environment.get());
        builder.environment().putAll(loggingEnvironment());
        Process process = builder.start();
        Files.writeString(pidFile(), Long.toString(process.pid()));
    }

    void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isRunning()) {
                throw new IllegalStateException(name + " exited while starting; last lines of " + logFile() + ":\n"
                        + LogTail.lastLines(logFile(), 15) + "\nand of " + consoleFile() + ":\n"
                        + LogTail.lastLines(consoleFile(), 15));
            }
            if ("healthy".equals(health())) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not report UP on http://127.0.0.1:" + port
                + "/actuator/health within " + timeout.toSeconds() + " s; see " + logFile());
    }

    @Override
    public void stop(Duration timeout) throws IOException {
        Optional<ProcessHandle> handle = handle();
        if (handle.isPresent()) {
            handle.get().destroy();
            try {
                handle.get().onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception notStoppedInTime) {
                handle.get().destroyForcibly();
                handle.get().onExit().join();
            }
        }
        Files.deleteIfExists(pidFile());
    }

    @Override
    public void kill() throws IOException {
        Optional<ProcessHandle> handle = handle();
        if (handle.isPresent()) {
            handle.get().destroyForcibly();
            handle.get().onExit().join();
        }
        Files.deleteIfExists(pidFile());
    }

    @Override
    public boolean isRunning() {
        return handle().isPresent();
    }

    @Override
    public OptionalLong pid() {
        return handle().map(h -> OptionalLong.of(h.pid())).orElse(OptionalLong.empty());
    }

    /** The live process named by the pid file, if it still is this service's JVM (pids get reused). */
    private Optional<ProcessHandle> handle() {
        try {
            if (!Files.isRegularFile(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine()
                            .map(cmd -> cmd.contains(runJar().toString()) || cmd.contains(jar.toString())).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String health() {
        if (!isRunning()) {
            return "stopped";
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                return "healthy";
            }
            return "unhealthy";
        } catch (IOException e) {
            return "starting";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "starting";
        }
    }
}
