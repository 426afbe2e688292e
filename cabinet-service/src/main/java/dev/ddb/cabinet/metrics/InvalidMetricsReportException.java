package dev.ddb.cabinet.metrics;

/** metrics-service answered, but with something Cabinet cannot weigh: no replicas list, a nameless or duplicate id. */
public class InvalidMetricsReportException extends RuntimeException {

    public InvalidMetricsReportException(String message) {
        super(message);
    }
}
