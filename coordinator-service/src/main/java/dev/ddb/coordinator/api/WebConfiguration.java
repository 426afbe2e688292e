package dev.ddb.coordinator.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.RequestContextFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import dev.ddb.coordinator.config.CoordinatorProperties;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    private static final String QUERY_PATH = "/query";

    @Bean
    ServletRegistrationBean<QueryServlet> queryServlet(QueryExecution execution, ApiErrors errors, JsonMapper json) {
        ServletRegistrationBean<QueryServlet> registration =
                new ServletRegistrationBean<>(new QueryServlet(execution, errors, json), QUERY_PATH);
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
     * Spring Boot's {@code http.server.requests} observation filter, left out of {@code POST /query}: there it took
     * 10-12% of the request threads' CPU samples, and still about 4% with a predicate that dropped the observation,
     * while {@code /consistency-metrics} already counts and times every query. Boot registers its own only while no
     * registration of this filter type exists; this one has Boot's order and dispatcher types.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> observationOutsideQueries(ObservationRegistry registry) {
        FilterRegistrationBean<ServerHttpObservationFilter> registration =
                new FilterRegistrationBean<>(new ServerHttpObservationFilter(registry) {
                    @Override
                    protected boolean shouldNotFilter(HttpServletRequest request) {
                        return QUERY_PATH.equals(request.getRequestURI());
                    }
                });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }
}
