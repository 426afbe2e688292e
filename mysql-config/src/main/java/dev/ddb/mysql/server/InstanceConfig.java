package dev.ddb.mysql.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.ddb.mysql.cluster.ReplicationMode;

/**
 * The my.cnf of one local instance: what only this instance has (port, paths, server id), followed
 * by the tuning every instance shares, which is the same file the Docker containers mount.
 */
public final class InstanceConfig {

    /** Classpath location of the shared tuning; in the source tree src/main/resources/ddb/server.cnf. */
    public static final String SHARED_RESOURCE = "ddb/server.cnf";

    private InstanceConfig() {
    }

    /** The contents of {@value #SHARED_RESOURCE}. */
    public static String sharedTuning() {
        try (InputStream in = InstanceConfig.class.getClassLoader().getResourceAsStream(SHARED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SHARED_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SHARED_RESOURCE, e);
        }
    }

    static String render(ServerLayout layout, ServerBinary binary, boolean runningAsRoot) {
        return render(layout, binary, runningAsRoot, ReplicationMode.TIMESTAMP_LOG);
    }

    static String render(ServerLayout layout, ServerBinary binary, boolean runningAsRoot, ReplicationMode mode) {
        StringBuilder cnf = new StringBuilder();
        cnf.append("# ").append(layout.name()).append(": written by ddb at every start from its layout and ")
                .append(SHARED_RESOURCE).append("; edits here are lost.\n");
        cnf.append("[client]\n");
        line(cnf, "port", layout.port());
        line(cnf, "socket", layout.socket());
        cnf.append("\n[mysqld]\n");
        line(cnf, "port", layout.port());
        // Reachable from this machine only: the instances have no TLS and no firewall of their own.
        line(cnf, "bind-address", "127.0.0.1");
        line(cnf, "datadir", layout.dataDir());
        line(cnf, "socket", layout.socket());
        line(cnf, "pid-file", layout.pidFile());
        line(cnf, "log-error", layout.errorLog());
        line(cnf, "tmpdir", layout.tmpDir());
        line(cnf, "server-id", layout.port());
        line(cnf, "secure-file-priv", layout.noFilesDir());
        if (runningAsRoot) {
            // Both servers refuse to run as root unless told so explicitly.
            line(cnf, "user", "root");
        }
        binary.baseDir().ifPresent(baseDir -> line(cnf, "basedir", baseDir));
        if (binary.kind() == ServerBinary.Kind.MYSQL) {
            // The X protocol listens on 33060 for every instance; the suite does not use it.
            line(cnf, "mysqlx", "OFF");
        }
        cnf.append('\n').append(sharedTuning());
        if (mode == ReplicationMode.BINLOG) {
            binaryLog(cnf, layout, binary);
        }
        return cnf.toString();
    }

    /**
     * The binlog mode's options, after the shared tuning so that {@code log-bin} overrides its {@code skip-log-bin}:
     * a row-based, fsync'd binary log with GTIDs that every instance keeps (a replica logs what it applies, so it can
     * become the master), and relay logs rebuilt from the master after a crash rather than trusted.
     */
    private static void binaryLog(StringBuilder cnf, ServerLayout layout, ServerBinary binary) {
        if (binary.kind() != ServerBinary.Kind.MARIADB) {
            throw new IllegalStateException(ReplicationMode.VARIABLE + "=binlog uses MariaDB's GTIDs (gtid_slave_pos,"
                    + " MASTER_GTID_WAIT); the server found is " + binary.describe());
        }
        cnf.append("\n# ").append(ReplicationMode.VARIABLE).append("=binlog: MariaDB's own replication carries the writes.\n");
        line(cnf, "log-bin", layout.name() + "-bin");
        line(cnf, "relay-log", layout.name() + "-relay");
        line(cnf, "binlog_format", "ROW");
        line(cnf, "log_slave_updates", "ON");
        line(cnf, "sync_binlog", 1);
        line(cnf, "gtid_strict_mode", "ON");
        line(cnf, "relay_log_recovery", "ON");
        // Applied one at a time, each replica commit waits for its own two fsyncs (binary log, redo log) and a STRONG
        // write waits for the replicas' applies: transactions applied side by side commit in order in shared groups.
        line(cnf, "slave_parallel_threads", 4);
        line(cnf, "slave_parallel_mode", "optimistic");
        // A replica starts its threads only when the coordinator has pointed it at the current master.
        line(cnf, "skip-slave-start", "ON");
    }

    private static void line(StringBuilder cnf, String option, Object value) {
        cnf.append(option).append(" = ").append(value).append('\n');
    }
}
