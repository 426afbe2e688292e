package dev.ddb.coordinator.quorum;

import java.net.URI;
import java.util.Map;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * {@code POST /select-quorum} through a circuit breaker, so a cabinet-service that is down costs no connection
 * attempt while its circuit is open. Every failure becomes a {@link CabinetUnavailableException} whose message says
 * what happened, in the words {@code /status} shows.
 */
final class CabinetClient {

    /** The Resilience4j circuit breaker instance configured under {@code resilience4j.circuitbreaker.instances}. */
    static final String CIRCUIT_BREAKER = "cabinet";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(String error, String message) {
    }

    private final URI url;
    private final RestClient http;
    private final CircuitBreaker circuitBreaker;
    private volatile String lastFailure;

    CabinetClient(URI url, RestClient http, CircuitBreaker circuitBreaker) {
        this.url = url;
        this.http = http;
        this.circuitBreaker = circuitBreaker;
    }

    CabinetAnswer selectQuorum() {
        try {
            return circuitBreaker.executeSupplier(this::request);
        } catch (CallNotPermittedException e) {
            throw new CabinetUnavailableException("cabinet-service's circuit breaker is open after repeated failures"
                    + (lastFailure == null ? "" : " (last: " + lastFailure + ")"), e);
        } catch (CabinetUnavailableException e) {
            lastFailure = e.getMessage();
            throw e;
        } catch (ResourceAccessException e) {
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
            lastFailure = "cabinet-service at " + url + " is unreachable (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
            throw new CabinetUnavailableException(lastFailure, e);
        } catch (RuntimeException e) {
            lastFailure = "asking cabinet-service at " + url + " failed: " + e.getMessage();
            throw new CabinetUnavailableException(lastFailure, e);
        }
    }

    private CabinetAnswer request() {
        return http.post().uri("/select-quorum").contentType(MediaType.APPLICATION_JSON).body(Map.of())
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    if (response.getStatusCode().is2xxSuccessful()) {
                        CabinetAnswer answer = response.bodyTo(CabinetAnswer.class);
                        if (answer == null) {
                            throw new CabinetUnavailableException("cabinet-service answered " + status
                                    + " with no body", null);
                        }
                        return answer;
                    }
                    ErrorBody error;
                    try {
                        error = response.bodyTo(ErrorBody.class);
                    } catch (RuntimeException notJson) {
                        error = null;
                    }
                    throw new CabinetUnavailableException("cabinet-service answered " + status
                            + (error == null || error.error() == null ? "" : " " + error.error())
                            + (error == null || error.message() == null ? "" : ": " + error.message()), null);
                });
    }
}
