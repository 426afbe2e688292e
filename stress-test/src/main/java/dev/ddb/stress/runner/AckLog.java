package dev.ddb.stress.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every write the coordinator acknowledged during a run: the table, the unique key the row carries, the client that
 * sent it and, when the answer carried one, its global timestamp. The invariants are checked against this list.
 */
final class AckLog {

    /**
     * @param client who sent it, so the timestamps of one client's writes can be checked in the order it sent them
     * @param sequence the client's own order of sending, 0, 1, 2, ...
     * @param timestamp the answer's {@code timestamp}, null when there was none (a direct JDBC write)
     */
    record Ack(String table, String key, String client, long sequence, Long timestamp) {
    }

    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();

    void record(String table, String key, String client, long sequence, Long timestamp) {
        acks.add(new Ack(table, key, client, sequence, timestamp));
    }

    List<Ack> all() {
        return new ArrayList<>(acks);
    }

    int size() {
        return acks.size();
    }

    Map<String, List<Ack>> byTable() {
        Map<String, List<Ack>> tables = new ConcurrentHashMap<>();
        acks.forEach(ack -> tables.computeIfAbsent(ack.table(), table -> new ArrayList<>()).add(ack));
        return tables;
    }
}
