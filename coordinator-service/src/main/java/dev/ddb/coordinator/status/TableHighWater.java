package dev.ddb.coordinator.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per table, the newest log entry that touched it, on each instance, and how far each replica trails the master.
 * Plain values in and out: an instance's log arrives as {@code tables_touched} (comma-joined {@code db.table}
 * names) mapped to the highest timestamp with exactly that value.
 */
final class TableHighWater {

    /** What one instance answered, or why it did not. */
    record Reading(String instanceId, long appliedTs, Map<String, Long> maxTsByTablesTouched, String error) {

        static Reading of(String instanceId, long appliedTs, Map<String, Long> maxTsByTablesTouched) {
            return new Reading(instanceId, appliedTs, Map.copyOf(maxTsByTablesTouched), null);
        }

        static Reading failed(String instanceId, String error) {
            return new Reading(instanceId, 0, Map.of(), error);
        }

        boolean reachable() {
            return error == null;
        }
    }

    private final String defaultDatabase;

    /** @param defaultDatabase tables of this database are shown without its name, as clients write them */
    TableHighWater(String defaultDatabase) {
        this.defaultDatabase = defaultDatabase;
    }

    /**
     * @param existingTables tables of the default database that exist now, shown with 0 until the log touches them
     */
    TableTimestampsReport report(Reading master, List<Reading> replicas, Collection<String> existingTables) {
        Set<String> names = new TreeSet<>(existingTables);
        List<Reading> all = new ArrayList<>();
        all.add(master);
        all.addAll(replicas);
        Map<String, Map<String, Long>> perTable = new LinkedHashMap<>();
        for (Reading reading : all) {
            if (reading.reachable()) {
                Map<String, Long> tables = perTable(reading.maxTsByTablesTouched());
                names.addAll(tables.keySet());
                perTable.put(reading.instanceId(), tables);
            }
        }
        Map<String, Long> masterTables = master.reachable() ? complete(perTable.get(master.instanceId()), names) : null;
        TableTimestampsReport.InstanceTimestamps masterView = master.reachable()
                ? new TableTimestampsReport.InstanceTimestamps(master.instanceId(), true, master.appliedTs(), null,
                        masterTables, null, null)
                : TableTimestampsReport.InstanceTimestamps.unreachable(master.instanceId(), master.error());
        List<TableTimestampsReport.InstanceTimestamps> replicaViews = new ArrayList<>();
        for (Reading replica : replicas) {
            if (!replica.reachable()) {
                replicaViews.add(TableTimestampsReport.InstanceTimestamps.unreachable(replica.instanceId(), replica.error()));
                continue;
            }
            Map<String, Long> tables = complete(perTable.get(replica.instanceId()), names);
            replicaViews.add(new TableTimestampsReport.InstanceTimestamps(replica.instanceId(), true, replica.appliedTs(),
                    masterTables == null ? null : lag(master.appliedTs(), replica.appliedTs()), tables,
                    masterTables == null ? null : lags(masterTables, tables), null));
        }
        return new TableTimestampsReport(masterView, replicaViews);
    }

    /** Each table's highest timestamp, named as clients name it. */
    Map<String, Long> perTable(Map<String, Long> maxTsByTablesTouched) {
        Map<String, Long> tables = new TreeMap<>();
        maxTsByTablesTouched.forEach((tablesTouched, ts) -> {
            for (String qualified : tablesTouched.split(",")) {
                // CREATE and DROP DATABASE log the database's bare name, which is no table; checksum entries name
                // the coordinator's own ddb_meta.checksums, which clients never write.
                if (qualified.indexOf('.') > 0 && !qualified.startsWith("ddb_meta.")) {
                    tables.merge(displayName(qualified), ts, Math::max);
                }
            }
        });
        return tables;
    }

    String displayName(String qualified) {
        String prefix = defaultDatabase + ".";
        return qualified.startsWith(prefix) ? qualified.substring(prefix.length()) : qualified;
    }

    private static Map<String, Long> complete(Map<String, Long> tables, Set<String> names) {
        Map<String, Long> complete = new LinkedHashMap<>();
        names.forEach(name -> complete.put(name, tables.getOrDefault(name, 0L)));
        return complete;
    }

    private static Map<String, Long> lags(Map<String, Long> master, Map<String, Long> replica) {
        Map<String, Long> lags = new LinkedHashMap<>();
        master.forEach((name, ts) -> lags.put(name, lag(ts, replica.getOrDefault(name, 0L))));
        return lags;
    }

    /**
     * Never negative: a replica applies a STRONG batch while the master holds it prepared and invisible, so for a
     * moment the replica may be ahead of what the master shows; it is not behind.
     */
    private static long lag(long masterTs, long replicaTs) {
        return Math.max(0, masterTs - replicaTs);
    }
}
