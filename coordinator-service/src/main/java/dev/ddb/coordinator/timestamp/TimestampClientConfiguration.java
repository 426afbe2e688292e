package dev.ddb.coordinator.timestamp;

import dev.ddb.auth.ServiceToken;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registries come from Resilience4j's auto-configuration, so breakers and retry follow {@code resilience4j.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimestampClientProperties.class)
class TimestampClientConfiguration {

    @Bean
    TimestampClient timestampClient(TimestampClientProperties properties, CircuitBreakerRegistry circuitBreakers,
                                    RetryRegistry retries, ServiceToken serviceToken) {
        return TimestampClient.create(properties.urls(), properties.connectTimeout(), properties.readTimeout(),
                circuitBreakers, retries, serviceToken);
    }
}
