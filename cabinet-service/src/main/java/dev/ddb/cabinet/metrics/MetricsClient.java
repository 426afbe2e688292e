package dev.ddb.cabinet.metrics;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads {@code GET /metrics} of metrics-service. Each call goes through a circuit breaker, so while metrics-service is
 * down a request fails at once instead of waiting for a timeout, and the whole call is retried once a timeout or a
 * 5xx passes (both configured under {@code resilience4j.*.instances.metrics}). The retry is outside the breaker, so
 * every attempt counts towards opening it.
 */
public class MetricsClient {

    /** Name of the circuit breaker and retry instances in {@code application.yml}. */
    public static final String RESILIENCE_NAME = "metrics";

    private static final int MAX_REASON_LENGTH = 300;

    private final URI url;
    private final RestClient http;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private volatile String lastFailure = "none recorded";

    public MetricsClient(URI url, RestClient http, CircuitBreaker circuitBreaker, Retry retry) {
        this.url = url;
        this.http = http;
        this.circuitBreaker = circuitBreaker;
        this.retry = retry;
    }

    /**
     * The cluster as metrics-service sees it now.
     *
     * @throws MetricsUnavailableException when no usable answer came, naming why
     * @throws NoMasterException           when metrics-service answered but no single instance is the master
     */
    public ClusterView fetch() {
        try {
            return retry.executeSupplier(() -> circuitBreaker.executeSupplier(this::request));
        } catch (CallNotPermittedException e) {
            throw new MetricsUnavailableException(url, "not called, its circuit breaker is open after recent failures"
                    + " (last: " + lastFailure + ")", e);
        } catch (RestClientException | InvalidMetricsReportException e) {
            lastFailure = describe(e);
            throw new MetricsUnavailableException(url, lastFailure, e);
        }
    }

    private ClusterView request() {
        return ClusterView.of(http.get().uri("/metrics").retrieve().body(MetricsReport.class));
    }

    public URI url() {
        return url;
    }

    public CircuitBreaker.State circuitState() {
        return circuitBreaker.getState();
    }

    private static String describe(RuntimeException failure) {
        String reason;
        if (failure instanceof RestClientResponseException response) {
            reason = "HTTP " + response.getStatusCode().value() + " " + response.getResponseBodyAsString();
        } else if (failure instanceof InvalidMetricsReportException) {
            reason = "invalid answer: " + failure.getMessage();
        } else if (failure instanceof ResourceAccessException) {
            reason = connectionFailure(failure);
        } else {
            reason = "unreadable answer: " + rootMessage(failure);
        }
        reason = reason.replaceAll("\\s+", " ").strip();
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
    }

    /** The JDK client reports a refused connection with no message, so name the kind of failure instead. */
    private static String connectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException) {
                return "no answer within the timeout";
            }
            if (cause instanceof ConnectException) {
                return "cannot connect";
            }
        }
        return "I/O error: " + rootMessage(failure);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
