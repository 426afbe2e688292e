package dev.ddb.coordinator.query;

/** A query refused before it reached any instance, with a stable code and a sentence for the client. */
public class QueryRejectedException extends RuntimeException {

    private final RejectionCode code;

    public QueryRejectedException(RejectionCode code, String message) {
        super(message);
        this.code = code;
    }

    public RejectionCode code() {
        return code;
    }
}
