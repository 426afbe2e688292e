package dev.ddb.seer.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one error shape: {@code success:false}, a stable code, a sentence; a refused election also lists every
 * candidate with its reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(boolean success, String error, String message, List<CandidateView> candidates) {

    static ErrorResponse of(String error, String message) {
        return new ErrorResponse(false, error, message, null);
    }
}
