package dev.ddb.coordinator.error;

import java.util.List;
import java.util.Optional;

/**
 * A failure the client can act on: the HTTP status to answer with, a stable code, a sentence
 * naming what went wrong and, for STRONG writes, which replicas had acknowledged and, when the
 * master committed the write anyway, its timestamp.
 */
public class CoordinatorException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<String> acknowledgedBy;
    private final Long timestamp;

    public CoordinatorException(int status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    public CoordinatorException(int status, String code, String message, List<String> acknowledgedBy, Throwable cause) {
        this(status, code, message, acknowledgedBy, null, cause);
    }

    /** @param timestamp the log timestamp of a write the master committed although the answer is an error, or null */
    public CoordinatorException(int status, String code, String message, List<String> acknowledgedBy, Long timestamp,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.acknowledgedBy = List.copyOf(acknowledgedBy);
        this.timestamp = timestamp;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<String> acknowledgedBy() {
        return acknowledgedBy;
    }

    public Optional<Long> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    public static CoordinatorException unavailable(String code, String message, Throwable cause) {
        return new CoordinatorException(503, code, message, List.of(), cause);
    }
}
