package dev.ddb.coordinator.rest;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which browser pages may call the coordinator ({@code ddb.coordinator.cors.*}); the defaults in
 * application.yml: no origin; GET, POST, PUT, DELETE, OPTIONS; Content-Type.
 *
 * @param allowedOrigins exact origins such as {@code https://app.example.com}
 * @param allowedMethods HTTP methods a cross-origin request may use
 * @param allowedHeaders request headers a cross-origin request may send
 * @param maxAge how long a browser may cache a preflight answer
 */
@ConfigurationProperties("ddb.coordinator.cors")
record CrossOriginProperties(
        List<String> allowedOrigins,
        List<String> allowedMethods,
        List<String> allowedHeaders,
        Duration maxAge) {
}
