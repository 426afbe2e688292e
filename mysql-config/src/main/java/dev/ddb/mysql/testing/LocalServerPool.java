package dev.ddb.mysql.testing;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.ReplicationMode;
import dev.ddb.mysql.server.LocalServer;
import dev.ddb.mysql.server.ServerBinary;
import dev.ddb.mysql.server.ServerLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.ddb.mysql.server.FreePorts;

/**
 * The servers of one test JVM: started on first demand, grown when a later class asks for more,
 * destroyed when the JVM's tests are done (or, failing that, when the JVM exits).
 */
final class LocalServerPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalServerPool.class);
    /** Another process may take a free port between our probe and the server's bind. */
    private static final int START_ATTEMPTS = 3;

    private final Path root;
    private final ServerBinary binary;
    private final DbCredentials credentials;
    private final ReplicationMode mode;
    private final List<LocalServer> servers = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    LocalServerPool(ReplicationMode mode) {
        this.binary = ServerBinary.locate();
        this.credentials = DbCredentials.fromEnvironment();
        this.mode = mode;
        try {
            this.root = Files.createTempDirectory(mode == ReplicationMode.BINLOG ? "ddb-binlog-servers-" : "ddb-servers-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for test servers", e);
        }
        this.shutdownHook = new Thread(this::destroyAll, "ddb-test-servers-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        log.info("Test servers use {} with data under {}", binary.describe(), root);
    }

    /** The first {@code count} instances, reset to the empty schema. */
    synchronized LocalTestCluster resetCluster(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("@LocalServers(count = " + count + ") asks for no server");
        }
        if (closed) {
            throw new IllegalStateException("the test servers were already stopped");
        }
        while (servers.size() < count) {
            servers.add(startNew("instance-" + (servers.size() + 1)));
        }
        LocalTestCluster cluster = new LocalTestCluster(List.copyOf(servers.subList(0, count)), credentials, mode);
        cluster.reset();
        return cluster;
    }

    @Override
    public synchronized void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            log.debug("JVM is shutting down; the hook stops the servers");
        }
    }

    private LocalServer startNew(String name) {
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            LocalServer server = new LocalServer(new ServerLayout(name, FreePorts.onLoopback(), root.resolve(name)), binary,
                    credentials, DbCredentials.readerFromEnvironment(), DbCredentials.replicationFromEnvironment(), mode);
            try {
                server.start(LocalTestCluster.START_TIMEOUT);
                return server;
            } catch (IllegalStateException e) {
                lastFailure = e;
                log.warn("Starting {} on port {} failed (attempt {} of {}): {}", name, server.layout().port(), attempt,
                        START_ATTEMPTS, e.getMessage());
                server.destroy(LocalTestCluster.STOP_TIMEOUT);
            }
        }
        throw lastFailure;
    }

    private synchronized void destroyAll() {
        if (closed) {
            return;
        }
        closed = true;
        for (LocalServer server : servers) {
            try {
                server.destroy(LocalTestCluster.STOP_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("Cannot stop {} on port {} cleanly: {}", server.layout().name(), server.layout().port(), e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(root);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", root, e.getMessage());
        }
    }
}
