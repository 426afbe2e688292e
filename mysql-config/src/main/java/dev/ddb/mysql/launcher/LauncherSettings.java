package dev.ddb.mysql.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ddb.auth.SuiteCredentials;
import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.ReplicationMode;

/**
 * Where the launcher finds the built jars and keeps its state, read from the environment that {@code ./ddb} passes on:
 * {@code DDB_HOME} (the checkout), {@code DDB_RUN_DIR} (default {@code .ddb} in the checkout), {@code DDB_PORT_OFFSET}
 * (added to every port, so a second suite can run beside the first), {@code DDB_COORDINATORS} (how many coordinators,
 * default 2), {@code DDB_JAVA_OPTS} (options for every service JVM), {@code DDB_HELPER_JAVA_OPTS} (added for every
 * service but the coordinators), {@code DDB_JAVA_HOME} (the services' JDK, otherwise the newest found: {@link
 * JavaChoice}), {@code DDB_AOT} ({@code off}: no AOT caches), {@code DDB_AOT_TRAINING_SECONDS} (how long the load of
 * the run that records them lasts), {@code DDB_WARMUP_SECONDS} (how long {@code up} warms the services before it
 * returns), {@code DDB_REPLICATION_MODE} ({@code timestamp-log} or {@code binlog}, for the instances' configuration and
 * every coordinator) and {@code DDB_LOG_MAX_FILE_SIZE} / {@code DDB_LOG_TOTAL_SIZE_CAP} (when a service's log rolls, and how much
 * its rolled logs may take).
 */
record LauncherSettings(Path home, Path runDir, int portOffset, int coordinators, String javaOptions,
        String helperJavaOptions, JavaChoice java,
        boolean aotCaches, Duration aotTraining, Duration warmup, DbCredentials credentials, DbCredentials reader,
        DbCredentials replication, ReplicationMode mode, String logMaxFileSize, String logTotalSizeCap) {

    /**
     * C1 and C2, as the JVM chooses. C1 alone ({@code -XX:TieredStopAtLevel=1}) made the first 15 s after a start
     * closer to the rate a minute later on a machine busy with other suites, but on a quieter one its steady rate was
     * about two thirds of C2's (README, "Right after ./ddb up"), and steady throughput is what a suite runs at.
     */
    static final String DEFAULT_JAVA_OPTIONS = "-XX:+UseSerialGC -Xss512k -Xms32m -Xmx256m";
    /** Added for the services but the coordinators (timestamps, metrics, Cabinet, SEER). */
    static final String DEFAULT_HELPER_JAVA_OPTIONS = "";
    static final String DEFAULT_LOG_MAX_FILE_SIZE = "10MB";
    static final String DEFAULT_LOG_TOTAL_SIZE_CAP = "100MB";
    static final int DEFAULT_COORDINATORS = 2;
    static final Duration DEFAULT_AOT_TRAINING = Duration.ofSeconds(15);
    /** Enough writes for the JIT to compile the write path (README, "Right after ./ddb up"). */
    static final Duration DEFAULT_WARMUP = Duration.ofSeconds(15);
    /** One digit in their names, and their ports (9000 to 9080) stay inside the block of 100 a DDB_PORT_OFFSET of 100 leaves. */
    static final int MOST_COORDINATORS = 9;

    static LauncherSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("DDB_HOME", ".")).toAbsolutePath().normalize();
        Path runDir = env.containsKey("DDB_RUN_DIR") ? Path.of(env.get("DDB_RUN_DIR")) : home.resolve(".ddb");
        int offset;
        try {
            offset = Integer.parseInt(env.getOrDefault("DDB_PORT_OFFSET", "0").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DDB_PORT_OFFSET must be a whole number, got '" + env.get("DDB_PORT_OFFSET") + "'");
        }
        if (offset < 0 || offset > 50_000) {
            throw new IllegalArgumentException("DDB_PORT_OFFSET must be between 0 and 50000, got " + offset);
        }
        return new LauncherSettings(home, runDir.toAbsolutePath().normalize(), offset, coordinators(env),
                env.getOrDefault("DDB_JAVA_OPTS", DEFAULT_JAVA_OPTIONS),
                env.getOrDefault("DDB_HELPER_JAVA_OPTS", DEFAULT_HELPER_JAVA_OPTIONS), JavaChoice.of(env), aotCaches(env),
                seconds(env, "DDB_AOT_TRAINING_SECONDS", DEFAULT_AOT_TRAINING), seconds(env, "DDB_WARMUP_SECONDS", DEFAULT_WARMUP),
                DbCredentials.fromEnvironment(),
                DbCredentials.readerFromEnvironment(), DbCredentials.replicationFromEnvironment(),
                ReplicationMode.parse(env.get(ReplicationMode.VARIABLE)),
                env.getOrDefault("DDB_LOG_MAX_FILE_SIZE", DEFAULT_LOG_MAX_FILE_SIZE),
                env.getOrDefault("DDB_LOG_TOTAL_SIZE_CAP", DEFAULT_LOG_TOTAL_SIZE_CAP));
    }

    private static boolean aotCaches(Map<String, String> env) {
        String value = env.getOrDefault("DDB_AOT", "on").trim().toLowerCase(Locale.ROOT);
        if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException("DDB_AOT must be on or off, got '" + env.get("DDB_AOT") + "'");
        }
        return value.equals("on");
    }

    private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
        String text = env.getOrDefault(name, Long.toString(fallback.toSeconds())).trim();
        try {
            long seconds = Long.parseLong(text);
            if (seconds >= 0 && seconds <= 600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // Reported below, with the range.
        }
        throw new IllegalArgumentException(name + " must be a whole number of seconds from 0 to 600, got '" + text + "'");
    }

    private static int coordinators(Map<String, String> env) {
        String text = env.getOrDefault("DDB_COORDINATORS", Integer.toString(DEFAULT_COORDINATORS)).trim();
        int count;
        try {
            count = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DDB_COORDINATORS must be a whole number of coordinators from 1 to "
                    + MOST_COORDINATORS + ", got '" + text + "'");
        }
        if (count < 1 || count > MOST_COORDINATORS) {
            throw new IllegalArgumentException("DDB_COORDINATORS must be from 1 to " + MOST_COORDINATORS + ", got " + count);
        }
        return count;
    }

    /** The JVM options of a coordinator, or of another service. */
    List<String> javaOptions(boolean coordinator) {
        String options = coordinator ? javaOptions : javaOptions + " " + helperJavaOptions;
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    Path logDir() {
        return runDir.resolve("logs");
    }

    Path credentialsFile() {
        return runDir.resolve(SuiteCredentials.FILE_NAME);
    }
}
