package dev.ddb.coordinator.read;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an EVENTUAL read picks among the replicas that may serve it. */
public enum ReadStrategy {
    /** Each read starts one replica further along than the previous one. */
    ROUND_ROBIN,
    /** The replica with the fewest reads this coordinator has in flight on it. */
    LEAST_LOADED,
    /**
     * The replica with the lowest moving average of the read latency this coordinator observed. A
     * replica with no observation yet comes first, so a new or returning replica gets measured.
     */
    LATENCY;

    /** The configuration spelling, e.g. {@code least_loaded}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration value ({@code round_robin}, {@code least_loaded}, {@code latency});
     * case and surrounding blanks are ignored.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static ReadStrategy parse(String value) {
        String wanted = value == null ? "" : value.strip();
        for (ReadStrategy strategy : values()) {
            if (strategy.configName().equalsIgnoreCase(wanted)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown read strategy '" + value + "'; use one of "
                + Arrays.stream(values()).map(ReadStrategy::configName).collect(Collectors.joining(", ")));
    }
}
