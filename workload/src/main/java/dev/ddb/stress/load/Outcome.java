package dev.ddb.stress.load;

/**
 * What one operation of a load came to: success, or a failure of a kind that groups like failures together
 * (an HTTP status with the service's error code, an SQL error code, an exception class).
 *
 * @param errorKind null for a success
 * @param detail the server's message or the exception's, kept as an example of its kind
 */
public record Outcome(String errorKind, String detail) {

    private static final Outcome SUCCESS = new Outcome(null, null);

    public static Outcome success() {
        return SUCCESS;
    }

    public static Outcome failure(String kind, String detail) {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("a failure needs a kind");
        }
        return new Outcome(kind, detail == null ? "" : detail);
    }

    public boolean succeeded() {
        return errorKind == null;
    }
}
