package dev.ddb.coordinator.status;

import dev.ddb.coordinator.binlog.Gtid;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.admin.UserTables;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Asks every instance, in parallel, how far it has applied the log and which entry last touched each table.
 * An instance that does not answer in time is reported as unreachable; the others still answer.
 */
public final class TableTimestamps implements AutoCloseable {

    /** How long a request waits for each instance; a first read of a large log goes on after that, in the background. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    /** The limit of each statement, including each chunk of a first read, so a hung instance does not hold a thread. */
    private static final int QUERY_TIMEOUT_SECONDS = 30;

    private static final String APPLIED_TS = "SELECT applied_ts FROM ddb_meta.state WHERE id = 1";
    private static final String BINLOG_POSITION = "SELECT @@GLOBAL.gtid_binlog_pos";

    private record Answer(TableHighWater.Reading reading, List<String> existingTables) {
    }

    private final Topology topology;
    private final Function<String, DataSource> pools;
    private final String database;
    private final boolean binlog;
    private final TableHighWater highWater;
    private final LogTableIndex logIndex = new LogTableIndex();
    private final ExecutorService askers = Executors.newCachedThreadPool(DaemonThreads.named("ddb-table-timestamps"));

    public TableTimestamps(Topology topology, Function<String, DataSource> pools, String database) {
        this(topology, pools, database, false);
    }

    /**
     * @param binlog the binlog mode: an instance's timestamp is the GTID sequence number its binary log holds (a
     *     replica's holds what it applied), and the log it would read tables' timestamps from is empty
     */
    public TableTimestamps(Topology topology, Function<String, DataSource> pools, String database, boolean binlog) {
        this.binlog = binlog;
        this.topology = topology;
        this.pools = pools;
        this.database = database;
        this.highWater = new TableHighWater(database);
    }

    /**
     * Reads every instance's log once in the background, so the first request does not wait for a large log to be
     * read from its start.
     */
    public void warmUp() {
        askers.execute(this::read);
    }

    public TableTimestampsReport read() {
        String masterId = topology.master().id();
        Map<String, CompletableFuture<Answer>> asked = new LinkedHashMap<>();
        for (InstanceAddress instance : topology.instances()) {
            boolean isMaster = instance.id().equals(masterId);
            asked.put(instance.id(), CompletableFuture.supplyAsync(() -> ask(instance.id(), isMaster), askers));
        }
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        Answer master = null;
        List<TableHighWater.Reading> replicas = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<Answer>> entry : asked.entrySet()) {
            Answer answer = await(entry.getKey(), entry.getValue(), deadline);
            if (entry.getKey().equals(masterId)) {
                master = answer;
            } else {
                replicas.add(answer.reading());
            }
        }
        return highWater.report(master.reading(), replicas, master.existingTables());
    }

    private Answer ask(String instanceId, boolean isMaster) {
        try (Connection connection = pools.apply(instanceId).getConnection()) {
            // One snapshot for both reads, so applied_ts and the log agree (the pool restores autocommit).
            connection.setAutoCommit(false);
            Map<String, Long> newest = logIndex.read(instanceId, connection, QUERY_TIMEOUT_SECONDS);
            long appliedTs;
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                try (ResultSet row = statement.executeQuery(binlog ? BINLOG_POSITION : APPLIED_TS)) {
                    appliedTs = !row.next() ? 0 : binlog ? Gtid.sequenceIn(row.getString(1)) : row.getLong(1);
                }
            }
            List<String> existing = isMaster ? UserTables.names(connection, database) : List.of();
            connection.commit();
            return new Answer(TableHighWater.Reading.of(instanceId, appliedTs, newest), existing);
        } catch (SQLException e) {
            return unreachable(instanceId, e.getMessage());
        }
    }

    private Answer await(String instanceId, CompletableFuture<Answer> answer, long deadlineNanos) {
        try {
            return answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return unreachable(instanceId, "no answer within " + ANSWER_TIMEOUT.toMillis() + " ms" + (logIndex.readWhole(instanceId)
                    ? "" : "; its log is being read for the first time since the coordinator started, ask again shortly"));
        } catch (ExecutionException e) {
            return unreachable(instanceId, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable(instanceId, "interrupted while waiting for its answer");
        }
    }

    private static Answer unreachable(String instanceId, String error) {
        return new Answer(TableHighWater.Reading.failed(instanceId, error), List.of());
    }

    @Override
    public void close() {
        askers.shutdownNow();
    }
}
