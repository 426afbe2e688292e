package dev.ddb.coordinator.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Walks every user table, one chunk per tick, for as long as the coordinator runs: a pass takes the tables in
 * order, each from its lowest key to its highest, then starts again. A chunk found different is reported at once
 * (a WARN line, and {@link Divergences}); a table's pass that compared every instance throughout replaces what was
 * known of it. A chunk that cannot be checked (the master unreachable during a failover, a table dropped) ends that
 * table's pass early and the walk goes on.
 */
public final class BackgroundVerifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundVerifier.class);
    /** Results of entries applied after their check gave up are deleted once they are this old. */
    private static final Duration KEEP_UNREAD_RESULTS = Duration.ofHours(1);
    /** A pass over a few small tables takes a fraction of a second: the purge need not run with each. */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final ChunkChecker checker;
    private final Divergences divergences;
    private final Topology topology;
    private final int rowsPerChunk;
    private final Duration pace;
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ddb-background-verifier"));
    private final AtomicLong chunksChecked = new AtomicLong();
    private final AtomicLong passesCompleted = new AtomicLong();
    private volatile boolean enabled;

    /** The walk's position; only the ticker's thread touches these. */
    private List<String> tables = List.of();
    private int tableIndex;
    private TableShape shape;
    private Object lo;
    private long lastPurgeNanos = System.nanoTime() - PURGE_INTERVAL.toNanos();
    private final List<Mismatch> tableMismatches = new ArrayList<>();
    private final Set<String> tableUnavailable = new LinkedHashSet<>();

    /**
     * @param rowsPerChunk about how many rows one tick checks
     * @param pace the pause between two ticks
     */
    public BackgroundVerifier(ChunkChecker checker, Divergences divergences, Topology topology, int rowsPerChunk,
            Duration pace) {
        this.checker = checker;
        this.divergences = divergences;
        this.topology = topology;
        this.rowsPerChunk = rowsPerChunk;
        this.pace = pace;
    }

    /** Starts ticking, walking the tables only while {@linkplain #enable enabled}. */
    public void start(boolean enabledAtStart) {
        enabled = enabledAtStart;
        ticker.scheduleWithFixedDelay(this::tickSafely, pace.toMillis(), pace.toMillis(), TimeUnit.MILLISECONDS);
        log.info("background verifier {}: a chunk of about {} rows every {} ms", enabled ? "started" : "paused",
                rowsPerChunk, pace.toMillis());
    }

    /** Resumes or pauses the walk; a resumed walk goes on where it stopped. */
    public void enable(boolean enable) {
        if (enabled != enable) {
            enabled = enable;
            log.info("background verifier {} by request", enable ? "resumed" : "paused");
        }
    }

    public BackgroundVerification state() {
        return new BackgroundVerification(enabled, pace.toMillis(), rowsPerChunk, chunksChecked.get(),
                passesCompleted.get());
    }

    public long chunksChecked() {
        return chunksChecked.get();
    }

    public long passesCompleted() {
        return passesCompleted.get();
    }

    private void tickSafely() {
        if (!enabled) {
            return;
        }
        try {
            tick();
        } catch (RuntimeException e) {
            log.debug("background verification of {} stopped early: {}", shape == null ? "?" : shape.name(), e.getMessage());
            shape = null;
            tableIndex++;
        }
    }

    /** Checks the next chunk of the walk. */
    void tick() {
        if (shape == null && !nextTable()) {
            return;
        }
        Object hi = shape.chunked() ? checker.nextBound(shape, lo, rowsPerChunk).orElse(null) : null;
        ChunkResult result = checker.check(shape, new KeyRange(lo, hi));
        chunksChecked.incrementAndGet();
        for (Mismatch mismatch : result.mismatches()) {
            log.warn("background verifier: {} differs from the master on {} in chunk [{}, {}): {} row(s) against the"
                    + " master's {}", mismatch.instance(), result.table(), mismatch.lo(), mismatch.hi(),
                    mismatch.instanceRows(), mismatch.masterRows());
        }
        divergences.found(result.table(), result.mismatches());
        tableMismatches.addAll(result.mismatches());
        tableUnavailable.addAll(result.unavailable());
        lo = hi;
        if (hi == null) {
            List<String> comparedThroughout = topology.instances().stream().map(InstanceAddress::id)
                    .filter(id -> !tableUnavailable.contains(id)).toList();
            divergences.passed(result.table(), comparedThroughout, tableMismatches);
            shape = null;
            tableIndex++;
        }
    }

    /** Moves to the next table that exists, starting a new pass after the last; false if there is none. */
    private boolean nextTable() {
        boolean listed = false;
        while (true) {
            if (tableIndex >= tables.size()) {
                if (listed) {
                    return false;
                }
                listed = true;
                if (!tables.isEmpty()) {
                    passesCompleted.incrementAndGet();
                }
                if (System.nanoTime() - lastPurgeNanos >= PURGE_INTERVAL.toNanos()) {
                    checker.purgeOlderThan(KEEP_UNREAD_RESULTS);
                    lastPurgeNanos = System.nanoTime();
                }
                tables = checker.userTables();
                tableIndex = 0;
                if (tables.isEmpty()) {
                    return false;
                }
            }
            String table = tables.get(tableIndex);
            shape = checker.shape(VerifiedTables.database(table), VerifiedTables.table(table)).orElse(null);
            if (shape != null) {
                lo = null;
                tableMismatches.clear();
                tableUnavailable.clear();
                return true;
            }
            tableIndex++;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
