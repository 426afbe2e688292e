package dev.ddb.coordinator.quorum;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the coordinator reports the replicas' apply latencies ({@code ddb.metrics.*}); defaults in application.yml.
 *
 * @param url metrics-service's base URL ({@code DDB_METRICS_URL})
 * @param reportInterval how often the latencies observed since the last report are posted ({@code DDB_METRICS_REPORT_INTERVAL})
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for its answer
 */
@ConfigurationProperties("ddb.metrics")
public record MetricsReportProperties(URI url, Duration reportInterval, Duration connectTimeout, Duration readTimeout) {

    public MetricsReportProperties {
        if (url == null || !url.isAbsolute()) {
            throw new IllegalArgumentException("ddb.metrics.url (DDB_METRICS_URL) must be an http URL such as"
                    + " http://127.0.0.1:9003, got '" + url + "'");
        }
        Durations.requirePositive(reportInterval, "ddb.metrics.report-interval (DDB_METRICS_REPORT_INTERVAL)");
        Durations.requirePositive(connectTimeout, "ddb.metrics.connect-timeout (DDB_METRICS_CONNECT_TIMEOUT)");
        Durations.requirePositive(readTimeout, "ddb.metrics.read-timeout (DDB_METRICS_READ_TIMEOUT)");
    }
}
