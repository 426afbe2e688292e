package dev.ddb.stress.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every write the coordinator acknowledged during a run: the table, the unique key the row carries, the client that
 * sent it and, when the answer carried them, its global timestamp and how many rows it changed. The invariants are
 * checked against this list.
 */
final class AckLog {

    /**
     * @param client who sent it, so the timestamps of one client's writes can be checked in the order it sent them
     * @param sequence the client's own order of sending, 0, 1, 2, ...
     * @param timestamp the answer's {@code timestamp}, null when there was none (a direct JDBC write)
     * @param rowsAffected the answer's {@code rows_affected}, null when there was none
     */
    record Ack(String table, String key, String client, long sequence, Long timestamp, Long rowsAffected) {

        /**
         * In the binlog mode a write that changed nothing is answered the binary log's position at that moment, which
         * other writes may share; unknown counts as changed, since every write recorded here inserts a new key.
         */
        boolean changedRows() {
            return rowsAffected == null || rowsAffected > 0;
        }
    }

    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();

    void record(String table, String key, String client, long sequence, Long timestamp, Long rowsAffected) {
        acks.add(new Ack(table, key, client, sequence, timestamp, rowsAffected));
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
