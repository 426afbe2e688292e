package dev.ddb.coordinator.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A chunk whose copy on one instance differs from the master's: by its row count, or by content when the counts
 * agree. {@code lo} and {@code hi} are the chunk's key bounds as text (null: open).
 */
public record Mismatch(String instance, String lo, String hi,
        @JsonProperty("master_rows") long masterRows,
        @JsonProperty("instance_rows") long instanceRows,
        @JsonIgnore KeyRange range) {
}
