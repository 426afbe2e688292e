package dev.ddb.coordinator.failover;

import dev.ddb.coordinator.binlog.Gtid;
import dev.ddb.coordinator.binlog.GtidPositions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.log.BatchXid;
import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.replication.ApplierState;
import dev.ddb.coordinator.replication.ApplierStatus;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.coordinator.replication.LiteralRendering;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.schema.Schema;

/**
 * Brings an instance the coordinator does not apply the log to (a returning old master) back as a replica. First its
 * prepared batches are resolved: committed when the master's log holds the batch's first entry (the cluster kept the
 * batch), rolled back otherwise. Then its log is compared with the master's from its end backwards: entries it has
 * that the master lacks (EVENTUAL writes never replicated) are divergent; they are recorded and stop the rejoin until
 * an operator chooses to discard them, which re-seeds the instance (its data and log emptied, the master's whole log
 * replayed by its applier) and hands the discarded entries back so they can be kept elsewhere. Without divergent
 * entries the instance takes the replica role in the current epoch and its applier catches it up.
 */
public final class Rejoin {

    private static final Logger log = LoggerFactory.getLogger(Rejoin.class);
    private static final int TAIL_CHUNK = 200;
    /** Above every port, so a re-seeded instance's temporary server id is no instance's (their ids are their ports). */
    private static final long RESEEDED_SERVER_ID_STEP = 100_000;

    /** One entry the instance holds and the master does not. */
    public record DivergentEntry(long ts, @JsonProperty("txn_id") String txnId, long epoch, List<String> tables,
            List<String> statements) {
    }

    /** Why an instance is kept out: its divergent entries, newest last. */
    public record Divergence(String instance, @JsonProperty("detected_at") Instant detectedAt, List<DivergentEntry> entries) {
    }

    /** What a rejoin did. */
    public record Result(String instance, @JsonProperty("committed_xids") List<String> committedXids,
            @JsonProperty("rolled_back_xids") List<String> rolledBackXids, List<DivergentEntry> discarded,
            @JsonProperty("applied_ts") long appliedTs) {
    }

    private final Topology topology;
    private final ReplicaSet replicas;
    private final InstanceConnector connector;
    private final InstantSource clock;
    private final Map<String, Divergence> divergences = new ConcurrentHashMap<>();

    /** The binlog mode: divergence is errant GTIDs in the binary log, and a re-seed replays the master's binary log. */
    private final boolean binlog;

    Rejoin(Topology topology, ReplicaSet replicas, InstanceConnector connector, InstantSource clock) {
        this(topology, replicas, connector, clock, false);
    }

    Rejoin(Topology topology, ReplicaSet replicas, InstanceConnector connector, InstantSource clock, boolean binlog) {
        this.binlog = binlog;
        this.topology = topology;
        this.replicas = replicas;
        this.connector = connector;
        this.clock = clock;
    }

    /** Instances kept out because of divergent entries, by id. */
    public List<Divergence> divergences() {
        List<Divergence> list = new ArrayList<>(divergences.values());
        list.sort((a, b) -> a.instance().compareTo(b.instance()));
        return list;
    }

    boolean blocked(String id) {
        return divergences.containsKey(id);
    }

    /**
     * @param discardDivergent re-seed the instance if it holds divergent entries, instead of refusing
     * @throws CoordinatorException 409 {@code DIVERGENT_ENTRIES} (recorded for {@code /status}), 409 when the instance is
     *     the master or a replica whose applier runs, 503 when it cannot be reached
     */
    public synchronized Result rejoin(String id, boolean discardDivergent) {
        InstanceAddress instance = requireDetached(id);
        InstanceAddress master = topology.master();
        long epoch = topology.epoch();
        try (Connection returning = connector.open(instance); Connection current = connector.open(master)) {
            List<String> committed = new ArrayList<>();
            List<String> rolledBack = new ArrayList<>();
            List<DivergentEntry> divergent;
            if (binlog) {
                divergent = errantTransactions(instance, returning, current);
            } else {
                resolvePrepared(instance, returning, current, committed, rolledBack);
                divergent = divergentEntries(returning, current);
            }
            if (!divergent.isEmpty()) {
                if (!discardDivergent) {
                    divergences.put(id, new Divergence(id, clock.instant(), divergent));
                    throw new CoordinatorException(409, "DIVERGENT_ENTRIES", id + " holds " + divergent.size()
                            + (binlog ? " range(s) of transactions" : " log entr" + (divergent.size() == 1 ? "y" : "ies"))
                            + " the master " + master.id() + " lacks (" + (binlog ? "GTIDs " + divergent.stream()
                                    .map(DivergentEntry::txnId).toList() : "timestamps " + divergent.stream()
                                    .map(DivergentEntry::ts).toList()) + "); it stays out "
                            + "of replication. Rejoin it with {\"discard_divergent\": true} to re-seed it from the master; "
                            + "the answer returns the discarded entries.");
                }
                reseed(instance, returning);
                if (binlog) {
                    forgetBinaryLog(returning);
                }
            }
            try (Statement statement = returning.createStatement()) {
                statement.execute("SET SESSION innodb_lock_wait_timeout = 1");
                InstanceState.assume(returning, InstanceRole.REPLICA, epoch);
            }
            long appliedTs = binlog ? GtidPositions.read(returning).highest() : InstanceState.read(returning).appliedTs();
            divergences.remove(id);
            replicas.add(instance);
            log.warn("{} rejoined as a replica of {} in epoch {} at applied_ts={} (prepared batches committed {}, rolled "
                    + "back {}{})", id, master.id(), epoch, appliedTs, committed, rolledBack,
                    divergent.isEmpty() ? "" : "; re-seeded, discarding " + divergent.size() + " divergent entries");
            return new Result(id, committed, rolledBack, divergent, appliedTs);
        } catch (SQLException e) {
            throw CoordinatorException.unavailable("REJOIN_FAILED", "Rejoining " + id + " failed: " + e.getMessage()
                    + "; it stays out of replication.", e);
        }
    }

    private InstanceAddress requireDetached(String id) {
        if (topology.instances().stream().noneMatch(i -> i.id().equals(id))) {
            throw new CoordinatorException(400, "UNKNOWN_INSTANCE", "There is no instance '" + id + "'; the instances are "
                    + topology.instances().stream().map(InstanceAddress::id).toList() + ".");
        }
        if (topology.master().id().equals(id)) {
            throw new CoordinatorException(409, "ALREADY_MASTER", id + " is the master; there is nothing to rejoin.");
        }
        if (replicas.replicaIds().contains(id)) {
            ApplierStatus status = replicas.states().get(id);
            if (status == null || status.state() != ApplierState.BROKEN) {
                throw new CoordinatorException(409, "ALREADY_REPLICA", id + " is a replica already; there is nothing to rejoin.");
            }
            // A replica whose applier stopped (its log diverged, or an entry failed) rejoins like a returning instance.
            replicas.remove(id);
            log.warn("{} leaves the replicas to rejoin: its applier stopped ({})", id, status.lastError());
        }
        return topology.require(id);
    }

    /** Commits the prepared batches whose first entry the master holds (xid {@code ddb-<epoch>-<first ts>}), rolls back the rest. */
    private static void resolvePrepared(InstanceAddress instance, Connection returning, Connection master,
            List<String> committed, List<String> rolledBack) throws SQLException {
        ReplicationLog masterLog = new ReplicationLog();
        try (Statement statement = returning.createStatement()) {
            for (String xid : InstanceProbe.preparedXids(statement)) {
                Optional<Long> firstTs = firstTs(xid);
                boolean kept = firstTs.isPresent() && masterLog.read(master, firstTs.get()).isPresent();
                statement.execute((kept ? "XA COMMIT '" : "XA ROLLBACK '") + xid + "'");
                (kept ? committed : rolledBack).add(xid);
                log.info("{}: prepared batch {} {}", instance.id(), xid, kept ? "committed (the cluster has it)"
                        : "rolled back (the cluster does not have it)");
            }
        }
    }

    private static Optional<Long> firstTs(String xid) {
        return BatchXid.parse(xid).map(BatchXid::firstTs);
    }

    /** The returning instance's newest entries down to the first one the master holds identically, oldest first. */
    private static List<DivergentEntry> divergentEntries(Connection returning, Connection master) throws SQLException {
        ReplicationLog replicationLog = new ReplicationLog();
        List<DivergentEntry> divergent = new ArrayList<>();
        long below = Long.MAX_VALUE;
        while (true) {
            List<long[]> tail = tail(returning, below);
            if (tail.isEmpty()) {
                break;
            }
            for (long[] entry : tail) {
                long ts = entry[0];
                if (checksumOnMaster(master, ts).filter(c -> c == entry[1]).isPresent()) {
                    Collections.reverse(divergent);
                    return divergent;
                }
                LogEntry full = replicationLog.read(returning, ts).orElseThrow();
                divergent.add(new DivergentEntry(ts, full.txnId(), full.epoch(), List.copyOf(full.tables()),
                        full.statements().stream().map(LiteralRendering::readable).toList()));
                below = ts;
            }
        }
        Collections.reverse(divergent);
        return divergent;
    }

    /** {@code [ts, checksum]} of the newest entries below {@code below}, newest first. */
    private static List<long[]> tail(Connection connection, long below) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT ts, checksum FROM ddb_meta.log WHERE ts < ? ORDER BY ts DESC LIMIT " + TAIL_CHUNK)) {
            select.setLong(1, below);
            try (ResultSet rows = select.executeQuery()) {
                List<long[]> tail = new ArrayList<>();
                while (rows.next()) {
                    tail.add(new long[] {rows.getLong(1), rows.getLong(2)});
                }
                return tail;
            }
        }
    }

    private static Optional<Long> checksumOnMaster(Connection master, long ts) throws SQLException {
        try (PreparedStatement select = master.prepareStatement("SELECT checksum FROM ddb_meta.log WHERE ts = ?")) {
            select.setLong(1, ts);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * Empties the instance down to its provisioned schema; the master's log, replayed from the start by the applier,
     * then rebuilds everything the suite wrote since.
     */
    private static void reseed(InstanceAddress instance, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION foreign_key_checks = 0");
            List<String> databases = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SHOW DATABASES")) {
                while (rows.next()) {
                    databases.add(rows.getString(1));
                }
            }
            for (String database : databases) {
                if (Schema.SYSTEM_DATABASES.contains(database.toLowerCase(Locale.ROOT)) || database.equals("ddb_meta")) {
                    continue;
                }
                if (database.equals(Schema.DATABASE)) {
                    for (String[] table : tables(statement, database)) {
                        statement.execute("DROP " + (table[1].equals("VIEW") ? "VIEW" : "TABLE") + " `" + database + "`.`"
                                + table[0].replace("`", "``") + "`");
                    }
                } else {
                    statement.execute("DROP DATABASE `" + database.replace("`", "``") + "`");
                }
            }
            statement.execute("DELETE FROM ddb_meta.log");
            statement.execute("DELETE FROM ddb_meta.pending_ddl");
            statement.execute("UPDATE ddb_meta.state SET applied_ts = 0 WHERE id = 1");
            statement.execute("SET SESSION foreign_key_checks = 1");
        }
        // The provisioned tables were never logged; the log replays on top of them as it did the first time.
        Schema.apply(connection, instance.id());
        log.warn("{} was emptied to be re-seeded from the master's log", instance.id());
    }

    /**
     * The binlog mode's divergent entries: the transactions in the returning instance's binary log that the master's
     * lacks (errant GTIDs), one entry per server id that wrote them, named by their GTID range.
     */
    private static List<DivergentEntry> errantTransactions(InstanceAddress instance, Connection returning, Connection master)
            throws SQLException {
        try (Statement statement = returning.createStatement()) {
            // Its replication threads stop first: they would otherwise go on following whoever they followed.
            statement.execute("STOP SLAVE");
        }
        GtidPositions own = GtidPositions.read(returning);
        GtidPositions masters = GtidPositions.read(master);
        List<DivergentEntry> divergent = new ArrayList<>();
        for (long[] range : own.beyond(masters)) {
            String first = Gtid.DOMAIN + "-" + range[0] + "-" + range[1];
            String last = Gtid.DOMAIN + "-" + range[0] + "-" + range[2];
            divergent.add(new DivergentEntry(range[2], first.equals(last) ? first : first + ".." + last, 0, List.of(),
                    List.of((range[2] - range[1] + 1) + " transaction(s) from " + first + " to " + last + " in the binary"
                            + " log of " + instance.id() + " only (SHOW BINLOG EVENTS there shows their rows)")));
        }
        return divergent;
    }

    /**
     * After a binlog-mode re-seed: the instance's binary log and GTID positions are emptied, so it replays the
     * master's binary log from its start (every instance's holds the suite's history since provisioning). That history
     * holds the instance's own writes from when it was master, which a server skips as its own (same server id) when
     * they come back: until its next restart (my.cnf's server id), it runs under an id no instance has.
     */
    private static void forgetBinaryLog(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("STOP SLAVE");
            statement.execute("RESET SLAVE ALL");
            statement.execute("RESET MASTER");
            statement.execute("SET GLOBAL gtid_slave_pos = ''");
            statement.execute("SET GLOBAL server_id = @@GLOBAL.server_id + " + RESEEDED_SERVER_ID_STEP);
        }
    }

    /** {@code [name, type]} of every table and view in the database. */
    private static List<String[]> tables(Statement statement, String database) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT table_name, table_type FROM information_schema.tables "
                + "WHERE table_schema = '" + database + "'")) {
            while (rows.next()) {
                tables.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        return tables;
    }
}
