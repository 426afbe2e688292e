package dev.ddb.coordinator.quorum;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the coordinator consults cabinet-service ({@code ddb.cabinet.*}); defaults in application.yml.
 *
 * @param url cabinet-service's base URL ({@code DDB_CABINET_URL})
 * @param refresh how often its weights are fetched in the background ({@code DDB_CABINET_REFRESH})
 * @param maxAge how old the last weights may be before STRONG writes fall back to a majority ({@code DDB_CABINET_MAX_AGE})
 * @param connectTimeout how long to wait for a connection ({@code DDB_CABINET_CONNECT_TIMEOUT})
 * @param readTimeout how long to wait for its answer ({@code DDB_CABINET_READ_TIMEOUT})
 */
@ConfigurationProperties("ddb.cabinet")
public record CabinetProperties(URI url, Duration refresh, Duration maxAge, Duration connectTimeout, Duration readTimeout) {

    public CabinetProperties {
        if (url == null || !url.isAbsolute()) {
            throw new IllegalArgumentException("ddb.cabinet.url (DDB_CABINET_URL) must be an http URL such as"
                    + " http://127.0.0.1:9004, got '" + url + "'");
        }
        Durations.requirePositive(refresh, "ddb.cabinet.refresh (DDB_CABINET_REFRESH)");
        Durations.requirePositive(maxAge, "ddb.cabinet.max-age (DDB_CABINET_MAX_AGE)");
        Durations.requirePositive(connectTimeout, "ddb.cabinet.connect-timeout (DDB_CABINET_CONNECT_TIMEOUT)");
        Durations.requirePositive(readTimeout, "ddb.cabinet.read-timeout (DDB_CABINET_READ_TIMEOUT)");
    }
}
