package dev.ddb.seer.metrics;

/** metrics-service answered, but with a report the election must not run on; the message says why. */
class InvalidMetricsReportException extends RuntimeException {

    InvalidMetricsReportException(String reason) {
        super(reason);
    }
}
