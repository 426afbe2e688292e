package dev.ddb.coordinator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The one error shape of every endpoint: {@code success:false}, a stable code, a sentence; for a STRONG write the
 * master committed without its quorum, also the replicas that had applied it and its timestamp (a read with that
 * {@code min_timestamp} sees it).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorResponse(boolean success, String error, String message,
        @JsonProperty("acknowledged_by") List<String> acknowledgedBy, Long timestamp) {

    public static ErrorResponse of(String error, String message) {
        return new ErrorResponse(false, error, message, List.of(), null);
    }
}
