package dev.ddb.coordinator.failover;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the coordinator watches its master and replaces it ({@code ddb.coordinator.failover.*}), defaults in
 * application.yml, each overridable from the environment.
 *
 * @param enabled whether missed heartbeats and lost write connections start a failover by themselves
 * @param heartbeatInterval how often the master is pinged
 * @param heartbeatTimeout how long one ping (and the confirming fresh connection) may take before it counts as missed
 * @param missedHeartbeats consecutive missed pings that make the master suspect
 * @param holdTimeout how long a write may wait in the queue while a failover runs before it gets 503
 * @param minInterval no automatic failover sooner than this after the last one (anti-flapping)
 * @param seerUrl seer-service, asked to elect the new master; unreachable means the local election decides
 * @param seerTimeout how long the election may take before the local election decides
 * @param seerRefresh how often seer-service is asked, in the background, whom it would elect if the master died
 * @param seerMaxAge how old that answer may be and still decide a failover without asking again
 * @param promotionRules {@code instance-2=prefer,instance-4=never} ({@code DDB_PROMOTION_RULES}, the value seer-service reads)
 * @param autoRejoin whether a returning old master without divergent entries rejoins as a replica by itself
 * @param rejoinCheckInterval how often the coordinator looks for returning instances
 */
@ConfigurationProperties("ddb.coordinator.failover")
public record FailoverProperties(
        boolean enabled,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        int missedHeartbeats,
        Duration holdTimeout,
        Duration minInterval,
        URI seerUrl,
        Duration seerTimeout,
        Duration seerRefresh,
        Duration seerMaxAge,
        String promotionRules,
        boolean autoRejoin,
        Duration rejoinCheckInterval) {

    public FailoverProperties {
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("ddb.coordinator.failover.missed-heartbeats must be at least 1, got "
                    + missedHeartbeats);
        }
    }
}
