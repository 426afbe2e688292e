package dev.ddb.coordinator.timestamp;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * One timestamp server as the coordinator sees it: its address and the circuit breaker that stops calling it for a
 * while after it failed repeatedly, so a dead server costs a request nothing once its circuit is open.
 */
final class TimestampServer {

    private static final int MAX_REASON_LENGTH = 300;

    private final String name;
    private final URI url;
    private final RestClient http;
    private final CircuitBreaker circuitBreaker;
    private volatile String lastFailure;

    TimestampServer(String name, URI url, RestClient http, CircuitBreaker circuitBreaker) {
        this.name = name;
        this.url = url;
        this.http = http;
        this.circuitBreaker = circuitBreaker;
    }

    /**
     * A block of {@code count} values strictly above {@code floor}, through this server's circuit breaker.
     *
     * @throws RuntimeException whatever made this server fail: circuit open, I/O, an error status or an invalid answer
     */
    TimestampBlock issue(long floor, int count) {
        try {
            return circuitBreaker.executeSupplier(() -> validated(request(floor, count), floor, count));
        } catch (CallNotPermittedException e) {
            throw e;
        } catch (RuntimeException e) {
            lastFailure = describe(e);
            throw e;
        }
    }

    private TimestampAnswer request(long floor, int count) {
        return http.get()
                .uri(uri -> uri.path("/timestamp").queryParam("floor", floor).queryParam("count", count).build())
                .retrieve()
                .body(TimestampAnswer.class);
    }

    private TimestampBlock validated(TimestampAnswer answer, long floor, int count) {
        if (answer == null || answer.timestamp() == null || answer.first() == null || answer.last() == null
                || answer.count() == null || answer.serverId() == null) {
            throw new InvalidTimestampAnswerException("answer lacks timestamp, first, last, count or server_id: "
                    + answer);
        }
        if (answer.count() != count) {
            throw new InvalidTimestampAnswerException("asked for " + count + " timestamps, got " + answer.count());
        }
        if (!answer.timestamp().equals(answer.first())) {
            throw new InvalidTimestampAnswerException("timestamp " + answer.timestamp() + " differs from first "
                    + answer.first());
        }
        if (answer.first() <= floor) {
            throw new InvalidTimestampAnswerException("first " + answer.first() + " is not above the floor " + floor);
        }
        try {
            return new TimestampBlock(answer.first(), answer.last(), answer.count(), answer.serverId());
        } catch (IllegalArgumentException e) {
            throw new InvalidTimestampAnswerException(e.getMessage());
        }
    }

    static String describe(RuntimeException failure) {
        String reason;
        if (failure instanceof CallNotPermittedException) {
            reason = "not called, circuit breaker open after recent failures";
        } else if (failure instanceof RestClientResponseException response) {
            reason = "HTTP " + response.getStatusCode().value() + " " + response.getResponseBodyAsString();
        } else if (failure instanceof InvalidTimestampAnswerException) {
            reason = "invalid answer: " + failure.getMessage();
        } else if (failure instanceof RestClientException && !(failure instanceof ResourceAccessException)) {
            reason = "unreadable answer: " + rootCause(failure);
        } else {
            reason = connectionFailure(failure).orElseGet(() -> withRootCause(failure));
        }
        reason = reason.replaceAll("\\s+", " ").strip();
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
    }

    /** The JDK client reports a refused connection with no message, so name the kind of failure instead. */
    private static Optional<String> connectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpConnectTimeoutException) {
                return Optional.of("connect timed out");
            }
            if (cause instanceof HttpTimeoutException) {
                return Optional.of("no answer within the read timeout");
            }
            if (cause instanceof ConnectException) {
                return Optional.of(cause.getMessage() == null ? "cannot connect" : "cannot connect: "
                        + cause.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String withRootCause(Throwable failure) {
        String root = rootCause(failure);
        return failure.getCause() == null ? root : failure.getMessage() + " (" + root + ")";
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null
                ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    String name() {
        return name;
    }

    URI url() {
        return url;
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /**
     * Why this server's most recent call failed; a call its open circuit refused does not count. Kept after it
     * recovers, so health still shows what happened.
     */
    Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }
}
