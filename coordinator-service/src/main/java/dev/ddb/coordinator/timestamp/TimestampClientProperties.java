package dev.ddb.coordinator.timestamp;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the timestamp servers are and how long to wait for one. Defaults live in {@code application.yml} and are
 * overridden by {@code DDB_TIMESTAMP_URLS} (comma-separated), {@code DDB_TIMESTAMP_CONNECT_TIMEOUT} and
 * {@code DDB_TIMESTAMP_READ_TIMEOUT}. Timeouts are short because a slow server is better skipped for the next one
 * than waited for while a batch of writes waits too.
 *
 * @param urls           base URLs of the timestamp servers; the i-th (1-based) is called {@code timestamp-i}
 * @param connectTimeout how long to wait for a TCP connection to one server
 * @param readTimeout    how long to wait for one server's answer
 */
@ConfigurationProperties("ddb.timestamp")
public record TimestampClientProperties(List<URI> urls, Duration connectTimeout, Duration readTimeout) {

    public TimestampClientProperties {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("ddb.timestamp.urls (DDB_TIMESTAMP_URLS) must name at least one"
                    + " timestamp server");
        }
        for (URI url : urls) {
            if (!url.isAbsolute() || url.getHost() == null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new IllegalArgumentException("ddb.timestamp.urls (DDB_TIMESTAMP_URLS) must hold http URLs like"
                        + " http://127.0.0.1:9001, got '" + url + "'");
            }
        }
        requirePositive(connectTimeout, "ddb.timestamp.connect-timeout (DDB_TIMESTAMP_CONNECT_TIMEOUT)");
        requirePositive(readTimeout, "ddb.timestamp.read-timeout (DDB_TIMESTAMP_READ_TIMEOUT)");
        urls = List.copyOf(urls);
    }

    private static void requirePositive(Duration timeout, String key) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 500ms, got " + timeout);
        }
    }
}
