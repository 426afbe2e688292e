package dev.ddb.mysql.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * How writes reach the replicas, chosen once for a whole suite by {@value #VARIABLE}: the instances are configured
 * for it when they start, and every coordinator runs it.
 */
public enum ReplicationMode {

    /**
     * The suite's own log in {@code ddb_meta}, ordered by the timestamp service and applied by the coordinator; the
     * servers keep no binary log. Statements whose replay could differ are refused.
     */
    TIMESTAMP_LOG("timestamp-log"),

    /**
     * MariaDB's own row-based binary log with GTIDs: the coordinator runs writes on the master, configures the
     * replicas' native replication and waits for a quorum of them to apply a write's GTID. Any statement the server
     * accepts replicates identically, so nondeterministic ones are allowed.
     */
    BINLOG("binlog");

    public static final String VARIABLE = "DDB_REPLICATION_MODE";

    private final String id;

    ReplicationMode(String id) {
        this.id = id;
    }

    /** The name users write, and {@code /status} shows: {@code timestamp-log} or {@code binlog}. */
    public String id() {
        return id;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static ReplicationMode parse(String value) {
        if (value == null || value.isBlank()) {
            return TIMESTAMP_LOG;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(VARIABLE + " must be one of "
                        + Arrays.stream(values()).map(ReplicationMode::id).collect(Collectors.joining(", "))
                        + ", got '" + value + "'"));
    }

    /** {@value #VARIABLE}, {@code timestamp-log} when unset. */
    public static ReplicationMode fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    static ReplicationMode fromEnvironment(UnaryOperator<String> environment) {
        return parse(environment.apply(VARIABLE));
    }
}
