package dev.ddb.coordinator.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;

import dev.ddb.auth.Verdict;

/**
 * Lets browser pages on the origins {@link CrossOriginProperties} names call every endpoint (none by default), and
 * refuses the others' requests in the suite's error shape.
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
        CorsFilter filter = new CorsFilter(request -> allowed);
        filter.setCorsProcessor(new JsonRefusals());
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        // First, so that even a refusal by a later filter (413) carries the headers a browser needs to read it.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Spring's processor, with its plain-text "Invalid CORS request" answered as JSON instead. */
    private static final class JsonRefusals extends DefaultCorsProcessor {
        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            response.getBody().write(new Verdict.Refused(403, "CROSS_SITE_REQUEST", "Web pages of this origin may not"
                    + " call the coordinator: it is not in DDB_CORS_ALLOWED_ORIGINS.").json().getBytes(StandardCharsets.UTF_8));
            response.flush();
        }
    }
}
