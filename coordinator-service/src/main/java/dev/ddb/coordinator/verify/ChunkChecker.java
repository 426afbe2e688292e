package dev.ddb.coordinator.verify;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.ddb.coordinator.api.TransactionIds;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.MetaTables;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.sequencer.WriteOutcome;
import dev.ddb.coordinator.sequencer.WriteRequest;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.cluster.Privileges;

/**
 * Checks chunks the pt-table-checksum way, through the log: a chunk's checksum is an entry the sequencer orders
 * among the writes, so the master and every replica compute it over the same rows, at the same point of the
 * sequence, with no write paused. Each instance keeps its own result in {@code ddb_meta.checksums} under the
 * entry's txn id; this reads them back and compares each with the master's.
 */
public final class ChunkChecker {

    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration LONGEST_POLL = Duration.ofMillis(200);

    private final WritePath sequencer;
    private final Topology topology;
    private final Function<String, DataSource> pools;
    private final Supplier<Set<String>> connectedReplicas;
    private final LongSupplier schemaVersion;
    private final Duration patience;
    /** Shapes and the table list as read at one schema version: reading information_schema costs the master milliseconds. */
    private final Map<String, Optional<TableShape>> shapes = new ConcurrentHashMap<>();
    private volatile List<String> tables;
    private volatile long cachedVersion = -1;

    /**
     * @param connectedReplicas the replicas whose appliers are connected now: only those are waited for, the others
     *     are read once and otherwise reported unavailable at once
     * @param schemaVersion moves whenever the master's schema may have changed (a schema change, a new master), so
     *     that shapes read before are read again
     * @param patience how long an instance may take to apply a checksum entry before it counts as unavailable for
     *     that chunk; also how long the master's outcome may take
     */
    public ChunkChecker(WritePath sequencer, Topology topology, Function<String, DataSource> pools,
            Supplier<Set<String>> connectedReplicas, LongSupplier schemaVersion, Duration patience) {
        this.sequencer = sequencer;
        this.topology = topology;
        this.pools = pools;
        this.connectedReplicas = connectedReplicas;
        this.schemaVersion = schemaVersion;
        this.patience = patience;
    }

    /** The shape of {@code database.table} on the master, or empty if it is not a base table there. */
    public Optional<TableShape> shape(String database, String table) {
        forgetIfSchemaMoved();
        Optional<TableShape> known = shapes.get(database + "." + table);
        if (known != null) {
            return known;
        }
        Optional<TableShape> read = onMaster(connection -> Optional.ofNullable(TableShape.read(connection, database, table)));
        shapes.put(database + "." + table, read);
        return read;
    }

    /** Every base table of every user database on the master, as {@code database.table}, in order. */
    public List<String> userTables() {
        forgetIfSchemaMoved();
        List<String> known = tables;
        if (known == null) {
            known = onMaster(VerifiedTables::all);
            tables = known;
        }
        return known;
    }

    private void forgetIfSchemaMoved() {
        long version = schemaVersion.getAsLong();
        if (version != cachedVersion) {
            shapes.clear();
            tables = null;
            cachedVersion = version;
        }
    }

    /** The chunks of a table as the master's keys cut it now, in key order; one chunk if the table is not chunked. */
    public List<KeyRange> chunks(TableShape shape, int rowsPerChunk) {
        if (!shape.chunked()) {
            return List.of(KeyRange.ALL);
        }
        List<KeyRange> chunks = new ArrayList<>();
        Object lo = null;
        do {
            Object hi = nextBound(shape, lo, rowsPerChunk).orElse(null);
            chunks.add(new KeyRange(lo, hi));
            lo = hi;
        } while (lo != null);
        return chunks;
    }

    /** The first key of the chunk after the one that starts at {@code lo}, or empty if that chunk is the last. */
    public Optional<Object> nextBound(TableShape shape, Object lo, int rowsPerChunk) {
        return onMaster(connection -> {
            try (PreparedStatement select = connection.prepareStatement(ChunkStatements.boundary(shape, lo))) {
                List<Object> params = ChunkStatements.boundaryParams(lo, rowsPerChunk);
                for (int i = 0; i < params.size(); i++) {
                    select.setObject(i + 1, params.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(keyValue(shape, rows)) : Optional.empty();
                }
            }
        });
    }

    /** Queues the chunk's checksum entry; the answer comes once the master has committed it. */
    public Pending submit(TableShape shape, KeyRange range) {
        String txnId = TransactionIds.next();
        LoggedStatement checksum = ChunkStatements.checksum(txnId, shape, range);
        CompletableFuture<WriteOutcome> outcome = sequencer.submit(new WriteRequest(txnId, List.of(checksum),
                Set.of(MetaTables.CHECKSUMS), Consistency.EVENTUAL, false, Privileges.SUITE));
        return new Pending(txnId, shape, range, outcome);
    }

    /** A checksum entry on its way: {@link #compare} waits for it on every instance. */
    public record Pending(String txnId, TableShape shape, KeyRange range, CompletableFuture<WriteOutcome> outcome) {
    }

    /** Submits and compares one chunk. */
    public ChunkResult check(TableShape shape, KeyRange range) {
        return compare(submit(shape, range));
    }

    /**
     * Waits for the entry on the master, then reads every instance's result as it applies the entry, compares it
     * with the master's, and deletes the results it read.
     */
    public ChunkResult compare(Pending pending) {
        WriteOutcome outcome = await(pending.outcome());
        String master = outcome.executedOn();
        long deadline = System.nanoTime() + patience.toNanos();
        Set<String> connected = connectedReplicas.get();
        Map<String, long[]> results = new LinkedHashMap<>();
        List<String> unavailable = new ArrayList<>();
        for (InstanceAddress instance : topology.instances()) {
            boolean expected = instance.id().equals(master) || connected.contains(instance.id());
            Optional<long[]> result = awaitResult(instance.id(), pending.txnId(), expected ? deadline : System.nanoTime());
            if (result.isPresent()) {
                results.put(instance.id(), result.get());
            } else if (instance.id().equals(master)) {
                throw CoordinatorException.unavailable("MASTER_UNAVAILABLE", "The master " + master + " committed the"
                        + " checksum of " + pending.shape().name() + " but its result could not be read back.", null);
            } else {
                unavailable.add(instance.id());
            }
        }
        long[] reference = results.get(master);
        List<Mismatch> mismatches = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        results.forEach((id, result) -> {
            if (id.equals(master)) {
                return;
            }
            compared.add(id);
            if (result[0] != reference[0] || result[1] != reference[1]) {
                mismatches.add(new Mismatch(id, pending.range().loText(), pending.range().hiText(), reference[0],
                        result[0], pending.range()));
            }
        });
        results.keySet().forEach(id -> forget(id, pending.txnId()));
        return new ChunkResult(pending.shape().name(), pending.range(), reference[0], mismatches, compared, unavailable);
    }

    /** Row count and checksum of the chunk on one instance, polled until it applied the entry or the deadline. */
    private Optional<long[]> awaitResult(String instanceId, String txnId, long deadline) {
        Duration pause = FIRST_POLL;
        while (true) {
            try (Connection connection = pools.apply(instanceId).getConnection();
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT row_count, checksum FROM " + MetaTables.CHECKSUMS + " WHERE txn_id = ?")) {
                select.setString(1, txnId);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return Optional.of(new long[] {rows.getLong(1), rows.getLong(2)});
                    }
                }
            } catch (SQLException unreachable) {
                // Down or restarting: it counts as unavailable unless it answers before the deadline.
            }
            if (System.nanoTime() + pause.toNanos() > deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }

    /** The result rows are each instance's own bookkeeping, outside the log: read once, they go. */
    private void forget(String instanceId, String txnId) {
        try (Connection connection = pools.apply(instanceId).getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM " + MetaTables.CHECKSUMS + " WHERE txn_id = ?")) {
            delete.setString(1, txnId);
            delete.executeUpdate();
        } catch (SQLException e) {
            // Left for the periodic purge of old results.
        }
    }

    /** Deletes results older than {@code age} on every reachable instance: those of entries applied after their check gave up. */
    public void purgeOlderThan(Duration age) {
        for (InstanceAddress instance : topology.instances()) {
            try (Connection connection = pools.apply(instance.id()).getConnection();
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM " + MetaTables.CHECKSUMS
                         + " WHERE computed_at < NOW(6) - INTERVAL ? SECOND")) {
                delete.setLong(1, Math.max(1, age.toSeconds()));
                delete.executeUpdate();
            } catch (SQLException e) {
                // Unreachable now; the next purge tries again.
            }
        }
    }

    WriteOutcome await(CompletableFuture<WriteOutcome> outcome) {
        try {
            return outcome.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CoordinatorException coordinatorException) {
                throw coordinatorException;
            }
            throw new IllegalStateException("the entry failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw CoordinatorException.unavailable("WRITE_TIMEOUT", "The entry had no outcome within "
                    + patience.toMillis() + " ms.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CoordinatorException.unavailable("INTERRUPTED", "The coordinator was interrupted while verifying.", e);
        }
    }

    static Object keyValue(TableShape shape, ResultSet rows) throws SQLException {
        if (shape.chunkKey().numeric()) {
            BigDecimal value = rows.getBigDecimal(1);
            return value.scale() <= 0 && value.toBigInteger().bitLength() < Long.SIZE ? (Object) value.longValueExact() : value;
        }
        return rows.getString(1);
    }

    @FunctionalInterface
    interface MasterWork<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T onMaster(MasterWork<T> work) {
        String master = topology.master().id();
        try (Connection connection = pools.apply(master).getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw CoordinatorException.unavailable("MASTER_UNAVAILABLE", "Could not read the master " + master + " ("
                    + e.getMessage() + "); nothing was verified.", e);
        }
    }
}
