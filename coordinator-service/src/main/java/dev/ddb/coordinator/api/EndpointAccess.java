package dev.ddb.coordinator.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.ddb.auth.Access;
import dev.ddb.auth.EndpointRules;
import dev.ddb.auth.Role;
import dev.ddb.auth.servlet.ServletAccessConfiguration;
import dev.ddb.coordinator.leader.PeerWatch;

/**
 * Who may call the coordinator. Clients' SQL ({@code /query} and the seed API's reads and writes) needs no credentials
 * from this machine unless {@code DDB_AUTH=required}; everything else needs them. {@code /query} admits readers here,
 * and {@link QueryExecution} asks a writer's role of a request once its SQL turned out to be a write. The service role
 * may do what a writer may: another coordinator forwards its clients' SQL with it. Served by {@link HttpFront} for
 * {@code /query} and by the servlet filter for everything it forwards to Spring MVC.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServletAccessConfiguration.class)
class EndpointAccess {

    static final String QUERY_PATH = "/query";

    @Bean
    EndpointRules endpointRules() {
        Access reads = Access.anyOfOrLoopback(Role.READER, Role.SERVICE);
        Access writes = Access.anyOfOrLoopback(Role.WRITER, Role.SERVICE);
        return EndpointRules.builder()
                .get("/actuator/health", Access.open())
                .any("/actuator/**", Access.anyOf(Role.ADMIN))
                .any(QUERY_PATH, reads)
                .get("/ping", reads)
                .get("/is-master", reads)
                .get("/nodes", reads)
                .get("/select", reads)
                .post("/createtable", writes)
                .post("/insert", writes)
                .post("/update", writes)
                .post("/delete", writes)
                .get("/createdb", Access.anyOf(Role.ADMIN)).changesState()
                .get("/dropdb", Access.anyOf(Role.ADMIN)).changesState()
                .any("/admin/**", Access.anyOf(Role.ADMIN))
                .get(PeerWatch.PATH, Access.anyOf(Role.SERVICE, Role.ADMIN))
                .otherwise(Access.anyCaller());
    }
}
