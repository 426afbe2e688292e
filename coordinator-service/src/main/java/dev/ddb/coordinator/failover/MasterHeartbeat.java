package dev.ddb.coordinator.failover;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Failure detection: pings the master on a connection of its own every interval; after the configured number of
 * consecutive missed pings, or when a write lost its master connection, the master is suspect, and only if a second
 * path, a brand-new connection, fails too is it declared dead and a failover started. An SQL error never gets here:
 * the sequencer reports only connection-level failures.
 */
final class MasterHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MasterHeartbeat.class);

    private final Topology topology;
    private final InstanceConnector probeConnector;
    private final Failover failover;
    private final FailoverProperties properties;
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("ddb-master-heartbeat");
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private Connection connection;
    private String connectedTo;
    private int missed;

    MasterHeartbeat(Topology topology, InstanceConnector probeConnector, Failover failover, FailoverProperties properties) {
        this.topology = topology;
        this.probeConnector = probeConnector;
        this.failover = failover;
        this.properties = properties;
    }

    void start() {
        long interval = properties.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** A write lost its master connection: check the master now, on the heartbeat's thread. */
    void suspect(String reason) {
        if (properties.enabled() && checkQueued.compareAndSet(false, true)) {
            String master = topology.master().id();
            scheduler.execute(() -> {
                checkQueued.set(false);
                confirmAndFailOver(master, "a write lost its connection to the master (" + reason + ")");
            });
        }
    }

    private void beat() {
        if (!properties.enabled() || failover.inProgress()) {
            return;
        }
        InstanceAddress master = topology.master();
        try {
            if (connection == null || !master.id().equals(connectedTo)) {
                disconnect();
                connection = probeConnector.open(master);
                connectedTo = master.id();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            missed = 0;
        } catch (SQLException | RuntimeException e) {
            disconnect();
            missed++;
            log.debug("heartbeat {} to {} missed: {}", missed, master.id(), e.getMessage());
            if (missed >= properties.missedHeartbeats()) {
                missed = 0;
                confirmAndFailOver(master.id(), properties.missedHeartbeats() + " heartbeats to the master missed ("
                        + e.getMessage() + ")");
            }
        }
    }

    private void confirmAndFailOver(String suspected, String reason) {
        if (!topology.master().id().equals(suspected)) {
            return;
        }
        String secondPath;
        try (Connection fresh = probeConnector.open(topology.master()); Statement statement = fresh.createStatement()) {
            statement.execute("SELECT 1");
            log.info("the master {} is suspect ({}) but a fresh connection reaches it; no failover", suspected, reason);
            return;
        } catch (SQLException e) {
            secondPath = e.getMessage();
        }
        try {
            failover.automatic(reason + "; a fresh connection failed too (" + secondPath + ")", suspected);
        } catch (CoordinatorException e) {
            log.error("automatic failover from {} did not complete: {}", suspected, e.getMessage());
        } catch (RuntimeException e) {
            log.error("automatic failover from {} did not complete", suspected, e);
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                log.debug("closing the heartbeat connection: {}", ignored.getMessage());
            }
            connection = null;
            connectedTo = null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnect();
    }
}
