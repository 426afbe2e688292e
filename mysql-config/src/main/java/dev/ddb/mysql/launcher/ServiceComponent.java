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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.ddb.auth.AuthSettings;

/**
 * A Spring Boot service run as {@code java -jar}, detached from the launcher (its own session,
 * output to a log file), remembered by a pid file so a later {@code ./ddb stop} finds it. It runs
 * on the JDK {@link JavaChoice} picked, from its module's jar extracted into the run directory
 * ({@link ExtractedJar}): a JVM loads classes from its jar for as long as it runs, so rebuilding the
 * module (./mvnw package) under a running suite used to end its services with NoClassDefFoundError.
 * With a JDK from 25 on it starts from an AOT cache recorded for that layout, when there is one.
 *
 * <p>A coordinator runs under a supervisor: a small shell loop, the process the pid file names, that starts
 * the JVM again a second after it exits with {@link #DEPOSED_EXIT_STATUS} (a coordinator another one
 * deposed comes back as a follower) and ends with any other status. The launcher does not stay running
 * after {@code ./ddb up}, so the loop lives in the service's own session; stopping or killing the
 * service ends the loop and the JVM together.
 */
final class ServiceComponent implements Component {

    /** How a coordinator that lost its leadership asks to be started again (EX_TEMPFAIL). */
    static final int DEPOSED_EXIT_STATUS = 75;

    /**
     * Runs {@code "$@"} until it exits with another status than 75; {@code $0} is the service's name. The line
     * about a restart goes to the console file and to the service's log, where {@code ./ddb logs} shows it.
     */
    private static final String SUPERVISOR = """
            while :; do
                "$@"
                status=$?
                if [ "$status" -ne %d ]; then exit "$status"; fi
                line="$(date '+%%Y-%%m-%%d %%H:%%M:%%S') ddb: $0 exited deposed (status %d); starting it again in 1 s"
                echo "$line"
                if [ -n "${LOGGING_FILE_NAME:-}" ]; then echo "$line" >> "$LOGGING_FILE_NAME"; fi
                sleep 1
            done
            """.formatted(DEPOSED_EXIT_STATUS, DEPOSED_EXIT_STATUS);

    private static final String RECORD_OPTION = "-XX:AOTCacheOutput=";
    private static final String RECORDING_SUFFIX = ".recording";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final int port;
    private final Path jar;
    /** Variables a service gets from the launcher only, never from the shell that runs it (which may hold others). */
    private static final List<String> LAUNCHER_ONLY = List.of(AuthSettings.USERS, AuthSettings.TOKENS,
            AuthSettings.SERVICE_TOKEN, AuthSettings.SERVICE_TOKEN_SHA256);

    private final Supplier<Map<String, String>> environment;
    private final boolean coordinator;
    private final LauncherSettings settings;

    /**
     * @param environment what the service gets besides the launcher's own environment, asked for at each start
     * @param coordinator a coordinator: it gets the coordinators' JVM options and runs under the supervisor that
     *     starts it again after {@link #DEPOSED_EXIT_STATUS}
     */
    ServiceComponent(String name, int port, Path jar, Supplier<Map<String, String>> environment,
            boolean coordinator, LauncherSettings settings) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.environment = environment;
        this.coordinator = coordinator;
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

    /** What the service gets besides the launcher's own environment and {@link #loggingEnvironment()}. */
    Map<String, String> environment() {
        return environment.get();
    }

    boolean restartsWhenDeposed() {
        return coordinator;
    }

    /** The command under the supervisor loop: it runs {@code command} again after each exit with status 75. */
    static List<String> supervised(String name, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", SUPERVISOR, name));
        wrapped.addAll(command);
        return wrapped;
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

    /** Where the extracted layouts of the services' jars are kept, with their AOT caches ({@link ExtractedJar}). */
    private Path jarsDirectory() {
        return settings.runDir().resolve("jars");
    }

    /** The layout this service runs from: made from its module's jar the first time that jar is started. */
    ExtractedJar extractedJar() throws IOException, InterruptedException {
        return ExtractedJar.of(jar, jarsDirectory(), settings.java().runtime());
    }

    /** Whether this JDK could start this service from an AOT cache that is not recorded yet. */
    boolean lacksAotCache() throws IOException, InterruptedException {
        return settings.aotCaches() && settings.java().runtime().recordsAotCaches()
                && !Files.isRegularFile(extractedJar().aotCache(settings.java().runtime()));
    }

    /** Where this service's JVM writes the AOT cache it records, at its exit; {@link #stop} renames it to {@code cache}. */
    private Path aotRecording(Path cache) {
        return cache.resolveSibling(cache.getFileName() + "." + name + RECORDING_SUFFIX);
    }

    private Path pidFile() {
        return pidFile(settings, name);
    }

    /** Where the pid of the service with this name is kept while it runs. */
    static Path pidFile(LauncherSettings settings, String name) {
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
    void launch() throws IOException, InterruptedException {
        launch(false);
    }

    /**
     * Starts the JVM without waiting for it to serve. With a JDK from 25 on it runs from its layout's AOT cache when
     * there is one; with {@code recordAotCache} it records one instead, which it writes when it exits (see {@link #stop}).
     */
    void launch(boolean recordAotCache) throws IOException, InterruptedException {
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
        ExtractedJar extracted = extractedJar();
        JavaRuntime runtime = settings.java().runtime();
        List<String> java = new ArrayList<>();
        java.add(runtime.java().toString());
        java.addAll(settings.javaOptions(coordinator));
        java.addAll(aotOptions(extracted, runtime, recordAotCache));
        java.add("-jar");
        java.add(extracted.applicationJar().toString());
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            // Its own session: a Ctrl-C or a closed terminal that ends ./ddb does not end the suite.
            command.add("/usr/bin/setsid");
        }
        command.addAll(coordinator ? supervised(name, java) : java);
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

    /**
     * The JVM options for the AOT cache: none before JDK 25 or with {@code DDB_AOT=off}; otherwise the cache when it
     * exists, or the file to record one into. A cache that does not fit (another JDK build, other jars, a truncated
     * file) costs nothing but a line in the console file: the JVM says so and starts without it.
     */
    private List<String> aotOptions(ExtractedJar extracted, JavaRuntime runtime, boolean record)
            throws IOException, InterruptedException {
        if (!settings.aotCaches() || !runtime.recordsAotCaches()) {
            return List.of();
        }
        // What the JVM cannot archive (proxies, classes of other loaders) is a warning per class: hundreds of lines.
        List<String> quiet = List.of("-Xlog:aot=error", "-Xlog:cds=error");
        Path cache = extracted.aotCache(runtime);
        List<String> options = new ArrayList<>(quiet);
        if (record) {
            Files.deleteIfExists(aotRecording(cache));
            options.add(RECORD_OPTION + aotRecording(cache));
        } else if (Files.isRegularFile(cache)) {
            options.add("-XX:AOTCache=" + cache);
        } else {
            return List.of();
        }
        return options;
    }

    /**
     * A service that recorded an AOT cache writes it while it exits (the JVM assembles it in a child process, some
     * seconds), so give it the time; the recording becomes the layout's cache only when the JVM ended by itself.
     */
    @Override
    public void stop(Duration timeout) throws IOException {
        Optional<ProcessHandle> handle = handle();
        if (handle.isPresent()) {
            Optional<Path> recording = aotRecordingOf(handle.get());
            boolean stoppedByItself = stopTree(handle.get(), timeout);
            if (recording.isPresent()) {
                keepAotRecording(recording.get(), stoppedByItself);
            }
        }
        Files.deleteIfExists(pidFile());
    }

    @Override
    public void kill() throws IOException {
        Optional<ProcessHandle> handle = handle();
        if (handle.isPresent()) {
            Optional<Path> recording = aotRecordingOf(handle.get());
            killTree(handle.get());
            if (recording.isPresent()) {
                keepAotRecording(recording.get(), false);
            }
        }
        Files.deleteIfExists(pidFile());
    }

    /** The file the service's JVM records its AOT cache into, read from its command line. */
    private static Optional<Path> aotRecordingOf(ProcessHandle root) {
        return tree(root).stream().flatMap(process -> process.info().arguments().stream().flatMap(Arrays::stream))
                .filter(argument -> argument.startsWith(RECORD_OPTION))
                .map(argument -> Path.of(argument.substring(RECORD_OPTION.length())))
                .findFirst();
    }

    /** A complete recording becomes the layout's cache ({@code <tag>.aot}, which later starts use); any other is deleted. */
    static void keepAotRecording(Path recording, boolean complete) throws IOException {
        Files.deleteIfExists(recording.resolveSibling(recording.getFileName() + ".config"));
        String fileName = recording.getFileName().toString();
        Path cache = recording.resolveSibling(fileName.substring(0, fileName.indexOf(".aot.") + ".aot".length()));
        if (complete && Files.isRegularFile(recording) && Files.size(recording) > 0) {
            Files.move(recording, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.deleteIfExists(recording);
        }
    }

    /**
     * SIGTERM to the process and everything it started (a supervisor's JVM), SIGKILL to what is left after
     * {@code timeout}. The supervisor goes first, so it cannot start the JVM again whatever status that exits with.
     *
     * @return whether everything ended before {@code timeout}
     */
    static boolean stopTree(ProcessHandle root, Duration timeout) {
        List<ProcessHandle> tree = tree(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception notStoppedInTime) {
                killTree(root);
                return false;
            }
        }
        return true;
    }

    /** SIGKILL to the process and everything it started, as a crash would. */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> tree = tree(root);
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(process -> process.onExit().join());
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    @Override
    public boolean isRunning() {
        return handle().isPresent();
    }

    /** The JVM's pid, the one to suspend or signal; the supervisor's while it waits to start the JVM again. */
    @Override
    public OptionalLong pid() {
        return handle().map(h -> OptionalLong.of(h.descendants().filter(this::runsThisJar).findFirst().orElse(h).pid()))
                .orElse(OptionalLong.empty());
    }

    private boolean runsThisJar(ProcessHandle process) {
        return process.info().commandLine().map(this::runsThisJar).orElse(false);
    }

    private boolean runsThisJar(String commandLine) {
        return commandLine.contains(jarsDirectory().toString()) && commandLine.contains(jar.getFileName().toString());
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
                            .map(cmd -> runsThisJar(cmd) || cmd.contains(jar.toString())).orElse(true));
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
