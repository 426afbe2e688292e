package dev.ddb.cabinet.api;

public record ErrorResponse(boolean success, String error, String message) {

    static ErrorResponse of(String error, String message) {
        return new ErrorResponse(false, error, message);
    }
}
