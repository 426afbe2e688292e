package dev.ddb.mysql.testing;

import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * One server of a {@link TestCluster}, with the failures a test inflicts on it. The address is read
 * on every call because a restarted container may come back on another port.
 */
public interface ClusterInstance {

    String id();

    String host();

    int port();

    default InstanceAddress address() {
        return new InstanceAddress(id(), host(), port());
    }

    default String jdbcUrl(String database) {
        return address().jdbcUrl(database);
    }

    /** Ends the server the way a crash does (SIGKILL): nothing is flushed, prepared XA stays prepared. */
    void kill();

    /** Shuts the server down cleanly. */
    void stop();

    /** Starts a stopped or killed server again on the same data; returns once it accepts the application user. */
    void start();

    default void restart() {
        stop();
        start();
    }

    boolean isRunning();
}
