package dev.ddb.auth.servlet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.ddb.auth.AccessGate;
import dev.ddb.auth.AuthSettings;
import dev.ddb.auth.EndpointRules;
import dev.ddb.auth.ServiceToken;

/**
 * Secures a Spring MVC service: import it and declare the service's {@link EndpointRules} as a bean. Settings are read
 * by their environment names ({@code DDB_AUTH}, {@code DDB_USERS}, ... see {@link AuthSettings}) from Spring's
 * environment, so a test may pass them as properties. A wrong setting stops the service at start, saying which.
 */
@Configuration(proxyBeanMethods = false)
public class ServletAccessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServletAccessConfiguration.class);

    /** The decision, also for a service that serves some requests outside Spring MVC (the coordinator's /query). */
    @Bean
    AccessGate accessGate(EndpointRules rules, Environment environment) {
        AuthSettings settings = AuthSettings.from(environment::getProperty);
        log.info(settings.summary());
        if (settings.users().size() + settings.tokens().size() == 0) {
            log.warn("no {}, {} or {} is set: every endpoint but /actuator/health refuses every caller",
                    AuthSettings.USERS, AuthSettings.TOKENS, AuthSettings.SERVICE_TOKEN);
        }
        return settings.gate(rules);
    }

    @Bean
    AccessFilter accessFilter(AccessGate gate) {
        return new AccessFilter(gate);
    }

    /** What this service sends to the others it calls. */
    @Bean
    ServiceToken serviceToken(Environment environment) {
        return ServiceToken.from(environment::getProperty);
    }
}
