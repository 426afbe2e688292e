package dev.ddb.coordinator.timestamp;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

/**
 * No timestamp server issued the requested block, so no write of the batch can be sequenced. Callers answer HTTP 503:
 * the write was not executed and may be retried.
 */
public class TimestampUnavailableException extends RuntimeException {

    /** Why one server gave no block on the last attempt. */
    public record ServerFailure(String server, URI url, String reason) {

        @Override
        public String toString() {
            return server + " (" + url + "): " + reason;
        }
    }

    private final transient List<ServerFailure> failures;

    public TimestampUnavailableException(long floor, int count, List<ServerFailure> failures) {
        super("no timestamp server issued " + count + " timestamp(s) above " + floor + ": "
                + failures.stream().map(ServerFailure::toString).collect(Collectors.joining("; ")));
        this.failures = List.copyOf(failures);
    }

    /** One entry per configured server, in the order they were tried. */
    public List<ServerFailure> failures() {
        return failures;
    }
}
