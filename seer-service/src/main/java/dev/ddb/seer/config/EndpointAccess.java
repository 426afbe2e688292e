package dev.ddb.seer.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.ddb.auth.Access;
import dev.ddb.auth.EndpointRules;
import dev.ddb.auth.Role;
import dev.ddb.auth.servlet.ServletAccessConfiguration;

/**
 * Who may call seer-service: an election is computed from metrics-service's report and changes nothing (the
 * coordinator acts on it), so readers may ask as the coordinator does; the admin sees the rest of actuator.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServletAccessConfiguration.class)
class EndpointAccess {

    @Bean
    EndpointRules endpointRules() {
        return EndpointRules.builder()
                .get("/actuator/health", Access.open())
                .post("/elect-leader", Access.anyOf(Role.READER, Role.SERVICE))
                .any("/actuator/**", Access.anyOf(Role.ADMIN))
                .otherwise(Access.anyCaller());
    }
}
