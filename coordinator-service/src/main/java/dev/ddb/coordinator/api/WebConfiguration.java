package dev.ddb.coordinator.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.RequestContextFilter;

import io.micrometer.observation.ObservationPredicate;
import tools.jackson.databind.json.JsonMapper;

import dev.ddb.coordinator.config.CoordinatorProperties;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    ServletRegistrationBean<QueryServlet> queryServlet(QueryExecution execution, ApiErrors errors, JsonMapper json) {
        ServletRegistrationBean<QueryServlet> registration =
                new ServletRegistrationBean<>(new QueryServlet(execution, errors, json), "/query");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(CoordinatorProperties properties) {
        FilterRegistrationBean<RequestSizeLimit> registration =
                new FilterRegistrationBean<>(new RequestSizeLimit(properties.maxRequestSize().toBytes()));
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * Keeps Spring Boot's request-context filter out. It serves servlets and filters outside Spring MVC that read
     * the request or locale through Spring's holders; none here does (MVC's own servlet sets them up for its
     * controllers), and it ran on every {@code POST /query}, about 5 % of a request thread's CPU. Boot registers
     * its own only while no registration of this filter type exists, so this disabled one stands in for it.
     */
    @Bean
    FilterRegistrationBean<RequestContextFilter> noRequestContextFilter() {
        FilterRegistrationBean<RequestContextFilter> registration = new FilterRegistrationBean<>(new RequestContextFilter());
        registration.setEnabled(false);
        return registration;
    }

    /**
     * No {@code http.server.requests} observation for {@code POST /query}: under a write load it took 10-12% of
     * the request threads' CPU samples, and {@code /consistency-metrics} already counts and times every query.
     */
    @Bean
    ObservationPredicate noQueryObservation() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && "/query".equals(request.getCarrier().getRequestURI()));
    }
}
