package dev.ddb.stress.bench;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.server.LocalServer;
import dev.ddb.mysql.server.ServerBinary;
import dev.ddb.mysql.server.ServerLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.ddb.mysql.server.FreePorts;

/**
 * A server of the baseline's own, started with the suite's server.cnf in a temporary directory on a free port, so
 * direct inserts measure the same durable configuration without writing around the suite's replication log.
 * Closing it stops the server and deletes its directory; so does the JVM's shutdown when the run is interrupted,
 * because a started server outlives the JVM that started it.
 */
public final class StandaloneServer implements AutoCloseable {

    private static final String NAME = "bench-direct";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final LocalServer server;
    private final Path directory;
    private final Thread cleanupOnExit;

    private StandaloneServer(LocalServer server, Path directory) {
        this.server = server;
        this.directory = directory;
        this.cleanupOnExit = new Thread(this::destroy, NAME + "-cleanup");
    }

    /** Initialises and starts the server; on failure nothing is left running or on disk. */
    public static StandaloneServer provision(DbCredentials credentials, Duration startTimeout) {
        Path directory;
        try {
            directory = Files.createTempDirectory("ddb-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the standalone server", e);
        }
        LocalServer server = new LocalServer(new ServerLayout(NAME, FreePorts.onLoopback(), directory.resolve(NAME)),
                ServerBinary.locate(), credentials);
        StandaloneServer standalone = new StandaloneServer(server, directory);
        Runtime.getRuntime().addShutdownHook(standalone.cleanupOnExit);
        try {
            server.start(startTimeout);
        } catch (RuntimeException e) {
            standalone.close();
            throw e;
        }
        return standalone;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(Schema.DATABASE);
    }

    public int port() {
        return server.layout().port();
    }

    /** e.g. "MariaDB 10.11.13 (/usr/sbin/mariadbd) on port 41234, started for this run". */
    public String describe() {
        return server.binary().describe() + " on port " + port() + ", started for this run";
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
        server.destroy(STOP_TIMEOUT);
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory, e);
        }
    }
}
