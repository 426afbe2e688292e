package dev.ddb.stress.bench;

import dev.ddb.mysql.server.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Servers started for one run, in a temporary directory of their own: stopped and deleted on {@link #close}, or when
 * the JVM exits first (interrupted with Ctrl-C), because a started server outlives the JVM that started it.
 */
final class TemporaryServers implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final List<LocalServer> servers = new CopyOnWriteArrayList<>();
    private final Thread cleanupOnExit;

    /** @param prefix names the directory and the cleanup thread, e.g. {@code ddb-semisync-} */
    TemporaryServers(String prefix) {
        try {
            this.directory = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the " + prefix + " servers", e);
        }
        this.cleanupOnExit = new Thread(this::destroy, prefix + "cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** Where a server named {@code name} keeps its data. */
    Path directoryOf(String name) {
        return directory.resolve(name);
    }

    /** Takes {@code server} into the group, to be destroyed with it; returns it. */
    LocalServer add(LocalServer server) {
        servers.add(server);
        return server;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running and does the same.
            return;
        }
        destroy();
    }

    private void destroy() {
        for (LocalServer server : servers) {
            server.destroy(STOP_TIMEOUT);
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }
}
