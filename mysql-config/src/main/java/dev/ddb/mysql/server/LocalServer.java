package dev.ddb.mysql.server;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.ReplicationMode;
import dev.ddb.mysql.schema.Schema;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MySQL-compatible server process on this machine, identified by its layout whichever JVM
 * started it: its state comes from the pid file the server writes, so a later process can stop a
 * server an earlier one started. A started server keeps running after the JVM that started it exits.
 */
public final class LocalServer {

    private static final Logger log = LoggerFactory.getLogger(LocalServer.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final String ACCESS_DENIED_STATE = "28000";
    private static final Path DEV_NULL = Path.of("/dev/null");
    private static final List<Path> SETSID_LOCATIONS = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private final ServerLayout layout;
    private final ServerBinary binary;
    private final DbCredentials credentials;
    private final DbCredentials reader;
    private final DbCredentials replication;
    private final ReplicationMode mode;

    /**
     * A server of the timestamp-log mode whose reader and replication accounts are named by {@code DDB_DB_READ_USER}
     * and {@code DDB_DB_REPL_USER} (and their passwords).
     */
    public LocalServer(ServerLayout layout, ServerBinary binary, DbCredentials credentials) {
        this(layout, binary, credentials, DbCredentials.readerFromEnvironment());
    }

    /**
     * @param credentials the suite's account, which the services log in with
     * @param reader the account that runs clients' reads
     */
    public LocalServer(ServerLayout layout, ServerBinary binary, DbCredentials credentials, DbCredentials reader) {
        this(layout, binary, credentials, reader, DbCredentials.replicationFromEnvironment(), ReplicationMode.TIMESTAMP_LOG);
    }

    /**
     * @param replication the account replicas log in to a master with (binlog mode)
     * @param mode what the server is configured for: the binlog mode adds a binary log with GTIDs
     */
    public LocalServer(ServerLayout layout, ServerBinary binary, DbCredentials credentials, DbCredentials reader,
            DbCredentials replication, ReplicationMode mode) {
        this.layout = layout;
        this.binary = binary;
        this.credentials = credentials;
        this.reader = reader;
        this.replication = replication;
        this.mode = mode;
    }

    public ReplicationMode mode() {
        return mode;
    }

    /**
     * Initialises the data directory on first use (system tables, the ddb and ddb_meta schemas),
     * creates or updates the accounts ({@link Accounts}), starts the server and returns once the
     * suite's account can connect over TCP. Does nothing if the server is already running. Data of an
     * earlier start is used as it is.
     *
     * @throws IllegalStateException if the port is taken by another process, or the server fails to
     *     start in time (the message quotes its error log)
     */
    public void start(Duration timeout) {
        start(timeout, List.of());
    }

    /**
     * As {@link #start(Duration)}, with server options added to this start's command line after the
     * layout's my.cnf, so they override it (a baseline's binary log and replication settings, say).
     */
    public void start(Duration timeout, List<String> extraOptions) {
        if (isRunning()) {
            log.debug("{} is already running (pid {})", layout.name(), pid().orElseThrow());
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        requirePortFree();
        try {
            Files.createDirectories(layout.baseDir());
            Files.createDirectories(layout.tmpDir());
            Files.createDirectories(layout.noFilesDir());
            Files.writeString(layout.configFile(), InstanceConfig.render(layout, binary, runningAsRoot(), mode));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + layout.configFile(), e);
        }
        boolean firstStart = !Files.exists(layout.provisionedMarker());
        if (firstStart) {
            initialiseDataDir(deadline);
        }
        writeInitFile();
        Process process = launch(extraOptions);
        try (Connection connection = awaitConnection(process, deadline)) {
            requireThisServer(connection, process);
            // The server ran it before it took connections; it holds passwords.
            Files.deleteIfExists(layout.initFile());
            // Only a new instance gets the schema: after a crash, a recovered prepared XA transaction
            // may hold the ddb_meta.state row, and touching it would block the start.
            if (firstStart) {
                // Each server's own, like the accounts: kept out of a binary log, whose replicas have them already.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET SESSION sql_log_bin = 0");
                }
                Schema.apply(connection, layout.name());
                markProvisioned();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(layout.name() + " on port " + layout.port()
                    + " accepted the application user but the schema could not be applied: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + layout.initFile(), e);
        }
        log.info("Started {} ({}) on port {}, pid {}, data in {}", layout.name(), binary.describe(), layout.port(),
                pid().orElse(process.pid()), layout.dataDir());
    }

    /** SIGTERM, then waits for a clean shutdown; a server that outlasts the timeout is killed. */
    public void stop(Duration timeout) {
        Optional<ProcessHandle> running = runningProcess();
        if (running.isEmpty()) {
            log.debug("{} is not running; nothing to stop", layout.name());
            return;
        }
        ProcessHandle process = running.get();
        process.destroy();
        if (awaitExit(process, timeout)) {
            log.info("Stopped {} on port {} (pid {})", layout.name(), layout.port(), process.pid());
            return;
        }
        log.warn("{} (pid {}) did not shut down within {} s; killing it", layout.name(), process.pid(),
                timeout.toSeconds());
        kill();
    }

    /** SIGKILL, the way a crash ends a server; returns once the process is gone. */
    public void kill() {
        Optional<ProcessHandle> running = runningProcess();
        if (running.isEmpty()) {
            log.debug("{} is not running; nothing to kill", layout.name());
            return;
        }
        ProcessHandle process = running.get();
        process.destroyForcibly();
        if (!awaitExit(process, KILL_TIMEOUT)) {
            throw new IllegalStateException(layout.name() + " (pid " + process.pid() + ") survived SIGKILL for "
                    + KILL_TIMEOUT.toSeconds() + " s");
        }
        log.info("Killed {} on port {} (pid {})", layout.name(), layout.port(), process.pid());
    }

    public void restart(Duration timeout) {
        stop(timeout);
        start(timeout);
    }

    public boolean isRunning() {
        return runningProcess().isPresent();
    }

    public OptionalLong pid() {
        return runningProcess().map(process -> OptionalLong.of(process.pid())).orElse(OptionalLong.empty());
    }

    /** jdbc:mysql://127.0.0.1:&lt;port&gt;/&lt;database&gt; */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + layout.port() + "/" + database;
    }

    public ServerLayout layout() {
        return layout;
    }

    public ServerBinary binary() {
        return binary;
    }

    /** Stops the server (killing it if it will not stop) and deletes everything under its base directory. */
    public void destroy(Duration timeout) {
        stop(timeout);
        if (Files.exists(layout.baseDir())) {
            FileTrees.delete(layout.baseDir());
            log.info("Deleted {} and its data in {}", layout.name(), layout.baseDir());
        }
    }

    /**
     * The live process named in the pid file. A pid file can outlive its server (SIGKILL) and the
     * pid can be reused, so the process must also be the one started with this layout's my.cnf.
     */
    private Optional<ProcessHandle> runningProcess() {
        return readPidFile().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).filter(this::isThisServer);
    }

    private boolean isThisServer(ProcessHandle process) {
        Optional<String> commandLine = process.info().commandLine()
                .or(() -> process.info().arguments().map(arguments -> String.join(" ", arguments)));
        return commandLine.map(line -> line.contains(layout.configFile().toString())).orElse(true);
    }

    private Optional<Long> readPidFile() {
        try {
            String content = Files.readString(layout.pidFile(), StandardCharsets.US_ASCII).strip();
            return content.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(content));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void requirePortFree() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), layout.port()));
        } catch (IOException e) {
            throw new IllegalStateException("Port " + layout.port() + " on 127.0.0.1 is taken by another process, so "
                    + layout.name() + " cannot start there; stop that process or give " + layout.name()
                    + " another port");
        }
    }

    private void initialiseDataDir(long deadline) {
        try {
            if (Files.exists(layout.dataDir())) {
                log.warn("{}: removing {}, left by an initialisation that never finished", layout.name(), layout.dataDir());
                FileTrees.delete(layout.dataDir());
            }
            List<String> command = binary.initialiseCommand(layout);
            log.info("Initialising {} for {} with {}", layout.dataDir(), layout.name(), binary.describe());
            Process install = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(layout.installLog().toFile())
                    .redirectInput(DEV_NULL.toFile())
                    .start();
            if (!install.waitFor(remainingNanos(deadline), TimeUnit.NANOSECONDS)) {
                install.destroyForcibly();
                throw new IllegalStateException("Initialising the data directory of " + layout.name()
                        + " did not finish in time" + LogTail.of(layout.installLog(), layout.errorLog()));
            }
            if (install.exitValue() != 0) {
                throw new IllegalStateException("Initialising the data directory of " + layout.name() + " failed (exit "
                        + install.exitValue() + ": " + String.join(" ", command) + ")"
                        + LogTail.of(layout.installLog(), layout.errorLog()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot initialise the data directory of " + layout.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while initialising " + layout.name(), e);
        }
    }

    /**
     * Another process may have bound the port between the free-port check and this server's start (a
     * server of another test, say); the server then exits, but a connection made meanwhile reaches
     * the other process. Its data directory tells them apart.
     */
    private void requireThisServer(Connection connection, Process process) throws SQLException {
        String dataDir;
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT @@datadir")) {
            result.next();
            dataDir = result.getString(1);
        }
        if (!canonical(Path.of(dataDir)).equals(canonical(layout.dataDir()))) {
            process.destroyForcibly();
            throw new IllegalStateException("Port " + layout.port() + " on 127.0.0.1 was taken by another server"
                    + " (data in " + dataDir + ") while " + layout.name() + " was starting there"
                    + LogTail.of(layout.errorLog(), layout.consoleLog()));
        }
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private void writeInitFile() {
        try {
            writeOwnerOnly(layout.initFile(), Accounts.initFile(binary.kind(), credentials, reader, replication));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the accounts of " + layout.name() + " to " + layout.initFile(), e);
        }
    }

    private Process launch(List<String> extraOptions) {
        List<String> command = new ArrayList<>();
        // A session of its own, so a terminal's signals to the launching JVM do not reach the server.
        SETSID_LOCATIONS.stream().filter(Files::isExecutable).findFirst().ifPresent(setsid -> command.add(setsid.toString()));
        command.add(binary.executable().toString());
        command.add("--defaults-file=" + layout.configFile());
        command.add("--init-file=" + layout.initFile());
        command.addAll(extraOptions);
        try {
            File console = layout.consoleLog().toFile();
            return new ProcessBuilder(command)
                    .redirectInput(DEV_NULL.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(console))
                    .redirectError(ProcessBuilder.Redirect.appendTo(console))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + binary.executable() + " for " + layout.name() + ": "
                    + e.getMessage(), e);
        }
    }

    private Connection awaitConnection(Process process, long deadline) {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_MILLIS));
        SQLException lastFailure = null;
        while (true) {
            try {
                return DriverManager.getConnection(jdbcUrl(""), properties);
            } catch (SQLException e) {
                lastFailure = e;
                if (ACCESS_DENIED_STATE.equals(e.getSQLState())) {
                    throw new IllegalStateException(layout.name() + " on port " + layout.port() + " refused "
                            + credentials.user() + ": its data directory " + layout.dataDir()
                            + " was provisioned with other credentials (" + e.getMessage() + ")", e);
                }
            }
            if (!process.isAlive() && !isRunning()) {
                throw new IllegalStateException(layout.name() + " (" + binary.describe() + ") on port " + layout.port()
                        + " exited during start with code " + process.exitValue()
                        + LogTail.of(layout.errorLog(), layout.consoleLog()));
            }
            if (remainingNanos(deadline) <= 0) {
                process.destroyForcibly();
                throw new IllegalStateException(layout.name() + " on port " + layout.port() + " did not accept "
                        + credentials.user() + " in time (last error: " + lastFailure.getMessage() + ")"
                        + LogTail.of(layout.errorLog(), layout.consoleLog()), lastFailure);
            }
            sleep(POLL_INTERVAL);
        }
    }

    private void markProvisioned() {
        try {
            Files.writeString(layout.provisionedMarker(), binary.describe() + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record that " + layout.name() + " is provisioned", e);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot wait for pid " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for pid " + process.pid() + " to exit", e);
        }
    }

    /** The init file holds the application password, so no other local user may read it. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException nonPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a server", e);
        }
    }
}
