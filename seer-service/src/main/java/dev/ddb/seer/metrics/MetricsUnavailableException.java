package dev.ddb.seer.metrics;

/** No usable metrics could be read, after retries; no leader is elected without them. */
public class MetricsUnavailableException extends RuntimeException {

    MetricsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
