package dev.ddb.stress.bench;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.server.LocalServer;
import dev.ddb.mysql.server.ServerBinary;
import dev.ddb.mysql.server.ServerLayout;
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

    private final LocalServer server;
    private final TemporaryServers temporary;

    private StandaloneServer(LocalServer server, TemporaryServers temporary) {
        this.server = server;
        this.temporary = temporary;
    }

    /** Initialises and starts the server; on failure nothing is left running or on disk. */
    public static StandaloneServer provision(DbCredentials credentials, Duration startTimeout) {
        TemporaryServers temporary = new TemporaryServers("ddb-bench-");
        try {
            LocalServer server = temporary.add(new LocalServer(new ServerLayout(NAME, FreePorts.onLoopback(),
                    temporary.directoryOf(NAME)), ServerBinary.locate(), credentials));
            server.start(startTimeout);
            return new StandaloneServer(server, temporary);
        } catch (RuntimeException e) {
            temporary.close();
            throw e;
        }
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
        temporary.close();
    }
}
