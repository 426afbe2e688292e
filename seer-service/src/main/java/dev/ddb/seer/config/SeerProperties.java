package dev.ddb.seer.config;

import dev.ddb.seer.election.PromotionRule;
import dev.ddb.seer.election.PromotionRules;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * seer-service's settings. Defaults live in {@code application.yml}; each is overridden by the environment variable
 * named beside it.
 *
 * @param metricsUrl            base URL of metrics-service ({@code DDB_METRICS_URL})
 * @param metricsConnectTimeout how long to wait for a TCP connection to it ({@code DDB_METRICS_CONNECT_TIMEOUT})
 * @param metricsReadTimeout    how long to wait for its answer ({@code DDB_METRICS_READ_TIMEOUT}); short, because a
 *                              failover waits on the election
 * @param promotionRules        prefer, neutral or never per instance id; as a map
 *                              ({@code ddb.seer.promotion-rules.instance-4=never}) or as the list
 *                              {@code instance-2=prefer,instance-4=never} ({@code DDB_PROMOTION_RULES}); an instance
 *                              not named is neutral
 */
@ConfigurationProperties("ddb.seer")
public record SeerProperties(URI metricsUrl, Duration metricsConnectTimeout, Duration metricsReadTimeout,
                             Map<String, PromotionRule> promotionRules) {

    static final String PROMOTION_RULES_KEY = "ddb.seer.promotion-rules (DDB_PROMOTION_RULES)";

    public SeerProperties {
        if (metricsUrl == null || !metricsUrl.isAbsolute() || metricsUrl.getHost() == null
                || !("http".equals(metricsUrl.getScheme()) || "https".equals(metricsUrl.getScheme()))) {
            throw new IllegalArgumentException("ddb.seer.metrics-url (DDB_METRICS_URL) must be an http URL such as"
                    + " http://127.0.0.1:9003, got '" + metricsUrl + "'");
        }
        requirePositive(metricsConnectTimeout, "ddb.seer.metrics-connect-timeout (DDB_METRICS_CONNECT_TIMEOUT)");
        requirePositive(metricsReadTimeout, "ddb.seer.metrics-read-timeout (DDB_METRICS_READ_TIMEOUT)");
        try {
            promotionRules = new PromotionRules(promotionRules).rules();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROMOTION_RULES_KEY + ": " + e.getMessage());
        }
    }

    private static void requirePositive(Duration timeout, String key) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 500ms, got " + timeout);
        }
    }
}
