package dev.ddb.coordinator.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Verifies a whole table now: cuts it into chunks along the master's keys, keeps a few checksum entries in flight
 * (so the sequencer batches them) and compares each as its results arrive.
 */
final class TableWalk {

    /** Checksum entries queued ahead of the one being compared. */
    private static final int IN_FLIGHT = 8;

    private TableWalk() {
    }

    static TableReport verify(ChunkChecker checker, Divergences divergences, List<InstanceAddress> instances,
            TableShape shape, int rowsPerChunk) {
        List<KeyRange> chunks = checker.chunks(shape, rowsPerChunk);
        Deque<ChunkChecker.Pending> inFlight = new ArrayDeque<>();
        List<Mismatch> mismatches = new ArrayList<>();
        Set<String> unavailable = new LinkedHashSet<>();
        long rows = 0;
        int next = 0;
        while (next < chunks.size() || !inFlight.isEmpty()) {
            while (next < chunks.size() && inFlight.size() < IN_FLIGHT) {
                inFlight.add(checker.submit(shape, chunks.get(next++)));
            }
            ChunkResult result = checker.compare(inFlight.poll());
            rows += result.masterRows();
            mismatches.addAll(result.mismatches());
            unavailable.addAll(result.unavailable());
            divergences.found(shape.name(), result.mismatches());
        }
        List<String> comparedThroughout = instances.stream().map(InstanceAddress::id)
                .filter(id -> !unavailable.contains(id)).toList();
        divergences.passed(shape.name(), comparedThroughout, mismatches);
        return new TableReport(shape.name(), chunks.size(), rows, shape.chunked() ? null : Boolean.TRUE, mismatches,
                List.copyOf(unavailable));
    }
}
