package dev.ddb.coordinator.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code DDB_SERVICE_TOKEN}, by the name the launcher, docker-compose and every other service use for it. */
@Configuration(proxyBeanMethods = false)
class ServiceTokenConfiguration {

    @Bean
    ServiceToken serviceToken(@Value("${DDB_SERVICE_TOKEN:}") String token) {
        return ServiceToken.of(token);
    }
}
