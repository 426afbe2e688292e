package dev.ddb.metrics.observation;

/** A reported observation that was refused, with the stable code a client can act on. */
public class InvalidObservationException extends RuntimeException {

    public static final String UNKNOWN_INSTANCE = "UNKNOWN_INSTANCE";
    public static final String INVALID_OBSERVATION = "INVALID_OBSERVATION";

    private final String code;

    public InvalidObservationException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
