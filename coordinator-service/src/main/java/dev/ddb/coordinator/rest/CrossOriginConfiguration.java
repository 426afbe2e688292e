package dev.ddb.coordinator.rest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.CorsFilter;

/**
 * Lets browser pages on other origins call every endpoint, as far as {@link CrossOriginProperties} allows.
 * A servlet filter rather than Spring MVC's CORS mappings, so that it covers every path, preflight requests for
 * {@code /query} included (the front forwards those here).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CrossOriginProperties.class)
class CrossOriginConfiguration {

    /** The rules, also applied by the public port's front to {@code POST /query}, which it serves itself. */
    @Bean
    CorsConfiguration crossOriginRules(CrossOriginProperties properties) {
        CorsConfiguration allowed = new CorsConfiguration();
        allowed.setAllowedOrigins(properties.allowedOrigins());
        allowed.setAllowedMethods(properties.allowedMethods());
        allowed.setAllowedHeaders(properties.allowedHeaders());
        allowed.setMaxAge(properties.maxAge());
        return allowed;
    }

    @Bean
    FilterRegistrationBean<CorsFilter> crossOrigin(CorsConfiguration allowed) {
        // The same rules for every endpoint: no path to match (matching one was 8% of a request thread's CPU).
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(request -> allowed));
        // First, so that even a refusal by a later filter (413) carries the headers a browser needs to read it.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
