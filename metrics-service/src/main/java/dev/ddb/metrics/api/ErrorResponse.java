package dev.ddb.metrics.api;

/** The one error shape of every endpoint: {@code success:false}, a stable code, a sentence. */
public record ErrorResponse(boolean success, String error, String message) {

    public static ErrorResponse of(String error, String message) {
        return new ErrorResponse(false, error, message);
    }
}
