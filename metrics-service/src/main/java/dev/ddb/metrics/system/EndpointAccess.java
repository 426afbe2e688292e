package dev.ddb.metrics.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.ddb.auth.Access;
import dev.ddb.auth.EndpointRules;
import dev.ddb.auth.Role;
import dev.ddb.auth.servlet.ServletAccessConfiguration;

/**
 * Who may call metrics-service: readers and services read the metrics, only services post observations (they move
 * Cabinet's ranking); the admin sees the rest of actuator.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServletAccessConfiguration.class)
class EndpointAccess {

    @Bean
    EndpointRules endpointRules() {
        return EndpointRules.builder()
                .get("/actuator/health", Access.open())
                .get("/metrics", Access.anyOf(Role.READER, Role.SERVICE))
                .get("/metrics/*", Access.anyOf(Role.READER, Role.SERVICE))
                .post("/metrics/observations", Access.anyOf(Role.SERVICE))
                .any("/actuator/**", Access.anyOf(Role.ADMIN))
                .otherwise(Access.anyCaller());
    }
}
