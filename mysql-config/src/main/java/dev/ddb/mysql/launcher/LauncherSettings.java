package dev.ddb.mysql.launcher;

import java.nio.file.Path;
import java.util.Map;

import dev.ddb.auth.SuiteCredentials;
import dev.ddb.mysql.cluster.DbCredentials;

/**
 * Where the launcher finds the built jars and keeps its state, read from the environment that
 * {@code ./ddb} passes on: {@code DDB_HOME} (the checkout), {@code DDB_RUN_DIR} (default
 * {@code .ddb} in the checkout), {@code DDB_PORT_OFFSET} (added to every port, so a second suite
 * can run beside the first), {@code DDB_COORDINATORS} (how many coordinators, default 2), {@code DDB_JAVA_OPTS} (options for every service JVM) and
 * {@code DDB_LOG_MAX_FILE_SIZE} / {@code DDB_LOG_TOTAL_SIZE_CAP} (when a service's log rolls, and how
 * much its rolled logs may take).
 */
record LauncherSettings(Path home, Path runDir, int portOffset, int coordinators, String javaOptions, DbCredentials credentials,
        DbCredentials reader, String logMaxFileSize, String logTotalSizeCap) {

    static final String DEFAULT_JAVA_OPTIONS = "-XX:+UseSerialGC -Xss512k -Xms32m -Xmx256m";
    static final String DEFAULT_LOG_MAX_FILE_SIZE = "10MB";
    static final String DEFAULT_LOG_TOTAL_SIZE_CAP = "100MB";
    static final int DEFAULT_COORDINATORS = 2;
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
                env.getOrDefault("DDB_JAVA_OPTS", DEFAULT_JAVA_OPTIONS), DbCredentials.fromEnvironment(),
                DbCredentials.readerFromEnvironment(), env.getOrDefault("DDB_LOG_MAX_FILE_SIZE", DEFAULT_LOG_MAX_FILE_SIZE),
                env.getOrDefault("DDB_LOG_TOTAL_SIZE_CAP", DEFAULT_LOG_TOTAL_SIZE_CAP));
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

    Path logDir() {
        return runDir.resolve("logs");
    }

    Path credentialsFile() {
        return runDir.resolve(SuiteCredentials.FILE_NAME);
    }
}
