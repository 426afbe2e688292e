package dev.ddb.timestamp;

import dev.ddb.auth.testing.TestCallers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The service in a JVM of its own, so a test can SIGKILL it the way a crash would. */
public final class TimestampServerProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private final Process process;
    private final Path log;
    private final int port;

    private TimestampServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the service on a free port, knowing the test admin, and returns once it accepts requests. */
    public static TimestampServerProcess start(Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), TimestampApplication.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", "0");
        String users = TestCallers.USERS_PROPERTY;
        builder.environment().put("DDB_USERS", users.substring(users.indexOf('=') + 1));
        builder.environment().putAll(environment);
        Process process = builder.start();
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            Matcher started = STARTED.matcher(Files.readString(log));
            if (started.find()) {
                return new TimestampServerProcess(process, log, Integer.parseInt(started.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue()
                        + " before it started:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the service did not start within " + START_LIMIT + ":\n" + Files.readString(log));
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no flush, exactly what a crash leaves behind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
