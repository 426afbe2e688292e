package dev.ddb.coordinator.timestamp;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.config.ServiceCalls;
import dev.ddb.coordinator.timestamp.TimestampUnavailableException.ServerFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Takes blocks of timestamps from the timestamp servers for the sequencer.
 *
 * <p>Requests go round robin over the servers; when the chosen one fails (down, timing out, answering an error or an
 * invalid body) the same request goes to the next one at once, so one server may fail without any write failing. Each
 * server has its own circuit breaker, so a dead one is skipped without a connection attempt until its open-state
 * wait has passed. Only when every server failed is the whole round retried (Resilience4j retry), and when that fails
 * too, {@link TimestampUnavailableException} names what went wrong on each server.
 *
 * <p>The client remembers the highest timestamp it received and never asks for less, so successive calls return
 * strictly increasing blocks even when they come from different servers. Calls that overlap in time each get distinct
 * values, but their order is only as well defined as the calls' order: the sequencer calls from one thread.
 */
public final class TimestampClient {

    /**
     * Name of the Resilience4j circuit breaker configuration every server's breaker is built from (unless an
     * instance of the server's own name is configured) and of the retry instance around a round over all servers.
     */
    public static final String RESILIENCE_NAME = "timestamp";

    private static final Logger log = LoggerFactory.getLogger(TimestampClient.class);

    private final List<TimestampServer> servers;
    private final Retry retry;
    private final AtomicInteger nextServer = new AtomicInteger();
    private final AtomicLong highestSeen = new AtomicLong();

    private TimestampClient(List<TimestampServer> servers, Retry retry) {
        this.servers = List.copyOf(servers);
        this.retry = retry;
    }

    /**
     * A client for {@code urls}; the server at position i (1-based) is called {@code timestamp-i}, which is the name of
     * its circuit breaker in {@code circuitBreakers}, in metrics and in health. Every request carries {@code serviceToken}.
     */
    public static TimestampClient create(List<URI> urls, Duration connectTimeout, Duration readTimeout,
                                         CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
                                         ServiceToken serviceToken) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one timestamp server URL is needed");
        }
        HttpClient httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(readTimeout);
        List<TimestampServer> servers = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            String name = "timestamp-" + (i + 1);
            URI url = urls.get(i);
            var circuitBreaker = circuitBreakers.circuitBreaker(name, RESILIENCE_NAME);
            circuitBreaker.getEventPublisher().onStateTransition(event -> log.warn(
                    "timestamp server {} at {}: circuit breaker {}", name, url, event.getStateTransition()));
            RestClient http = ServiceCalls.authorized(RestClient.builder().baseUrl(url.toString()).requestFactory(requestFactory), serviceToken)
                    .build();
            servers.add(new TimestampServer(name, url, http, circuitBreaker));
        }
        return new TimestampClient(servers, retries.retry(RESILIENCE_NAME));
    }

    /**
     * {@code count} distinct increasing timestamps, all above {@code floor} and above every timestamp this client
     * returned before.
     *
     * @throws TimestampUnavailableException when no server issued them, after the configured retries
     */
    public TimestampBlock next(long floor, int count) {
        if (floor < 0) {
            throw new IllegalArgumentException("floor must not be negative, got " + floor);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        return retry.executeSupplier(() -> fromFirstServerThatIssues(floor, count));
    }

    private TimestampBlock fromFirstServerThatIssues(long floor, int count) {
        long effectiveFloor = Math.max(floor, highestSeen.get());
        int start = Math.floorMod(nextServer.getAndIncrement(), servers.size());
        List<ServerFailure> failures = new ArrayList<>(servers.size());
        for (int i = 0; i < servers.size(); i++) {
            TimestampServer server = servers.get((start + i) % servers.size());
            try {
                TimestampBlock block = server.issue(effectiveFloor, count);
                highestSeen.accumulateAndGet(block.last(), Math::max);
                return block;
            } catch (RuntimeException e) {
                log.debug("timestamp server {} failed, trying the next one", server.name(), e);
                failures.add(new ServerFailure(server.name(), server.url(), TimestampServer.describe(e)));
            }
        }
        throw new TimestampUnavailableException(effectiveFloor, count, failures);
    }

    /** The highest timestamp returned so far, 0 before the first block. */
    public long highestSeen() {
        return highestSeen.get();
    }

    List<TimestampServer> servers() {
        return servers;
    }
}
