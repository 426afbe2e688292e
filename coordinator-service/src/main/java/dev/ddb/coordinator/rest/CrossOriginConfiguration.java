package dev.ddb.coordinator.rest;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets browser pages on other origins call every endpoint, as far as {@link CrossOriginProperties} allows. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CrossOriginProperties.class)
class CrossOriginConfiguration implements WebMvcConfigurer {

    private final CrossOriginProperties properties;

    CrossOriginConfiguration(CrossOriginProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/**")
                .allowedOrigins(properties.allowedOrigins().toArray(String[]::new))
                .allowedMethods(properties.allowedMethods().toArray(String[]::new))
                .allowedHeaders(properties.allowedHeaders().toArray(String[]::new))
                .maxAge(properties.maxAge().toSeconds());
    }
}
