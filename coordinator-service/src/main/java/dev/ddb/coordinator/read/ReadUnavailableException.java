package dev.ddb.coordinator.read;

import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Every instance that could serve the read was unreachable; the message names each one's failure. */
public final class ReadUnavailableException extends RuntimeException {

    private final Map<String, SQLException> failures;

    public ReadUnavailableException(Map<String, SQLException> failures) {
        super("no instance could serve the read: " + failures.entrySet().stream()
                .map(failure -> failure.getKey() + ": " + failure.getValue().getMessage())
                .collect(Collectors.joining("; ")));
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        failures.values().forEach(this::addSuppressed);
    }

    /** Each instance tried, in the order tried, with the failure it gave. */
    public Map<String, SQLException> failures() {
        return failures;
    }
}
