package dev.ddb.coordinator.quorum;

/** cabinet-service gave no usable weights; the message is the fallback reason {@code /status} shows. */
public class CabinetUnavailableException extends RuntimeException {

    public CabinetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
