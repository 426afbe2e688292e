package dev.ddb.coordinator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /query}: one statement in {@code query}, or a {@code queries} list run
 * as one transaction. Unknown fields are refused (Jackson is configured to fail on them).
 *
 * @param params values for the {@code ?} placeholders of {@code query}, always bound, never spliced
 * @param consistency {@code EVENTUAL} or {@code STRONG} (the default), case-insensitive
 * @param minTimestamp reads only: serve from an instance that has applied at least this timestamp
 * @param maxLagMs reads only: serve from a replica at most this far behind the master
 */
public record QueryRequest(
        String query,
        List<String> queries,
        List<Object> params,
        String consistency,
        @JsonProperty("min_timestamp") Long minTimestamp,
        @JsonProperty("max_lag_ms") Long maxLagMs) {
}
