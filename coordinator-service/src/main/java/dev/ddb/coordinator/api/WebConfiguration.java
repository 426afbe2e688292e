package dev.ddb.coordinator.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.web.cors.CorsConfiguration;

import tools.jackson.databind.json.JsonMapper;

import dev.ddb.auth.AccessGate;

import dev.ddb.coordinator.config.CoordinatorProperties;
import dev.ddb.coordinator.leader.Campaign;
import dev.ddb.coordinator.leader.LeaderEngine;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebConfiguration.FrontProperties.class)
class WebConfiguration {

    /**
     * The public port ({@code ddb.coordinator.http.*}).
     *
     * @param port where clients connect ({@code PORT}, 9000)
     * @param address the address it listens on ({@code DDB_BIND_ADDRESS}, 127.0.0.1: this machine only)
     * @param ioThreads event-loop threads serving the connections ({@code DDB_IO_THREADS}); 0 for one per core
     * @param readThreads threads running reads from {@code POST /query} ({@code DDB_READ_THREADS})
     */
    @ConfigurationProperties("ddb.coordinator.http")
    record FrontProperties(int port, String address, int ioThreads, int readThreads) {
    }

    @Bean
    HttpFront httpFront(QueryExecution execution, LeaderForwarding leader, LeaderEngine engine, Campaign campaign,
            AccessGate access,
            ApiErrors errors, JsonMapper json, CorsConfiguration crossOrigin, CoordinatorProperties coordinator,
            FrontProperties front, WebServerApplicationContext context, ConfigurableEnvironment environment) {
        int ioThreads = front.ioThreads() > 0 ? front.ioThreads() : Runtime.getRuntime().availableProcessors();
        HttpFront.Settings settings = new HttpFront.Settings(front.port(), front.address(), ioThreads,
                front.readThreads(), coordinator.maxRequestSize().toBytes(), Duration.ofSeconds(10));
        return new HttpFront(execution, leader, engine::running, campaign::report, access, errors, json, crossOrigin, settings,
                () -> context.getWebServer().getPort(), environment);
    }

    /** For requests the front forwards; the front itself refuses bodies over the same limit first. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(CoordinatorProperties properties) {
        FilterRegistrationBean<RequestSizeLimit> registration =
                new FilterRegistrationBean<>(new RequestSizeLimit(properties.maxRequestSize().toBytes()));
        registration.addUrlPatterns("/*");
        return registration;
    }
}
