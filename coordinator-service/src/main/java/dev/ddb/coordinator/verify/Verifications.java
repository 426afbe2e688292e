package dev.ddb.coordinator.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.topology.Topology;

/**
 * The verifications operators ask for ({@code POST /admin/verify}): each runs in the background, one after another,
 * and is kept (the last {@value #KEPT}) so that {@code GET /admin/verify/{id}} can show its progress and result.
 */
public final class Verifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Verifications.class);
    private static final int KEPT = 100;

    private final ChunkChecker checker;
    private final Divergences divergences;
    private final Topology topology;
    private final String defaultDatabase;
    private final int rowsPerChunk;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(DaemonThreads.named("ddb-verify"));
    private final AtomicLong ids = new AtomicLong();
    /** Oldest first; guarded by itself. */
    private final Map<String, VerificationReport> reports = new LinkedHashMap<>();

    public Verifications(ChunkChecker checker, Divergences divergences, Topology topology, String defaultDatabase,
            int rowsPerChunk) {
        this.checker = checker;
        this.divergences = divergences;
        this.topology = topology;
        this.defaultDatabase = defaultDatabase;
        this.rowsPerChunk = rowsPerChunk;
    }

    /**
     * Starts verifying the named tables (every user table when none is named) and returns the run's id.
     *
     * @throws CoordinatorException 400 naming a table that is not a base table on the master
     */
    public String start(List<String> requested) {
        List<String> tables = resolve(requested);
        String id = "verify-" + ids.incrementAndGet();
        publish(new VerificationReport(id, "running", List.of(), null));
        runner.execute(() -> run(id, tables));
        return id;
    }

    public Optional<VerificationReport> report(String id) {
        synchronized (reports) {
            return Optional.ofNullable(reports.get(id));
        }
    }

    /** Verifies tables now, on the caller's thread. */
    List<TableReport> verifyNow(List<String> tables) {
        List<TableReport> done = new ArrayList<>();
        for (String table : tables) {
            done.add(verifyTable(table));
        }
        return done;
    }

    /** The tables as {@code database.table}: those named, each checked on the master, or all user tables. */
    List<String> resolve(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return checker.userTables();
        }
        List<String> tables = new ArrayList<>();
        for (String name : requested) {
            String qualified = VerifiedTables.qualified(name, defaultDatabase);
            if (checker.shape(VerifiedTables.database(qualified), VerifiedTables.table(qualified)).isEmpty()) {
                throw new CoordinatorException(400, "UNKNOWN_TABLE", qualified + " is not a base table on the master;"
                        + " nothing was verified.");
            }
            if (!tables.contains(qualified)) {
                tables.add(qualified);
            }
        }
        return tables;
    }

    private void run(String id, List<String> tables) {
        List<TableReport> done = new ArrayList<>();
        try {
            for (String table : tables) {
                done.add(verifyTable(table));
                publish(new VerificationReport(id, "running", done, null));
            }
            VerificationReport report = new VerificationReport(id, "done", done, null);
            publish(report);
            for (TableReport table : done) {
                table.mismatches().forEach(m -> log.warn("verification {}: {} differs from the master on {} in chunk"
                        + " [{}, {}): {} row(s) against the master's {}", id, m.instance(), table.table(), m.lo(), m.hi(),
                        m.instanceRows(), m.masterRows()));
            }
            log.info("verification {} done: {} table(s), {}", id, done.size(),
                    report.consistent() ? "every compared chunk equal" : "differences found");
        } catch (RuntimeException e) {
            log.warn("verification {} failed: {}", id, e.getMessage());
            publish(new VerificationReport(id, "failed", done, e.getMessage()));
        }
    }

    private TableReport verifyTable(String table) {
        TableShape shape = checker.shape(VerifiedTables.database(table), VerifiedTables.table(table))
                .orElseThrow(() -> new CoordinatorException(409, "TABLE_GONE", table + " is no longer a base table on"
                        + " the master."));
        return TableWalk.verify(checker, divergences, topology.instances(), shape, rowsPerChunk);
    }

    private void publish(VerificationReport report) {
        synchronized (reports) {
            reports.put(report.id(), report);
            while (reports.size() > KEPT) {
                reports.remove(reports.keySet().iterator().next());
            }
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
