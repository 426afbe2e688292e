package dev.ddb.coordinator.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A seed endpoint's success: the seed's {@code message}, plus where the write landed in the log
 * so a client can follow it ({@code GET /transactions}, {@code min_timestamp}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SeedMessage(
        String message,
        @JsonProperty("txn_id") String txnId,
        Long timestamp,
        @JsonProperty("rows_affected") Long rowsAffected,
        @JsonProperty("last_insert_id") Long lastInsertId) {
}
