package dev.ddb.cabinet.metrics;

import java.net.URI;

/**
 * No usable metrics after the configured retries: metrics-service is down, slow, answering errors or garbage, or its
 * circuit breaker is open. Cabinet then weighs nothing rather than inventing weights.
 */
public class MetricsUnavailableException extends RuntimeException {

    public MetricsUnavailableException(URI metricsUrl, String reason, Throwable cause) {
        super("no metrics from metrics-service at " + metricsUrl + ": " + reason, cause);
    }
}
