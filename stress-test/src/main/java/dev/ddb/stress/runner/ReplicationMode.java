package dev.ddb.stress.runner;

import java.util.Arrays;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * How the suite carries writes to the replicas, as the coordinator's {@code GET /status} names it: it decides where
 * the runner reads how far each instance got and which log invariants apply.
 */
enum ReplicationMode {

    /** The coordinator's own log, {@code ddb_meta.log}, and each instance's {@code applied_ts}. */
    TIMESTAMP_LOG("timestamp-log"),
    /** MariaDB's row-based GTID replication; {@code ddb_meta.log} stays empty. */
    BINLOG("binlog");

    private final String label;

    ReplicationMode(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /**
     * @param status the coordinator's {@code GET /status}; one without {@code replication_mode} predates the binlog
     *     mode, so it runs the timestamp log
     * @throws IllegalArgumentException for a mode this runner does not know how to check
     */
    static ReplicationMode of(JsonNode status) {
        String named = status.path("replication_mode").asString(TIMESTAMP_LOG.label);
        return Arrays.stream(values()).filter(mode -> mode.label.equals(named)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("GET /status names the replication mode '" + named
                        + "', which this runner cannot check; it knows " + Arrays.stream(values())
                        .map(ReplicationMode::label).collect(Collectors.joining(" and "))));
    }
}
