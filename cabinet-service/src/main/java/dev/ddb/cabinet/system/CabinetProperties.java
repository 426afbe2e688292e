package dev.ddb.cabinet.system;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the metrics come from, how long to wait for them and how long to reuse them. Defaults live in
 * {@code application.yml}, each overridable by the environment variable named in it.
 *
 * @param metricsUrl            base URL of metrics-service ({@code DDB_METRICS_URL})
 * @param metricsConnectTimeout how long to wait for a TCP connection to metrics-service
 * @param metricsReadTimeout    how long to wait for its answer
 * @param metricsCacheTtl       how long one answer of metrics-service is reused, so a burst of quorum requests costs
 *                              it one call; zero asks it every time
 * @param failureThreshold      Cabinet's t; {@code null} (the variable left blank) means the largest t with
 *                              2t+1 &le; n for however many nodes metrics-service reports
 */
@ConfigurationProperties("ddb.cabinet")
public record CabinetProperties(URI metricsUrl, Duration metricsConnectTimeout, Duration metricsReadTimeout,
                                Duration metricsCacheTtl, Integer failureThreshold) {

    public CabinetProperties {
        if (metricsUrl == null || !metricsUrl.isAbsolute() || metricsUrl.getHost() == null
                || !("http".equals(metricsUrl.getScheme()) || "https".equals(metricsUrl.getScheme()))) {
            throw new IllegalArgumentException("ddb.cabinet.metrics-url (DDB_METRICS_URL) must be an http URL like"
                    + " http://127.0.0.1:9003, got '" + metricsUrl + "'");
        }
        requirePositive(metricsConnectTimeout,
                "ddb.cabinet.metrics-connect-timeout (DDB_CABINET_METRICS_CONNECT_TIMEOUT)");
        requirePositive(metricsReadTimeout, "ddb.cabinet.metrics-read-timeout (DDB_CABINET_METRICS_READ_TIMEOUT)");
        if (metricsCacheTtl == null || metricsCacheTtl.isNegative()) {
            throw new IllegalArgumentException("ddb.cabinet.metrics-cache-ttl (DDB_CABINET_METRICS_CACHE_TTL) must be"
                    + " a duration of zero or more such as 500ms, got " + metricsCacheTtl);
        }
        if (failureThreshold != null && failureThreshold < 1) {
            throw new IllegalArgumentException("ddb.cabinet.failure-threshold (DDB_CABINET_FAILURE_THRESHOLD) must be"
                    + " at least 1, or blank for the largest t with 2t+1 <= n, got " + failureThreshold);
        }
    }

    private static void requirePositive(Duration timeout, String key) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 500ms, got " + timeout);
        }
    }
}
