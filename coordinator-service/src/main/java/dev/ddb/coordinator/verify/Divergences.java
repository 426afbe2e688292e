package dev.ddb.coordinator.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What verification has found and not yet seen repaired: per instance and table, the chunks whose copy differs
 * from the master's. A finding is added as soon as a chunk shows it; a table's findings on an instance are replaced
 * by those of the next whole pass over the table that compared that instance in every chunk, and a repaired chunk
 * that then checks equal is taken off. Read by {@code /status}, the health indicator and the metrics.
 */
public final class Divergences {

    /** One table that differs on one instance. */
    public record DivergentTable(String instance, String table,
            @JsonProperty("mismatched_chunks") int mismatchedChunks) {
    }

    /** instance, then table, then the chunks found different, keyed by their bounds. */
    private final Map<String, Map<String, Map<String, Mismatch>>> found = new TreeMap<>();
    private volatile Consumer<List<DivergentTable>> listener = all -> { };

    /** Who to tell of every change, with what is known then (called under this object's lock). */
    public synchronized void onChange(Consumer<List<DivergentTable>> listener) {
        this.listener = listener;
        listener.accept(all());
    }

    /** Records chunks found different. */
    public synchronized void found(String table, Collection<Mismatch> mismatches) {
        for (Mismatch mismatch : mismatches) {
            found.computeIfAbsent(mismatch.instance(), id -> new TreeMap<>())
                    .computeIfAbsent(table, name -> new TreeMap<>())
                    .put(key(mismatch.range()), mismatch);
        }
        if (!mismatches.isEmpty()) {
            listener.accept(all());
        }
    }

    /** After a whole pass over {@code table}: what it found on each instance it compared throughout is all there is. */
    public synchronized void passed(String table, Collection<String> comparedThroughout, Collection<Mismatch> mismatches) {
        for (String instance : comparedThroughout) {
            Map<String, Map<String, Mismatch>> tables = found.get(instance);
            if (tables != null) {
                tables.remove(table);
            }
        }
        found(table, mismatches.stream().filter(m -> comparedThroughout.contains(m.instance())).toList());
        prune();
    }

    /** After a chunk was checked again: it is equal on the instances that compared without a mismatch. */
    public synchronized void checked(ChunkResult result) {
        for (String instance : result.compared()) {
            boolean differs = result.mismatches().stream().anyMatch(m -> m.instance().equals(instance));
            Map<String, Mismatch> chunks = found.getOrDefault(instance, Map.of()).get(result.table());
            if (chunks != null && !differs) {
                chunks.remove(key(result.range()));
            }
        }
        found(result.table(), result.mismatches());
        prune();
    }

    /** The chunks of {@code table} found different on {@code instance}. */
    public synchronized List<Mismatch> of(String instance, String table) {
        return List.copyOf(found.getOrDefault(instance, Map.of()).getOrDefault(table, Map.of()).values());
    }

    /** The tables found different on {@code instance}. */
    public synchronized List<String> tablesOf(String instance) {
        return List.copyOf(found.getOrDefault(instance, Map.of()).keySet());
    }

    public synchronized List<DivergentTable> all() {
        List<DivergentTable> all = new ArrayList<>();
        found.forEach((instance, tables) -> tables.forEach((table, chunks) ->
                all.add(new DivergentTable(instance, table, chunks.size()))));
        return all;
    }

    private void prune() {
        found.values().forEach(tables -> tables.values().removeIf(Map::isEmpty));
        found.values().removeIf(Map::isEmpty);
        listener.accept(all());
    }

    private static String key(KeyRange range) {
        return range.loText() + "\u0000" + range.hiText();
    }
}
