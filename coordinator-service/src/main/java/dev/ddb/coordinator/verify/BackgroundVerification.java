package dev.ddb.coordinator.verify;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /admin/verify/background}: whether the background verifier walks the tables, how fast, how far. */
public record BackgroundVerification(boolean enabled,
        @JsonProperty("pace_ms") long paceMs,
        @JsonProperty("chunk_rows") int chunkRows,
        @JsonProperty("chunks_checked") long chunksChecked,
        @JsonProperty("passes_completed") long passesCompleted) {
}
