package dev.ddb.stress.runner;

import dev.ddb.mysql.schema.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The invariants every scenario must leave true, checked on each instance over JDBC once the cluster has converged:
 * every acknowledged write present exactly once everywhere, every table identical everywhere, and, in the
 * timestamp-log mode, the replication log one strictly increasing sequence of unique timestamps that is the same on
 * every instance and agrees with the timestamps the clients were answered; in the binlog mode, {@link
 * BinlogInvariants} in its place.
 */
final class InvariantChecker {

    private static final int EXAMPLES = 5;

    private final Cluster cluster;
    private final Duration patience;

    InvariantChecker(Cluster cluster, Duration patience) {
        this.cluster = cluster;
        this.patience = patience;
    }

    /** @return one line per violated invariant, each starting with the invariant's name; empty when all hold */
    List<String> check(AckLog acks) throws IOException, InterruptedException {
        List<String> violations = new ArrayList<>();
        long converged;
        try {
            converged = cluster.awaitConvergence(patience);
        } catch (Violation violation) {
            violations.add(violation.describe());
            return violations;
        }
        List<Cluster.Instance> instances = cluster.instances();
        try {
            violations.addAll(acknowledgedWritesPresentOnce(instances, acks));
            violations.addAll(tablesIdentical(instances));
            if (cluster.mode() == ReplicationMode.BINLOG) {
                violations.addAll(BinlogInvariants.check(acks.all(), converged, cluster.binlogPositions(instances)));
            } else {
                violations.addAll(logOrdered(instances, acks, converged));
            }
        } catch (SQLException e) {
            violations.add("readable instances: " + e.getMessage());
        }
        return violations;
    }

    private List<String> acknowledgedWritesPresentOnce(List<Cluster.Instance> instances, AckLog acks)
            throws SQLException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<AckLog.Ack>> table : acks.byTable().entrySet()) {
            Set<String> keys = new HashSet<>();
            table.getValue().forEach(ack -> keys.add(ack.key()));
            for (Cluster.Instance instance : instances) {
                Map<String, Integer> counts = keyCounts(instance, table.getKey(), keys);
                List<String> missing = new ArrayList<>();
                List<String> repeated = new ArrayList<>();
                for (String key : keys) {
                    int count = counts.getOrDefault(key, 0);
                    if (count == 0) {
                        missing.add(key);
                    } else if (count > 1) {
                        repeated.add(key + " (" + count + " times)");
                    }
                }
                if (!missing.isEmpty()) {
                    violations.add("acknowledged writes present: " + missing.size() + " of " + keys.size()
                            + " acknowledged rows of " + table.getKey() + " are missing on " + instance.id()
                            + ", e.g. " + examples(missing));
                }
                if (!repeated.isEmpty()) {
                    violations.add("acknowledged writes exactly once: " + repeated.size() + " acknowledged rows of "
                            + table.getKey() + " appear more than once on " + instance.id() + ", e.g. "
                            + examples(repeated));
                }
            }
        }
        return violations;
    }

    /** How often each of {@code keys} appears in column k of the table, read in chunks of keys. */
    private Map<String, Integer> keyCounts(Cluster.Instance instance, String table, Set<String> keys)
            throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        int chunk = 500;
        try (Connection connection = cluster.connect(instance)) {
            for (int from = 0; from < all.size(); from += chunk) {
                List<String> part = all.subList(from, Math.min(all.size(), from + chunk));
                String sql = "SELECT k, COUNT(*) FROM " + Schema.DATABASE + "." + table + " WHERE k IN ("
                        + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ") GROUP BY k";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < part.size(); i++) {
                        statement.setString(i + 1, part.get(i));
                    }
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            counts.put(result.getString(1), result.getInt(2));
                        }
                    }
                }
            }
        }
        return counts;
    }

    private List<String> tablesIdentical(List<Cluster.Instance> instances) throws SQLException {
        Map<String, Map<String, Long>> checksums = new TreeMap<>();
        for (Cluster.Instance instance : instances) {
            try (Connection connection = cluster.connect(instance); Statement statement = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet result = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = '" + Schema.DATABASE + "' AND table_type = 'BASE TABLE'"
                        + " ORDER BY table_name")) {
                    while (result.next()) {
                        tables.add(result.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet result = statement.executeQuery(
                            "CHECKSUM TABLE " + Schema.DATABASE + ".`" + table + "`")) {
                        result.next();
                        checksums.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(instance.id(), result.getLong(2));
                    }
                }
            }
        }
        List<String> violations = new ArrayList<>();
        checksums.forEach((table, byInstance) -> {
            if (byInstance.size() != instances.size()) {
                violations.add("identical tables: table " + table + " exists only on " + byInstance.keySet());
            } else if (new HashSet<>(byInstance.values()).size() > 1) {
                violations.add("identical tables: CHECKSUM TABLE " + table + " differs between instances: " + byInstance);
            }
        });
        return violations;
    }

    /**
     * Compares the logs up to {@code converged}, the entry every instance had applied: the coordinator's background
     * verifier keeps appending checksum entries, so the tails may differ by the moment each log is read.
     */
    private List<String> logOrdered(List<Cluster.Instance> instances, AckLog acks, long converged) throws SQLException {
        List<String> violations = new ArrayList<>();
        Map<String, String> digests = new LinkedHashMap<>();
        Set<Long> masterTimestamps = new HashSet<>();
        for (Cluster.Instance instance : instances) {
            MessageDigest digest = sha256();
            long previous = Long.MIN_VALUE;
            long entries = 0;
            try (Connection connection = cluster.connect(instance);
                 Statement statement = connection.createStatement()) {
                statement.setFetchSize(Integer.MIN_VALUE);
                try (ResultSet result = statement.executeQuery(
                        "SELECT ts, txn_id, checksum FROM ddb_meta.log WHERE ts <= " + converged + " ORDER BY ts")) {
                    while (result.next()) {
                        long ts = result.getLong(1);
                        if (ts <= previous) {
                            violations.add("log timestamps strictly increasing: on " + instance.id() + " timestamp "
                                    + ts + " follows " + previous);
                        }
                        previous = ts;
                        entries++;
                        if (instance.master()) {
                            masterTimestamps.add(ts);
                        }
                        digest.update((ts + "/" + result.getString(2) + "/" + result.getLong(3) + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            digests.put(instance.id(), entries + " entries, sha256 " + HexFormat.of().formatHex(digest.digest()).substring(0, 16));
        }
        if (new HashSet<>(digests.values()).size() > 1) {
            violations.add("identical logs: ddb_meta.log differs between instances: " + digests);
        }
        Map<Long, String> owners = new HashMap<>();
        Map<String, List<AckLog.Ack>> byClient = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        List<String> unlogged = new ArrayList<>();
        for (AckLog.Ack ack : acks.all()) {
            if (ack.timestamp() == null) {
                continue;
            }
            String earlier = owners.putIfAbsent(ack.timestamp(), ack.key());
            if (earlier != null) {
                duplicates.add(ack.timestamp() + " (" + earlier + ", " + ack.key() + ")");
            }
            if (!masterTimestamps.contains(ack.timestamp())) {
                unlogged.add(ack.key() + " at " + ack.timestamp());
            }
            byClient.computeIfAbsent(ack.client(), c -> new ArrayList<>()).add(ack);
        }
        if (!duplicates.isEmpty()) {
            violations.add("unique timestamps: " + duplicates.size() + " timestamps were answered for two acknowledged"
                    + " writes, e.g. " + examples(duplicates));
        }
        if (!unlogged.isEmpty()) {
            violations.add("acknowledged timestamps logged: " + unlogged.size() + " acknowledged writes' timestamps"
                    + " are not in the master's log, e.g. " + examples(unlogged));
        }
        List<String> backwards = new ArrayList<>();
        byClient.forEach((client, own) -> {
            own.sort(java.util.Comparator.comparingLong(AckLog.Ack::sequence));
            for (int i = 1; i < own.size(); i++) {
                if (own.get(i).timestamp() <= own.get(i - 1).timestamp()) {
                    backwards.add(client + ": " + own.get(i - 1).key() + " at " + own.get(i - 1).timestamp() + " then "
                            + own.get(i).key() + " at " + own.get(i).timestamp());
                }
            }
        });
        if (!backwards.isEmpty()) {
            violations.add("timestamps follow real time: " + backwards.size() + " writes got a timestamp not above the"
                    + " one their client was answered before, e.g. " + examples(backwards));
        }
        return violations;
    }

    static String examples(List<String> values) {
        List<String> first = values.stream().sorted().limit(EXAMPLES).toList();
        return String.join(", ", first) + (values.size() > EXAMPLES ? ", ..." : "");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
