package dev.ddb.timestamp.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.ddb.auth.Access;
import dev.ddb.auth.EndpointRules;
import dev.ddb.auth.Role;
import dev.ddb.auth.servlet.ServletAccessConfiguration;

/**
 * Who may call this timestamp server: the suite's services take timestamps (each call uses some up, so it changes
 * state even as a GET); the admin sees the rest of actuator.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServletAccessConfiguration.class)
class EndpointAccess {

    @Bean
    EndpointRules endpointRules() {
        return EndpointRules.builder()
                .get("/actuator/health", Access.open())
                .get("/timestamp", Access.anyOf(Role.SERVICE)).changesState()
                .any("/actuator/**", Access.anyOf(Role.ADMIN))
                .otherwise(Access.anyCaller());
    }
}
