package dev.ddb.seer.metrics;

import dev.ddb.auth.ServiceToken;
import dev.ddb.seer.config.SeerProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import java.net.URI;
import java.net.http.HttpClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads metrics-service's view of every instance. Retry and circuit breaker are the Resilience4j instances named
 * {@value #RESILIENCE_NAME} in {@code application.yml}: unreachable and 5xx answers are retried, and a source that
 * keeps failing is not called at all until the breaker's open-state wait has passed, so a failover is refused at once
 * instead of after every timeout.
 */
@Component
public class MetricsSource {

    public static final String RESILIENCE_NAME = "metrics";

    private final URI endpoint;
    private final RestClient http;

    MetricsSource(SeerProperties properties, ServiceToken serviceToken) {
        HttpClient httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.metricsConnectTimeout())
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(properties.metricsReadTimeout());
        String base = properties.metricsUrl().toString().replaceFirst("/+$", "");
        this.endpoint = URI.create(base + "/metrics");
        this.http = RestClient.builder().requestFactory(requestFactory)
                .defaultHeaders(headers -> serviceToken.authorization().ifPresent(token -> headers.set(HttpHeaders.AUTHORIZATION, token)))
                .build();
    }

    /**
     * The current report, checked for use in an election.
     *
     * @throws MetricsUnavailableException when no usable report came, saying why
     */
    @Retry(name = RESILIENCE_NAME, fallbackMethod = "unavailable")
    @CircuitBreaker(name = RESILIENCE_NAME)
    public MetricsReport fetch() {
        return read();
    }

    /** One read without retry or breaker, for health: it must show the source as it is now. */
    public MetricsReport probe() {
        return read();
    }

    public URI endpoint() {
        return endpoint;
    }

    private MetricsReport read() {
        MetricsReport report = http.get().uri(endpoint).retrieve().body(MetricsReport.class);
        if (report == null) {
            throw new InvalidMetricsReportException("the body is empty");
        }
        report.requireUsable();
        return report;
    }

    @SuppressWarnings("unused") // Resilience4j calls it by name once the retries are spent
    private MetricsReport unavailable(Throwable failure) {
        throw new MetricsUnavailableException("metrics-service at " + endpoint + " " + describe(failure)
                + "; no leader is elected without its numbers", failure);
    }

    /** What went wrong, as the end of a sentence that starts with the source's name. */
    public static String describe(Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return "failed repeatedly and is not asked again until its circuit breaker lets a trial call through";
        }
        if (failure instanceof InvalidMetricsReportException) {
            return "answered a report that cannot be used: " + failure.getMessage();
        }
        if (failure instanceof RestClientResponseException response) {
            return "answered HTTP " + response.getStatusCode().value();
        }
        if (failure instanceof ResourceAccessException) {
            return "could not be reached (" + cause(failure) + ")";
        }
        if (failure instanceof RestClientException) {
            return "answered something that is not a metrics report (" + cause(failure) + ")";
        }
        return "failed (" + cause(failure) + ")";
    }

    /** The exception Spring's client wrapped, which names what happened (ConnectException, HttpTimeoutException). */
    private static String cause(Throwable failure) {
        Throwable root = failure.getCause() != null ? failure.getCause() : failure;
        String message = root.getMessage();
        String name = root.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        int newline = message.indexOf('\n');
        return name + ": " + (newline < 0 ? message : message.substring(0, newline));
    }
}
