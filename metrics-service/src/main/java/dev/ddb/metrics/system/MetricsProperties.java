package dev.ddb.metrics.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.ddb.metrics.tracking.MovingAverage;
import dev.ddb.mysql.cluster.ClusterTopology;

/**
 * The metrics service's settings ({@code ddb.metrics.*}), defaults in application.yml, each
 * overridable from the environment.
 *
 * @param instances the instance list, {@code id=host:port,...} ({@code DDB_INSTANCES}, the coordinator's too); empty means the four local defaults
 * @param pollInterval pause between two polls of one instance
 * @param connectTimeout how long a poll waits for a connection to an instance
 * @param socketTimeout how long a poll waits for any one answer of an instance
 * @param movingAverageAlpha weight of the newest sample in the latency averages, above 0 and at most 1
 */
@ConfigurationProperties("ddb.metrics")
public record MetricsProperties(String instances, Duration pollInterval, Duration connectTimeout, Duration socketTimeout,
        double movingAverageAlpha) {

    public MetricsProperties {
        requirePositive("ddb.metrics.poll-interval", pollInterval);
        requirePositive("ddb.metrics.connect-timeout", connectTimeout);
        requirePositive("ddb.metrics.socket-timeout", socketTimeout);
        MovingAverage.checkAlpha(movingAverageAlpha);
    }

    public ClusterTopology topology() {
        return instances == null || instances.isBlank() ? ClusterTopology.localDefault() : ClusterTopology.parse(instances);
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 1s or 200ms, got " + value);
        }
    }
}
