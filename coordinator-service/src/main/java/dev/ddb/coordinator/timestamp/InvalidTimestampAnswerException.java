package dev.ddb.coordinator.timestamp;

/**
 * A timestamp server answered 200 with a body that cannot be trusted: fields missing, the wrong count, or values not
 * above the floor. Using it could issue a timestamp twice or out of order, so the server is treated as failing.
 */
class InvalidTimestampAnswerException extends RuntimeException {

    InvalidTimestampAnswerException(String message) {
        super(message);
    }
}
