package dev.ddb.stress.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./ddb kill|start <name>}, the launcher a user would use, to crash and restart one process, and
 * {@code ./ddb down|up} to restart the whole suite.
 */
public final class SuiteLauncher {

    private final Path script;
    private final Map<String, String> environment;

    /** @param environment added to this process's environment, e.g. DDB_RUN_DIR and DDB_PORT_OFFSET of a second suite */
    public SuiteLauncher(Path script, Map<String, String> environment) {
        this.script = script;
        this.environment = Map.copyOf(environment);
    }

    /** $DDB_HOME/ddb (set by the ddb script itself), else ./ddb in the working directory. */
    public static Path defaultScript() {
        String home = System.getenv("DDB_HOME");
        return home == null || home.isBlank() ? Path.of("ddb").toAbsolutePath() : Path.of(home, "ddb");
    }

    void kill(String name) throws IOException, InterruptedException {
        run("kill", name);
    }

    void start(String name) throws IOException, InterruptedException {
        run("start", name);
    }

    /** Starts every process that is not running; the first start with new jars records AOT caches, some minutes on a busy machine. */
    public void up() throws IOException, InterruptedException {
        run("up");
    }

    public void down() throws IOException, InterruptedException {
        run("down");
    }

    private void run(String... arguments) throws IOException, InterruptedException {
        String command = String.join(" ", arguments);
        Path output = Files.createTempFile("ddb-stress-launcher-", ".out");
        try {
            List<String> line = new ArrayList<>(List.of(script.toString()));
            line.addAll(List.of(arguments));
            ProcessBuilder builder = new ProcessBuilder(line)
                    .directory(script.toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(script + " " + command + " did not finish within 15 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IOException(script + " " + command + " exited with " + process.exitValue()
                        + ": " + Files.readString(output, StandardCharsets.UTF_8).strip());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
