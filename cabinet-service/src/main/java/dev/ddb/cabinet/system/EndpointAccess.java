package dev.ddb.cabinet.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.ddb.auth.Access;
import dev.ddb.auth.EndpointRules;
import dev.ddb.auth.Role;
import dev.ddb.auth.servlet.ServletAccessConfiguration;

/**
 * Who may call cabinet-service: its answers are computed from metrics-service's report and change nothing, so
 * readers may ask as the coordinator does; the admin sees the rest of actuator.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServletAccessConfiguration.class)
class EndpointAccess {

    @Bean
    EndpointRules endpointRules() {
        return EndpointRules.builder()
                .get("/actuator/health", Access.open())
                .post("/select-quorum", Access.anyOf(Role.READER, Role.SERVICE))
                .post("/check-quorum", Access.anyOf(Role.READER, Role.SERVICE))
                .any("/actuator/**", Access.anyOf(Role.ADMIN))
                .otherwise(Access.anyCaller());
    }
}
