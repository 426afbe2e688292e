package dev.ddb.coordinator.stress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.stress.load.CountedLoop;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.load.ReadAfterWrite;
import dev.ddb.stress.load.StressRows;

/**
 * The seed's stress tests, run inside the coordinator on {@code ./ddb stress}'s load engine and stress table.
 * Every statement takes {@code POST /query}'s path, so writes are sequenced, logged and replicated like any
 * client's. Each run writes keys of its own ({@code <run>-<scenario>-<client>-<n>}), so runs never collide.
 */
final class StressTests {

    private final InProcessQueries queries;
    private final StressRowCounts counts;
    private final int clients;

    StressTests(InProcessQueries queries, StressRowCounts counts, int clients) {
        this.queries = queries;
        this.counts = counts;
        this.clients = clients;
    }

    WriteLoadAnswer concurrentWrites(int operations, Consistency consistency) {
        createTable();
        ConcurrentSkipListSet<Long> timestamps = new ConcurrentSkipListSet<>();
        String runId = runId();
        LoadFigures figures = LoadFigures.of(run("concurrent-writes", operations,
                client -> new KeyedInserts(queries, runId, "concurrent", client, consistency, timestamps)), consistency);
        boolean unique = timestamps.size() == figures.successful();
        return new WriteLoadAnswer(figures.allSucceeded() && unique, "concurrent-writes",
                figures.successful() + " of " + operations + " " + consistency + " writes from " + figures.clients()
                        + " clients acknowledged, " + (unique ? "each with a timestamp of its own" : "but some share a timestamp"),
                figures, unique, timestamps.isEmpty() ? null : timestamps.first(),
                timestamps.isEmpty() ? null : timestamps.last());
    }

    MixAnswer readWriteMix(int operations, Consistency consistency) {
        createTable();
        AtomicLong operationsSoFar = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        String runId = runId();
        LoadFigures figures = LoadFigures.of(run("read-write-mix", operations, client ->
                new MixedReadsAndWrites(queries, runId, client, consistency, operationsSoFar, reads, writes)), consistency);
        return new MixAnswer(figures.allSucceeded(), "read-write-mix", reads.get() + " reads and " + writes.get()
                + " writes at " + consistency + " succeeded of " + operations + " operations", figures, reads.get(),
                writes.get());
    }

    ComparisonAnswer consistencyComparison(int operations) {
        WriteLoadAnswer eventual = concurrentWrites(operations, Consistency.EVENTUAL);
        WriteLoadAnswer strong = concurrentWrites(operations, Consistency.STRONG);
        Double throughput = ratio(eventual.figures().throughputOpsPerSec(), strong.figures().throughputOpsPerSec());
        Double p50 = eventual.figures().latencyMs() == null || strong.figures().latencyMs() == null ? null
                : ratio(strong.figures().latencyMs().p50(), eventual.figures().latencyMs().p50());
        return new ComparisonAnswer(eventual.success() && strong.success(), "consistency-comparison",
                operations + " writes at EVENTUAL, then at STRONG: " + eventual.figures().throughputOpsPerSec()
                        + " vs " + strong.figures().throughputOpsPerSec() + " writes/s",
                operations, eventual.figures(), strong.figures(), throughput, p50);
    }

    DataCountAnswer dataCount() {
        return counts.count();
    }

    ReadAfterWriteAnswer readAfterWrite(int trials) {
        createTable();
        String runId = runId();
        Map<String, ReadAfterWriteAnswer.StaleReads> modes = new LinkedHashMap<>();
        boolean success = true;
        for (ReadAfterWrite mode : ReadAfterWrite.values()) {
            AtomicLong reads = new AtomicLong();
            AtomicLong stale = new AtomicLong();
            LoadFigures figures = LoadFigures.of(run("read-after-write-" + mode.label(), trials,
                    client -> new WriteThenRead(queries, runId, mode, client, reads, stale)), Consistency.valueOf(mode.read));
            double rate = reads.get() == 0 ? 0 : Math.round(stale.get() * 10_000.0 / reads.get()) / 10_000.0;
            modes.put(mode.label(), new ReadAfterWriteAnswer.StaleReads(mode.write, mode.read,
                    mode.minTimestamp, reads.get(), stale.get(), rate, mode.staleAllowed, figures));
            success &= figures.allSucceeded() && (mode.staleAllowed || stale.get() == 0);
        }
        return new ReadAfterWriteAnswer(success, "read-after-write", trials + " write-then-read trials per mode; stale: "
                + modes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().staleReads()).toList(), trials,
                modes);
    }

    private void createTable() {
        queries.run(StressRows.CREATE_TABLE, List.of(), Consistency.STRONG, null);
    }

    private LoadResult run(String target, int operations, IntFunction<LoadClient> connect) {
        try {
            return CountedLoop.run(target, clients, operations, connect);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CoordinatorException.unavailable("INTERRUPTED", "The coordinator was interrupted during the "
                    + target + " load; some of its writes may have been made.", e);
        }
    }

    private static String runId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Double ratio(double numerator, double denominator) {
        return denominator == 0 ? null : Math.round(numerator / denominator * 100) / 100.0;
    }
}
